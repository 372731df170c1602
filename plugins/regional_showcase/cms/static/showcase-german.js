/* The editor in German throughout: what Decap's German locale leaves in English.
 *
 * - Decap's German phrases, with the project's words for saving where every save writes the
 *   site's files at once (no editorial workflow): „Speichern“, not „Veröffentlichen“, since
 *   the Status field decides whether a post appears (a draft only in the preview).
 * - Texts Decap's packages write in English, not as phrases of a locale: the image block of
 *   the text editor ("Image", "Alt Text", "Title"), react-select's "No options", and the
 *   question before an upload replaces a picture (that one, with the entries using the picture,
 *   is asked in showcase-uploads.js). */
(function () {
  "use strict";
  var CMS = window.CMS;
  var rules = window.SHOWCASE_RULES;

  function merge(into, from) {
    Object.keys(from).forEach(function (key) {
      var value = from[key];
      if (value && typeof value === "object") {
        into[key] = merge(Object.assign({}, into[key] || {}), value);
      } else {
        into[key] = value;
      }
    });
    return into;
  }

  /* Without the editorial workflow one click writes the file: say so. The workflow keeps
   * Decap's words (there „Veröffentlichen“ does publish a proposal). */
  var SIMPLE_MODE = {
    editor: {
      editorToolbar: {
        publish: "Speichern",
        publishing: "Wird gespeichert …",
        published: "Gespeichert",
        publishNow: "Jetzt speichern",
        publishAndCreateNew: "Speichern und einen neuen Eintrag beginnen",
        publishAndDuplicate: "Speichern und als Vorlage für einen neuen nutzen",
      },
    },
  };
  /* And what Decap's German gets wrong (typos, grammar). */
  var ALWAYS = {
    auth: {
      login: "Anmelden",
      loggingIn: "Sie werden angemeldet …",
      loginWithGitHub: "Mit GitHub anmelden",
      loginWithGitLab: "Mit GitLab anmelden",
    },
    collection: { sidebar: { allCollections: "Alle Inhaltstypen" } },
    editor: {
      editor: {
        onPublishingNotReady: "Bitte setzen Sie den Status vor dem Veröffentlichen auf „Bereit“.",
        onPublishingWithUnsavedChanges:
          "Es sind noch ungespeicherte Änderungen vorhanden. Bitte speichern Sie vor dem Veröffentlichen.",
      },
      editorToolbar: {
        deleteEntry: "Beitrag löschen",
        deletePublishedEntry: "Veröffentlichten Beitrag löschen",
        deleteUnpublishedEntry: "Unveröffentlichten Beitrag löschen",
      },
      editorWidgets: { markdown: { addComponent: "Bild oder Baustein einfügen" } },
    },
    mediaLibrary: { mediaLibraryModal: { noResults: "Keine Ergebnisse." } },
    // Decap's German toasts begin with "Oops" and say "Beitrag" for every kind of entry.
    ui: {
      toast: {
        onFailToPersist: "Nicht gespeichert: %{details}",
        missingRequiredField:
          "Nicht gespeichert: Pflichtfelder sind leer. Füllen Sie die markierten Felder aus und speichern Sie dann.",
      },
    },
    workflow: { workflowList: { onPublishEntry: "Soll dieser Beitrag wirklich veröffentlicht werden?" } },
  };
  var german = CMS.getLocale("de");
  if (german) {
    var phrases = merge(merge({}, german), ALWAYS);
    if (!rules.editorialWorkflow) phrases = merge(phrases, SIMPLE_MODE);
    CMS.registerLocale("de", phrases);
  }

  /* The image block of the text editor, Decap's own with German labels. */
  var image = CMS.getEditorComponents().get("image");
  if (image) {
    CMS.registerEditorComponent({
      id: "image",
      label: rules.labels.image,
      pattern: image.pattern,
      fromBlock: image.fromBlock,
      toBlock: image.toBlock,
      toPreview: image.toPreview,
      fields: [
        // No address of a picture on another site, as for the title picture (config.py).
        { label: rules.labels.image, name: "image", widget: "image", choose_url: false, media_library: { allow_multiple: false } },
        { label: rules.labels.alt, name: "alt" },
        { label: rules.labels.imageTitle, name: "title", required: false },
      ],
    });
  }

  /* Texts react-select and Decap write in English, replaced where they appear. Only whole
   * text nodes that are exactly one of these, so nothing staff typed is touched. */
  var ENGLISH = rules.english;
  function translate(node) {
    if (node.nodeType === Node.TEXT_NODE) {
      var text = node.nodeValue;
      if (Object.prototype.hasOwnProperty.call(ENGLISH, text)) node.nodeValue = ENGLISH[text];
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || node.isContentEditable) return;
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    var found = [];
    while (walker.nextNode()) {
      if (Object.prototype.hasOwnProperty.call(ENGLISH, walker.currentNode.nodeValue)) found.push(walker.currentNode);
    }
    found.forEach(translate);
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "characterData") translate(record.target);
      record.addedNodes.forEach(translate);
    });
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
})();
