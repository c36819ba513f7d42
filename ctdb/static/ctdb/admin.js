// Names for the admin's search-as-you-type boxes (select2): each says which field it
// is, as its label or its column's header does, besides the value it holds. Also for
// the rows a form's table adds.
(function () {
  "use strict";
  function labelOf(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) { return label; }
    var cell = select.closest("td");
    var table = select.closest("table");
    if (!cell || !table) { return null; }
    var column = Array.prototype.find.call(cell.classList, function (name) {
      return name.indexOf("field-") === 0;
    });
    return column ? table.querySelector("th.column-" + column.slice(6)) : null;
  }
  function name(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.parentNode.querySelector(".select2-selection[role=combobox]");
      var label = labelOf(select);
      if (!box || !label) { return; }
      if (!label.id) { label.id = (select.id || select.name) + "-label"; }
      var shown = box.querySelector(".select2-selection__rendered");
      box.setAttribute("aria-labelledby", label.id + (shown && shown.id ? " " + shown.id : ""));
      if (shown) { shown.setAttribute("aria-labelledby", label.id); }  // its value, named too
    });
  }
  // After the admin's own ready handlers, which turn the selects into select2 boxes.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(function () { name(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { name(document); });
  }
  document.addEventListener("formset:added", function (event) { name(event.target); });
}());
