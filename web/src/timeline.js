// Timeline and event log. The slider is the session's history: moving it replays the input log
// to that step (the facade's jumpTo); later steps stay until a new command replaces them, so
// undo, redo and the slider are one mechanism. The log shows the most recent events only.

import { el, clear, $ } from "./dom.js";
import { store, subscribe, changed } from "./state.js";
import { note } from "./console.js";

/** Events drawn in the log (older ones are in the saved session, not on screen). */
const EVENTS_SHOWN = 300;

function render() {
  const s = store.state;
  if (!s) return;
  // The summary, not every step: at 10k steps `steps()` would cost more than the change.
  const t = store.sim.timelineSummary();
  const slider = $("timeline");
  slider.max = String(t.stepCount);
  slider.value = String(t.cursor);
  slider.setAttribute("aria-valuetext", `step ${t.cursor} of ${t.stepCount}`);
  $("timeline-pos").textContent = `${t.cursor} / ${t.stepCount}`;
  $("timeline-label").textContent = t.label != null ? `After: ${t.label}` : "At the start (no step applied).";
  $("undo").disabled = !t.canUndo;
  $("redo").disabled = !t.canRedo;

  const log = $("event-log");
  clear(log);
  const events = store.sim.events(Math.max(0, s.nextEventSeq - EVENTS_SHOWN));
  for (const e of events) {
    const bad = e.name === "RequestRejected" || e.name === "OperationFailed" || e.name === "FaultStarted";
    log.append(el("li", { class: bad ? "ev-bad" : null, "data-testid": "event" },
      el("span", { class: "ev-time" }, e.at), " ",
      el("span", { class: "ev-name" }, e.name), " ",
      el("span", { class: "ev-summary" }, e.summary)));
  }
  log.scrollTop = log.scrollHeight;
}

/** Wires the slider and the undo/redo buttons. */
export function initTimeline() {
  $("timeline").addEventListener("change", (e) => {
    const step = Number(e.target.value);
    try {
      store.sim.jumpTo(step);
      changed("jump");
    } catch (err) {
      note(`(${err.code}) ${err.message}`);
    }
  });
  $("undo").addEventListener("click", () => {
    const label = store.sim.undo();
    note(label ? `Undid: ${label}` : "Nothing to undo.");
    changed("undo");
  });
  $("redo").addEventListener("click", () => {
    const label = store.sim.redo();
    note(label ? `Redid: ${label}` : "Nothing to redo.");
    changed("redo");
  });
  subscribe(render);
}
