// The create form itself (loaded with `import()` when a "+ Create" button is first used, with
// the full module that builds its model): the portal's tabs, each field with its help and, when
// the core's rules fix it, the reason (with the rule); the az line it stands for, previewed as
// the fields change; Create runs that line in the console. Nothing is decided here.

import { el } from "./dom.js";
import { store, errorText } from "./state.js";
import { execute, note } from "./console.js";
import { initTabs } from "./tools.js";

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

function preview(form, open) {
  const out = form.querySelector('[data-testid="create-line"]');
  try {
    out.textContent = store.sim.createLine(open.id, open.child, values(form));
  } catch (e) {
    out.textContent = errorText(e);
  }
}

/**
 * Draws the form model `f` (the facade's `createForm`) for `open` (`{ id, child }`) into `box`;
 * `close` closes it (Cancel, or after Create ran its line).
 */
export function renderForm(box, f, open, close) {
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
  form.addEventListener("input", () => preview(form, open));
  form.addEventListener("change", () => preview(form, open));
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
  preview(form, open);
  form.querySelector("input:not([disabled]), select:not([disabled])")?.focus();
}
