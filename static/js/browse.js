// Browse pages without reloads (/models/ and /tree/): filters apply as soon as they change
// and the URL follows, so every state stays shareable; on narrow screens (and always where
// the panel asks for it) the filters fold behind a "Filters" button. Without JavaScript the
// form submits as a plain GET and the panel is simply shown.
(function () {
  "use strict";
  const form = document.getElementById("filters");
  if (!form || !window.fetch || !window.DOMParser) return;
  document.documentElement.classList.add("js");

  function formUrl() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (value !== "") params.append(name, value);
    }
    if (params.get("sort") === "-release_date") params.delete("sort");
    const query = params.toString();
    return form.action + (query ? "?" + query : "");
  }

  // The "Filters" button: shows or hides the panel; its state survives the live updates.
  const narrow = window.matchMedia("(max-width: 700px)");
  let panelOpen = false;
  function foldPanel() {
    const panel = form.querySelector(".facets");
    if (!panel) return;
    const old = form.querySelector(".filters-toggle");
    if (old) old.remove();
    const folds = narrow.matches || panel.hasAttribute("data-collapsible");
    form.classList.toggle("facets-folded", folds && !panelOpen);
    if (!folds) return;
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "button filters-toggle";
    toggle.setAttribute("aria-controls", panel.id || "facets");
    toggle.setAttribute("aria-expanded", String(panelOpen));
    const active = form.querySelectorAll(".facets input:checked:not([value=''])").length;
    // Its words come from the panel (data-label-*, translated by the page); English if not.
    const label = panel.dataset.labelFilters || "Filters";
    const counted = panel.dataset.labelFiltersCount || "Filters (%(count)s)";
    toggle.textContent = active ? counted.replace("%(count)s", String(active)) : label;
    toggle.addEventListener("click", function () {
      panelOpen = !panelOpen;
      toggle.setAttribute("aria-expanded", String(panelOpen));
      form.classList.toggle("facets-folded", !panelOpen);
      if (panelOpen) panel.querySelector("input, select")?.focus();
    });
    const slot = form.querySelector(".filters-slot");
    if (slot) slot.appendChild(toggle);
    else panel.parentNode.insertBefore(toggle, panel);
  }
  foldPanel();
  narrow.addEventListener("change", foldPanel);

  let pending = null;
  async function show(url, push) {
    if (pending) pending.abort();
    pending = new AbortController();
    const focusedId = document.activeElement && document.activeElement.id;
    form.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, { signal: pending.signal, headers: { Accept: "text/html" } });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("filters");
      if (!fresh) { window.location.href = url; return; }
      form.innerHTML = fresh.innerHTML;
      document.title = page.title;
      if (push) history.pushState({}, "", url);
      foldPanel();
      document.dispatchEvent(new CustomEvent("browse:updated"));
      const again = focusedId && document.getElementById(focusedId);
      if (again) again.focus();
    } catch (error) {
      if (error.name !== "AbortError") window.location.href = url;
    } finally {
      form.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target.form !== form) return; // e.g. the compare checkboxes of /models/
    // Searching and finding wait for Enter (or the button).
    if (event.target.name === "q" || event.target.name === "highlight") return;
    show(formUrl(), true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(formUrl(), true);
  });
  form.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-browse]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    show(link.href, true);
  });
  window.addEventListener("popstate", function () { show(window.location.href, false); });
})();
