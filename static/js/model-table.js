// /models/: the column chooser stays open while its boxes apply one by one (browse.js
// replaces the form's content after each change, closing every fold).
(function () {
  "use strict";
  let open = false;
  document.addEventListener("toggle", function (event) {
    if (event.target.id === "column-chooser") open = event.target.open;
  }, true);
  document.addEventListener("browse:updated", function () {
    const chooser = document.getElementById("column-chooser");
    if (chooser && open) chooser.open = true;
  });
})();
