// Portal-style create: on the selected resource, the child types it can hold ("Create FHIR
// service", …); a form with the portal's tabs (Basics, Networking, Encryption, Identity, Tags)
// whose fields come from the facade (the core's rules: a field that cannot be chosen now is
// disabled and says why, with the rule). Create prints and runs the equivalent az line in the
// console, so the learner sees the command the form stands for. Nothing is decided here.

import { el, clear, $ } from "./dom.js";
import { store, subscribe, errorText, upgrade } from "./state.js";

/** The form's script (`createform-form.js`), once loaded: the page starts without it. */
let formScript = null;

/** The open form: `{ id, child }`, or null. */
let open = null;
let shownFor = null;

function close() {
  open = null;
  render(true);
}

/** Opens the create form for `child` (a `createTypes` key) of the resource `id`. */
export async function openCreateForm(id, child) {
  open = { id, child };
  // The form's model is in the full module (the start module lists the child types only), and
  // its script loads with it.
  const needsModule = typeof store.sim?.createForm !== "function";
  [formScript] = await Promise.all([formScript ?? import("./createform-form.js"), needsModule ? upgrade() : null]);
  render(true);
}

function render(force = false) {
  const box = $("create-area");
  const id = store.selected;
  if (!force && id === shownFor) return;
  shownFor = id;
  clear(box);
  if (!id || !store.sim || typeof store.sim.createTypes !== "function") return;
  if (open && open.id !== id) open = null;
  if (open && formScript) {
    try {
      formScript.renderForm(box, store.sim.createForm(open.id, open.child), open, close);
    } catch (e) {
      box.append(el("p", { class: "hint" }, errorText(e)));
    }
    return;
  }
  let types = [];
  try {
    types = store.sim.createTypes(id);
  } catch {
    types = [];
  }
  if (!types.length) return;
  const row = el("div", { class: "row create-buttons", role: "group", "aria-label": "Create in the selection" });
  for (const t of types) {
    const b = el("button", { type: "button", "data-testid": `create-${t.key}` }, `+ Create ${t.label}`);
    b.addEventListener("click", () => openCreateForm(id, t.key));
    row.append(b);
  }
  box.append(row);
}

/** Wires the create area under the details: it follows the tree's selection. */
export function initCreateForm() {
  const tree = $("resource-tree");
  // The tree selects on click and Enter/Space; the area follows after the tree's handlers.
  tree.addEventListener("click", () => render());
  tree.addEventListener("keydown", () => queueMicrotask(() => render()));
  subscribe((reason) => render(reason === "replace" || reason === "lesson"));
}
