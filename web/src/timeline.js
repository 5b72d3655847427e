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
  const timeline = store.sim.steps();
  const slider = $("timeline");
  slider.max = String(timeline.steps.length);
  slider.value = String(timeline.cursor);
  slider.setAttribute("aria-valuetext", `step ${timeline.cursor} of ${timeline.steps.length}`);
  $("timeline-pos").textContent = `${timeline.cursor} / ${timeline.steps.length}`;
  const at = timeline.steps[timeline.cursor - 1];
  $("timeline-label").textContent = at ? `After: ${at.label}` : "At the start (no step applied).";
  const anyChangeBefore = timeline.steps.slice(0, timeline.cursor).some((st) => st.changes);
  const anyChangeAfter = timeline.steps.slice(timeline.cursor).some((st) => st.changes);
  $("undo").disabled = !anyChangeBefore;
  $("redo").disabled = !anyChangeAfter;

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
