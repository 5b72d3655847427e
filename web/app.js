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
import { initCourse } from "./src/course.js";
import { lazyPanel, whenVisible } from "./src/lazy.js";
import { upgrade } from "./src/state.js";

// Panels that need the full module load with it, on first use (src/lazy.js).
const loadDiagram = lazyPanel(() => import("./src/diagram.js"), "initDiagram");
const loadOpsTimeline = lazyPanel(() => import("./src/opstimeline.js"), "initOpsTimeline");
const loadMapping = lazyPanel(() => import("./src/mapping.js"), "initMapping");

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
  await initCourse();
  // For scripted use (the end-to-end test, trainers preparing a demo): run many lines at once.
  window.hcsim = {
    store,
    // Moves the session into the full module (for scripts calling its methods directly).
    upgrade,
    run: (line) => execute(line),
    // One call into wasm for the whole batch (no per-line answers cross the boundary).
    runMany(lines) {
      const summary = store.sim.runMany(lines);
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
