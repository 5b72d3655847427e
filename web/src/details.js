// The details panel: what the facade's `details(id)` returns, laid out for reading: facts,
// service URLs, effective workspace settings with their source, what is allowed now (and the
// rule that blocks the rest), and the ARM JSON exactly as a GET shows it.

import { el, clear, $ } from "./dom.js";
import { store, subscribe } from "./state.js";

/** Every `https://…` string in the ARM body, with where it sits (`properties.x.y`). */
function urlsIn(value, path = "", out = []) {
  if (typeof value === "string" && value.startsWith("https://")) out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => urlsIn(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) urlsIn(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

function facts(d) {
  const rows = [
    ["Name", d.name], ["Kind", d.kind], ["Type", d.type],
    ["State", d.state ? `${d.stateSymbol} ${d.state}` : "—"],
    ["Location", d.location ?? "—"], ["Created", `${d.createdAt} by ${d.createdBy}`],
    // The id relative to the current subscription; the full id on demand.
    ["Id", d.shortId === d.id ? d.id : el("span", {}, el("span", { "data-testid": "details-short-id" }, d.shortId), " ",
      el("details", { class: "full-id" }, el("summary", {}, "full id"), el("code", { "data-testid": "details-full-id" }, d.id)))],
  ];
  if (d.url) rows.push(["URL", d.url]);
  for (const [k, v] of d.dataPlane ?? []) rows.push([k, v]);
  if (d.faults.length) rows.push(["Faults", d.faults.map((f) => `⚠ #${f}`).join(", ")]);
  const dl = el("dl", { class: "facts" });
  for (const [k, v] of rows) dl.append(el("dt", {}, k), el("dd", {}, v));
  return dl;
}

function table(headers, rows) {
  const t = el("table");
  t.append(el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))));
  const body = el("tbody");
  for (const r of rows) body.append(el("tr", {}, r.map((c) => el("td", {}, c))));
  t.append(body);
  return t;
}

function render(id) {
  const box = $("details");
  clear(box);
  if (!id || !store.sim) {
    box.append(el("p", { class: "hint" }, "Select a resource in the tree."));
    return;
  }
  let d;
  try {
    d = store.sim.details(id);
  } catch (e) {
    box.append(el("p", { class: "hint" }, `${id}: ${e.message}`));
    return;
  }
  box.append(el("h3", {}, d.label), facts(d));

  const urls = urlsIn(d.arm);
  if (urls.length) {
    box.append(el("h4", {}, "URLs"), table(["Property", "URL"], urls));
  }
  if (d.effectiveSettings) {
    box.append(
      el("h4", {}, `Effective settings (workspace-level${d.settingsRule ? `, rule ${d.settingsRule}` : ""})`),
      table(["Setting", "Value", "Comes from"], d.effectiveSettings.map((s) => [
        s.setting + (s.extension ? " (hcsim extension)" : ""), s.value,
        s.source === "default" ? s.sourceLabel : `${s.sourceLabel} (${s.source})`,
      ])),
    );
  }
  box.append(el("h4", {}, "What you can do now"));
  const ul = el("ul", { class: "actions", "data-testid": "allowed-actions" });
  for (const a of d.allowedActions) {
    if (a.allowed) {
      ul.append(el("li", { class: "allowed" }, `✓ ${a.action}: allowed`));
    } else {
      ul.append(el("li", { class: "blocked" },
        `✗ ${a.action}: blocked (${a.code}${a.rule ? `, rule ${a.rule}` : ""}) ${a.message ?? ""}`,
        a.explanation ? el("pre", { class: "output" }, a.explanation) : null));
    }
  }
  box.append(ul);
  box.append(el("h4", {}, "ARM JSON (as GET returns it)"),
    el("pre", { class: "output code", tabindex: "0", "data-testid": "details-json" }, JSON.stringify(d.arm, null, 2)));
}

/** Shows `id` in the details panel. */
export function showDetails(id) {
  store.selected = id;
  render(id);
}

/** Keeps the panel in step with the world (a deleted resource says so). */
export function initDetails() {
  subscribe(() => render(store.selected));
}
