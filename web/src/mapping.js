// The MedTech mapping debugger (the portal's "Mapping debugger"): pick a MedTech service (its
// stored device and FHIR destination mappings are loaded) or the documented mappings, pick a
// built-in device message or paste one, run. The lab's report is drawn as it comes: every
// template and expression, the failing expression marked with ✗, the word "failing" and
// `data-failing` (never by colour alone), the measurements, groups, the Observation and the
// verdict with its fix. "Save mappings" types the az line that saves what was edited into the
// console, so the trainee sees (and the history keeps) the command.

import { el, clear, $ } from "./dom.js";
import { store, subscribe, errorText, Simulator, wholeTree } from "./state.js";
import { execute, note } from "./console.js";

const CONNECTOR_TYPE = "microsoft.healthcareapis/workspaces/iotconnectors";
const DOCUMENTED = "";

/** Every IoT connector in the tree: `[{id, label}]`. */
function connectors(nodes, out = []) {
  for (const n of nodes ?? []) {
    if (n.type.toLowerCase() === CONNECTOR_TYPE) out.push({ id: n.id, label: n.name });
    connectors(n.children, out);
  }
  return out;
}

/** Lists the services; `opening`: the tab was just opened, so the service selected in the
 * tree (if it is one) is taken, else the choice made here is kept. */
function renderConnectorChoices(opening = false) {
  const select = $("mapping-connector");
  const keep = select.options.length ? select.value : null;
  const list = connectors(store.state ? wholeTree() : []);
  const treeChoice = list.some((c) => c.id === store.selected) ? store.selected : null;
  const wanted = (opening && treeChoice) || keep;
  clear(select);
  select.append(el("option", { value: DOCUMENTED }, "Documented heart-rate mappings (no service)"));
  for (const c of list) select.append(el("option", { value: c.id }, `MedTech service ${c.label}`));
  select.value = [...select.options].some((o) => o.value === wanted) ? wanted : DOCUMENTED;
  if (select.value !== keep) loadMappings();
}

/** Loads the chosen service's stored mappings into the editors. */
function loadMappings() {
  try {
    const src = store.sim.mappingOf($("mapping-connector").value);
    $("mapping-device").value = src.device;
    $("mapping-fhir").value = src.fhir;
    $("mapping-source").textContent = src.connector
      ? `Resolution type ${src.resolution}; ${src.destination ? "FHIR destination " + src.destination.split("/").pop() : "no FHIR destination yet"}.`
      : "The documented mappings (Create resolution); pick a MedTech service to debug its own.";
  } catch (e) {
    $("mapping-source").textContent = errorText(e);
  }
}

function pickSample() {
  const id = $("mapping-sample").value;
  const sample = Simulator().mappingSamples().find((s) => s.id === id);
  if (sample) $("mapping-message").value = sample.message.trim();
}

function expressionItem(x) {
  const failing = x.status === "failing";
  const result = x.error ? `error: ${x.error}` : x.value ?? "nothing";
  const symbol = { ok: "✓", empty: "·", failing: "✗" }[x.status] ?? "";
  return el(
    "li",
    { class: failing ? "expr failing" : "expr", "data-testid": "mapping-expression", "data-failing": failing ? "true" : "false" },
    el("span", { "aria-hidden": "true" }, `${symbol} `),
    failing ? el("strong", {}, "Failing: ") : null,
    el("code", {}, x.name),
    " ",
    el("code", {}, x.expression),
    ` (${x.language}) → `,
    el("span", { class: "result" }, result),
  );
}

function renderTemplates(report, box) {
  box.append(el("h3", {}, "Device mapping templates"));
  const list = el("ol", { class: "templates", start: "0" });
  for (const t of report.templates) {
    const exprs = el("ul", {}, t.expressions.map(expressionItem));
    list.append(el("li", { "data-matched": String(t.matched) }, `${t.typeName}: ${t.matched ? "✓ matched" : "not matched"}`, exprs));
  }
  if (!report.templates.length) list.append(el("li", { class: "hint" }, "No template evaluated."));
  box.append(list);
}

function renderData(report, box) {
  box.append(el("h3", {}, `Normalized measurements (${report.measurements.length})`));
  box.append(el("ul", {}, report.measurements.map((m) =>
    el("li", {}, `${m.type} · device ${m.deviceId} · patient ${m.patientId ?? "–"} · ${m.occurrenceTimeUtc} · `,
      m.properties.map(([k, v]) => `${k}=${v}`).join(", ")))));
  if (report.normalized.length) {
    box.append(el("details", {}, el("summary", {}, "Normalized message (as the service shows it)"),
      el("pre", { class: "output code", tabindex: "0", "data-testid": "mapping-normalized" }, JSON.stringify(report.normalized, null, 2))));
  }
  box.append(el("h3", {}, `Groups (${report.groups.length})`));
  box.append(el("ul", {}, report.groups.map((g) =>
    el("li", {}, `${g.type} · device ${g.deviceId}: ${g.count} measurement(s), ${g.start} – ${g.end}`))));
  box.append(el("h3", {}, `Observations (${report.observations.length})`));
  for (const o of report.observations) {
    box.append(o.error
      ? el("p", { class: "bad" }, `✗ ${o.error}`)
      : el("pre", { class: "output code", tabindex: "0", "data-testid": "mapping-observation" }, JSON.stringify(o.resource, null, 2)));
  }
}

/** Runs the message through the mappings as edited and draws the report. */
export function runDebugger() {
  const out = $("mapping-out");
  clear(out);
  let res;
  try {
    res = store.sim.mappingDebug($("mapping-connector").value, $("mapping-device").value, $("mapping-fhir").value, $("mapping-message").value);
  } catch (e) {
    out.append(el("p", { class: "bad", "data-testid": "mapping-summary" }, errorText(e)));
    return null;
  }
  if (!res.report) {
    out.append(el("p", { class: "bad", "data-testid": "mapping-summary" }, `✗ ${res.problem}`));
    return res;
  }
  const r = res.report;
  out.append(el("p", { class: r.ok ? "ok" : "bad", "data-testid": "mapping-summary", "data-ok": String(r.ok) }, `${r.ok ? "✓" : "✗"} ${r.summary}`));
  if (r.fix) out.append(el("p", { "data-testid": "mapping-fix" }, el("strong", {}, "Fix: "), r.fix));
  for (const m of r.mappingErrors) out.append(el("p", { class: "bad" }, `✗ invalid ${m}`));
  renderTemplates(r, out);
  renderData(r, out);
  return res;
}

/** Types the line that saves the edited mappings into the console. */
function deploy() {
  try {
    const line = store.sim.mappingSaveLine($("mapping-connector").value, $("mapping-device").value, $("mapping-fhir").value);
    if (!line) {
      note("Nothing to save: the mappings are as stored (pick a MedTech service and edit one).");
      return;
    }
    execute(line);
    loadMappings();
  } catch (e) {
    note(errorText(e));
  }
}

export function initMapping() {
  const samples = $("mapping-sample");
  for (const s of Simulator().mappingSamples()) samples.append(el("option", { value: s.id }, s.title));
  samples.addEventListener("change", pickSample);
  $("mapping-connector").addEventListener("change", loadMappings);
  $("mapping-run").addEventListener("click", runDebugger);
  $("mapping-deploy").addEventListener("click", deploy);
  pickSample();
  // Only while the tab is open: walking a large tree on every change is wasted work otherwise.
  const refresh = (opening) => {
    if (store.sim && !$("pane-mapping").hidden) renderConnectorChoices(opening === true);
  };
  subscribe(refresh);
  // After the tabs' own handler has shown the pane (a microtask would run before it).
  $("tab-mapping").addEventListener("click", () => setTimeout(() => refresh(true), 0));
  $("tab-mapping").addEventListener("focus", () => setTimeout(() => refresh(true), 0));
  // Loaded when the tab was first opened (app.js): take the tree's selection as that does.
  renderConnectorChoices(!$("pane-mapping").hidden);
}
