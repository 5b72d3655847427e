// Portal-style create: on the selected resource, the child types it can hold ("Create FHIR
// service", …); a form with the portal's tabs (Basics, Networking, Encryption, Identity, Tags)
// whose fields come from the facade (the core's rules: a field that cannot be chosen now is
// disabled and says why, with the rule). Create prints and runs the equivalent az line in the
// console, so the learner sees the command the form stands for. Nothing is decided here.

import { el, clear, $ } from "./dom.js";
import { store, subscribe, errorText, upgrade } from "./state.js";
import { execute, note } from "./console.js";
import { initTabs } from "./tools.js";

/** The open form: `{ id, child }`, or null. */
let open = null;
let shownFor = null;

function blockedText(b) {
  return `${b.message}${b.rule ? ` (rule ${b.rule})` : ""}`;
}

function fieldRow(f, idPrefix) {
  const id = `${idPrefix}-${f.key}`;
  const help = [];
  const row = el("div", { class: "create-field" });
  row.append(el("label", { for: id }, f.label));
  let input;
  if (f.choices.length) {
    input = el("select", { id, name: f.key });
    for (const c of f.choices) input.append(el("option", { value: c, selected: c === f.value }, c));
  } else {
    input = el("input", { id, name: f.key, value: f.value, autocomplete: "off", spellcheck: "false" });
  }
  if (f.help) {
    help.push(`${id}-help`);
    row.append(el("p", { id: `${id}-help`, class: "hint" }, f.help));
  }
  if (f.blocked) {
    input.disabled = true;
    help.push(`${id}-why`);
    row.append(el("p", { id: `${id}-why`, class: "blocked-reason", "data-testid": "create-field-reason" },
      `Fixed: ${blockedText(f.blocked)}`));
  }
  if (help.length) input.setAttribute("aria-describedby", help.join(" "));
  row.insertBefore(input, row.children[1] ?? null);
  return row;
}

function values(form) {
  const out = {};
  for (const input of form.querySelectorAll("input[name], select[name]")) {
    if (!input.disabled) out[input.name] = input.value;
  }
  return out;
}

function preview(form) {
  const out = form.querySelector('[data-testid="create-line"]');
  try {
    out.textContent = store.sim.createLine(open.id, open.child, values(form));
  } catch (e) {
    out.textContent = errorText(e);
  }
}

function renderForm(box, f) {
  const form = el("form", { class: "create-form", "data-testid": "create-form", "aria-labelledby": "create-title" });
  form.append(el("h3", { id: "create-title" }, f.title));
  if (f.blocked) {
    form.append(el("p", { class: "blocked-reason", role: "note", "data-testid": "create-blocked" },
      `The core would refuse this now: ${blockedText(f.blocked)}`));
  }
  const tabs = el("div", { role: "tablist", "aria-label": "Create steps", class: "tabs small", id: "create-tabs" });
  form.append(tabs);
  f.tabs.forEach((t, i) => {
    const tabId = `create-tab-${i}`;
    const paneId = `create-pane-${i}`;
    tabs.append(el("button", {
      type: "button", role: "tab", id: tabId, "aria-controls": paneId,
      "aria-selected": String(i === 0), tabindex: i === 0 ? "0" : "-1", "data-testid": `create-tab-${t.name}`,
    }, t.name));
    const pane = el("div", { role: "tabpanel", id: paneId, "aria-labelledby": tabId, class: "pane", hidden: i !== 0 });
    for (const field of t.fields) pane.append(fieldRow(field, `create-${i}`));
    form.append(pane);
  });
  form.append(el("p", { class: "hint" }, "Review + create: this form runs the az command below in the console."),
    el("pre", { class: "output code", "data-testid": "create-line", "aria-live": "polite" }));
  const actions = el("div", { class: "row" },
    el("button", { type: "submit", "data-testid": "create-submit" }, "Create"),
    el("button", { type: "button", "data-testid": "create-cancel" }, "Cancel"));
  form.append(actions);
  box.append(form);
  initTabs("create-tabs");
  form.addEventListener("input", () => preview(form));
  form.addEventListener("change", () => preview(form));
  actions.lastChild.addEventListener("click", () => close());
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    let line;
    try {
      line = store.sim.createLine(open.id, open.child, values(form));
    } catch (err) {
      note(`Create: ${errorText(err)}`);
      return;
    }
    close();
    execute(line);
  });
  preview(form);
  form.querySelector("input:not([disabled]), select:not([disabled])")?.focus();
}

function close() {
  open = null;
  render(true);
}

/** Opens the create form for `child` (a `createTypes` key) of the resource `id`. */
export async function openCreateForm(id, child) {
  open = { id, child };
  // The form's model is in the full module (the start module lists the child types only).
  if (typeof store.sim?.createForm !== "function") await upgrade();
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
  if (open) {
    try {
      renderForm(box, store.sim.createForm(open.id, open.child));
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
