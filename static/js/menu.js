// The site menu on narrow screens: a "Menu" button shows and hides the navigation and the
// search box. Without JavaScript the button stays hidden and the menu is always shown.
(function () {
  "use strict";
  const button = document.querySelector(".menu-button");
  const header = document.querySelector(".site-header");
  if (!button || !header) return;

  function setOpen(open) {
    button.setAttribute("aria-expanded", String(open));
    header.classList.toggle("menu-open", open);
  }

  header.classList.add("has-menu-button");
  button.hidden = false;
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.classList.contains("menu-open")) {
      setOpen(false);
      button.focus();
    }
  });
})();
