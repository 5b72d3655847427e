// The resource tree: an ARIA tree (role tree/treeitem/group) with a roving tabindex, so it is
// one Tab stop and the arrow keys move inside it (WAI-ARIA tree view pattern). Labels, state
// symbols and tones come from the lab's view model; states and faults are written as words and
// symbols, not only colours. Large trees stay fast: collapsed nodes render no children, a long
// child list is cut (with a note to use the filter), and a redraw reuses every row whose node
// did not change (none at all when the tree, filter, selection and expansion are the same).

import { el, $, toneClass } from "./dom.js";
import { store, subscribe } from "./state.js";
import { showDetails } from "./details.js";

/** At most this many children of one node are drawn (the filter finds the rest). */
const MAX_CHILDREN_SHOWN = 200;
/** Nodes with more children than this start collapsed. */
const AUTO_EXPAND_LIMIT = 50;

const expanded = new Map(); // id (lower-case) -> true/false, set by the user
let focusedId = null;

function isExpanded(node, depth) {
  const key = node.id.toLowerCase();
  if (expanded.has(key)) return expanded.get(key);
  return depth < 3 && node.children.length <= AUTO_EXPAND_LIMIT;
}

/** True if the node or a descendant matches the filter text (its label, name or id). */
function matches(node, q) {
  if (!q) return true;
  if ([node.label, node.name, node.id].some((t) => t.toLowerCase().includes(q))) return true;
  return node.children.some((c) => matches(c, q));
}

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
function signature(node, depth, hasKids, open, selected) {
  return [node.label, node.name, node.kind, node.state, node.stateSymbol, node.tone,
    node.faults.join(","), depth, hasKids, open, selected].join("\u0000");
}

function buildRow(node, depth, hasKids, open, selected) {
  const li = el("li", {
    role: "treeitem",
    "aria-level": depth + 1,
    "aria-expanded": hasKids ? String(open) : null,
    "aria-selected": String(selected),
    tabindex: "-1",
    "data-id": node.id,
    "data-name": node.name,
    "data-testid": "tree-item",
  });
  const label = el("span", { class: "row-label" },
    el("span", { class: "twisty", "aria-hidden": "true" }, hasKids ? (open ? "▾" : "▸") : " "),
    el("span", { class: "name" }, node.label),
    el("span", { class: "kind" }, node.kind),
    node.state ? el("span", { class: `state ${toneClass(node.tone)}` }, `${node.stateSymbol} ${node.state}`) : null,
    node.faults.length
      ? el("span", { class: "fault-badge" }, `⚠ fault ${node.faults.map((f) => "#" + f).join(", ")}`)
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

function renderNode(node, depth, q, seen) {
  const hasKids = node.children.length > 0;
  const open = hasKids && (q ? true : isExpanded(node, depth));
  const selected = !!store.selected && store.selected.toLowerCase() === node.id.toLowerCase();
  const sig = signature(node, depth, hasKids, open, selected);
  let row = rows.get(node.id);
  if (!row || row.sig !== sig) {
    row = { li: buildRow(node, depth, hasKids, open, selected), sig, group: null, more: null };
    rows.set(node.id, row);
  }
  seen.add(node.id);
  if (open) {
    const kids = q ? node.children.filter((c) => matches(c, q)) : node.children;
    const wanted = kids.slice(0, MAX_CHILDREN_SHOWN).map((c) => renderNode(c, depth + 1, q, seen));
    if (kids.length > MAX_CHILDREN_SHOWN) {
      const text = `… and ${kids.length - MAX_CHILDREN_SHOWN} more: type in the filter to find them`;
      if (row.more?.textContent !== text) row.more = el("li", { class: "more", role: "none" }, text);
      wanted.push(row.more);
    }
    if (!row.group) {
      row.group = el("ul", { role: "group" });
      row.li.append(row.group);
    }
    syncChildren(row.group, wanted);
  } else if (row.group) {
    row.group.remove();
    row.group = null;
  }
  return row.li;
}

function render() {
  const tree = $("resource-tree");
  const q = $("tree-filter").value.trim().toLowerCase();
  const roots = store.state ? store.state.tree : [];
  $("tree-count").textContent = store.state
    ? `${store.state.resourceCount} resources (subscriptions included)`
    : "";
  const key = { roots, q, toggles, selected: store.selected };
  if (drawn && Object.keys(key).every((k) => key[k] === drawn[k])) return;
  drawn = key;
  const seen = new Set();
  syncChildren(tree, roots.filter((r) => matches(r, q)).map((r) => renderNode(r, 0, q, seen)));
  for (const id of [...rows.keys()]) if (!seen.has(id)) rows.delete(id);
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
