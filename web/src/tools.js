// The tools column: tabs (WAI-ARIA tabs pattern, arrow keys move between tabs), the clock,
// faults, the template editor and the equivalents viewer. Each action goes through the facade;
// fault and clock actions are typed into the console so the trainee sees the command too.

import { el, clear, $ } from "./dom.js";
import { store, subscribe, changed, errorText, Simulator, needsFull, upgrade, equivalentsOfStep } from "./state.js";
import { execute, note } from "./console.js";

// ----- tabs ---------------------------------------------------------------------------------

/** Makes a role=tablist keyboard-operable; returns `select(tabId)`. */
export function initTabs(listId, onSelect = () => {}) {
  const list = $(listId);
  const tabs = () => [...list.querySelectorAll('[role="tab"]')];
  const select = (tab, focus = false) => {
    for (const t of tabs()) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      const pane = t.getAttribute("aria-controls") && document.getElementById(t.getAttribute("aria-controls"));
      if (pane) pane.hidden = !on;
    }
    if (focus) tab.focus();
    onSelect(tab);
  };
  list.addEventListener("click", (e) => {
    const tab = e.target.closest('[role="tab"]');
    if (tab) select(tab);
  });
  list.addEventListener("keydown", (e) => {
    const all = tabs();
    const i = all.indexOf(e.target);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    select(all[(next + all.length) % all.length], true);
  });
  return (id) => select(document.getElementById(id));
}

let selectToolTab = () => {};

// ----- clock --------------------------------------------------------------------------------

let clockTimer = null;

function tick() {
  const s = store.state;
  // `busy`: some resource is in flight (the whole tree is not needed to know it).
  if (!s || !(s.faults.length > 0 || s.busy)) return;
  const speed = Number($("clock-speed").value) || 1;
  try {
    store.sim.advance(`${speed}s`);
  } catch (e) {
    note(errorText(e));
  }
  changed("clock");
}

function setRunning(on) {
  const b = $("clock-run");
  b.setAttribute("aria-pressed", String(on));
  b.textContent = on ? "Pause" : "Run";
  clearInterval(clockTimer);
  clockTimer = on ? setInterval(tick, 1000) : null;
}

// ----- faults -------------------------------------------------------------------------------

function renderFaults() {
  const list = $("fault-list");
  clear(list);
  const faults = store.state?.faults ?? [];
  if (!faults.length) list.append(el("li", { class: "hint" }, "No active faults."));
  for (const f of faults) {
    const btn = el("button", { type: "button" }, `Clear #${f.id}`);
    btn.addEventListener("click", () => execute(Simulator().commandLine("sim fault clear", [String(f.id)])));
    list.append(el("li", {}, el("span", { class: "fault-badge" }, `⚠ #${f.id}`),
      el("span", {}, `${f.kind} on ${f.scope}, ${f.probability}%, until ${f.ends}`), btn));
  }
}

/** The `sim fault add` line of the form; values are quoted by the lab (`commandLine`). */
function faultLine() {
  const args = [$("fault-kind").value];
  const opt = (flag, id) => {
    const v = $(id).value.trim();
    if (v) args.push(flag, v);
  };
  opt("--region", "fault-region");
  opt("--zone", "fault-zone");
  opt("--target", "fault-target");
  opt("--probability", "fault-prob");
  opt("--for", "fault-for");
  return Simulator().commandLine("sim fault add", args);
}

// ----- template editor ----------------------------------------------------------------------

function showTemplateResult(fn) {
  const out = $("template-out");
  clear(out);
  try {
    const r = fn();
    out.textContent = r.output || "Done.";
    changed("template");
  } catch (e) {
    out.textContent = `✗ ${errorText(e)}` + (e.explanation ? `\n\n${e.explanation}` : "");
  }
}

// ----- equivalents --------------------------------------------------------------------------

const LANGS = [["az", "az CLI"], ["powershell", "PowerShell"], ["terraform", "Terraform"], ["bicep", "Bicep"], ["arm", "ARM"]];
let eqLang = "az";

function renderEquivalents() {
  const eq = store.equivalents;
  $("eq-for").textContent = eq ? `For: ${eq.az}` : "Run a command that changes something to see it in every language.";
  $("eq-out").textContent = eq ? eq[eqLang] : "";
}

/** Shows `eq` (a RunResult's equivalents) in the Equivalents tab. */
export function showEquivalents(eq) {
  store.equivalents = eq;
  renderEquivalents();
  selectToolTab("tab-equivalents");
}

/** The last write ran in the start module: its equivalents come from the full module. */
function prepareEquivalents() {
  if (store.equivalents || store.equivalentsStep == null) return;
  const step = store.equivalentsStep;
  $("eq-for").textContent = "Loading the equivalents …";
  equivalentsOfStep(step).then((eq) => {
    if (store.equivalentsStep === step && !store.equivalents) store.equivalents = eq;
    renderEquivalents();
  }, (e) => note(`The equivalents could not be loaded: ${errorText(e)}`));
}

/** Switches the tools column to a tab. */
export function selectTab(id) {
  selectToolTab(id);
}

/**
 * The template engine is in the full module: opening the Template tab loads it, and its
 * buttons wait (disabled, the pane busy) until it is there.
 */
function prepareTemplateEngine() {
  if (!needsFull("whatIf")) return;
  const buttons = [$("template-whatif"), $("template-deploy")];
  const pane = $("pane-template");
  for (const b of buttons) b.disabled = true;
  pane.setAttribute("aria-busy", "true");
  upgrade().catch((e) => note(`The template engine could not be loaded: ${errorText(e)}`)).finally(() => {
    for (const b of buttons) b.disabled = false;
    pane.removeAttribute("aria-busy");
  });
}

/** Wires the tools column. */
export function initTools() {
  selectToolTab = initTabs("tools-tabs", (tab) => {
    if (tab.id === "tab-template") prepareTemplateEngine();
    if (tab.id === "tab-equivalents") prepareEquivalents();
  });

  $("clock-run").addEventListener("click", () => setRunning($("clock-run").getAttribute("aria-pressed") !== "true"));
  $("advance-form").addEventListener("submit", (e) => {
    e.preventDefault();
    execute(Simulator().commandLine("sim advance", [$("advance-by").value.trim()]));
  });
  $("fault-form").addEventListener("submit", (e) => {
    e.preventDefault();
    execute(faultLine());
  });

  $("template-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (file) $("template-text").value = await file.text();
    e.target.value = "";
  });
  const args = () => [$("template-text").value, $("template-params").value || undefined, $("template-rg").value.trim()];
  const withEngine = (fn) => () => (needsFull("whatIf") ? upgrade().then(fn, (e) => note(errorText(e))) : fn());
  $("template-whatif").addEventListener("click", withEngine(() => showTemplateResult(() => store.sim.whatIf(...args()))));
  $("template-deploy").addEventListener("click", withEngine(() =>
    showTemplateResult(() => store.sim.deploy(...args(), $("template-mode").value))));

  const eqTabs = $("eq-tabs");
  for (const [key, label] of LANGS) {
    eqTabs.append(el("button", { role: "tab", id: `eq-${key}`, "aria-controls": "eq-out",
      "aria-selected": String(key === eqLang), tabindex: key === eqLang ? "0" : "-1", "data-lang": key }, label));
  }
  initTabs("eq-tabs", (tab) => {
    eqLang = tab.dataset.lang;
    $("eq-out").hidden = false; // one shared output box for every language
    renderEquivalents();
  });

  subscribe(() => {
    renderFaults();
    renderEquivalents();
  });
}
