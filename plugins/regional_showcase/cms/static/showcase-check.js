/* Before anything is written, the rules of `make check`, shown where staff look.
 *
 * With `make cms` every write of the editor passes a proxy (staff/cms_proxy.py) that runs
 * the rules of `make check` on the project as the write would leave it (staff/entry_check.py).
 * A refused write comes back as 422 with every problem, a write with warnings as 409. This
 * script shows those answers: each problem at its field, in German, with the fix, and the
 * whole list in a box below the form; nothing was written. Warnings are shown the same way,
 * with „Trotzdem speichern“ and „Abbrechen“; confirmed, the same write goes out again with the
 * confirmed texts ("bestaetigt"), and the proxy lets it through.
 *
 * Not Decap's preSave event: it runs before Decap has made the file's path and text
 * (decap-cms-core backend.ts: invokePreSaveEvent comes before generateUniqueSlug and
 * entryToRaw), and the rules judge the file. The proxy sees the very request decap-server
 * would carry out, so what is shown here is what was refused, and the browser cannot get
 * past it. Decap calls the global fetch for every request of its backend, at the time of the
 * request: wrapping it here, before Decap starts, sees each one.
 *
 * With GitHub or GitLab (production) there is no proxy: nothing here answers, and the review
 * pipeline runs `make check` on the proposal (docs/redaktion.md). */
(function () {
  "use strict";
  var send = window.fetch.bind(window);
  var WRITES = { persistEntry: true, persistMedia: true, deleteFiles: true, deleteFile: true };
  var BOX_ID = "showcase-check";
  var MARK = "data-showcase-check";

  function writeRequest(url, init) {
    if (!init || String(init.method).toUpperCase() !== "POST" || typeof init.body !== "string") return null;
    if (!/\/api\/v1$/.test(String(url))) return null;
    var request;
    try {
      request = JSON.parse(init.body);
    } catch (error) {
      return null;
    }
    return request && WRITES[request.action] ? request : null;
  }

  window.fetch = function (url, init) {
    var request = writeRequest(url, init);
    if (!request) return send(url, init);
    clear();
    return write(url, init, request);
  };

  function write(url, init, request) {
    return send(url, init).then(function (response) {
      if (response.status !== 409 && response.status !== 422) return response;
      return response.clone().json().then(function (answer) {
        var check = answer && answer.pruefung;
        if (!check) return response;
        if (response.status === 422) {
          show(check.fehler, "Nicht gespeichert – „make check“ würde ablehnen (" + check.fehler.length + "):");
          return briefly(response, answer, "„make check“ würde ablehnen, siehe die Liste unten");
        }
        // Warnings only: saved once the staffer confirms them, here, in the page.
        return confirmed(check.warnungen).then(function (yes) {
          if (!yes) {
            show(check.warnungen, "Nicht gespeichert – bitte ändern oder bestätigen:");
            return briefly(response, answer, "nicht bestätigt, siehe die Liste unten");
          }
          request.bestaetigt = check.warnungen.map(function (warning) { return warning.text; });
          var again = {};
          Object.keys(init).forEach(function (key) { again[key] = init[key]; });
          again.body = JSON.stringify(request);
          return write(url, again, request);
        });
      }, function () { return response; });
    });
  }

  /* Decap shows the answer's `error` in its toast as well: there, one line in place of the
   * whole list, which the box already shows. */
  function briefly(response, answer, text) {
    var short = Object.assign({}, answer, { error: text });
    return new Response(JSON.stringify(short), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  /* Decap writes a failed request's error into its toast as "API_ERROR: …" (its error
   * class's name): staff read the message, not the class. */
  var ERROR_CLASS = /^API_ERROR: /;
  function plainToasts(root) {
    root.querySelectorAll(".Toastify__toast-body").forEach(function (body) {
      var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.nodeValue.indexOf("API_ERROR: ") !== -1) {
          node.nodeValue = node.nodeValue.replace("API_ERROR: ", "").replace(ERROR_CLASS, "");
        }
      }
    });
  }
  new MutationObserver(function () { plainToasts(document); }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
  });

  // Another entry, another list: what was refused belongs to the form it was shown with.
  window.addEventListener("hashchange", function () { clear(); });

  function clear() {
    var box = document.getElementById(BOX_ID);
    if (box) box.remove();
    document.querySelectorAll("[" + MARK + "]").forEach(function (node) { node.remove(); });
  }

  function makeBox(heading, problems) {
    clear();
    var box = document.createElement("div");
    box.id = BOX_ID;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;z-index:9999;bottom:12px;left:50%;transform:translateX(-50%);" +
      "max-width:min(860px,94vw);max-height:60vh;overflow:auto;background:#fff4f2;color:#5a1208;" +
      "border:2px solid #b3261e;border-radius:8px;padding:12px 16px;font:15px/1.45 system-ui,sans-serif;" +
      "box-shadow:0 6px 24px rgba(0,0,0,.25)";
    var head = document.createElement("strong");
    head.textContent = heading;
    box.appendChild(head);
    var list = document.createElement("ul");
    list.style.cssText = "margin:8px 0 8px 18px;padding:0";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem.text;
      list.appendChild(item);
      at(problem);
    });
    box.appendChild(list);
    document.body.appendChild(box);
    return box;
  }

  function button(box, text, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.textContent = text;
    element.style.cssText = "margin-right:8px";
    element.addEventListener("click", onClick);
    box.appendChild(element);
    return element;
  }

  /* Each problem at its field, when the form shows that field; the whole list above. */
  function show(problems, heading) {
    var box = makeBox(heading, problems);
    button(box, "Schließen", function () { box.remove(); });
  }

  /* The warnings, with „Trotzdem speichern“ and „Abbrechen“: a promise of the answer. */
  function confirmed(warnings) {
    return new Promise(function (resolve) {
      var box = makeBox("Bitte prüfen Sie vor dem Speichern:", warnings);
      var yes = button(box, "Trotzdem speichern", function () { clear(); resolve(true); });
      button(box, "Abbrechen", function () { clear(); resolve(false); });
      yes.focus();
    });
  }

  function at(problem) {
    if (!problem.eingabefeld) return;
    var label = document.querySelector('label[for^="' + CSS.escape(problem.eingabefeld) + '-field"]');
    // Decap: the label sits in the field's top bar; the field's box holds the bar, the
    // control and its hint. The message goes last in that box, below the hint.
    var container = label && label.parentElement && label.parentElement.parentElement;
    if (!container) return;
    var message = document.createElement("p");
    message.setAttribute(MARK, problem.eingabefeld);
    message.setAttribute("role", "alert");
    message.style.cssText = "margin:6px 0 0;padding:6px 10px;border-left:4px solid #b3261e;" +
      "background:#fff4f2;color:#5a1208;font-size:14px";
    message.textContent = (problem.zeile ? "Zeile " + problem.zeile + ": " : "") + problem.meldung;
    container.appendChild(message);
  }
})();
