// On /regionen/vergleich/: lets a reader keep only the regions they weigh up (two or three,
// say) side by side. A file, not inline, so the Content-Security-Policy can forbid inline
// scripts. Without JavaScript the choice stays hidden and the table shows every region.
(function () {
  "use strict";
  var picker = document.querySelector("[data-compare-picker]");
  var table = document.querySelector("[data-compare-table]");
  if (!picker || !table) return;
  var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[type=checkbox]"));
  var status = picker.querySelector("[data-compare-status]");
  var hint = document.querySelector("[data-compare-hint]");

  function show() {
    var chosen = boxes.filter(function (box) { return box.checked; });
    // Nothing chosen would leave an empty table: then every region shows.
    var all = chosen.length === 0 || chosen.length === boxes.length;
    boxes.forEach(function (box, index) {
      var visible = all || box.checked;
      // Column 0 holds the indicators; region i is column i + 1 of every row.
      Array.prototype.forEach.call(table.rows, function (row) {
        var cell = row.cells[index + 1];
        if (cell) cell.hidden = !visible;
      });
    });
    table.classList.toggle("compare-table--picked", !all);
    // Two regions fit a phone: the hint to swipe would be wrong then.
    if (hint) hint.hidden = !all && chosen.length <= 2;
    if (status) {
      status.textContent = (all ? status.getAttribute("data-all") : status.getAttribute("data-some"))
        .replace("{count}", all ? boxes.length : chosen.length);
    }
  }

  boxes.forEach(function (box) { box.addEventListener("change", show); });
  picker.hidden = false;
  show();
})();
