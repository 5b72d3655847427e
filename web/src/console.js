// The console: type `az …` or `sim …` lines as in a terminal. Output is shown as text; a
// rejected request shows the rule it broke, why the rule exists and how to fix it. History
// (↑ ↓) survives reloads; Tab asks the facade for completions of the last word.

import { el, clear, $ } from "./dom.js";
import { store, runLine, upgrade, onFull, errorText, equivalentsOfStep, NOT_IN_THIS_BUILD } from "./state.js";
import { showEquivalents } from "./tools.js";

const HISTORY_KEY = "hcsim.history";
const HISTORY_MAX = 200;
/** Older console entries are dropped so a long session does not grow the page without end. */
const LOG_MAX = 400;

let history = [];
let historyPos = 0; // == history.length when editing a new line
let draft = "";

function loadHistory() {
  try {
    const h = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? "[]");
    if (Array.isArray(h)) history = h.filter((x) => typeof x === "string").slice(-HISTORY_MAX);
  } catch {
    history = []; // a damaged history is not worth a message: it is only convenience
  }
  historyPos = history.length;
}

function remember(line) {
  if (history[history.length - 1] !== line) history.push(line);
  history = history.slice(-HISTORY_MAX);
  historyPos = history.length;
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(history));
  } catch {
    /* storage full: history stays in memory */
  }
}

/** Splits the facade's teaching text ("Rule id — title.\nWhy: …\nFix: …") into its parts. */
function explanationBlock(text, rule) {
  const box = el("div", { class: "explain", "data-testid": "explanation" });
  const lines = text.split("\n");
  const head = lines.shift() ?? "";
  box.append(el("p", {}, el("span", { class: "rule-id" }, rule ? `Rule ${rule}` : "Rule"),
    " ", head.replace(/^Rule \S+\s*/, "")));
  const dl = el("dl");
  let last = null;
  for (const line of lines) {
    const m = /^(Why|Fix):\s*(.*)$/.exec(line);
    if (m) {
      last = el("dd", {}, m[2]);
      dl.append(el("dt", {}, m[1]), last);
    } else if (last) {
      last.textContent += "\n" + line;
    } else {
      dl.append(el("dt", {}, ""), (last = el("dd", {}, line)));
    }
  }
  box.append(dl);
  return box;
}

/** Adds one command and its result to the log. */
export function showResult(result, origin = null) {
  const log = $("console-log");
  const entry = el("div", { class: `entry ${result.ok ? "ok" : "failed"}`, "data-testid": "console-entry" });
  entry.append(el("div", { class: "cmd" }, result.input || origin || ""));
  const tag = result.ok
    ? `✓ ok${result.status ? ` (${result.status})` : ""}`
    : `✗ failed${result.status ? ` (${result.status})` : ""}${result.code ? ` ${result.code}` : ""}`;
  entry.append(el("div", { class: "result-tag" }, tag));
  // az's warnings (stderr in a shell): apart from the output, which stays pure JSON.
  for (const line of result.stderr ?? []) {
    entry.append(el("div", { class: "warning", "data-testid": "warning" }, line));
  }
  if (result.output) entry.append(el("pre", { class: "result" }, result.output));
  if (result.explanation) entry.append(explanationBlock(result.explanation, result.rule));
  if (result.equivalents || result.equivalentsStep != null) {
    const eq = result.equivalents;
    const step = result.equivalentsStep;
    entry.append(el("button", { type: "button", class: "eq-button" }, "Equivalents: PowerShell, Terraform, Bicep, ARM"));
    // The start module sends the step instead: the full module renders them on first use.
    entry.lastChild.addEventListener("click", () => {
      if (eq) showEquivalents(eq);
      else equivalentsOfStep(step).then(showEquivalents, (e) => note(`The equivalents could not be loaded: ${errorText(e)}`));
    });
  }
  log.append(entry);
  while (log.childElementCount > LOG_MAX) log.firstElementChild.remove();
  log.scrollTop = log.scrollHeight;
  return entry;
}

/** Shows a plain note (session restored, lesson started …) in the log. */
export function note(text) {
  const log = $("console-log");
  log.append(el("div", { class: "entry note" }, el("pre", {}, text)));
  log.scrollTop = log.scrollHeight;
}

/** Runs a line as if typed (used by the other panels so every action is visible here). */
export function execute(line) {
  const result = runLine(line);
  if (result.code === NOT_IN_THIS_BUILD && !onFull()) {
    // Nothing was sent: load the full module, move the session there and run the line again.
    note("Loading the full simulator: templates, Bicep, lessons, the FHIR and MedTech data plane (first use) …");
    upgrade().then(() => execute(line), (e) => {
      showResult(result);
      note(`The full simulator could not be loaded: ${errorText(e)}`);
    });
    return result;
  }
  showResult(result);
  return result;
}

function commonPrefix(words) {
  if (!words.length) return "";
  let p = words[0];
  for (const w of words) while (!w.toLowerCase().startsWith(p.toLowerCase())) p = p.slice(0, -1);
  return p;
}

function complete(input) {
  const list = $("completions");
  clear(list);
  const line = input.value.slice(0, input.selectionStart ?? input.value.length);
  const rest = input.value.slice(line.length);
  const candidates = store.sim.completions(line);
  if (!candidates.length) return;
  const start = /(\S*)$/.exec(line).index; // the facade's candidates replace the partial word
  const partial = line.slice(start);
  let chosen;
  if (candidates.length === 1) chosen = candidates[0] + " ";
  else {
    chosen = commonPrefix(candidates);
    if (chosen.length < partial.length) chosen = partial;
    for (const c of candidates.slice(0, 60)) list.append(el("li", {}, c));
    if (candidates.length > 60) list.append(el("li", {}, `… ${candidates.length - 60} more`));
  }
  input.value = line.slice(0, start) + chosen + rest;
  const caret = start + chosen.length;
  input.setSelectionRange(caret, caret);
}

function onKey(e) {
  const input = e.target;
  if (e.key === "Tab" && !e.shiftKey && input.value.trim() !== "") {
    // Tab completes while there is something to complete; on an empty line it moves focus
    // as usual, so keyboard users are never trapped in the console.
    e.preventDefault();
    complete(input);
  } else if (e.key === "ArrowUp") {
    if (historyPos === history.length) draft = input.value;
    if (historyPos > 0) input.value = history[--historyPos];
    e.preventDefault();
  } else if (e.key === "ArrowDown") {
    if (historyPos < history.length) {
      historyPos++;
      input.value = historyPos === history.length ? draft : history[historyPos];
    }
    e.preventDefault();
  } else if (e.key === "Escape") {
    clear($("completions"));
  }
}

/** Wires the console. */
export function initConsole() {
  loadHistory();
  const input = $("console-input");
  input.addEventListener("keydown", onKey);
  $("console-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const line = input.value.trim();
    if (!line) return;
    clear($("completions"));
    remember(line);
    input.value = "";
    execute(line);
  });
}
