/* Pasting from Word and LibreOffice into the text editor keeps text, links, bold and lists.
 *
 * Decap's rich-text editor (Slate) reads pasted HTML itself, and fails on what word
 * processors send: a link inside a <span> or <b> inserts nothing (Slate error: a link cannot
 * sit inside a text run), Word's lists are paragraphs with a „·“ drawn in front, and a table
 * becomes one paragraph per cell. Here the pasted HTML is made plain first, then handed to
 * Slate as a paste of that HTML (the `beforeinput` event Slate listens to):
 *   - styles, classes, Word's <o:p>, <xml>, comments and soft hyphens go; spans and fonts are
 *     unwrapped, bold and italic (also when written as a span's style) kept as <strong>/<em>;
 *   - bold or italic around a link moves inside the link;
 *   - Word's list paragraphs become <ul>/<ol> with their items;
 *   - a table becomes one paragraph per row, its cells separated by „ | “, with a German notice
 *     (the site has no tables). */
(function () {
  "use strict";
  var rules = window.SHOWCASE_RULES;
  var messages = rules.messages;
  var INLINE = { STRONG: 1, EM: 1, I: 1, U: 1, S: 1, DEL: 1, CODE: 1 };
  var DROP = { STYLE: 1, META: 1, LINK: 1, XML: 1, SCRIPT: 1, TITLE: 1, "O:P": 1 };

  function unwrap(el) {
    var parent = el.parentNode;
    while (el.firstChild) parent.insertBefore(el.firstChild, el);
    parent.removeChild(el);
  }

  function rename(el, tag) {
    var out = el.ownerDocument.createElement(tag);
    while (el.firstChild) out.appendChild(el.firstChild);
    el.parentNode.replaceChild(out, el);
    return out;
  }

  /* <strong>a <a>b</a></strong> -> <strong>a </strong><a><strong>b</strong></a> */
  function pushDown(el) {
    var doc = el.ownerDocument;
    function wrap(node) {
      if (node.nodeType === Node.TEXT_NODE) {
        var w = doc.createElement(el.nodeName);
        node.parentNode.replaceChild(w, node);
        w.appendChild(node);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        Array.prototype.slice.call(node.childNodes).forEach(wrap);
      }
    }
    Array.prototype.slice.call(el.childNodes).forEach(wrap);
    unwrap(el);
  }

  function listKind(marker) {
    return /^\s*(\d+|[a-zA-Z]|[ivxIVX]+)[.)]/.test(marker) ? "OL" : "UL";
  }

  function clean(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var body = doc.body;
    var tables = body.querySelectorAll("table").length;
    // Comments (Word's <!--[if …]-->) and the elements nobody reads.
    var walker = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
    var comments = [];
    while (walker.nextNode()) comments.push(walker.currentNode);
    comments.forEach(function (c) { c.parentNode.removeChild(c); });
    Array.prototype.slice.call(body.querySelectorAll("*")).forEach(function (el) {
      if (DROP[el.nodeName] && el.parentNode) el.parentNode.removeChild(el);
    });
    // Word's lists: paragraphs with mso-list, the marker in a span marked mso-list:Ignore.
    var items = Array.prototype.slice.call(body.querySelectorAll("p")).filter(function (p) {
      return /mso-list/i.test(p.getAttribute("style") || "") || /MsoListParagraph/i.test(p.className);
    });
    var list = null;
    items.forEach(function (p) {
      var markerEl = Array.prototype.slice.call(p.querySelectorAll("span")).filter(function (s) {
        return /mso-list:\s*ignore/i.test(s.getAttribute("style") || "");
      })[0];
      var marker = markerEl ? markerEl.textContent : "";
      if (markerEl) markerEl.parentNode.removeChild(markerEl);
      var kind = listKind(marker);
      if (!list || list.nextElementSibling !== p || list.nodeName !== kind) {
        list = doc.createElement(kind);
        p.parentNode.insertBefore(list, p);
      }
      var li = doc.createElement("li");
      while (p.firstChild) li.appendChild(p.firstChild);
      list.appendChild(li);
      p.parentNode.removeChild(p);
    });
    // Tables: one paragraph per row.
    Array.prototype.slice.call(body.querySelectorAll("table")).forEach(function (table) {
      var rows = Array.prototype.slice.call(table.querySelectorAll("tr")).map(function (tr) {
        var p = doc.createElement("p");
        p.textContent = Array.prototype.slice.call(tr.querySelectorAll("td, th")).map(function (cell) {
          return cell.textContent.replace(/\s+/g, " ").trim();
        }).join(" | ");
        return p;
      });
      rows.forEach(function (p) { table.parentNode.insertBefore(p, table); });
      table.parentNode.removeChild(table);
    });
    // Bold and italic as the word processors write them; spans and fonts unwrapped.
    Array.prototype.slice.call(body.querySelectorAll("b, span, font")).reverse().forEach(function (el) {
      var style = el.getAttribute("style") || "";
      var bold = el.nodeName === "B" && !/font-weight:\s*(normal|[1-5]00)/i.test(style);
      bold = bold || /font-weight:\s*(bold|[6-9]00)/i.test(style);
      var italic = /font-style:\s*italic/i.test(style);
      if (bold && italic) {
        var strong = rename(el, "STRONG");
        var em = doc.createElement("EM");
        while (strong.firstChild) em.appendChild(strong.firstChild);
        strong.appendChild(em);
      } else if (bold) {
        rename(el, "STRONG");
      } else if (italic) {
        rename(el, "EM");
      } else {
        unwrap(el);
      }
    });
    // No attribute but a link's address; no soft hyphen anywhere.
    Array.prototype.slice.call(body.querySelectorAll("*")).forEach(function (el) {
      Array.prototype.slice.call(el.attributes).forEach(function (attr) {
        if (!(el.nodeName === "A" && attr.name === "href")) el.removeAttribute(attr.name);
      });
    });
    // A list item holds paragraphs in Decap's editor (<li><p>…</p></li>), as LibreOffice
    // writes it; a bare <li>text</li> broke the Markdown writer.
    Array.prototype.slice.call(body.querySelectorAll("li")).forEach(function (li) {
      if (li.querySelector(":scope > p, :scope > ul, :scope > ol")) return;
      var para = doc.createElement("p");
      while (li.firstChild) para.appendChild(li.firstChild);
      li.appendChild(para);
    });
    var texts = doc.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) texts.currentNode.nodeValue = texts.currentNode.nodeValue.replace(/\u00ad/g, "");
    // Formatting around a link moves inside it (innermost first).
    Array.prototype.slice.call(body.querySelectorAll("strong, em, i, u, s, del, code")).reverse().forEach(function (el) {
      if (INLINE[el.nodeName] && el.querySelector("a, p, li, ul, ol")) pushDown(el);
    });
    return { html: body.innerHTML, tables: tables };
  }
  window.showcaseCleanPaste = clean;

  function notice(text) {
    var box = document.createElement("div");
    box.setAttribute("role", "status");
    box.className = "showcase-notice";
    box.textContent = text;
    box.style.cssText = "position:fixed;z-index:10000;right:1rem;bottom:1rem;max-width:32rem;padding:1rem;" +
      "background:#fff8e1;border:2px solid #b26a00;border-radius:4px;font:15px/1.4 sans-serif;color:#222;";
    document.body.appendChild(box);
    setTimeout(function () { box.remove(); }, 15000);
  }

  document.addEventListener(
    "paste",
    function (event) {
      if (!event.clipboardData) return;
      var editor = event.target instanceof Element ? event.target.closest('[data-slate-editor="true"]') : null;
      if (!editor && event.target && event.target.parentElement) {
        editor = event.target.parentElement.closest('[data-slate-editor="true"]');
      }
      var html = event.clipboardData.getData("text/html");
      if (!editor || !html) return;
      event.preventDefault();
      event.stopPropagation();
      var cleaned = clean(html);
      var data = new DataTransfer();
      data.setData("text/html", cleaned.html);
      data.setData("text/plain", event.clipboardData.getData("text/plain"));
      var input = new InputEvent("beforeinput", {
        inputType: "insertFromPaste",
        dataTransfer: data,
        bubbles: true,
        cancelable: true,
      });
      editor.dispatchEvent(input);
      if (cleaned.tables) notice(messages.pastedTable);
    },
    true
  );
})();
