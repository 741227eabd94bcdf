// Browse pages without reloads: filters apply as soon as they change and the URL follows,
// so every state stays shareable. Without JavaScript the form submits as a plain GET.
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
    if (event.target.name === "q") return; // searching waits for Enter
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
