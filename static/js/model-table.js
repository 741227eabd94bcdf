// /models/: the column chooser stays open while its boxes apply one by one (browse.js
// replaces the form's content after each change, closing every fold); Escape or a click
// elsewhere closes it.
(function () {
  "use strict";
  let open = false;
  function chooser() { return document.getElementById("column-chooser"); }
  document.addEventListener("toggle", function (event) {
    if (event.target.id === "column-chooser") open = event.target.open;
  }, true);
  document.addEventListener("browse:updated", function () {
    const fold = chooser();
    if (fold && open) fold.open = true;
  });
  document.addEventListener("keydown", function (event) {
    const fold = chooser();
    if (event.key !== "Escape" || !fold || !fold.open) return;
    fold.open = false;
    fold.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    const fold = chooser();
    if (fold && fold.open && !fold.contains(event.target)) fold.open = false;
  });
})();
