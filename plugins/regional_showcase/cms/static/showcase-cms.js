/* The site's rules inside Decap CMS: slug, regions, alt texts, and the article preview.
 *
 * window.SHOWCASE_RULES (rules.js) is generated at build time from the plugin's Python rules,
 * so the transliteration, the image pattern and the messages have one source. */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var rules = window.SHOWCASE_RULES;

  /* The site's slugify_de: ä -> ae, ß -> ss, then ASCII letters, digits and single hyphens. */
  function slugify(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      out += Object.prototype.hasOwnProperty.call(rules.transliteration, c) ? rules.transliteration[c] : c;
    }
    out = out.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    out = out.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase();
    return out.replace(/-{2,}/g, "-");
  }
  window.showcaseSlugify = slugify;

  function plain(value) {
    if (value && typeof value.toJS === "function") return value.toJS();
    return value;
  }

  function refuse(message) {
    return { error: { type: "CUSTOM", message: message } };
  }

  /* Which addresses are taken: posts by year and slug (their address has the year), other
   * entries by slug; from the content when the site was built (rules.taken). */
  function collectionOf(entry) {
    return entry ? String(entry.get("collection") || "") : "";
  }
  function takenKey(collection, data, slug) {
    if (collection.indexOf("news") !== 0) return slug;
    var year = /^(\d{4})/.exec(String(data.get("date") || "")) || [null, String(new Date().getFullYear())];
    return year[1] + "/" + slug;
  }
  function isTaken(collection, data, slug) {
    var taken = rules.taken[collection] || [];
    return taken.indexOf(takenKey(collection, data, slug)) !== -1;
  }
  function freeSlug(collection, data, slug) {
    var n = 2;
    var candidate = slug;
    while (isTaken(collection, data, candidate)) candidate = slug + "-" + n++;
    return candidate;
  }

  /* An event's start as the file keeps it: 2026-12-28 or 2026-12-28 10:00 (the event rules
   * read both this and 28.12.2026 10:00; the file name takes its date from it). */
  function isoWhen(value) {
    var text = String(value || "").trim();
    var m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2}):(\d{2}))?$/.exec(text);
    if (!m) return text;
    var pad = function (s) { return ("0" + s).slice(-2); };
    return m[3] + "-" + pad(m[2]) + "-" + pad(m[1]) + (m[4] ? " " + pad(m[4]) + ":" + m[5] : "");
  }
  window.showcaseIsoWhen = isoWhen;

  /* The slug a new entry gets from its title: an event's with its year, as its hint asks. */
  function titleSlug(collection, data) {
    var slug = slugify(String(data.get("title") || "").replace(/\u00ad/g, ""));
    if (collection === "events" && slug) {
      var year = /^(\d{4})/.exec(isoWhen(data.get("start")));
      if (year && !new RegExp("(^|-)" + year[1] + "(-|$)").test(slug)) slug += "-" + year[1];
    }
    return slug;
  }

  /* The slug: made from the title while an entry is new, editable until the first save, and
   * then never changed. A slug already taken is replaced by a free one, and said so. */
  var SlugControl = createClass({
    getInitialState: function () { return { edited: false }; },
    // Decap redraws a field only when its own value changes, and hands it the entry as it
    // was then: the title and start are read from their fields as staff type them.
    componentDidMount: function () {
      this.onInput = this.follow.bind(this);
      document.addEventListener("input", this.onInput);
      this.follow();
    },
    componentWillUnmount: function () { document.removeEventListener("input", this.onInput); },
    componentDidUpdate: function () { this.follow(); },
    current: function () {
      var data = this.props.entry.get("data");
      ["title", "start"].forEach(function (name) {
        var input = document.querySelector('[id^="' + name + '-field"]');
        if (input && typeof input.value === "string") data = data.set(name, input.value);
      });
      return data;
    },
    follow: function () {
      var entry = this.props.entry;
      if (!entry || !entry.get("newRecord") || this.state.edited) return;
      var collection = collectionOf(entry);
      var data = this.current();
      var own = titleSlug(collection, data);
      var slug = own ? freeSlug(collection, data, own) : "";
      if (slug !== (this.props.value || "")) this.props.onChange(slug);
    },
    handleChange: function (event) {
      this.setState({ edited: true });
      this.props.onChange(event.target.value);
    },
    // A taken slug is refused with a free one; the pattern is Decap's (config.yml).
    isValid: function () {
      var entry = this.props.entry;
      var value = this.props.value;
      if (!entry || !entry.get("newRecord") || !value) return true;
      var collection = collectionOf(entry);
      if (isTaken(collection, entry.get("data"), value)) {
        return refuse(rules.messages.slugTaken.replace("{slug}", value).replace("{free}", freeSlug(collection, entry.get("data"), value)));
      }
      return true;
    },
    render: function () {
      var value = this.props.value || "";
      var entry = this.props.entry;
      var isNew = entry && entry.get("newRecord");
      if (!isNew) {
        return h("div", { id: this.props.forID, className: this.props.classNameWrapper, "data-slug": value },
          value ? value + " (fest)" : "wird aus dem Titel gebildet");
      }
      var collection = collectionOf(entry);
      var own = titleSlug(collection, this.current());
      var note = !this.state.edited && own && own !== value && value
        ? rules.messages.slugOffered.replace("{slug}", own).replace("{free}", value)
        : "Wird beim ersten Speichern festgelegt und ändert sich danach nicht mehr.";
      return h("div", { className: this.props.classNameWrapper },
        h("input", {
          id: this.props.forID,
          type: "text",
          value: value,
          "data-slug": value,
          onChange: this.handleChange,
          onFocus: this.props.setActiveStyle,
          onBlur: this.props.setInactiveStyle,
          style: { width: "100%", border: 0, outline: 0, font: "inherit", background: "transparent" },
        }),
        h("p", { className: "showcase-slug-note", style: { margin: "0.4em 0 0", fontSize: "0.85em", color: "#555" } }, note));
    },
  });

  function extend(widgetName, isValid) {
    var Base = CMS.getWidget(widgetName).control;
    class Checked extends Base {
      constructor(props) {
        super(props);
        var self = this;
        this.isValid = function () { return isValid(self.props); };
      }
    }
    return Checked;
  }

  /* "alle" already means every region: alone or not at all. */
  var RegionsControl = extend("select", function (props) {
    var value = plain(props.value) || [];
    if (value.indexOf(rules.allRegions) !== -1 && value.length > 1) return refuse(rules.messages.allRegionsAlone);
    return true;
  });

  /* The lead image's description is required once an image is set. The check runs before
   * saving (preSave, below): a field widget only sees the entry as it was when it was drawn. */
  var AltControl = extend("string", function () { return true; });

  /* Every image in the text needs its alt text, as ![Beschreibung](...) — or {: .decorative}. */
  var BodyControl = extend("markdown", function (props) {
    var text = String(props.value || "");
    var pattern = new RegExp(rules.imagePattern, "g");
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var alt = (match[1] || "").trim();
      var attrs = match[3] || "";
      if (!alt && attrs.indexOf(rules.decorativeClass) === -1) {
        return refuse(rules.messages.bodyImageNeedsAlt.replace("{src}", match[2]));
      }
    }
    return true;
  });

  /* The editorial workflow in the project's words: Entwurf -> In Prüfung -> Bereit (Decap's
   * German says "Zur Überprüfung" and "Abgeschlossen"). Its phrases, with those words swapped. */
  function reword(phrases) {
    if (typeof phrases === "string") {
      return phrases.replace(/Zur Überprüfung/g, "In Prüfung").replace(/Abgeschlossen/g, "Bereit");
    }
    var out = {};
    Object.keys(phrases).forEach(function (key) { out[key] = reword(phrases[key]); });
    return out;
  }
  var german = CMS.getLocale("de");
  if (german) CMS.registerLocale("de", reword(german));

  CMS.registerWidget("showcase-slug", SlugControl);
  CMS.registerWidget("showcase-regions", RegionsControl, CMS.getWidget("select").preview);
  CMS.registerWidget("showcase-alt", AltControl, CMS.getWidget("string").preview);
  CMS.registerWidget("showcase-body", BodyControl, CMS.getWidget("markdown").preview);

  /* Before anything is written: a new entry's slug from its final title (once; it never
   * changes later), and the lead image's description. Throwing here stops the save, and
   * Decap shows the message; nothing reaches the repository. */
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var data = entry.get("data");
      var collection = collectionOf(entry);
      // Soft hyphens and non-breaking spaces from pasted text stay out of titles (and so out
      // of page titles and feeds).
      if (typeof data.get("title") === "string") {
        data = data.set("title", data.get("title").replace(/\u00ad/g, "").replace(/[\u00a0\u202f]/g, " "));
      }
      if (collection === "events") {
        ["start", "end"].forEach(function (name) {
          if (data.get(name)) data = data.set(name, isoWhen(data.get(name)));
        });
      }
      if (entry.get("newRecord") && data.get("title") !== undefined) {
        var typed = String(data.get("slug") || "").trim();
        var own = titleSlug(collection, data);
        var slug = typed || (own && freeSlug(collection, data, own));
        if (!slug) throw new Error(rules.messages.noSlug);
        if (isTaken(collection, data, slug)) {
          throw new Error(rules.messages.slugTaken.replace("{slug}", slug).replace("{free}", freeSlug(collection, data, slug)));
        }
        data = data.set("slug", slug);
      }
      Object.keys(rules.altFor).forEach(function (altField) {
        var image = data.get(rules.altFor[altField]);
        if (image && !String(data.get(altField) || "").trim()) {
          throw new Error(rules.messages.imageNeedsAlt);
        }
      });
      return data;
    },
  });

  /* data/regions.yaml: read as YAML, saved by changing only the lines of what changed
   * (showcase-yaml.js). The writer patches the text it last read; should it not manage a
   * change, the file is written whole, as Decap's own YAML format would. */
  var dataText = null;
  CMS.registerCustomFormat("showcase-yaml", "yaml", {
    fromFile: function (content) {
      dataText = content;
      return window.ShowcaseYAML.parse(content);
    },
    toFile: function (data) {
      var YAML = window.ShowcaseYAML;
      var text = dataText === null ? null : window.showcaseYamlPatch(YAML, dataText, data);
      if (text === null) {
        console.warn("showcase-yaml: Datei wird vollständig neu geschrieben");
        text = YAML.stringify(data);
      }
      return text;
    },
  });

  /* The preview pane: the site's own stylesheet and the article page's markup. */
  var style = document.querySelector('meta[name="showcase-preview-style"]');
  if (style) CMS.registerPreviewStyle(style.getAttribute("content"));

  var MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
    "September", "Oktober", "November", "Dezember"];
  function dateDe(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value || ""));
    return m ? Number(m[3]) + ". " + MONTHS[Number(m[2]) - 1] + " " + m[1] : "";
  }

  var NewsPreview = createClass({
    render: function () {
      var entry = this.props.entry;
      var data = function (name) { return entry.getIn(["data", name]); };
      var regions = plain(data("regions")) || [];
      var image = data("image");
      var asset = image ? this.props.getAsset(image) : null;
      return h("article", { className: "post" },
        h("header", { className: "post__header" },
          h("div", { className: "container container--narrow" },
            h("p", { className: "post__meta" },
              h("time", null, dateDe(data("date"))),
              data("category") ? h("span", { "aria-hidden": "true" }, " · ") : null,
              data("category") || null),
            h("h1", { className: "post__title" }, data("title") || "Ohne Titel"),
            h("ul", { className: "chips" }, regions.map(function (slug) {
              return h("li", { key: slug, className: "chip" }, rules.regionNames[slug] || slug);
            })),
            data("status") === "draft" ? h("p", { className: "post__updated" }, "Entwurf: noch nicht veröffentlicht") : null)),
        h("div", { className: "container container--narrow" },
          asset ? h("figure", { className: "post__image" },
            h("img", { src: asset.toString(), alt: data("image_alt") || "" })) : null,
          data("summary") ? h("p", { className: "post__summary" }, h("strong", null, data("summary"))) : null,
          h("div", { className: "prose post__content" }, this.props.widgetFor("body"))));
    },
  });
  rules.newsCollections.forEach(function (name) { CMS.registerPreviewTemplate(name, NewsPreview); });

  /* An event as its page shows it (theme/templates/event.html, events/display.py when_de):
   * „Samstag, 28. März 2027, 10:00 bis 16:00 Uhr“. */
  function when(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(isoWhen(value));
    if (!m) return null;
    return { date: new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])), time: m[4] ? m[4] + ":" + m[5] : null };
  }
  function dayDe(date, weekday) {
    var options = { day: "numeric", month: "long", year: "numeric" };
    if (weekday) options.weekday = "long";
    return new Intl.DateTimeFormat("de-DE", options).format(date);
  }
  function whenDe(start, end) {
    var a = when(start);
    var b = when(end);
    if (!a) return String(start || "Datum fehlt");
    var same = b && b.date.getTime() === a.date.getTime();
    if (!a.time) {
      return !b || same ? dayDe(a.date, true) + ", ganztägig" : dayDe(a.date, false) + " bis " + dayDe(b.date, false);
    }
    if (!b || !b.time) return dayDe(a.date, true) + ", " + a.time + " Uhr";
    if (same) return dayDe(a.date, true) + ", " + a.time + " bis " + b.time + " Uhr";
    return dayDe(a.date, false) + ", " + a.time + " Uhr bis " + dayDe(b.date, false) + ", " + b.time + " Uhr";
  }

  var EventPreview = createClass({
    render: function () {
      var entry = this.props.entry;
      var data = function (name) { return entry.getIn(["data", name]); };
      var regions = plain(data("regions")) || [];
      var place = plain(data("location")) || {};
      var fact = function (term, value) {
        return value ? h("div", null, h("dt", null, term), h("dd", null, value)) : null;
      };
      var status = data("status");
      return h("article", { className: "post event" },
        h("header", { className: "post__header" },
          h("div", { className: "container container--narrow" },
            h("p", { className: "post__meta" }, "Termine", data("category") ? " · " + data("category") : ""),
            h("h1", { className: "post__title" }, data("title") || "Ohne Titel"),
            status === "cancelled" ? h("p", { className: "event__status" }, h("strong", null, "Abgesagt:"), " Dieser Termin findet nicht statt.") : null,
            status !== "published" && status !== "cancelled" ? h("p", { className: "event__status" }, h("strong", null, "Entwurf:"), " nur in der Vorschau sichtbar.") : null,
            h("ul", { className: "chips" }, regions.map(function (slug) {
              return h("li", { key: slug, className: "chip" }, rules.regionNames[slug] || slug);
            })))),
        h("div", { className: "container container--narrow" },
          h("dl", { className: "facts event__facts" },
            fact("Wann", whenDe(data("start"), data("end"))),
            fact("Wo", place.name ? h("address", { className: "address" }, place.name, place.address ? ", " + place.address : "", place.city ? ", " + place.city : "") : null),
            fact("Online", data("online") ? "Link zur Teilnahme" : null),
            fact("Veranstalter", data("organizer") || "die Organisation der Region"),
            fact("Anmeldung", data("registration") ? "Zur Anmeldung" : null)),
          data("summary") ? h("p", { className: "event__summary" }, data("summary")) : null,
          h("div", { className: "prose post__content" }, this.props.widgetFor("body"))));
    },
  });
  CMS.registerPreviewTemplate("events", EventPreview);

  /* A region text inside the region page's layout: its ## sections as the page sets them. */
  var RegionTextPreview = createClass({
    render: function () {
      var slug = this.props.entry.get("slug");
      return h("div", null,
        h("section", { className: "hero hero--region" },
          h("div", { className: "container" }, h("h1", null, rules.regionNames[slug] || slug))),
        h("div", { className: "container region-layout" },
          h("div", { className: "region-layout__main prose" },
            h("section", { className: "region-section" }, this.props.widgetFor("body")))));
    },
  });
  rules.regionTextCollections.forEach(function (name) { CMS.registerPreviewTemplate(name, RegionTextPreview); });
})();
