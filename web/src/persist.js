// Persistence. A session's saved form is the facade's `save()` text (seed + input log), wrapped
// with the page's own bits (session name, lesson). It is kept:
// - in localStorage under `hcsim.autosave` after every change, restored on reload;
// - under names (`hcsim.sessions`), and as exported files;
// - in share links (`#s=…` in the URL fragment, deflate-raw + base64url), which never reach
//   a server.
// A saved session that cannot be read is never dropped or overwritten silently: its text is
// moved to its own `hcsim.damaged.<time>` key, a banner says so and offers it as a download
// (when storage is too full even for that, the text stays where it was and nothing writes
// over it until it is downloaded).
// Saves keep two more promises:
// - storage full (QuotaExceededError): a clear message, and the previous save stays as it
//   was (a refused `setItem` changes nothing);
// - several tabs: every autosave carries a revision and the tab that wrote it. A tab never
//   writes over a newer revision from another tab: it asks, "open theirs" or "keep mine".

import { $, clear, el } from "./dom.js";
import { store, subscribe, changed, replaceSimulator, Simulator, errorText, upgrade, NOT_IN_THIS_BUILD } from "./state.js";
import { note } from "./console.js";

const AUTOSAVE_KEY = "hcsim.autosave";
const SESSIONS_KEY = "hcsim.sessions";
const DAMAGED_PREFIX = "hcsim.damaged.";
/** Where a tab closed with another tab's newer save unanswered keeps its own session. */
const UNSAVED_PREFIX = "hcsim.unsaved.";
const PAGE_FORMAT = "hcsim-page/1";

let autosaveTimer = null;
let storageWarned = false;
/** This page's id, written into its autosaves (another tab's revisions are not ours). */
const TAB = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
/** The autosave revision this tab last wrote or opened. */
let knownRev = 0;
/** Another tab's newer autosave this tab has not answered yet: `{rev, raw}` or null. */
let conflict = null;
/** The revision of each named session as this tab last saved or opened it. */
const namedRevs = {};
/** Keys holding unreadable text that could not be set aside: nothing may write over them. */
const protectedKeys = new Set();
/** The protected key the banner on show is about (null when it is about something else). */
let bannerKey = null;

// ----- the page's wrapper around save() ------------------------------------------------------

function wrap() {
  const lesson = typeof store.sim.lesson === "function" ? store.sim.lesson() : null;
  return {
    format: PAGE_FORMAT,
    name: $("session-name").value.trim() || "default",
    saved: store.sim.save(),
    lesson: lesson ? { name: lesson.name, solutionShown: lesson.solutionShown } : null,
  };
}

/** A simulator from a wrapper (or from bare `save()` text); throws the facade's Error. */
function unwrap(text) {
  let page = null;
  try {
    const v = JSON.parse(text);
    if (v && v.format === PAGE_FORMAT) page = v;
  } catch {
    /* not JSON at all: let the facade say what is wrong with it */
  }
  const saved = page ? page.saved : text;
  if (typeof saved !== "string") throw Object.assign(new Error("The saved session holds no session text."), { code: "DamagedSession" });
  let sim;
  try {
    sim = Simulator().load(saved);
  } catch (e) {
    // A session with template deployments opens in the full module (`adopt` loads it).
    if (e?.code === NOT_IN_THIS_BUILD) return { sim: null, text, name: page?.name };
    throw e;
  }
  // The start module has no lessons: `adopt` resumes the lesson once the full module is in.
  const lesson = page?.lesson?.name ? page.lesson : null;
  if (lesson && typeof sim.resumeLesson === "function") resume(sim, lesson);
  return { sim, name: page?.name, lesson: lesson && typeof sim.resumeLesson !== "function" ? lesson : null };
}

function resume(sim, lesson) {
  try {
    sim.resumeLesson(lesson.name, !!lesson.solutionShown);
  } catch (e) {
    note(`The lesson '${lesson.name}' could not be resumed: ${errorText(e)}`);
  }
}

/**
 * Makes an unwrapped session the page's; a lesson it was playing is resumed in the full
 * module (loaded first). Resolves when the lesson is back.
 */
async function adopt(opened, reason = "replace") {
  if (!opened.sim) {
    await upgrade();
    opened = unwrap(opened.text);
  }
  const { sim, lesson } = opened;
  replaceSimulator(sim, { reason });
  if (!lesson) return;
  try {
    await upgrade();
    resume(store.sim, lesson);
    changed("lesson");
  } catch (e) {
    note(`The lesson '${lesson.name}' could not be resumed: ${errorText(e)}`);
  }
}

/** True for the browsers' "storage full" errors. */
export function isQuotaError(e) {
  return e?.name === "QuotaExceededError" || e?.name === "NS_ERROR_DOM_QUOTA_REACHED" || e?.code === 22 || e?.code === 1014;
}

/** Stores `value` under `key`; on failure says why once (until a save succeeds again). */
function storageSet(key, value, what = "the session") {
  if (protectedKeys.has(key)) {
    // The banner already explaining this key (e.g. "could not be copied aside" from the
    // start-up) stays: it says more than this reminder, which shows once it is closed.
    if (!$("banner").hidden && bannerKey === key) return false;
    showBanner(`${what} was not saved: this browser still holds unreadable saved text under "${key}" that could not be set aside. Download it first (button below), then saving resumes.`, localStorage.getItem(key), key);
    return false;
  }
  try {
    localStorage.setItem(key, value);
    storageWarned = false;
    return true;
  } catch (e) {
    if (!storageWarned) {
      storageWarned = true;
      showBanner(isQuotaError(e)
        ? `Browser storage is full: ${what} was not saved. The previous save is kept unchanged. Export the session as a file to keep this work, or delete named sessions you no longer need; saving resumes when there is room.`
        : `This browser refused to store ${what} (${e?.name ?? e}): export it as a file to keep it.`);
    }
    return false;
  }
}

/** The revision and tab of a stored autosave's text (0 and null when it has none). */
function revOf(raw) {
  try {
    const v = JSON.parse(raw);
    return { rev: Number.isSafeInteger(v?.rev) ? v.rev : 0, tab: typeof v?.tab === "string" ? v.tab : null };
  } catch {
    return { rev: 0, tab: null };
  }
}

// ----- the banner -----------------------------------------------------------------------------

/** Shows the banner; `damaged` text gets a download button (which, for a protected key,
 *  lifts the protection once the text is in the user's hands). */
function showBanner(text, damaged = null, protectedKey = null) {
  bannerKey = protectedKey;
  $("banner-text").textContent = text;
  const dl = $("banner-download");
  dl.hidden = !damaged;
  dl.onclick = damaged
    ? () => {
        download(`hcsim-damaged-${Date.now()}.txt`, damaged);
        if (protectedKey) protectedKeys.delete(protectedKey);
      }
    : null;
  for (const id of ["banner-theirs", "banner-mine"]) $(id).hidden = true;
  $("banner").hidden = false;
}

/** Moves unreadable text (stored under `from`) to its own key and tells the user where it
 *  went. When storage is too full for the copy, the text stays under `from`, protected. */
function setAside(text, where, err, from, after = "A new session was started.") {
  const key = DAMAGED_PREFIX + new Date().toISOString();
  let stored = false;
  try {
    localStorage.setItem(key, text);
    stored = true;
  } catch {
    /* storage full: keep it where it is (below) */
  }
  if (stored) {
    if (from) localStorage.removeItem(from);
    showBanner(`The ${where} could not be restored: ${errorText(err)}\n` +
      `Nothing was lost: its text was kept in this browser under "${key}" and can be downloaded. ${after}`, text);
    return;
  }
  if (from) protectedKeys.add(from);
  showBanner(`The ${where} could not be restored: ${errorText(err)}\n` +
    `Browser storage is full, so its text could not be copied aside: it stays under "${from}" and nothing will be saved over it until you download it. ${after}`, text, from);
}

/** Asks what to do about another tab's newer autosave (nothing is written meanwhile). */
function showConflict(raw) {
  const { rev } = revOf(raw);
  conflict = { rev, raw };
  let steps = "";
  try {
    const theirs = Simulator().load(JSON.parse(raw).saved);
    steps = `, ${theirs.stateSummary().cursor} steps`;
    theirs.free();
  } catch {
    /* described without its step count */
  }
  showBanner(`Another tab saved a newer version of your session (save #${rev}${steps}). ` +
    `This tab did not save over it. Open theirs here (this tab's unsaved work is dropped), or keep this tab's session (theirs is replaced).`);
  $("banner-theirs").hidden = false;
  $("banner-mine").hidden = false;
}

function resolveConflict(keepMine) {
  if (!conflict) return;
  const { rev, raw } = conflict;
  conflict = null;
  $("banner").hidden = true;
  knownRev = rev;
  if (keepMine) {
    autosaveNow();
    note(`Kept this tab's session; it replaced the other tab's save #${rev}.`);
    return;
  }
  try {
    const opened = unwrap(raw);
    if (opened.name) $("session-name").value = opened.name;
    adopt(opened, "other-tab");
    note(`Opened the other tab's session (save #${rev}, ${store.state.cursor} steps).`);
  } catch (e) {
    setAside(raw, "other tab's session", e, null, "This tab's session is unchanged.");
  }
}

// ----- files ----------------------------------------------------------------------------------

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ----- share links ----------------------------------------------------------------------------

function toBase64Url(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** `z.<deflate-raw base64url>`, or `p.<plain base64url>` where CompressionStream is missing. */
export async function encodeShare(text) {
  const bytes = new TextEncoder().encode(text);
  if (typeof CompressionStream === "function") return "z." + toBase64Url(await pipe(bytes, new CompressionStream("deflate-raw")));
  return "p." + toBase64Url(bytes);
}

/** The inverse of encodeShare; throws on anything else. */
export async function decodeShare(code) {
  const [kind, body] = [code.slice(0, 2), code.slice(2)];
  if (kind === "p.") return new TextDecoder().decode(fromBase64Url(body));
  if (kind === "z.") return new TextDecoder().decode(await pipe(fromBase64Url(body), new DecompressionStream("deflate-raw")));
  throw new Error("unknown share-link format");
}

async function shareLink() {
  const code = await encodeShare(JSON.stringify(wrap()));
  const url = `${location.origin}${location.pathname}#s=${code}`;
  $("share-url").value = url;
  $("share-out").hidden = false;
  $("share-url").select();
  try {
    await navigator.clipboard.writeText(url);
  } catch {
    /* no clipboard permission (e.g. headless): the link is selected in the box instead */
  }
  return url;
}

// ----- named sessions -------------------------------------------------------------------------

function sessions() {
  const raw = localStorage.getItem(SESSIONS_KEY);
  if (!raw) return {};
  try {
    const v = JSON.parse(raw);
    if (v && typeof v === "object" && !Array.isArray(v)) return v;
    throw new Error("not a map of sessions");
  } catch (e) {
    // The whole list is unreadable: keep its text aside before anything writes a new list.
    if (!protectedKeys.has(SESSIONS_KEY)) setAside(raw, "list of named sessions", e, SESSIONS_KEY, "The list starts empty.");
    return {};
  }
}

function renderSessions() {
  const select = $("session-list");
  clear(select);
  select.append(el("option", { value: "" }, "Open saved…"));
  for (const name of Object.keys(sessions()).sort()) select.append(el("option", { value: name }, name));
}

function saveNamed() {
  const all = sessions();
  const w = wrap();
  const existing = all[w.name];
  const rev = Number.isSafeInteger(existing?.rev) ? existing.rev : 0;
  // Another tab (or an earlier visit) saved under this name since this tab last saw it.
  if (existing && rev !== (namedRevs[w.name] ?? -1) &&
      !confirm(`A session named '${w.name}' was saved ${existing.savedAt ?? "earlier"} (in another tab or an earlier visit). Replace it with this one?`)) {
    note(`Not saved: '${w.name}' keeps its saved session. Choose another name to keep both.`);
    return;
  }
  all[w.name] = { ...w, rev: rev + 1, tab: TAB, savedAt: new Date().toISOString() };
  if (storageSet(SESSIONS_KEY, JSON.stringify(all), `the session '${w.name}'`)) {
    namedRevs[w.name] = rev + 1;
    note(`Saved the session as '${w.name}'.`);
  }
  renderSessions();
}

function openNamed(name) {
  const entry = sessions()[name];
  if (!entry) return;
  try {
    const opened = unwrap(JSON.stringify(entry));
    $("session-name").value = name;
    namedRevs[name] = Number.isSafeInteger(entry.rev) ? entry.rev : 0;
    adopt(opened);
    note(`Opened the session '${name}' (seed ${store.state.seed}, ${store.state.cursor} steps).`);
  } catch (e) {
    setAside(JSON.stringify(entry), `session '${name}'`, e, null, "The current session is unchanged.");
  }
}

// ----- autosave and start-up ------------------------------------------------------------------

/** Autosaves, unless another tab saved a newer revision since this tab last saw one:
 *  then it asks instead (and writes nothing until answered). */
function autosaveNow() {
  if (!store.sim || conflict) return;
  const raw = localStorage.getItem(AUTOSAVE_KEY);
  const stored = raw === null ? { rev: 0, tab: null } : revOf(raw);
  const page = wrap();
  if (raw !== null && sameSession(raw, page)) {
    // Already saved (by this tab, or another one holding the same session): nothing to ask.
    knownRev = Math.max(knownRev, stored.rev);
    return;
  }
  if (stored.rev > knownRev && stored.tab !== TAB) {
    showConflict(raw);
    return;
  }
  const rev = Math.max(stored.rev, knownRev) + 1;
  if (storageSet(AUTOSAVE_KEY, JSON.stringify({ ...page, rev, tab: TAB }))) knownRev = rev;
}

/** True when a stored autosave holds the same session as `page` (a wrapper). */
function sameSession(raw, page) {
  try {
    const v = JSON.parse(raw);
    return v.saved === page.saved && v.name === page.name && JSON.stringify(v.lesson ?? null) === JSON.stringify(page.lesson);
  } catch {
    return false;
  }
}

/** Picks the session to start with: a share link, else the autosave, else a new one. */
export async function restore() {
  const m = /^#s=([A-Za-z0-9_.-]+)/.exec(location.hash);
  if (m) {
    try {
      const text = await decodeShare(m[1]);
      const opened = unwrap(text);
      if (opened.name) $("session-name").value = opened.name;
      await adopt(opened);
      // From now on the autosave carries this session; a reload must not replay the link
      // over the work done since.
      history.replaceState(null, "", location.pathname + location.search);
      autosaveNow();
      note(`Opened a shared session (seed ${store.state.seed}, ${store.state.cursor} steps).`);
      return "share";
    } catch (e) {
      showBanner(`The share link could not be opened: ${errorText(e)}. Your own saved session was opened instead.`);
    }
  }
  const raw = localStorage.getItem(AUTOSAVE_KEY);
  if (raw !== null) {
    try {
      const opened = unwrap(raw);
      if (opened.name) $("session-name").value = opened.name;
      knownRev = revOf(raw).rev;
      await adopt(opened);
      note(`Restored your last session (seed ${store.state.seed}, ${store.state.cursor} steps).`);
      return "autosave";
    } catch (e) {
      setAside(raw, "last session", e, AUTOSAVE_KEY);
    }
  }
  replaceSimulator(new (Simulator())({}));
  note(`New session, seed ${store.state.seed}. Try: az group create --name rg1 --location eastus`);
  return "new";
}

/** Wires the session bar and the autosave. */
export function initPersist() {
  subscribe(() => {
    clearTimeout(autosaveTimer);
    autosaveTimer = setTimeout(autosaveNow, 250);
  });
  // Leaving the page must not lose the last quarter second of work; left with a question
  // unanswered, this tab's session goes to a key of its own instead of over the other's.
  addEventListener("pagehide", () => {
    if (conflict && store.sim) storageSet(UNSAVED_PREFIX + new Date().toISOString(), JSON.stringify(wrap()), "this tab's session");
    else autosaveNow();
  });
  $("banner-close").addEventListener("click", () => ($("banner").hidden = true));
  $("banner-theirs").addEventListener("click", () => resolveConflict(false));
  $("banner-mine").addEventListener("click", () => resolveConflict(true));
  // Another tab's autosave: ask now, before this tab's next autosave would meet it.
  addEventListener("storage", (e) => {
    if (e.key !== AUTOSAVE_KEY || e.newValue === null || conflict) return;
    const { rev, tab } = revOf(e.newValue);
    if (rev <= knownRev || tab === TAB) return;
    if (store.sim && sameSession(e.newValue, wrap())) knownRev = rev;
    else showConflict(e.newValue);
  });
  $("session-save").addEventListener("click", saveNamed);
  $("session-list").addEventListener("change", (e) => {
    if (e.target.value) openNamed(e.target.value);
    e.target.value = "";
  });
  $("session-delete").addEventListener("click", () => {
    const name = $("session-name").value.trim();
    const all = sessions();
    if (!(name in all)) return note(`There is no saved session called '${name}'.`);
    if (!confirm(`Delete the saved session '${name}'?`)) return;
    delete all[name];
    storageSet(SESSIONS_KEY, JSON.stringify(all));
    renderSessions();
  });
  $("session-new").addEventListener("click", () => {
    replaceSimulator(new (Simulator())({}));
    note(`New session, seed ${store.state.seed}.`);
  });
  $("session-export").addEventListener("click", () => {
    const w = wrap();
    download(`hcsim-${w.name.replace(/[^A-Za-z0-9_-]+/g, "_")}.json`, JSON.stringify(w, null, 2));
  });
  $("session-import").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    const text = await file.text();
    try {
      const opened = unwrap(text);
      if (opened.name) $("session-name").value = opened.name;
      await adopt(opened);
      note(`Imported ${file.name} (seed ${store.state.seed}, ${store.state.cursor} steps).`);
    } catch (err) {
      setAside(text, `file ${file.name}`, err, null, "The current session is unchanged.");
    }
  });
  $("session-share").addEventListener("click", () => shareLink().catch((e) => note(errorText(e))));
  renderSessions();
}

export { shareLink, autosaveNow };
