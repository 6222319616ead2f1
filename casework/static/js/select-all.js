// The case list's "Välj alla": shown once this script runs, it ticks or clears every row's box,
// and shows itself as mixed when only some are ticked. Without scripts the rows still tick.
(function () {
  "use strict";
  var all = document.querySelector("[data-select-all]");
  if (!all) {
    return;
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-select-row]"));
  var label = document.querySelector('label[for="' + all.id + '"]');
  all.hidden = false;
  if (label) {
    label.hidden = false;
  }
  function sync() {
    var ticked = rows.filter(function (box) { return box.checked; }).length;
    all.checked = ticked > 0 && ticked === rows.length;
    all.indeterminate = ticked > 0 && ticked < rows.length;
  }
  all.addEventListener("change", function () {
    rows.forEach(function (box) { box.checked = all.checked; });
    sync();
  });
  rows.forEach(function (box) { box.addEventListener("change", sync); });
  sync();
}());
