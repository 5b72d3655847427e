// Course packs: a trainer's course (`hcsim-course/1`: title, notes, ordered lessons) opened by
// URL (`?course=URL` on this site, or `?course={…}` inline) or from a file; progress per
// lesson; and "Export progress", which downloads the learner's `hcsim-progress/1` file (per
// lesson the seed and the lines that changed the world) for `hcsim grade`, which replays it.
// The course, records and export come from the facade's Course class, which lives in the full
// module (courses replay lessons): a course opens the session there first.

import { el, clear, $ } from "./dom.js";
import { store, subscribe, changed, errorText, loadFull, upgrade } from "./state.js";
import { note } from "./console.js";
import { selectTab } from "./tools.js";

const COURSE_KEY = "hcsim.course";
const LEARNER_KEY = "hcsim.learner";
/** The course lesson being played, so a reload resumes it (`{name, solutionShown}`). */
const ACTIVE_KEY = "hcsim.course.active";
const RANK = { "in progress": 1, "completed with the solution shown": 2, solved: 3 };

let CourseClass = null;

/** The Course class of the full module, moving the session there first (lessons need it). */
async function courseClass() {
  if (!CourseClass) {
    await upgrade();
    CourseClass = (await loadFull()).Course;
  }
  return CourseClass;
}
/** The open course (a facade `Course`), its summary and its records `{lesson: record}`. */
let course = null;
let summary = null;
let records = {};

const recordsKey = () => `hcsim.course.records.${summary.hash}`;

function save(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* storage full: the course stays for this page only */
  }
}

function loadRecords() {
  try {
    const r = JSON.parse(localStorage.getItem(recordsKey()) ?? "{}");
    records = r && typeof r === "object" ? r : {};
  } catch {
    records = {};
  }
}

/** Opens a course from its text; resolves to true when it opened. */
export async function openCourse(text) {
  try {
    const next = (await courseClass()).parse(text);
    course?.free();
    course = next;
    summary = course.summary();
    save(COURSE_KEY, text);
    loadRecords();
    render();
    selectTab("tab-lessons");
    note(`Course: ${summary.title}${summary.notes ? `\n${summary.notes}` : ""}`);
    return true;
  } catch (e) {
    note(`The course could not be opened: ${errorText(e)}`);
    return false;
  }
}

function statusOf(name) {
  return records[name]?.claimed ?? "not started";
}

function startLesson(name) {
  try {
    course.startLesson(store.sim, name);
    changed("lesson");
    note(`Lesson: ${store.lesson?.title ?? name}`);
    keepRecord();
    render();
  } catch (e) {
    note(`Could not start the lesson: ${errorText(e)}`);
  }
}

/** Remembers which course lesson is played, for a reload. */
function keepActive() {
  const l = store.lesson;
  const active = l && summary?.lessons.some((c) => c.name === l.name) ? { name: l.name, solutionShown: l.solutionShown } : null;
  const text = JSON.stringify(active);
  if (localStorage.getItem(ACTIVE_KEY) !== text) save(ACTIVE_KEY, text);
}

/** A reloaded page resumes the course lesson it was playing (the session itself is restored
 * by persist.js; a course's own lessons are not built-ins, so they are attached here). */
function resumeActive() {
  try {
    const a = JSON.parse(localStorage.getItem(ACTIVE_KEY) ?? "null");
    if (a?.name && !store.lesson && course) {
      course.resumeLesson(store.sim, a.name, !!a.solutionShown);
      changed("lesson");
    }
  } catch {
    /* nothing to resume */
  }
}

/** Keeps the record of the course lesson being played (never replacing a better one). */
function keepRecord() {
  if (course) keepActive();
  if (!course || !store.sim) return;
  let r = null;
  try {
    r = course.record(store.sim);
  } catch {
    return;
  }
  if (!r) return;
  const old = records[r.lesson];
  // Never downgrade: a solved lesson restarted (or undone) keeps its solved record.
  if (old && (RANK[old.claimed] ?? 0) > (RANK[r.claimed] ?? 0)) return;
  records[r.lesson] = r;
  save(recordsKey(), JSON.stringify(records));
  const label = document.querySelector(`[data-course-lesson="${CSS.escape(r.lesson)}"] .progress`);
  if (label) label.textContent = mark(statusOf(r.lesson));
}

function mark(status) {
  return (status === "solved" ? "✓ " : status.startsWith("completed") ? "◐ " : "") + status;
}

function exportProgress() {
  const learner = $("course-learner").value.trim();
  try {
    const text = course.exportProgress(learner, Object.values(records));
    save(LEARNER_KEY, learner);
    const a = el("a", {
      href: URL.createObjectURL(new Blob([text], { type: "application/json" })),
      download: `${learner.replace(/[^A-Za-z0-9._-]+/g, "-")}-progress.json`,
    });
    document.body.append(a);
    a.click();
    a.remove();
    $("course-export-status").textContent = `Exported ${Object.keys(records).length} lesson(s) for ${learner}.`;
  } catch (e) {
    $("course-export-status").textContent = errorText(e);
  }
}

function render() {
  const box = $("course-box");
  clear(box);
  if (!summary) {
    box.append(el("p", { class: "hint" }, "A trainer's course file lists lessons in order; open one to see your progress."));
    return;
  }
  box.append(el("h3", { "data-testid": "course-title" }, `Course: ${summary.title}`));
  if (summary.notes) box.append(el("p", {}, summary.notes));
  const list = el("ol", { class: "lesson-list", "data-testid": "course-lessons" });
  for (const l of summary.lessons) {
    const start = el("button", { type: "button", "data-testid": `course-start-${l.name}`, "aria-label": `Start ${l.title}` }, "Start");
    start.addEventListener("click", () => startLesson(l.name));
    list.append(el("li", { "data-course-lesson": l.name },
      el("span", {}, el("strong", {}, l.title), l.notes ? ` — ${l.notes}` : ""),
      el("span", { class: "progress", "data-testid": `course-progress-${l.name}` }, mark(statusOf(l.name))), start));
  }
  box.append(list);
  const learner = el("input", { id: "course-learner", "data-testid": "course-learner", autocomplete: "name", value: localStorage.getItem(LEARNER_KEY) ?? "" });
  const exp = el("button", { type: "button", "data-testid": "course-export" }, "Export progress");
  exp.addEventListener("click", exportProgress);
  box.append(el("div", { class: "row" }, el("label", { for: "course-learner" }, "Your name"), learner, exp),
    el("p", { id: "course-export-status", class: "hint", role: "status" }));
}

async function fromUrl(param) {
  if (param.trim().startsWith("{")) return param;
  const res = await fetch(new URL(param, location.href));
  if (!res.ok) throw new Error(`${param}: HTTP ${res.status}`);
  return res.text();
}

/** Wires the course box; opens `?course=…` or the course kept from last time. */
export async function initCourse() {
  $("course-file").addEventListener("change", async (e) => {
    const f = e.target.files?.[0];
    if (f) await openCourse(await f.text());
    e.target.value = "";
  });
  subscribe(() => keepRecord());
  render();
  const param = new URLSearchParams(location.search).get("course");
  if (param) {
    try {
      await openCourse(await fromUrl(param));
    } catch (e) {
      note(`The course could not be opened: ${errorText(e)}`);
    }
  } else {
    const kept = localStorage.getItem(COURSE_KEY);
    if (kept) {
      try {
        course = (await courseClass()).parse(kept);
        summary = course.summary();
        loadRecords();
        resumeActive();
        render();
      } catch {
        /* a kept course that no longer parses is simply not reopened */
      }
    }
  }
}
