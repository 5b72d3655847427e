// hcsim playground entry point: load the wasm facade, wire the panels, restore the session,
// then mark the page ready (`body[data-ready="true"]`, used by the end-to-end test).
// No framework and no bundler: plain ES modules, every file served from this folder.

import init, { Simulator } from "./pkg/hcsim_wasm.js";
import { $ } from "./src/dom.js";
import { store, subscribe, setSimulatorClass } from "./src/state.js";
import { initTheme } from "./src/theme.js";
import { initTree } from "./src/tree.js";
import { initDetails } from "./src/details.js";
import { initConsole, execute } from "./src/console.js";
import { initTimeline } from "./src/timeline.js";
import { initTools } from "./src/tools.js";
import { initLessons } from "./src/lessons.js";
import { initPersist, restore } from "./src/persist.js";
import { initCreateForm } from "./src/createform.js";
import { lazyPanel, whenVisible } from "./src/lazy.js";
import { upgrade } from "./src/state.js";

// Panels that need the full module load with it, on first use (src/lazy.js).
const loadDiagram = lazyPanel(() => import("./src/diagram.js"), "initDiagram");
const loadOpsTimeline = lazyPanel(() => import("./src/opstimeline.js"), "initOpsTimeline");
const loadMapping = lazyPanel(() => import("./src/mapping.js"), "initMapping");

/**
 * The course box's script loads only when a course is opened (`?course=`, the one kept from
 * last time, or a file chosen): courses play lessons, so they run in the full module, which
 * loads then too. Until then the box shows its hint from index.html.
 */
async function initCourseOnDemand() {
  const load = async () => (await import("./src/course.js")).initCourse();
  let kept = null;
  try {
    kept = localStorage.getItem("hcsim.course");
  } catch {
    /* no storage: nothing kept */
  }
  if (new URLSearchParams(location.search).get("course") || kept) return load();
  const input = $("course-file");
  const first = async () => {
    const f = input.files?.[0];
    if (!f) return;
    input.removeEventListener("change", first);
    await load();
    // course.js now follows the input; this first file is opened here.
    input.dispatchEvent(new Event("change"));
  };
  input.addEventListener("change", first);
}

function renderStatus() {
  const s = store.state;
  if (!s) return;
  $("st-clock").textContent = s.clock;
  $("st-timing").textContent = s.timing;
  $("st-stage").textContent = s.stage;
  $("st-principal").textContent = s.principal;
  $("st-seed").textContent = s.seed;
  $("st-trace").textContent = s.traceHash;
}

async function main() {
  initTheme();
  await init();
  setSimulatorClass(Simulator);
  subscribe(renderStatus);
  initTree();
  initDetails();
  initConsole();
  initTimeline();
  initTools();
  initLessons();
  initCreateForm();
  initPersist();
  $("tab-mapping").addEventListener("click", loadMapping);
  $("tab-mapping").addEventListener("focus", loadMapping);
  await restore();
  await initCourseOnDemand();
  // For scripted use (the end-to-end test, trainers preparing a demo): run many lines at once.
  window.hcsim = {
    store,
    // Moves the session into the full module (for scripts calling its methods directly).
    upgrade,
    run: (line) => execute(line),
    // One call into wasm for the whole batch (no per-line answers cross the boundary), the
    // lines as one text when none holds a newline (one string crosses, not one per line).
    runMany(lines) {
      const oneText = lines.length > 0 && !lines.some((l) => l.includes("\n"));
      const summary = oneText ? store.sim.runLines(lines.join("\n")) : store.sim.runMany(lines);
      execute("sim status");
      return summary;
    },
  };
  document.body.dataset.ready = "true";
  performance.mark("hcsim-ready");
  whenVisible(document.querySelector(".diagram-panel"), loadDiagram);
  whenVisible(document.querySelector(".ops-panel"), loadOpsTimeline);
}

main().catch((e) => {
  document.body.dataset.ready = "error";
  const banner = $("banner");
  $("banner-text").textContent = `The simulator could not start: ${e?.message ?? e}`;
  banner.hidden = false;
  throw e;
});
