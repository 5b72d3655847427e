// The operations timeline: the lab's `opsTimeline()` drawn on the virtual clock. Long-running
// operations are bars (a running one striped, a failed one marked ✗, a group delete with its
// cascaded children as ticks), events are ticks on their own row, faults are shaded spans, and
// a line marks now (the current step). It redraws on every change, so undo, redo and the
// slider move it. Text only ever goes in as text nodes.

import { $ } from "./dom.js";
import { store, subscribe } from "./state.js";

const NS = "http://www.w3.org/2000/svg";
const W = 1000;
const LEFT = 260;
const ROW = 20;
const TOP = 34;
/** A status as a symbol too, never by colour alone. */
const SYMBOL = { Running: "…", Succeeded: "✓", Failed: "✗", Canceled: "–" };

/** An SVG element: attributes set one by one, a string child as text, other children appended. */
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  for (const c of children) if (c !== undefined) node.append(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
}

/** `T+hh:mm:ss` of a virtual time in ms (the clock's own form, without the milliseconds). */
function clock(ms) {
  const s = Math.floor(ms / 1000);
  const pad = (n) => String(n).padStart(2, "0");
  return `T+${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

const cut = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

function range(t) {
  let lo = t.nowMs, hi = t.nowMs;
  for (const o of t.ops) { lo = Math.min(lo, o.startMs); hi = Math.max(hi, o.endMs); }
  for (const f of t.faults) { lo = Math.min(lo, f.startMs); hi = Math.max(hi, f.endMs); }
  for (const m of t.marks) { lo = Math.min(lo, m.atMs); hi = Math.max(hi, m.atMs); }
  if (hi - lo < 1000) hi = lo + 1000;
  return [lo, hi + (hi - lo) * 0.03];
}

function axis(x, lo, hi, height) {
  const g = svg("g", { class: "ot-axis", "aria-hidden": "true" });
  for (let i = 0; i <= 4; i++) {
    const t = lo + ((hi - lo) * i) / 4;
    g.append(svg("line", { x1: x(t), x2: x(t), y1: 14, y2: height, class: "ot-grid" }));
    g.append(svg("text", { x: x(t), y: 11, "text-anchor": i === 4 ? "end" : i === 0 ? "start" : "middle" }, clock(t)));
  }
  return g;
}

function bar(o, y, x) {
  const x1 = x(o.startMs), x2 = Math.max(x(o.endMs), x1 + 3);
  const what = `${o.kind} ${o.shortTarget}`;
  const state = `${SYMBOL[o.status] ?? ""} ${o.status}${o.error ? ` (${o.error})` : ""}`;
  const label = `Operation ${o.number}: ${what}, ${state}, ${clock(o.startMs)} to ${clock(o.endMs)}${o.children.length ? `, took along ${o.children.length}` : ""}`;
  const g = svg("g", {
    role: "listitem", "aria-label": label, class: `ot-op status-${o.status.toLowerCase()}`,
    "data-testid": "ops-bar", "data-target": o.target, "data-status": o.status, "data-kind": o.kind,
  });
  g.append(svg("text", { x: 4, y: y + 14, class: "ot-op-label" }, cut(`${SYMBOL[o.status] ?? ""} ${what}`, 40)));
  g.append(svg("rect", { x: x1, y: y + 4, width: x2 - x1, height: ROW - 8, rx: 2, class: "ot-bar" }));
  for (const c of o.children) {
    const cx = x(c.atMs);
    g.append(svg("line", { x1: cx, x2: cx, y1: y + 1, y2: y + ROW - 1, class: "ot-child" }));
  }
  g.append(svg("title", {}, label));
  return g;
}

function render() {
  const host = $("ops-svg");
  if (!store.sim || !host) return;
  const t = store.sim.opsTimeline();
  const [lo, hi] = range(t);
  const x = (ms) => LEFT + ((ms - lo) / (hi - lo)) * (W - LEFT - 8);
  const rows = t.ops.length + 1;
  const height = TOP + rows * ROW + 8;
  host.setAttribute("viewBox", `0 0 ${W} ${height}`);
  host.setAttribute("height", String(height));
  const faults = svg("g", { class: "ot-faults", role: "list", "aria-label": "Faults" });
  for (const f of t.faults) {
    const x1 = x(f.startMs), x2 = Math.max(x(f.endMs), x1 + 3);
    const label = `Fault #${f.number} ${f.kind} on ${f.scope}, ${clock(f.startMs)} to ${clock(f.endMs)}${f.active ? " (active)" : " (healed)"}`;
    faults.append(svg("g", { role: "listitem", "aria-label": label, "data-testid": "ops-fault", "data-active": String(f.active) },
      svg("rect", { x: x1, y: 14, width: x2 - x1, height: height - 14, class: `ot-fault${f.active ? " active" : ""}` }),
      svg("text", { x: x1 + 3, y: 26, class: "ot-fault-label" }, cut(`⚠ #${f.number} ${f.kind}`, 24)),
      svg("title", {}, label)));
  }
  const ops = svg("g", { role: "list", "aria-label": "Long-running operations" });
  t.ops.forEach((o, i) => ops.append(bar(o, TOP + i * ROW, x)));
  const ey = TOP + t.ops.length * ROW;
  const events = svg("g", { class: "ot-events", role: "list", "aria-label": `Events (${t.marks.length})` });

  for (const m of t.marks) {
    const mx = x(m.atMs);
    events.append(svg("g", { role: "listitem", "aria-label": `${clock(m.atMs)} ${m.name}: ${m.summary}`, "data-testid": "ops-mark" },
      svg("line", { x1: mx, x2: mx, y1: ey + 4, y2: ey + ROW - 4, class: `ot-mark ev-${m.name}` }),
      svg("title", {}, `${clock(m.atMs)} ${m.name}: ${m.summary}`)));
  }
  const nx = x(t.nowMs);
  const nowText = `now ${t.now} · step ${t.cursor} of ${t.steps}`;
  const now = svg("g", { class: "ot-now", "data-testid": "ops-now", "data-now-ms": t.nowMs, "aria-hidden": "true" },
    svg("line", { x1: nx, x2: nx, y1: 14, y2: height }),
    svg("text", { x: Math.min(nx + 3, W - 4), y: TOP - 4, "text-anchor": nx > W - 200 ? "end" : "start" }, nowText));
  const eventsLabel = svg("text", { x: 4, y: ey + 14, class: "ot-op-label", "aria-hidden": "true" }, `events (${t.marks.length})`);
  host.replaceChildren(axis(x, lo, hi, height), faults, ops, eventsLabel, events, now);
  host.setAttribute("aria-label", `Operations timeline: ${t.ops.length} operations, ${t.faults.length} faults, ${nowText}`);
  $("ops-summary").textContent = t.ops.length
    ? `${t.ops.length} operations; ${nowText}.`
    : `No long-running operations yet; ${nowText}.`;
}

/** Wires the timeline of operations; it follows every change (commands, undo, redo, slider). */
export function initOpsTimeline() {
  subscribe(later);
}

let pending = 0;
/** Draws at the next frame, once however many changes came before it: a command's own
 * redraw (and the autosave's timer) is not held up by the picture. */
function later() {
  if (!pending) pending = requestAnimationFrame(() => { pending = 0; render(); });
}
