// The page's one piece of shared state: the current Simulator (the wasm facade) and the lesson
// being played. Panels never keep their own copy of the world; they subscribe here and redraw
// from `sim.state()` when something changed. The facade decides everything; this module only
// routes calls and tells panels when to redraw.

let SimulatorClass = null;

export const store = {
  /** @type {import("../pkg/hcsim_wasm.js").Simulator | null} */
  sim: null,
  /** The latest `sim.state()` (refreshed on every change). */
  state: null,
  /** The id shown in the details panel. */
  selected: null,
  /** The lesson being played: `{name, title, description, hints, solution, goal}` or null. */
  lesson: null,
  /** The last write's equivalents, for the Equivalents tab. */
  equivalents: null,
};

const listeners = new Set();

/** Registers `fn(reason)`, called after every change of the simulator. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Tells every panel to redraw (`reason` lets a panel skip work it does not need). */
export function changed(reason = "change") {
  store.state = store.sim ? store.sim.state() : null;
  // The lesson lives in the facade (it survives undo and jumps); mirror it for the panels.
  store.lesson = typeof store.sim?.lesson === "function" ? store.sim.lesson() : null;
  for (const fn of listeners) {
    try {
      fn(reason);
    } catch (e) {
      // One broken panel must not take the others down; the error still reaches the console.
      console.error(`panel update failed (${reason}):`, e);
    }
  }
}

/** Called once, with the class from the wasm package. */
export function setSimulatorClass(cls) {
  SimulatorClass = cls;
}

/** The wasm Simulator class (for static calls such as `load`). */
export function Simulator() {
  return SimulatorClass;
}

/** Replaces the session (new, loaded, shared, lesson); frees the old one's wasm memory. */
export function replaceSimulator(sim, { reason = "replace" } = {}) {
  const old = store.sim;
  store.sim = sim;
  store.selected = null;
  store.equivalents = null;
  if (old && old !== sim) old.free();
  changed(reason);
}

/** Runs one console line; redraws only if the line changed or emitted something. */
export function runLine(line) {
  const before = store.state?.traceHash;
  const result = store.sim.run(line);
  if (result.equivalents) store.equivalents = result.equivalents;
  const after = store.sim.traceHash();
  // Reads (`show`, `list`) usually leave the trace untouched: skip redrawing a large tree.
  if (after !== before || result.events.length > 0 || /^\s*sim\s/.test(line)) changed("run");
  return result;
}

/** A facade Error as text: `(Code) message`, for messages outside the console. */
export function errorText(e) {
  if (e && typeof e === "object" && "code" in e) return `(${e.code}) ${e.message}`;
  return String(e?.message ?? e);
}
