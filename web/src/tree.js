// The resource tree: an ARIA tree (role tree/treeitem/group) with a roving tabindex, so it is
// one Tab stop and the arrow keys move inside it (WAI-ARIA tree view pattern). Labels, state
// symbols and tones come from the lab's view model; states and faults are written as words and
// symbols, not only colours. Large trees stay fast: the page asks the facade for the rows it
// draws (`treeRows`: collapsed nodes' children are not drawn, a long child list is cut with a
// note to use the filter), never for the whole tree, and a redraw reuses every row whose node
// did not change (none at all when the state, filter, selection and expansion are the same).

import { el, $, toneClass } from "./dom.js";
import { store, subscribe } from "./state.js";
import { showDetails } from "./details.js";

const expanded = new Map(); // id (lower-case) -> true/false, set by the user
let focusedId = null;

/**
 * Rows drawn so far, by id: the `li`, what it showed (`sig`) and its child group. A render
 * reuses a row whose node did not change, so a console round trip at 10k resources touches
 * only the rows that changed (and none when the tree is the same).
 */
const rows = new Map();
/** What the last render drew from: skip the work when nothing it depends on changed. */
let drawn = null;
/** Bumped by every expand/collapse, so a render after one is never skipped. */
let toggles = 0;

/** Everything a row shows, as one string to compare. */
function signature(row, selected) {
  return [row.label, row.name, row.kind, row.state, row.stateSymbol, row.tone,
    row.faults.join(","), row.depth, row.hasKids, row.open, selected].join("\u0000");
}

function buildRow(row, selected) {
  const { hasKids, open } = row;
  const li = el("li", {
    role: "treeitem",
    "aria-level": row.depth + 1,
    "aria-expanded": hasKids ? String(open) : null,
    "aria-selected": String(selected),
    tabindex: "-1",
    "data-id": row.id,
    "data-name": row.name,
    "data-testid": "tree-item",
  });
  const label = el("span", { class: "row-label" },
    el("span", { class: "twisty", "aria-hidden": "true" }, hasKids ? (open ? "▾" : "▸") : " "),
    el("span", { class: "name" }, row.label),
    el("span", { class: "kind" }, row.kind),
    row.state ? el("span", { class: `state ${toneClass(row.tone)}` }, `${row.stateSymbol} ${row.state}`) : null,
    row.faults.length
      ? el("span", { class: "fault-badge" }, `⚠ fault ${row.faults.map((f) => "#" + f).join(", ")}`)
      : null,
  );
  li.append(label);
  return li;
}

/** Makes `parent`'s children exactly `wanted` (moving nothing when they already are). */
function syncChildren(parent, wanted) {
  const cur = parent.children;
  if (cur.length === wanted.length && wanted.every((w, i) => cur[i] === w)) return;
  parent.replaceChildren(...wanted);
}

/** The drawn row of `r` (a `treeRows` row): the one already drawn when nothing changed. */
function rowOf(r, seen) {
  const selected = !!store.selected && store.selected.toLowerCase() === r.id.toLowerCase();
  const sig = signature(r, selected);
  let row = rows.get(r.id);
  if (!row || row.sig !== sig) {
    row = { li: buildRow(r, selected), sig, group: null, more: null };
    rows.set(r.id, row);
  }
  seen.add(r.id);
  return row;
}

/** Gives an open row its child group holding `wanted` (and the note on the ones left out). */
function fillGroup(open) {
  const { row, wanted, more } = open;
  if (more > 0) {
    const text = `… and ${more} more: type in the filter to find them`;
    if (row.more?.textContent !== text) row.more = el("li", { class: "more", role: "none" }, text);
    wanted.push(row.more);
  }
  if (!row.group) {
    row.group = el("ul", { role: "group" });
    row.li.append(row.group);
  }
  syncChildren(row.group, wanted);
}

/** Draws the facade's rows (each node before its children, `depth` telling whose they are). */
function draw(list) {
  const seen = new Set();
  const top = [];
  const stack = [{ depth: -1, wanted: top }];
  for (const r of list) {
    while (stack.at(-1).depth >= r.depth) fillGroup(stack.pop());
    const row = rowOf(r, seen);
    stack.at(-1).wanted.push(row.li);
    if (r.open) {
      stack.push({ depth: r.depth, wanted: [], row, more: r.more });
    } else if (row.group) {
      row.group.remove();
      row.group = null;
    }
  }
  while (stack.length > 1) fillGroup(stack.pop());
  syncChildren($("resource-tree"), top);
  for (const id of [...rows.keys()]) if (!seen.has(id)) rows.delete(id);
}

function render() {
  const q = $("tree-filter").value.trim().toLowerCase();
  const s = store.state;
  $("tree-count").textContent = s ? `${s.resourceCount} resources (subscriptions included)` : "";
  const key = { s, q, toggles, selected: store.selected };
  if (drawn && Object.keys(key).every((k) => key[k] === drawn[k])) return;
  drawn = key;
  const open = [];
  const closed = [];
  for (const [id, isOpen] of expanded) (isOpen ? open : closed).push(id);
  draw(s && store.sim ? store.sim.treeRows(q, open.join("\n"), closed.join("\n")) : []);
  // Keep exactly one item in the Tab order: the focused one, else the selected, else the first.
  const items = visibleItems();
  const current = items.find((i) => i.dataset.id === focusedId)
    ?? items.find((i) => i.getAttribute("aria-selected") === "true") ?? items[0];
  for (const i of items) if (i !== current && i.tabIndex !== -1) i.tabIndex = -1;
  if (current) current.tabIndex = 0;
}

function visibleItems() {
  return [...$("resource-tree").querySelectorAll('[role="treeitem"]')];
}

function focusItem(item) {
  if (!item) return;
  for (const i of visibleItems()) i.tabIndex = -1;
  item.tabIndex = 0;
  focusedId = item.dataset.id;
  item.focus();
}

function toggle(item, open) {
  const key = item.dataset.id.toLowerCase();
  expanded.set(key, open);
  toggles++;
  focusedId = item.dataset.id;
  render();
  focusItem(visibleItems().find((i) => i.dataset.id === focusedId));
}

function select(item) {
  store.selected = item.dataset.id;
  for (const i of visibleItems()) i.setAttribute("aria-selected", String(i === item));
  showDetails(item.dataset.id);
}

function onKey(e) {
  const item = e.target.closest('[role="treeitem"]');
  if (!item) return;
  const items = visibleItems();
  const idx = items.indexOf(item);
  const isOpen = item.getAttribute("aria-expanded") === "true";
  const hasKids = item.hasAttribute("aria-expanded");
  switch (e.key) {
    case "ArrowDown": focusItem(items[idx + 1]); break;
    case "ArrowUp": focusItem(items[idx - 1]); break;
    case "Home": focusItem(items[0]); break;
    case "End": focusItem(items[items.length - 1]); break;
    case "ArrowRight":
      if (hasKids && !isOpen) toggle(item, true);
      else if (hasKids) focusItem(item.querySelector('[role="group"] > [role="treeitem"]'));
      break;
    case "ArrowLeft":
      if (hasKids && isOpen) toggle(item, false);
      else focusItem(item.parentElement.closest('[role="treeitem"]'));
      break;
    case "Enter": case " ": select(item); break;
    default: return;
  }
  e.preventDefault();
}

function onClick(e) {
  const item = e.target.closest('[role="treeitem"]');
  if (!item) return;
  if (e.target.classList.contains("twisty") && item.hasAttribute("aria-expanded")) {
    toggle(item, item.getAttribute("aria-expanded") !== "true");
    return;
  }
  focusItem(item);
  select(item);
}

/** Wires the tree panel. */
export function initTree() {
  const tree = $("resource-tree");
  tree.addEventListener("keydown", onKey);
  tree.addEventListener("click", onClick);
  $("tree-filter").addEventListener("input", render);
  subscribe(render);
}
