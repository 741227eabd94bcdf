// The evolutionary tree: the first view fits the whole drawing in its box (or frames the
// highlighted lineage, or the models matching the filters); then zoom, drag to pan, and keys.
// Zooming in on the overview past DETAIL_AT opens the folded families and groups in view (the
// server draws the tree again with them unfolded, and the same point stays in the middle);
// zooming back out below OVERVIEW_AT returns to the overview.
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
  const DETAIL_AT = 1.15;
  const OVERVIEW_AT = 1;
  let svg = null;
  let natural = null;
  let scale = 1;
  // Reader text comes from the page (data-label-* on the box, translated there); English if not.
  function say(name, english) { return viewport.dataset[name] || english; }

  // Controls: they only make sense with this script, so the script adds them, above the box
  // (so they never cover the drawing).
  const bar = document.createElement("div");
  bar.className = "tree-zoom";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", say("labelZoom", "Zoom the tree"));
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
  button("−", say("labelZoomOut", "Zoom out"), function () { zoomBy(1 / 1.25); zoomed(); });
  bar.appendChild(level);
  button("+", say("labelZoomIn", "Zoom in"), function () { zoomBy(1.25); zoomed(); });
  button(say("labelFit", "Fit"), say("labelFitAll", "Fit the whole tree in view"), fitAll);
  button("100 %", say("labelActual", "Actual size"), function () { zoomTo(1); zoomed(); });
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
  // Frame the rectangle if its labels stay legible (10 px); else show its start (its left
  // end, where the largest families are) at that size, to pan from.
  function legibly(rect) {
    const label = svg.querySelector("text.label");
    const least = label ? 10 / parseFloat(getComputedStyle(label).fontSize) : 0.8;
    const fitted = Math.min(
      (viewport.clientWidth - 8) / rect.width, (viewport.clientHeight - 8) / rect.height
    );
    if (fitted >= least) return frame(rect, 1.5);
    scale = least;
    apply();
    viewport.scrollLeft = rect.x * scale - 4;
    viewport.scrollTop = (rect.y + rect.height / 2) * scale - viewport.clientHeight / 2;
  }
  function fit() {
    frame({ x: 0, y: 0, width: natural.width, height: natural.height }, 1.5);
  }
  // The whole tree: the overview, if a closer level is showing.
  function fitAll() {
    if (overview) showOverview(null);
    fit();
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
    zoomed();
  }, { passive: false });

  // Keys, while focus is in the tree: + and - zoom, 0 returns to actual size, f fits.
  viewport.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "+" || event.key === "=") zoomBy(1.25);
    else if (event.key === "-" || event.key === "_") zoomBy(1 / 1.25);
    else if (event.key === "0") zoomTo(1);
    else if (event.key === "f") { fitAll(); event.preventDefault(); return; }
    else return;
    event.preventDefault();
    zoomed();
  });

  // Two fingers pinch to zoom about their middle (one finger scrolls the box as usual).
  const touches = new Map();
  let pinch = null;
  viewport.addEventListener("pointerdown", function (event) {
    if (event.pointerType !== "touch") return;
    touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (touches.size === 2) pinch = { distance: spread(), scale: scale };
  });
  viewport.addEventListener("pointermove", function (event) {
    if (!touches.has(event.pointerId)) return;
    touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (!pinch || touches.size !== 2) return;
    event.preventDefault();
    const [a, b] = Array.from(touches.values());
    const rect = viewport.getBoundingClientRect();
    zoomTo(pinch.scale * spread() / pinch.distance,
      (a.x + b.x) / 2 - rect.left, (a.y + b.y) / 2 - rect.top);
  });
  function lift(event) {
    touches.delete(event.pointerId);
    if (pinch && touches.size < 2) { pinch = null; zoomed(); }
  }
  viewport.addEventListener("pointerup", lift);
  viewport.addEventListener("pointercancel", lift);
  function spread() {
    const [a, b] = Array.from(touches.values());
    return Math.max(1, Math.hypot(a.x - b.x, a.y - b.y));
  }

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

  // Levels of detail. `overview` keeps the server's first drawing (and the level boxes it
  // came in) while a closer one is shown.
  let overview = null;
  let opened = new URLSearchParams(location.search).getAll("unfold");
  let loading = null;
  let settle = null;
  viewport.dataset.level = svg.querySelector(".folded, .group") ? "overview" : "detail";

  // After a zoom by the reader (the wheel sends many: wait for the last).
  function zoomed() {
    clearTimeout(settle);
    settle = setTimeout(function () {
      if (scale >= DETAIL_AT) openInView();
      else if (scale < OVERVIEW_AT && overview) showOverview(anchor("[data-model]"));
    }, 200);
  }

  function visible(element) {
    const view = viewport.getBoundingClientRect();
    const r = element.getBoundingClientRect();
    return r.right > view.left && r.left < view.right && r.bottom > view.top && r.top < view.bottom;
  }

  // The box nearest the middle of the view, and where it is relative to the middle.
  function anchor(selector) {
    const view = viewport.getBoundingClientRect();
    const mx = view.left + view.width / 2, my = view.top + view.height / 2;
    let best = null, distance = Infinity;
    svg.querySelectorAll(selector).forEach(function (element) {
      const r = element.getBoundingClientRect();
      const dx = r.left + r.width / 2 - mx, dy = r.top + r.height / 2 - my;
      if (dx * dx + dy * dy < distance) { distance = dx * dx + dy * dy; best = { element: element, dx: dx, dy: dy }; }
    });
    return best;
  }

  // Put the box for `slugs` (the first found) where the anchor was; else keep the middle.
  function keep(held, slugs) {
    const select = slugs.filter(Boolean).map(function (slug) {
      return '[data-model="' + CSS.escape(slug) + '"]';
    });
    const found = select.length ? svg.querySelector(select.join(",")) : null;
    if (!found || !held) return;
    const view = viewport.getBoundingClientRect();
    const r = found.getBoundingClientRect();
    viewport.scrollLeft += r.left + r.width / 2 - (view.left + view.width / 2) - held.dx;
    viewport.scrollTop += r.top + r.height / 2 - (view.top + view.height / 2) - held.dy;
  }

  function swap(next) {
    svg.style.width = ""; svg.style.height = "";
    svg = next;
    const box = svg.viewBox.baseVal;
    natural = { width: box.width, height: box.height };
    apply();
  }

  // Ask the server for the tree with the folded boxes in view opened, and show it instead.
  function openInView() {
    if (loading) return;
    const keys = [];
    svg.querySelectorAll(".node.folded[data-model], .group[data-group]").forEach(function (element) {
      const key = element.dataset.model || element.dataset.group;
      if (visible(element) && opened.indexOf(key) < 0) keys.push(key);
    });
    if (!keys.length) return;
    const held = anchor(".node[data-model], .group[data-group]");
    const query = new URLSearchParams(location.search);
    const next = opened.concat(keys);
    query.delete("unfold");
    next.forEach(function (key) { query.append("unfold", key); });
    viewport.setAttribute("aria-busy", "true");
    loading = fetch(location.pathname + "?" + query.toString(), { headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (text) {
        const page = new DOMParser().parseFromString(text, "text/html");
        const drawn = page.querySelector(".tree-level-wide svg.atlas-tree");
        if (!drawn || signal.aborted) return;
        const holder = document.createElement("div");
        holder.className = "tree-level tree-level-detail";
        holder.appendChild(document.importNode(drawn, true));
        if (!overview) overview = { levels: Array.from(viewport.children), svg: svg };
        viewport.replaceChildren(holder);
        const was = held && held.element;
        swap(holder.querySelector("svg"));
        keep(held, was ? [was.dataset.model, was.dataset.first] : []);
        opened = next;
        viewport.dataset.level = "detail";
        viewport.setAttribute("aria-label", say("labelDetail", "The evolutionary tree, the families in view opened"));
      })
      .catch(function () { /* the overview stays; every box still opens by its link */ })
      .finally(function () {
        loading = null;
        viewport.removeAttribute("aria-busy");
      });
  }

  // Back to the server's first drawing, the box that holds the anchor's model in the middle.
  function showOverview(held) {
    const was = held && held.element;
    viewport.replaceChildren.apply(viewport, overview.levels);
    swap(overview.svg);
    opened = new URLSearchParams(location.search).getAll("unfold");
    overview = null;
    viewport.dataset.level = "overview";
    viewport.setAttribute("aria-label", say("label", "The evolutionary tree"));
    if (was) keep(held, [was.dataset.model, was.dataset.chain]);
  }

  // The links "Show it in the tree" (#tree-node-<slug>) frame the box and focus its link.
  function revealHash() {
    const hash = decodeURIComponent(location.hash);
    const cell = /^#tree-cell-(.+)$/.exec(hash);
    if (cell) {  // an opened "N more" group: frame the boxes it held
      const held = svg.querySelectorAll('[data-cell="' + CSS.escape(cell[1]) + '"]');
      if (!held.length) return false;
      legibly(around(held));
      return true;
    }
    const match = /^#tree-node-(.+)$/.exec(hash);
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
