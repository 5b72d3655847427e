// Timeline and event log. The slider is the session's history: moving it replays the input log
// to that step (the facade's jumpTo); later steps stay until a new command replaces them, so
// undo, redo and the slider are one mechanism. The log shows the most recent events only.

import { el, $ } from "./dom.js";
import { store, subscribe, changed } from "./state.js";
import { note } from "./console.js";

/** Events drawn in the log (older ones are in the saved session, not on screen). */
const EVENTS_SHOWN = 300;

function render(reason) {
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

  renderLog(s, reason);
}

/**
 * What the log shows: drawn for this simulator and subscription (summaries read relative to
 * it), at this cursor, up to the event before `next`, the last one being `last`. While the
 * session only moves forward (a line run, time advancing), its events only grow: the new ones
 * are appended and the oldest dropped, so a round trip at 10k resources does not redraw the
 * 300 items. Anything else (undo, a jump, a lesson started in the same simulator) redraws all.
 */
let logged = null;

/** Changes after which the events only grew (checked against the last event drawn too). */
const FORWARD = new Set(["run", "clock"]);

const same = (a, b) => !!a && !!b && a.seq === b.seq && a.at === b.at && a.name === b.name
  && a.summary === b.summary;

function eventItem(e) {
  const bad = e.name === "RequestRejected" || e.name === "OperationFailed" || e.name === "FaultStarted";
  return el("li", { class: bad ? "ev-bad" : null, "data-testid": "event" },
    el("span", { class: "ev-time" }, e.at), " ",
    el("span", { class: "ev-name" }, e.name), " ",
    el("span", { class: "ev-summary" }, e.summary));
}

/** The events after the ones drawn, or null when the log must be drawn again. */
function newEvents(s, reason, from) {
  if (!logged || !FORWARD.has(reason) || logged.sim !== store.sim
    || logged.subscription !== s.subscription || s.cursor < logged.cursor || s.nextEventSeq < logged.next) {
    return null;
  }
  if (s.nextEventSeq === logged.next) return [];
  if (!logged.last) return null;
  const events = store.sim.events(Math.max(from, logged.last.seq));
  // The last event drawn must still be there, unchanged: else this is another history.
  if (events[0]?.seq === logged.last.seq) return same(events[0], logged.last) ? events.slice(1) : null;
  return events[0]?.seq === from ? events : null;
}

function renderLog(s, reason) {
  const log = $("event-log");
  const from = Math.max(0, s.nextEventSeq - EVENTS_SHOWN);
  const fresh = newEvents(s, reason, from);
  const events = fresh ?? store.sim.events(from);
  if (fresh === null || events.length >= EVENTS_SHOWN) log.replaceChildren(...events.map(eventItem));
  else if (events.length > 0) {
    log.append(...events.map(eventItem));
    for (let extra = log.children.length - EVENTS_SHOWN; extra > 0; extra--) log.firstElementChild.remove();
  }
  const { at, name, seq, summary } = events.at(-1) ?? logged?.last ?? {};
  logged = { sim: store.sim, subscription: s.subscription, cursor: s.cursor, next: s.nextEventSeq,
    last: seq === undefined ? null : { at, name, seq, summary } };
  if (fresh !== null && events.length === 0) return;
  // Scrolled in the next frame: read now, the height would lay the page out twice (here, with
  // the other panels still to draw, and again for the frame).
  requestAnimationFrame(() => { log.scrollTop = log.scrollHeight; });
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
