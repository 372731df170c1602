// Only in `make serve`: reload after each good build, show a failed build's problems.
// Served by the preview itself (/_vorschau/), so the pages' CSP (script-src 'self') allows it.
(function () {
  "use strict";
  var STATUS = "/_vorschau/status.json";
  var loadedGood = null;
  var seenBuild = null;
  var overlay = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text; // never innerHTML: messages quote what editors typed
    return node;
  }

  function showProblems(problems) {
    hideProblems();
    overlay = element("section", "vorschau-fehler");
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", "vorschau-fehler-titel");
    var title = element("h2", "vorschau-fehler__titel", "Die Vorschau ist nicht aktuell");
    title.id = "vorschau-fehler-titel";
    overlay.appendChild(title);
    var count = problems.length === 1 ? "1 Problem" : problems.length + " Probleme";
    overlay.appendChild(element("p", null,
      "Beim Bauen wurde " + count + " gefunden. Sie sehen den letzten fehlerfreien Stand. " +
      "Sobald Sie die Korrektur speichern, lädt diese Seite von selbst neu."));
    var list = element("ul", "vorschau-fehler__liste");
    problems.forEach(function (problem) {
      var item = element("li");
      item.appendChild(element("code", null, problem));
      list.appendChild(item);
    });
    overlay.appendChild(list);
    var close = element("button", "vorschau-fehler__schliessen", "Ausblenden");
    close.type = "button";
    close.addEventListener("click", hideProblems);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  function hideProblems() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  // With ?seit=N the preview answers only once a build after build N has finished (or after
  // its wait): the page reloads as soon as the build is done. Only a visible tab waits like
  // this; tabs in the background ask every 700 ms, so they do not hold the browser's few
  // connections to the preview while a page loads.
  function check() {
    var waiting = seenBuild !== null && !document.hidden;
    var url = waiting ? STATUS + "?seit=" + seenBuild : STATUS;
    var retry = waiting ? 0 : 700;
    fetch(url, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        seenBuild = status.build;
        if (loadedGood === null) loadedGood = status.good;
        if (status.good !== loadedGood) {
          window.location.reload();
          return;
        }
        if (!status.building && !status.ok) {
          if (!overlay || overlay.dataset.build !== String(status.build)) {
            showProblems(status.problems);
            overlay.dataset.build = String(status.build);
          }
        } else if (status.ok) {
          hideProblems();
        }
      })
      .catch(function () {
        // The preview restarts: try again a little later, from a fresh status.
        seenBuild = null;
        retry = 700;
      })
      .then(function () { window.setTimeout(check, retry); });
  }

  check();
})();
