// The evolutionary tree: zoom, drag to pan, and bring the model asked for into view.
// Progressive enhancement only: without JavaScript the drawing is complete and its box
// scrolls both ways; every model is a link and the find box works through the server.
(function () {
  "use strict";
  const viewport = document.getElementById("tree-viewport");
  const svg = viewport && viewport.querySelector("svg");
  if (!svg || !svg.viewBox || !svg.viewBox.baseVal) return;

  const box = svg.viewBox.baseVal;
  const natural = { width: box.width, height: box.height };
  const MIN = 0.2;
  const MAX = 3;
  let scale = 1;

  // Controls: they only make sense with this script, so the script adds them.
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
  viewport.insertBefore(bar, viewport.firstChild);

  // The years stay in view when the tree scrolls sideways: a copy of the axis, pinned left.
  const axisWidth = Number(svg.getAttribute("data-axis-width")) || 0;
  const canvas = document.createElement("div");
  canvas.className = "tree-canvas";
  let pinned = null;
  const axis = svg.querySelector(".axis");
  if (axis && axisWidth) {
    pinned = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    pinned.setAttribute("class", svg.getAttribute("class") + " tree-pinned-axis");
    pinned.setAttribute("viewBox", "0 0 " + axisWidth + " " + natural.height);
    pinned.setAttribute("aria-hidden", "true");
    const copy = axis.cloneNode(true);
    copy.querySelectorAll(".year-line").forEach(function (line) { line.remove(); });
    pinned.appendChild(copy);
    canvas.appendChild(pinned);
  }
  svg.parentNode.insertBefore(canvas, svg);
  canvas.appendChild(svg);

  function apply() {
    svg.style.width = natural.width * scale + "px";
    svg.style.height = natural.height * scale + "px";
    if (pinned) {
      pinned.style.width = axisWidth * scale + "px";
      pinned.style.height = natural.height * scale + "px";
      pinned.style.marginRight = -axisWidth * scale + "px";
    }
    level.textContent = Math.round(scale * 100) + " %";
  }

  // Zoom keeping the point (x, y) of the viewport where it is (its centre by default).
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
  function fit() {
    const fitted = Math.min(
      viewport.clientWidth / natural.width,
      viewport.clientHeight / natural.height
    );
    zoomTo(fitted);
    viewport.scrollLeft = 0;
    viewport.scrollTop = 0;
  }

  // Ctrl (or Cmd) + wheel zooms where the pointer is; the plain wheel scrolls as usual.
  viewport.addEventListener("wheel", function (event) {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    const rect = viewport.getBoundingClientRect();
    zoomBy(event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX - rect.left, event.clientY - rect.top);
  }, { passive: false });

  // Keys, while focus is in the tree: + and - zoom, 0 returns to actual size.
  viewport.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "+" || event.key === "=") zoomBy(1.25);
    else if (event.key === "-" || event.key === "_") zoomBy(1 / 1.25);
    else if (event.key === "0") zoomTo(1);
    else return;
    event.preventDefault();
  });

  // Drag to pan. A drag that started on a box does not follow its link.
  let drag = null;
  let dragged = false;
  viewport.addEventListener("pointerdown", function (event) {
    if (event.button !== 0 || event.target.closest(".tree-zoom")) return;
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
  });
  window.addEventListener("pointerup", function () {
    drag = null;
    viewport.classList.remove("is-dragging");
  });
  viewport.addEventListener("click", function (event) {
    if (dragged) {
      event.preventDefault();
      dragged = false;
    }
  }, true);

  // Centre a model's box in the viewport.
  function reveal(slug) {
    const node = svg.querySelector('[data-model="' + CSS.escape(slug) + '"]');
    if (!node) return null;
    const n = node.getBoundingClientRect();
    const v = viewport.getBoundingClientRect();
    viewport.scrollLeft += n.left + n.width / 2 - (v.left + v.width / 2);
    viewport.scrollTop += n.top + n.height / 2 - (v.top + v.height / 2);
    return node;
  }

  // The links "Show it in the tree" (#tree-node-<slug>) centre the box and focus its link.
  function revealHash() {
    const match = /^#tree-node-(.+)$/.exec(decodeURIComponent(location.hash));
    if (!match) return false;
    const node = reveal(match[1]);
    if (node && node.parentNode.focus) node.parentNode.focus({ preventScroll: true });
    return Boolean(node);
  }
  window.addEventListener("hashchange", revealHash);

  apply();
  // After "Show its lineage", bring the model into view.
  if (!revealHash() && viewport.dataset.highlight) reveal(viewport.dataset.highlight);
})();
