/* Saving data/regions.yaml from the editor without losing its comments and its layout.
 *
 * Decap's own YAML format writes the whole file anew from the form's data: every comment
 * goes, and every long text is folded again. This writer instead changes the file's text only
 * where the data changed: a changed value re-writes its own "key: value" lines, a new list
 * item or key is added after its last sibling, a removed one takes its lines with it. Every
 * other byte stays as it was. The result is parsed again and must give exactly the form's
 * data; if it does not (a change this writer cannot place), showcaseYamlPatch returns null
 * and the caller writes the file as Decap would.
 *
 * Plain script for the browser (window.showcaseYamlPatch) and for node (module.exports),
 * where tests/test_cms_config.py runs it against the real file with the same `yaml` package.
 */
(function (root) {
  "use strict";

  // The data file wraps its long texts at 100 characters (as the project's code does).
  var LINE_WIDTH = 100;

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function canonical(value) {
    if (Array.isArray(value)) return value.map(canonical);
    if (isObject(value)) {
      var out = {};
      Object.keys(value).sort().forEach(function (key) { out[key] = canonical(value[key]); });
      return out;
    }
    return value === undefined ? null : value;
  }

  function equal(a, b) {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
  }

  function lineStart(text, pos) {
    return text.lastIndexOf("\n", pos - 1) + 1;
  }

  function column(text, pos) {
    return pos - lineStart(text, pos);
  }

  // Only spaces between the start of the line and pos: pos begins its line's content.
  function startsLine(text, pos) {
    return /^ *$/.test(text.slice(lineStart(text, pos), pos));
  }

  // Just after the newline that ends the line holding pos (or the end of the text).
  function afterLine(text, pos) {
    var next = text.indexOf("\n", pos);
    return next === -1 ? text.length : next + 1;
  }

  function indentLines(rendered, col) {
    var pad = new Array(col + 1).join(" ");
    return rendered
      .replace(/\n$/, "")
      .split("\n")
      .map(function (line, i) { return i === 0 || line === "" ? line : pad + line; })
      .join("\n");
  }

  function showcaseYamlPatch(YAML, original, data) {
    YAML.scalarOptions.str.fold.lineWidth = LINE_WIDTH;
    var doc = YAML.parseDocument(original, { keepCstNodes: true });
    if (doc.errors.length || !doc.contents) return null;
    var wanted = JSON.parse(JSON.stringify(data));
    var edits = changes(doc.contents, doc.toJSON(), wanted);
    if (edits === null) return null;
    edits.sort(function (a, b) { return b.start - a.start; });
    var text = original;
    for (var i = 0; i < edits.length; i++) {
      if (i > 0 && edits[i].end > edits[i - 1].start) return null; // overlapping: give up
      text = text.slice(0, edits[i].start) + edits[i].text + text.slice(edits[i].end);
    }
    var again = YAML.parseDocument(text);
    if (again.errors.length || !equal(again.toJSON(), wanted)) return null;
    return text;

    // Where a node's own text ends: no trailing blank lines, and no comment lines after it
    // that stand at or left of where it starts (those belong to what follows).
    function nodeEnd(node) {
      var range = node.cstNode.valueRange;
      var start = range.start;
      var end = range.end;
      var col = column(original, start);
      for (;;) {
        while (end > start && /\s/.test(original[end - 1])) end--;
        var from = lineStart(original, end);
        var line = original.slice(from, end);
        if (from > start && /^ *#/.test(line) && line.search(/\S/) <= col) {
          end = from;
          continue;
        }
        return end;
      }
    }

    function keyStart(pair) {
      return pair.key.cstNode.range.start;
    }

    function pairEnd(pair) {
      if (pair.value) return nodeEnd(pair.value);
      return original.indexOf(":", pair.key.cstNode.range.end) + 1;
    }

    function renderPair(key, value, col) {
      var one = {};
      one[key] = value;
      return indentLines(YAML.stringify(one), col);
    }

    function renderItem(value, col) {
      return indentLines(YAML.stringify([value]), col);
    }

    // The edits that turn `node` (parsed as `old`) into `wanted`; null: re-write it whole.
    function changes(node, old, wanted) {
      if (equal(old, wanted)) return [];
      if (!node || !node.cstNode) return null;
      if (node.type === "MAP" && isObject(old) && isObject(wanted)) return mapChanges(node, old, wanted);
      if (node.type === "SEQ" && Array.isArray(old) && Array.isArray(wanted)) {
        return seqChanges(node, old, wanted);
      }
      return null;
    }

    function mapChanges(node, old, wanted) {
      var edits = [];
      var pairs = node.items.filter(function (item) { return item && item.key; });
      if (pairs.length !== node.items.length || !pairs.length) return null;
      var seen = {};
      for (var i = 0; i < pairs.length; i++) {
        var pair = pairs[i];
        var key = String(pair.key.value);
        seen[key] = true;
        var start = keyStart(pair);
        if (!Object.prototype.hasOwnProperty.call(wanted, key)) {
          if (!startsLine(original, start)) return null; // "- key:" opens a list item
          edits.push({ start: lineStart(original, start), end: afterLine(original, pairEnd(pair)), text: "" });
          continue;
        }
        var inner = changes(pair.value, old[key], wanted[key]);
        if (inner === null) {
          inner = [{ start: start, end: pairEnd(pair), text: renderPair(key, wanted[key], column(original, start)) }];
        }
        edits = edits.concat(inner);
      }
      var added = Object.keys(wanted).filter(function (key) { return !seen[key]; });
      if (added.length) {
        var col = column(original, keyStart(pairs[0]));
        var at = pairEnd(pairs[pairs.length - 1]);
        var text = added.map(function (key) { return "\n" + new Array(col + 1).join(" ") + renderPair(key, wanted[key], col); }).join("");
        edits.push({ start: at, end: at, text: text });
      }
      return edits;
    }

    function seqChanges(node, old, wanted) {
      var dashes = node.cstNode.items.filter(function (item) { return item.type === "SEQ_ITEM"; });
      if (dashes.length !== node.items.length || !dashes.length || !wanted.length) return null;
      var edits = [];
      function itemEnd(i) {
        return node.items[i] ? nodeEnd(node.items[i]) : dashes[i].range.start + 1;
      }
      var common = Math.min(old.length, wanted.length);
      for (var i = 0; i < common; i++) {
        var inner = changes(node.items[i], old[i], wanted[i]);
        if (inner === null) {
          var dash = dashes[i].range.start;
          inner = [{ start: dash, end: itemEnd(i), text: renderItem(wanted[i], column(original, dash)) }];
        }
        edits = edits.concat(inner);
      }
      var col = column(original, dashes[0].range.start);
      if (wanted.length > old.length) {
        var at = itemEnd(old.length - 1);
        var text = wanted.slice(old.length).map(function (value) {
          return "\n" + new Array(col + 1).join(" ") + renderItem(value, col);
        }).join("");
        edits.push({ start: at, end: at, text: text });
      } else if (wanted.length < old.length) {
        var first = dashes[wanted.length].range.start;
        if (!startsLine(original, first)) return null;
        edits.push({ start: lineStart(original, first), end: afterLine(original, itemEnd(old.length - 1)), text: "" });
      }
      return edits;
    }
  }

  if (typeof module !== "undefined" && module.exports) module.exports = showcaseYamlPatch;
  else root.showcaseYamlPatch = showcaseYamlPatch;
})(typeof window !== "undefined" ? window : this);
