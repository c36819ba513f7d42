// On a narrow screen the listing's filters and counts fold away above the
// results (a click on their title opens them); on a wide one they stay open
// beside them. Without JavaScript they stay open.
(function () {
  "use strict";
  var panel = document.querySelector("details.filter-panel");
  if (!panel || !window.matchMedia) { return; }
  var narrow = window.matchMedia("(max-width: 900px)");
  function fit() { panel.open = !narrow.matches; }
  fit();
  narrow.addEventListener("change", fit);
}());
