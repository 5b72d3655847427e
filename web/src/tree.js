// The resource tree: an ARIA tree (role tree/treeitem/group) with a roving tabindex, so it is
// one Tab stop and the arrow keys move inside it (WAI-ARIA tree view pattern). Labels, state
// symbols and tones come from the lab's view model; states and faults are written as words and
// symbols, not only colours. Large trees stay fast: collapsed nodes
// render no children and a long child list is cut, with a note to use the filter.

import { el, clear, $, toneClass } from "./dom.js";
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

function renderNode(node, depth, q) {
  const hasKids = node.children.length > 0;
  const open = hasKids && (q ? true : isExpanded(node, depth));
  const selected = store.selected && store.selected.toLowerCase() === node.id.toLowerCase();
  const li = el("li", {
    role: "treeitem",
    "aria-level": depth + 1,
    "aria-expanded": hasKids ? String(open) : null,
    "aria-selected": String(!!selected),
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
  if (open) {
    const group = el("ul", { role: "group" });
    const kids = q ? node.children.filter((c) => matches(c, q)) : node.children;
    for (const child of kids.slice(0, MAX_CHILDREN_SHOWN)) group.append(renderNode(child, depth + 1, q));
    if (kids.length > MAX_CHILDREN_SHOWN) {
      group.append(el("li", { class: "more", role: "none" },
        `… and ${kids.length - MAX_CHILDREN_SHOWN} more: type in the filter to find them`));
    }
    li.append(group);
  }
  return li;
}

function render() {
  const tree = $("resource-tree");
  const q = $("tree-filter").value.trim().toLowerCase();
  const roots = store.state ? store.state.tree : [];
  clear(tree);
  for (const root of roots) if (matches(root, q)) tree.append(renderNode(root, 0, q));
  $("tree-count").textContent = store.state
    ? `${store.state.resourceCount} resources (subscriptions included)`
    : "";
  // Keep exactly one item in the Tab order: the focused one, else the selected, else the first.
  const items = visibleItems();
  let current = items.find((i) => i.dataset.id === focusedId)
    ?? items.find((i) => i.getAttribute("aria-selected") === "true") ?? items[0];
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
