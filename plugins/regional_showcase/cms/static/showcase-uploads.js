/* Uploads: a picture's file name follows the slug rule, and never replaces a picture in use.
 *
 * Decap names an upload after the file (ü -> u, unlike the site's slugs, where ü -> ue) and,
 * when a picture of that name exists, asks in English whether to replace it: one click
 * replaced the picture of an older, published post. Here the chosen file is renamed before
 * Decap sees it: „Straßenfest Übersicht.JPG“ -> strassenfest-uebersicht.jpg, and, when that
 * name is taken by a picture of the site (rules.images, from content/images/ at build time),
 * strassenfest-uebersicht-2.jpg. Should Decap still find the name taken (a picture uploaded
 * since the build), its question is asked in German and names the entries using the picture. */
(function () {
  "use strict";
  var rules = window.SHOWCASE_RULES;
  var messages = rules.messages;
  var own = Object.prototype.hasOwnProperty;

  function split(name) {
    var dot = name.lastIndexOf(".");
    return dot > 0 ? [name.slice(0, dot), name.slice(dot + 1).toLowerCase()] : [name, ""];
  }

  /* The site's slug rule for the name, and the first free one: name, name-2, name-3 … */
  function uploadName(original, taken) {
    var parts = split(original);
    var stem = window.showcaseSlugify(parts[0]) || "bild";
    var ext = window.showcaseSlugify(parts[1]);
    var make = function (n) { return stem + (n > 1 ? "-" + n : "") + (ext ? "." + ext : ""); };
    var n = 1;
    while (own.call(taken, make(n))) n++;
    return make(n);
  }
  window.showcaseUploadName = function (original) { return uploadName(original, rules.images); };

  document.addEventListener(
    "change",
    function (event) {
      var input = event.target;
      if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.files || !input.files.length) return;
      var renamed = new DataTransfer();
      var changed = false;
      Array.prototype.forEach.call(input.files, function (file) {
        var name = uploadName(file.name, rules.images);
        changed = changed || name !== file.name;
        renamed.items.add(name === file.name ? file : new File([file], name, { type: file.type, lastModified: file.lastModified }));
      });
      // Decap reads input.files after this listener (capture, on the document, runs first).
      if (changed) input.files = renamed.files;
    },
    true
  );

  /* Decap's question (English, hard-coded in decap-cms-core) in German, with who uses the picture. */
  var REPLACE = /^(.+) already exists\. Do you want to replace it\?$/;
  var confirm = window.confirm.bind(window);
  window.confirm = function (message) {
    var match = REPLACE.exec(String(message));
    if (!match) return confirm(message);
    var users = rules.images[match[1]] || [];
    var question = (users.length ? messages.replaceUsed : messages.replaceUnknown)
      .replace("{name}", match[1])
      .replace("{users}", users.map(function (user) { return "– " + user; }).join("\n"));
    return confirm(question);
  };
})();
