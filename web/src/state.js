// The page's one piece of shared state: the current Simulator (the wasm facade) and the lesson
// being played. Panels never keep their own copy of the world; they subscribe here and redraw
// from `sim.state()` when something changed. The facade decides everything; this module only
// routes calls and tells panels when to redraw.

let SimulatorClass = null;

export const store = {
  /** @type {import("../pkg/hcsim_wasm.js").Simulator | null} */
  sim: null,
  /** The latest `sim.stateSummary()` (refreshed on every change; `tree` built when read). */
  state: null,
  /** The id shown in the details panel. */
  selected: null,
  /** The lesson being played: `{name, title, description, hints, solution, goal}` or null. */
  lesson: null,
  /** The last write's equivalents, for the Equivalents tab. */
  equivalents: null,
  /** The start module renders none: the step of the last write, rendered after `upgrade`. */
  equivalentsStep: null,
};

const listeners = new Set();

/** Registers `fn(reason)`, called after every change of the simulator. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The simulator whose tree `wholeTree` holds (a new simulator starts from no tree). */
let treeOwner = null;
/** The whole tree as last sent (`stateUpdate`) and its revision. */
let treeHeld = { tree: [], revision: undefined };

/**
 * The whole resource tree (subscriptions and everything under them), asked for only by a panel
 * that needs it: the tree panel draws from `treeRows`. It crosses from wasm only when it changed
 * since the last time (`stateUpdate`), else the same array is answered. `stateUpdate` is in the
 * full module only: the one panel reading it (the mapping debugger) runs there, after `upgrade()`.
 */
export function wholeTree() {
  const sim = store.sim;
  if (!sim) return [];
  if (treeOwner !== sim) treeHeld = { tree: [], revision: undefined };
  const next = sim.stateUpdate(treeHeld.revision);
  if (next.treeRevision !== treeHeld.revision) treeHeld = { tree: next.tree, revision: next.treeRevision };
  treeOwner = sim;
  return treeHeld.tree;
}

/**
 * The simulator's state without its tree (`stateSummary`); `state.tree` still answers the whole
 * tree, built when first read (`wholeTree`).
 */
function freshState() {
  const sim = store.sim;
  if (!sim) return null;
  const next = sim.stateSummary();
  let tree = null;
  Object.defineProperty(next, "tree", { get: () => (tree ??= wholeTree()), enumerable: true });
  return next;
}

/** Tells every panel to redraw (`reason` lets a panel skip work it does not need). */
export function changed(reason = "change") {
  store.state = freshState();
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

// ----- the full module -----------------------------------------------------------------------
// The page starts with the small module (web/pkg: console, tree, details, faults).
// The template editor, Bicep and the lesson library live in the full module (web/pkg-full),
// loaded on first use: the session moves there as its save text, replayed (the same world and
// trace hash), and the page runs the full module from then on.

/** The error code of a line the start module leaves out (`hcsim_lab::NOT_IN_THIS_BUILD`). */
export const NOT_IN_THIS_BUILD = "NotInThisBuild";

let fullLoading = null;
let fullModule = null;

/** True once the page runs the full module (nothing more to load). */
export function onFull() {
  return !!fullModule && SimulatorClass === fullModule.Simulator;
}

/** Loads the full module once; resolves to its exports. */
export function loadFull() {
  fullLoading ??= import("../pkg-full/hcsim_wasm.js").then(async (m) => {
    await m.default();
    fullModule = m;
    return m;
  });
  return fullLoading;
}

/** True when the current simulator lacks `method` (it is in the full module). */
export function needsFull(method) {
  return !!store.sim && typeof store.sim[method] !== "function";
}

/**
 * Moves the session into the full module (a no-op when it is there already). The selection
 * and the last equivalents stay; panels redraw with reason "upgrade".
 */
export async function upgrade() {
  const m = await loadFull();
  if (SimulatorClass === m.Simulator) return;
  const old = store.sim;
  SimulatorClass = m.Simulator;
  if (old) {
    const sim = m.Simulator.load(old.save());
    // Files the page added (templates, parameters) come along.
    for (const [path, text] of old.files?.() ?? []) sim.addFile(path, text);
    store.sim = sim;
    old.free();
  }
  changed("upgrade");
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
  store.equivalentsStep = null;
  if (old && old !== sim) old.free();
  changed(reason);
}

/**
 * The equivalents of the write in `step`, rendered by the full module (loaded first): the
 * start module leaves them out (`RunResult.equivalentsStep`).
 */
export async function equivalentsOfStep(step) {
  await upgrade();
  return store.sim.equivalentsOfStep(step);
}

/** Runs one console line; redraws only if the line changed or emitted something. */
export function runLine(line) {
  const before = store.state?.traceHash;
  const result = store.sim.run(line);
  if (result.equivalents) store.equivalents = result.equivalents;
  if (result.equivalents || result.equivalentsStep != null) store.equivalentsStep = result.equivalentsStep ?? null;
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
