// The live diagram: the lab's `diagram()` view model drawn as nested SVG boxes (subscription →
// resource group → workspace → services, with vaults, networks, endpoints and event hubs beside
// them). Everything shown comes from the view model; this file only lays boxes out (a
// deterministic rows-that-wrap layout), draws them with DOM APIs (user text only ever becomes
// text nodes), and handles selection, collapse, zoom, pan and fit.
//
// Boxes are flat siblings (no nested focusable elements): a roving tabindex makes the diagram
// one Tab stop; arrows move between boxes, Enter selects (the tree and the details follow), −/+
// collapse and expand. Boxes are keyed by id and keep their element between renders, so moving
// the timeline slider slides them to their new place (CSS, off under prefers-reduced-motion).

import { $ } from "./dom.js";
import { store, subscribe } from "./state.js";
import { showDetails } from "./details.js";

const NS = "http://www.w3.org/2000/svg";
const LEAF_W = 230;
const LINE = 15;
const PAD = 10;
const GAP = 14;
const WRAP = 1100;
/** Containers with more children than this start collapsed. */
const AUTO_COLLAPSE = 24;
/** Characters that fit a line of a box (12px text in LEAF_W). */
const CHARS = 33;

const REDUCED = matchMedia("(prefers-reduced-motion: reduce)");
const collapsed = new Map(); // id (lower-case) -> bool, set by the user
const elements = new Map(); // id (lower-case) -> <g>
let view = null; // the user's viewBox {x, y, w, h}; null = fit
let size = { w: 400, h: 200 };
let focusedId = null;
let drag = null;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const cut = (text, n = CHARS) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
const key = (id) => id.toLowerCase();

function isCollapsed(n) {
  const k = key(n.id);
  if (collapsed.has(k)) return collapsed.get(k);
  return n.kids.length > AUTO_COLLAPSE;
}

/** The lines a box shows, each `[text, class, testid, extra attributes]`. */
function lines(n) {
  const out = [[cut(n.label), "dg-label"]];
  const state = n.state ? ` · ${n.state.symbol} ${n.state.word}` : "";
  out.push([cut(`${n.kind}${state}`), "dg-kind"]);
  if (n.boundary) out.push(["▣ compliance boundary", "dg-boundary-note"]);
  for (const s of n.shared) out.push([cut(`shared ${s.setting}: ${s.value}`), "dg-shared", "diagram-shared", { "data-setting": s.setting }]);
  // Inherited settings on two lines at most: every one is named (the label has them all).
  const inherits = n.inherits.join(", ");
  if (inherits.length > CHARS - 12) {
    const half = Math.ceil(n.inherits.length / 2);
    out.push([cut(`↳ inherits ${n.inherits.slice(0, half).join(", ")},`), "dg-inherits", "diagram-inherits"]);
    out.push([cut(`   ${n.inherits.slice(half).join(", ")}`), "dg-inherits"]);
  } else if (inherits) {
    out.push([cut(`↳ inherits ${inherits}`), "dg-inherits", "diagram-inherits"]);
  }
  for (const b of n.badges) out.push([cut(b.text), `dg-badge tone-${b.tone}`, "diagram-badge", { "data-kind": b.kind }]);
  if (n.unavailable) out.push([cut(`⚠ ${n.unavailable}`), "dg-down-note"]);
  if (isCollapsed(n) && n.kids.length) out.push([`▸ ${n.kids.length + n.hidden} inside, collapsed (+ opens)`, "dg-more"]);
  else if (n.hidden) out.push([`+ ${n.hidden} more not drawn (the tree's filter finds them)`, "dg-more"]);
  return out;
}

/** Sizes a box and places its children relative to it, in rows that wrap at WRAP. */
function measure(n) {
  n.lines = lines(n);
  const head = PAD + n.lines.length * LINE + 8;
  const kids = isCollapsed(n) ? [] : n.kids;
  n.shown = kids;
  if (!kids.length) {
    n.w = LEAF_W;
    n.h = head + PAD;
    return;
  }
  kids.forEach(measure);
  let x = PAD, y = head, rowH = 0, w = LEAF_W;
  for (const k of kids) {
    if (x > PAD && x + k.w > WRAP) {
      y += rowH + GAP;
      x = PAD;
      rowH = 0;
    }
    k.rx = x;
    k.ry = y;
    x += k.w + GAP;
    rowH = Math.max(rowH, k.h);
    w = Math.max(w, x - GAP + PAD);
  }
  n.w = w;
  n.h = y + rowH + PAD;
}

function place(n, x, y, out) {
  n.x = x;
  n.y = y;
  out.push(n);
  for (const k of n.shown) place(k, x + k.rx, y + k.ry, out);
}

/** The view model as a forest, laid out; boxes in drawing order (parents first). */
function layout(d) {
  const byId = new Map();
  for (const n of d.nodes) byId.set(key(n.id), { ...n, kids: [] });
  const roots = [];
  for (const n of byId.values()) {
    const p = n.parent && byId.get(key(n.parent));
    if (p) p.kids.push(n);
    else roots.push(n);
  }
  const order = [];
  let y = 0, w = 0;
  for (const r of roots) {
    measure(r);
    place(r, 0, y, order);
    y += r.h + GAP;
    w = Math.max(w, r.w);
  }
  return { order, byId, w: Math.max(w, 1), h: Math.max(y - GAP, 1) };
}

/** What a screen reader hears for a box: everything its lines say, and its relations. */
function ariaLabel(n, rels) {
  const parts = [`${n.kind} ${n.label}`, n.state ? n.state.word : null, n.location ? `in ${n.location}` : null];
  if (n.boundary) parts.push("compliance boundary");
  for (const s of n.shared) parts.push(`shared ${s.setting}: ${s.value}`);
  if (n.inherits.length) parts.push(`inherits ${n.inherits.join(", ")}`);
  for (const b of n.badges) parts.push(`${b.text}${b.detail ? ` (${b.detail})` : ""}`);
  if (n.unavailable) parts.push(`unavailable: ${n.unavailable}`);
  parts.push(...rels);
  parts.push(`id ${n.shortId}`);
  return parts.filter(Boolean).join("; ");
}

const RELATION_WORDS = {
  "private-link": "private link",
  "customer-managed-key": "customer-managed key",
  "med-tech-ingest": "MedTech: events from",
  "med-tech-destination": "MedTech: writes to",
};

function relationTexts(d, byId) {
  const texts = new Map();
  const add = (id, t) => texts.set(key(id), [...(texts.get(key(id)) ?? []), t]);
  for (const r of d.relations) {
    const from = byId.get(key(r.from));
    const to = byId.get(key(r.to));
    if (!from || !to) continue;
    const state = r.active ? "" : ` (not working${r.problem ? `: ${r.problem}` : ""})`;
    add(r.from, `${RELATION_WORDS[r.kind]} → ${to.label}${state}`);
    add(r.to, `${RELATION_WORDS[r.kind]} ← ${from.label}${state}`);
  }
  return texts;
}

function drawBox(n, rels) {
  const k = key(n.id);
  let g = elements.get(k);
  const fresh = !g;
  if (fresh) {
    g = svg("g", { class: "dn enter", "data-testid": "diagram-node", role: "button", tabindex: "-1" });
    g.addEventListener("animationend", () => g.classList.remove("enter"), { once: true });
    elements.set(k, g);
  }
  const tone = n.state?.tone ?? "none";
  const attrs = {
    "data-id": n.id, "data-state": n.state?.word ?? "", "data-kind": n.kind, "data-tone": tone,
    "data-boundary": String(n.boundary), "data-unavailable": String(!!n.unavailable),
    // The accessible name starts with the box's visible text (WCAG 2.5.3, label in name:
    // axe's label-content-name-mismatch), then says what the drawing shows by shape.
    "aria-label": `${n.lines.map(([text]) => text).join(" ")}. ${ariaLabel(n, rels)}`,
    "aria-current": store.selected && key(store.selected) === k ? "true" : null,
    "aria-expanded": n.kids.length ? String(!isCollapsed(n)) : null,
  };
  for (const [a, v] of Object.entries(attrs)) v === null ? g.removeAttribute(a) : g.setAttribute(a, v);
  const to = `translate(${n.x}px, ${n.y}px)`;
  const from = g.style.transform;
  g.style.transform = to;
  // Slide from the old place to the new one (a timeline step, a collapse), unless the user
  // asked for less motion.
  if (!fresh && from && from !== to && !REDUCED.matches && g.animate) {
    g.animate([{ transform: from }, { transform: to }], { duration: 350, easing: "ease-out" });
  }
  const box = svg("rect", { class: `box state-${(n.state?.word ?? "none").toLowerCase()}`, width: n.w, height: n.h, rx: n.boundary ? 10 : 4 });
  const parts = [box];
  if (n.boundary) parts.push(svg("rect", { class: "boundary-inner", x: 4, y: 4, width: n.w - 8, height: n.h - 8, rx: 7 }));
  // Each line ends with a space (not drawn: SVG drops trailing white space), so the box's text
  // reads as words, which its accessible name then contains (label in name).
  n.lines.forEach(([text, cls, testid, extra], i) => {
    parts.push(svg("text", { class: cls, x: PAD, y: PAD + (i + 1) * LINE - 3, "data-testid": testid, ...extra }, `${text} `));
  });
  parts.push(svg("title", {}, `${n.label} (${n.shortId})`));
  g.replaceChildren(...parts);
  return g;
}

function drawEdges(d, byId) {
  const layer = svg("g", { class: "dg-edges", "aria-hidden": "true" });
  for (const r of d.relations) {
    const a = byId.get(key(r.from));
    const b = byId.get(key(r.to));
    if (!a || !b || a.x === undefined || b.x === undefined) continue;
    const x1 = a.x + a.w / 2, y1 = a.y + a.h / 2, x2 = b.x + b.w / 2, y2 = b.y + Math.min(b.h, 40) / 2;
    const mid = (y1 + y2) / 2 - 30;
    layer.append(svg("path", {
      d: `M${x1},${y1} Q${(x1 + x2) / 2},${mid} ${x2},${y2}`,
      // Not working: broken (a problem, red ✗) or only not running yet (muted, dashed).
      class: `edge edge-${r.kind}${r.active ? "" : r.problem ? " broken" : " idle"}`, "marker-end": "url(#dg-arrow)",
      "data-testid": "diagram-edge", "data-kind": r.kind, "data-from": r.from, "data-to": r.to, "data-active": String(r.active),
    }));
    layer.append(svg("text", { class: "edge-label", x: (x1 + x2) / 2, y: mid + 12 }, `${RELATION_WORDS[r.kind]}${r.active ? "" : r.problem ? " ✗" : " (not running)"}`));
  }
  return layer;
}

function applyView() {
  const s = $("diagram-svg");
  const v = view ?? { x: -6, y: -6, w: size.w + 12, h: size.h + 12 };
  s.setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${v.h}`);
}

function render() {
  const s = $("diagram-svg");
  if (!store.sim || !s) return;
  const d = store.sim.diagram();
  const { order, byId, w, h } = layout(d);
  size = { w, h };
  const rels = relationTexts(d, byId);
  const nodes = $("diagram-nodes");
  const keep = new Set(order.map((n) => key(n.id)));
  for (const [k, g] of elements) if (!keep.has(k)) { g.remove(); elements.delete(k); }
  // Boxes already drawn stay in the document (only new ones are inserted), so they animate.
  let at = nodes.firstChild;
  for (const n of order) {
    const g = drawBox(n, rels.get(key(n.id)) ?? []);
    if (g === at) at = at.nextSibling;
    else nodes.insertBefore(g, at);
  }
  $("diagram-edges-slot").replaceChildren(drawEdges(d, byId));
  const current = elements.get(key(focusedId ?? "")) ?? elements.get(key(store.selected ?? "")) ?? nodes.firstChild;
  if (current) current.tabIndex = 0;
  s.setAttribute("aria-label", `Resource diagram: ${order.length} resources${d.regionsDown.length ? `; region down: ${d.regionsDown.join(", ")}` : ""}`);
  $("diagram-status").textContent = d.regionsDown.length
    ? `⚠ Region outage: ${d.regionsDown.join(", ")}: everything there is greyed out.`
    : `${order.length} boxes. Workspaces are drawn as compliance boundaries (double border).`;
  applyView();
}

/** Marks the selection in the diagram (and moves the roving tab stop to it). */
function markSelected() {
  for (const [k, g] of elements) {
    const on = !!store.selected && key(store.selected) === k;
    if (on) g.setAttribute("aria-current", "true");
    else g.removeAttribute("aria-current");
  }
}

function select(g) {
  const id = g.dataset.id;
  showDetails(id);
  markSelected();
  // The tree follows: its row for this id is selected and scrolled into view.
  for (const item of document.querySelectorAll('[data-testid="tree-item"]')) {
    const on = key(item.dataset.id) === key(id);
    item.setAttribute("aria-selected", String(on));
    if (on) item.scrollIntoView({ block: "nearest" });
  }
}

function focusBox(g) {
  if (!g) return;
  for (const e of elements.values()) e.tabIndex = -1;
  g.tabIndex = 0;
  focusedId = g.dataset.id;
  g.focus();
}

function toggle(g, open) {
  collapsed.set(key(g.dataset.id), !open);
  focusedId = g.dataset.id;
  render();
  focusBox(elements.get(key(focusedId)));
}

function onKey(e) {
  const g = e.target.closest?.(".dn");
  if (!g) return;
  const all = [...$("diagram-nodes").children];
  const i = all.indexOf(g);
  switch (e.key) {
    case "ArrowDown": case "ArrowRight": focusBox(all[i + 1]); break;
    case "ArrowUp": case "ArrowLeft": focusBox(all[i - 1]); break;
    case "Home": focusBox(all[0]); break;
    case "End": focusBox(all[all.length - 1]); break;
    case "Enter": case " ": select(g); break;
    case "-": if (g.hasAttribute("aria-expanded")) toggle(g, false); break;
    case "+": case "=": if (g.hasAttribute("aria-expanded")) toggle(g, true); break;
    default: return;
  }
  e.preventDefault();
}

function zoom(factor, cx, cy) {
  const v = view ?? { x: -6, y: -6, w: size.w + 12, h: size.h + 12 };
  const px = cx ?? v.x + v.w / 2, py = cy ?? v.y + v.h / 2;
  view = { x: px - (px - v.x) * factor, y: py - (py - v.y) * factor, w: v.w * factor, h: v.h * factor };
  applyView();
}

/** A point of the page in diagram coordinates. */
function toDiagram(evt) {
  const m = $("diagram-svg").getScreenCTM();
  if (!m) return { x: 0, y: 0 };
  const p = new DOMPoint(evt.clientX, evt.clientY).matrixTransform(m.inverse());
  return { x: p.x, y: p.y };
}

function wirePointer(s) {
  s.addEventListener("click", (e) => {
    const g = e.target.closest(".dn");
    if (!g || drag?.moved) return;
    focusBox(g);
    select(g);
  });
  s.addEventListener("dblclick", (e) => {
    const g = e.target.closest(".dn");
    if (g?.hasAttribute("aria-expanded")) toggle(g, g.getAttribute("aria-expanded") !== "true");
  });
  s.addEventListener("wheel", (e) => {
    if (!e.ctrlKey && !e.metaKey) return; // a plain wheel scrolls the page
    e.preventDefault();
    const p = toDiagram(e);
    zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });
  s.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    drag = { start: toDiagram(e), moved: false, id: e.pointerId };
  });
  s.addEventListener("pointermove", (e) => {
    if (!drag || drag.id !== e.pointerId) return;
    const p = toDiagram(e);
    const dx = p.x - drag.start.x, dy = p.y - drag.start.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag.moved = true;
    const v = view ?? { x: -6, y: -6, w: size.w + 12, h: size.h + 12 };
    view = { ...v, x: v.x - dx, y: v.y - dy };
    applyView();
  });
  const end = () => setTimeout(() => { drag = null; }, 0);
  s.addEventListener("pointerup", end);
  s.addEventListener("pointercancel", end);
}

/** Wires the diagram panel; it redraws on every change (commands, undo, redo, the slider). */
export function initDiagram() {
  const s = $("diagram-svg");
  s.addEventListener("keydown", onKey);
  wirePointer(s);
  $("diagram-zoom-in").addEventListener("click", () => zoom(0.8));
  $("diagram-zoom-out").addEventListener("click", () => zoom(1.25));
  $("diagram-fit").addEventListener("click", () => { view = null; applyView(); });
  $("diagram-collapse").addEventListener("click", () => {
    for (const g of elements.values()) {
      if (g.dataset.kind === "resource group" || g.dataset.kind === "subscription") collapsed.set(key(g.dataset.id), g.dataset.kind === "resource group");
    }
    render();
  });
  $("diagram-expand").addEventListener("click", () => {
    for (const g of elements.values()) collapsed.set(key(g.dataset.id), false);
    render();
  });
  // A selection made in the tree shows here too (the tree's own handlers run first).
  const follow = () => queueMicrotask(markSelected);
  $("resource-tree").addEventListener("click", follow);
  $("resource-tree").addEventListener("keydown", follow);
  subscribe(later);
}

let pending = 0;
/** Draws at the next frame, once however many changes came before it: a command's own
 * redraw (and the autosave's timer) is not held up by the picture. */
function later() {
  if (!pending) pending = requestAnimationFrame(() => { pending = 0; render(); });
}
