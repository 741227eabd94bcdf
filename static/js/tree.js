// The evolutionary tree: the first view fits the whole drawing in its box (or frames the
// highlighted lineage, or the models matching the filters); then zoom, drag to pan, and keys.
// Progressive enhancement only: without JavaScript the drawing is complete and its box
// scrolls both ways; every box is a link and the find box works through the server.
(function () {
  "use strict";
  let stop = null;
  // Live filters (browse.js) replace the drawing: start again on the new one.
  document.addEventListener("browse:updated", start);
  start();

  function start() {
  if (stop) stop.abort();
  stop = new AbortController();
  const signal = stop.signal;
  const viewport = document.getElementById("tree-viewport");
  if (!viewport) return;
  const MIN = 0.1;
  const MAX = 3;
  let svg = null;
  let natural = null;
  let scale = 1;

  // Controls: they only make sense with this script, so the script adds them, above the box
  // (so they never cover the drawing).
  const bar = document.createElement("div");
  bar.className = "tree-zoom";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "Zoom the tree");
  bar.setAttribute("aria-controls", "tree-viewport");
  const level = document.createElement("output");
  level.setAttribute("aria-live", "polite");
  function button(label, title, action) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", action);
    bar.appendChild(b);
    return b;
  }
  button("−", "Zoom out", function () { zoomBy(1 / 1.25); });
  bar.appendChild(level);
  button("+", "Zoom in", function () { zoomBy(1.25); });
  button("Fit", "Fit the whole tree in view", fit);
  button("100 %", "Actual size", function () { zoomTo(1); });
  const tools = document.querySelector(".tree-status");
  if (tools) tools.appendChild(bar);
  else viewport.parentNode.insertBefore(bar, viewport);

  // The box takes the rest of the first screen, so the whole tree shows without scrolling.
  function sizeBox() {
    const top = viewport.getBoundingClientRect().top + window.scrollY;
    const room = window.innerHeight - top - 8;
    // On a phone the page scrolls: the box takes most of a screen whatever is above it.
    viewport.style.height = Math.max(280, room, window.innerHeight * 0.72) + "px";
  }

  // The drawing shown at this width (the page may carry a narrower one for phones).
  function current() {
    const all = viewport.querySelectorAll("svg.atlas-tree");
    for (const candidate of all) {
      if (candidate.getClientRects().length) return candidate;
    }
    return all[0] || null;
  }

  function apply() {
    svg.style.width = natural.width * scale + "px";
    svg.style.height = natural.height * scale + "px";
    level.textContent = Math.round(scale * 100) + " %";
  }

  // Zoom keeping the point (x, y) of the box where it is (its centre by default).
  function zoomTo(next, x, y) {
    next = Math.min(MAX, Math.max(MIN, next));
    const cx = x === undefined ? viewport.clientWidth / 2 : x;
    const cy = y === undefined ? viewport.clientHeight / 2 : y;
    const px = (viewport.scrollLeft + cx) / scale;
    const py = (viewport.scrollTop + cy) / scale;
    scale = next;
    apply();
    viewport.scrollLeft = px * scale - cx;
    viewport.scrollTop = py * scale - cy;
  }
  function zoomBy(factor, x, y) { zoomTo(scale * factor, x, y); }

  // Show the rectangle (in drawing units) as large as the box allows, centred.
  function frame(rect, most) {
    const pad = 4;
    const fitted = Math.min(
      (viewport.clientWidth - 2 * pad) / rect.width,
      (viewport.clientHeight - 2 * pad) / rect.height,
      most
    );
    scale = Math.min(MAX, Math.max(MIN, fitted));
    apply();
    viewport.scrollLeft = (rect.x + rect.width / 2) * scale - viewport.clientWidth / 2;
    viewport.scrollTop = (rect.y + rect.height / 2) * scale - viewport.clientHeight / 2;
  }
  function fit() {
    frame({ x: 0, y: 0, width: natural.width, height: natural.height }, 1.5);
  }

  // The union of some boxes, in drawing units.
  function around(elements) {
    const base = svg.getBoundingClientRect();
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    elements.forEach(function (element) {
      const r = element.getBoundingClientRect();
      x0 = Math.min(x0, r.left); y0 = Math.min(y0, r.top);
      x1 = Math.max(x1, r.right); y1 = Math.max(y1, r.bottom);
    });
    const k = natural.width / base.width;
    return {
      x: (x0 - base.left) * k - 20, y: (y0 - base.top) * k - 20,
      width: (x1 - x0) * k + 40, height: (y1 - y0) * k + 40,
    };
  }

  // The first view: the highlighted lineage, else the models matching the filters, else
  // the whole tree (never larger than actual size).
  function firstView() {
    const lit = svg.querySelectorAll(".node.highlight");
    const dimmed = svg.querySelectorAll(".node.dimmed, .group.dimmed");
    const shown = svg.querySelectorAll(".node:not(.dimmed):not(.sample), .group:not(.dimmed)");
    if (lit.length) frame(around(lit), 1.5);
    else if (dimmed.length && shown.length) frame(around(shown), 1.5);
    else fit();
  }

  function setUp() {
    const next = current();
    if (!next || !next.viewBox || !next.viewBox.baseVal) return false;
    if (svg && svg !== next) { svg.style.width = ""; svg.style.height = ""; }
    svg = next;
    const box = svg.viewBox.baseVal;
    natural = { width: box.width, height: box.height };
    return true;
  }

  sizeBox();
  if (!setUp()) return;
  viewport.classList.add("is-fitted");
  if (!revealHash()) firstView();

  let resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      const before = svg;
      sizeBox();
      if (setUp() && svg !== before) firstView();
    }, 150);
  }, { signal: signal });

  // Ctrl (or Cmd) + wheel zooms where the pointer is; the plain wheel scrolls as usual.
  viewport.addEventListener("wheel", function (event) {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    const rect = viewport.getBoundingClientRect();
    zoomBy(event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX - rect.left, event.clientY - rect.top);
  }, { passive: false });

  // Keys, while focus is in the tree: + and - zoom, 0 returns to actual size, f fits.
  viewport.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "+" || event.key === "=") zoomBy(1.25);
    else if (event.key === "-" || event.key === "_") zoomBy(1 / 1.25);
    else if (event.key === "0") zoomTo(1);
    else if (event.key === "f") fit();
    else return;
    event.preventDefault();
  });

  // Drag to pan. A drag that started on a box does not follow its link.
  let drag = null;
  let dragged = false;
  viewport.addEventListener("pointerdown", function (event) {
    if (event.button !== 0 || event.pointerType === "touch") return;
    drag = { x: event.clientX, y: event.clientY, left: viewport.scrollLeft, top: viewport.scrollTop };
    dragged = false;
  });
  window.addEventListener("pointermove", function (event) {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 5) return;
    dragged = true;
    viewport.classList.add("is-dragging");
    viewport.scrollLeft = drag.left - dx;
    viewport.scrollTop = drag.top - dy;
  }, { signal: signal });
  window.addEventListener("pointerup", function () {
    drag = null;
    viewport.classList.remove("is-dragging");
  }, { signal: signal });
  viewport.addEventListener("click", function (event) {
    if (dragged) {
      event.preventDefault();
      dragged = false;
    }
  }, true);

  // The links "Show it in the tree" (#tree-node-<slug>) frame the box and focus its link.
  function revealHash() {
    const match = /^#tree-node-(.+)$/.exec(decodeURIComponent(location.hash));
    if (!match) return false;
    const node = svg.querySelector('[data-model="' + CSS.escape(match[1]) + '"]');
    if (!node) return false;
    frame(around([node]), 1.5);
    if (node.parentNode.focus) node.parentNode.focus({ preventScroll: true });
    return true;
  }
  window.addEventListener("hashchange", revealHash, { signal: signal });
  }
})();
