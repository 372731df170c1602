/* The browser's backup of an entry is written as soon as the form changes.
 *
 * Decap keeps a backup of the entry being edited (in the browser's IndexedDB) and offers it
 * when the entry is opened again, but writes it 2 s after the last change (a debounce in its
 * Editor component): a tab closed 1.5 s after typing lost the text. Decap offers no hook for
 * this, so the Editor component is found from the page (React keeps it on the DOM nodes) and
 * its pending backup is written right away, after each change and when the page is hidden or
 * closed. Should a later Decap rename its parts, this does nothing and Decap's own 2 s remain. */
(function () {
  "use strict";

  function fiberOf(node) {
    for (var key in node) {
      if (key.indexOf("__reactFiber$") === 0) return node[key];
    }
    return null;
  }

  /* The Editor component above `node`: the one whose createBackup is a debounced function. */
  function editorAbove(node) {
    var fiber = node && fiberOf(node);
    while (fiber) {
      var instance = fiber.stateNode;
      if (instance && instance.createBackup && typeof instance.createBackup.flush === "function") return instance;
      fiber = fiber.return;
    }
    return null;
  }

  function flush(from) {
    var node = from instanceof Node ? from : document.querySelector("input, textarea, [data-slate-editor]");
    var editor = editorAbove(node && node.nodeType === Node.ELEMENT_NODE ? node : node && node.parentElement);
    if (editor && editor.props && editor.props.hasChanged) editor.createBackup.flush();
  }

  /* After React has drawn the change (the Editor asks for a backup in componentDidUpdate). */
  function soon(event) {
    var target = event.target;
    setTimeout(function () { flush(target); }, 0);
    setTimeout(function () { flush(target); }, 150);
  }
  ["input", "change", "paste", "drop", "keyup", "click"].forEach(function (name) {
    document.addEventListener(name, soon, true);
  });
  ["visibilitychange", "pagehide", "beforeunload"].forEach(function (name) {
    window.addEventListener(name, function () { flush(null); });
  });
  window.showcaseFlushBackup = flush;

  /* Offered on return: Decap asks, and on „OK“ puts the backup into the form. For a new entry
   * its empty form can arrive just after that (it waits for the media library) and replace
   * the backup, which Decap would then overwrite with the empty form 2 s later. So: should
   * the form lose what the backup holds, the backup's pending overwrite is cancelled and the
   * backup read and put in once more, without asking twice. */
  function plain(value) {
    return JSON.stringify(value && typeof value.toJS === "function" ? value.toJS() : value);
  }
  /* The Editor wherever it is in the page, also before its form is drawn: searched from
   * the element Decap draws into. */
  function editorNow() {
    var root = document.getElementById("nc-root");
    var start = null;
    for (var key in root || {}) {
      if (key.indexOf("__reactContainer$") === 0) start = root[key];
    }
    var stack = start ? [start] : [];
    for (var seen = 0; stack.length && seen < 50000; seen++) {
      var fiber = stack.pop();
      var instance = fiber.stateNode;
      if (instance && instance.createBackup && typeof instance.createBackup.flush === "function") return instance;
      if (fiber.sibling) stack.push(fiber.sibling);
      if (fiber.child) stack.push(fiber.child);
    }
    return null;
  }
  var german = window.CMS.getLocale("de");
  var question = german && german.editor && german.editor.editor.confirmLoadBackup;
  var confirm = window.confirm.bind(window);
  var again = false;
  window.confirm = function (message) {
    if (!question || message !== question) return confirm(message);
    if (again) {
      again = false;
      return true;
    }
    var yes = confirm(message);
    var editor = editorNow();
    var backup = editor && editor.props.localBackup && editor.props.localBackup.getIn(["entry", "data"]);
    if (!yes || !backup) return yes;
    var tries = 0;
    var check = setInterval(function () {
      var now = editorNow();
      var props = now && now.props;
      if (++tries > 30 || !props || !props.newEntry) return clearInterval(check);
      var data = props.entryDraft.getIn(["entry", "data"]);
      var lost = backup.some(function (value, key) {
        return value !== undefined && value !== "" && plain(data && data.get(key)) !== plain(value);
      });
      if (lost) {
        now.createBackup.cancel();
        again = true;
        props.retrieveLocalBackup(props.collection, props.slug);
      }
    }, 100);
    return yes;
  };
})();
