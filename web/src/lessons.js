// Lessons, in the manner of Learn Git Branching: pick a lesson, its setup is applied, its goal
// is shown as checks that turn ✓ as you work; hints one at a time; the solution on request (a
// lesson finished after seeing it counts as "completed with the solution shown", not
// "solved"). Progress is kept in this browser. Everything is decided by the facade.

import { el, clear, $ } from "./dom.js";
import { store, subscribe, changed, errorText, needsFull, upgrade } from "./state.js";
import { execute, note } from "./console.js";
import { selectTab } from "./tools.js";

const PROGRESS_KEY = "hcsim.progress";

function progress() {
  try {
    const p = JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? "{}");
    return p && typeof p === "object" ? p : {};
  } catch {
    return {};
  }
}

function setProgress(name, status) {
  const p = progress();
  // Never downgrade: once solved, a later "in progress" restart keeps the record.
  const rank = { "in progress": 1, "completed with the solution shown": 2, solved: 3 };
  if ((rank[status] ?? 0) >= (rank[p[name]] ?? 0)) p[name] = status;
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(p));
  } catch {
    /* storage full: progress stays for this page only */
  }
}

/** The facade's lesson API, or null with the reason when this build lacks it. */
function lessonApi() {
  if (typeof store.sim?.lessons !== "function") return null;
  return store.sim;
}

function renderList() {
  const list = $("lesson-list");
  clear(list);
  const api = lessonApi();
  let items = [];
  try {
    items = api ? api.lessons() : [];
  } catch (e) {
    list.append(el("li", { class: "hint" }, `Lessons are not available in this build: ${errorText(e)}`));
    return;
  }
  if (!api) {
    list.append(el("li", { class: "hint" }, "Lessons are not available in this build of the simulator."));
    return;
  }
  const p = progress();
  for (const l of items) {
    const start = el("button", { type: "button", "data-testid": `lesson-start-${l.name}` }, "Start");
    start.addEventListener("click", () => startLesson(l.name));
    const status = p[l.name] ?? "not started";
    const mark = status === "solved" ? "✓ " : status.startsWith("completed") ? "◐ " : "";
    list.append(el("li", { "data-lesson": l.name },
      el("span", {}, el("strong", {}, l.title), ` (${l.kind})`),
      el("span", { class: "progress", "data-testid": `lesson-progress-${l.name}` }, mark + status), start));
  }
}

function renderGoal(report) {
  const goal = $("lesson-goal");
  clear(goal);
  for (const c of report.checks) {
    goal.append(el("li", { class: c.met ? "allowed" : "blocked" },
      `${c.met ? "✓" : "○"} ${c.description}`, c.met ? "" : ` (${c.message})`));
  }
  const words = report.status === "solved" ? "✓ Solved! Well done."
    : report.status === "completed with the solution shown" ? "◐ Completed with the solution shown."
    : "In progress: make every check above hold.";
  $("lesson-status").textContent = words;
  $("lesson-status").dataset.status = report.status;
  if (store.lesson) {
    setProgress(store.lesson.name, report.status);
    // Keep the list's progress label in step without redrawing the whole list.
    const label = document.querySelector(`[data-lesson="${CSS.escape(store.lesson.name)}"] .progress`);
    const stored = progress()[store.lesson.name];
    if (label && stored) label.textContent = (stored === "solved" ? "✓ " : stored.startsWith("completed") ? "◐ " : "") + stored;
  }
}

function renderCurrent() {
  const box = $("lesson-current");
  const l = store.lesson;
  box.hidden = !l;
  if (!l) return;
  $("lesson-title").textContent = l.title;
  $("lesson-description").textContent = l.description ?? "";
  const hints = $("lesson-hints");
  clear(hints);
  // The facade keeps how many hints were revealed (the lab's lesson progress).
  for (const h of l.hints.slice(0, l.hintsShown)) hints.append(el("li", {}, h));
  $("lesson-hint").disabled = l.hintsShown >= l.hints.length;
  try {
    renderGoal(store.sim.checkGoal());
  } catch (e) {
    $("lesson-status").textContent = errorText(e);
  }
}

function renderSolution(lines) {
  const list = $("lesson-solution-list");
  clear(list);
  list.hidden = false;
  for (const line of lines) {
    const run = el("button", { type: "button" }, "Run");
    run.addEventListener("click", () => execute(line));
    list.append(el("li", {}, el("code", {}, line), " ", run));
  }
}

/** Starts a built-in lesson: the session is replaced by the lesson's setup. */
export function startLesson(name) {
  if (needsFull("startLesson")) {
    // The lesson library is in the full module: load it, then start.
    upgrade().then(() => startLesson(name), (e) => note(`Could not start the lesson: ${errorText(e)}`));
    return;
  }
  try {
    const lesson = store.sim.startLesson(name);
    $("lesson-solution-list").hidden = true;
    setProgress(name, "in progress");
    note(`Lesson: ${lesson.title}\n${lesson.description ?? ""}`);
    changed("lesson");
    renderList();
    selectTab("tab-lessons");
  } catch (e) {
    note(`Could not start the lesson: ${errorText(e)}`);
  }
}

function runScenario() {
  const out = $("scenario-report");
  if (needsFull("runScenario")) {
    out.textContent = "Loading the scenario runner …";
    upgrade().then(runScenario, (e) => (out.textContent = `✗ ${errorText(e)}`));
    return;
  }
  const seedText = $("scenario-seed").value.trim();
  try {
    const r = store.sim.runScenario($("scenario-text").value, seedText === "" ? undefined : seedText);
    const lines = [`${r.passed ? "✓ passed" : "✗ failed"}: ${r.scenario} (seed ${r.seed})`,
      `expectations met ${r.expectations.met}, failed ${r.expectations.failed}`, `trace ${r.trace_hash}`];
    for (const s of r.steps) lines.push(`${s.expectation === "failed" ? "✗" : "✓"} #${s.index} ${s.input} ${s.message ?? ""}`);
    out.textContent = lines.join("\n");
  } catch (e) {
    out.textContent = `✗ ${errorText(e)}`;
  }
}

/** Wires the lessons tab. */
export function initLessons() {
  $("lesson-check").addEventListener("click", renderCurrent);
  $("lesson-hint").addEventListener("click", () => {
    try {
      store.lesson = store.sim.revealHint();
    } catch (e) {
      note(errorText(e));
    }
    renderCurrent();
  });
  $("lesson-solution").addEventListener("click", () => {
    try {
      renderSolution(store.sim.showSolution());
      renderCurrent();
    } catch (e) {
      note(errorText(e));
    }
  });
  $("lesson-leave").addEventListener("click", () => {
    store.sim.leaveLesson();
    changed("lesson");
  });
  $("scenario-run").addEventListener("click", runScenario);
  subscribe((reason) => {
    if (reason === "replace" || reason === "lesson") renderList();
    renderCurrent();
  });
  renderList();
}
