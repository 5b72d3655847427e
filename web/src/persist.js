// Persistence. A session's saved form is the facade's `save()` text (seed + input log), wrapped
// with the page's own bits (session name, lesson). It is kept:
// - in localStorage under `hcsim.autosave` after every change, restored on reload;
// - under names (`hcsim.sessions`), and as exported files;
// - in share links (`#s=…` in the URL fragment, deflate-raw + base64url), which never reach
//   a server.
// A saved session that cannot be read is never dropped or overwritten silently: its text is
// moved to its own `hcsim.damaged.<time>` key, a banner says so and offers it as a download.

import { $, clear, el } from "./dom.js";
import { store, subscribe, replaceSimulator, Simulator, errorText } from "./state.js";
import { note } from "./console.js";

const AUTOSAVE_KEY = "hcsim.autosave";
const SESSIONS_KEY = "hcsim.sessions";
const DAMAGED_PREFIX = "hcsim.damaged.";
const PAGE_FORMAT = "hcsim-page/1";

let autosaveTimer = null;
let storageWarned = false;

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
  const sim = Simulator().load(saved);
  if (page?.lesson?.name && typeof sim.resumeLesson === "function") {
    try {
      sim.resumeLesson(page.lesson.name, !!page.lesson.solutionShown);
    } catch (e) {
      note(`The lesson '${page.lesson.name}' could not be resumed: ${errorText(e)}`);
    }
  }
  return { sim, name: page?.name };
}

function storageSet(key, value) {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch (e) {
    if (!storageWarned) {
      storageWarned = true;
      showBanner(`This browser refused to store the session (${e.name}): export it as a file to keep it.`);
    }
    return false;
  }
}

// ----- the banner -----------------------------------------------------------------------------

function showBanner(text, damaged = null) {
  $("banner-text").textContent = text;
  const dl = $("banner-download");
  dl.hidden = !damaged;
  dl.onclick = damaged ? () => download(`hcsim-damaged-${Date.now()}.txt`, damaged) : null;
  $("banner").hidden = false;
}

/** Moves unreadable text to its own key and tells the user where it went. */
function setAside(text, where, err, after = "A new session was started.") {
  const key = DAMAGED_PREFIX + new Date().toISOString();
  storageSet(key, text);
  showBanner(`The ${where} could not be restored: ${errorText(err)}\n` +
    `Nothing was lost: its text was kept in this browser under "${key}" and can be downloaded. ${after}`, text);
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
    setAside(raw, "list of named sessions", e, "The list starts empty.");
    localStorage.removeItem(SESSIONS_KEY);
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
  all[w.name] = { ...w, savedAt: new Date().toISOString() };
  if (storageSet(SESSIONS_KEY, JSON.stringify(all))) note(`Saved the session as '${w.name}'.`);
  renderSessions();
}

function openNamed(name) {
  const entry = sessions()[name];
  if (!entry) return;
  try {
    const { sim } = unwrap(JSON.stringify(entry));
    $("session-name").value = name;
    replaceSimulator(sim);
    note(`Opened the session '${name}' (seed ${store.state.seed}, ${store.state.cursor} steps).`);
  } catch (e) {
    setAside(JSON.stringify(entry), `session '${name}'`, e, "The current session is unchanged.");
  }
}

// ----- autosave and start-up ------------------------------------------------------------------

function autosaveNow() {
  if (store.sim) storageSet(AUTOSAVE_KEY, JSON.stringify(wrap()));
}

/** Picks the session to start with: a share link, else the autosave, else a new one. */
export async function restore() {
  const m = /^#s=([A-Za-z0-9_.-]+)/.exec(location.hash);
  if (m) {
    try {
      const text = await decodeShare(m[1]);
      const { sim, name } = unwrap(text);
      if (name) $("session-name").value = name;
      replaceSimulator(sim);
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
      const { sim, name } = unwrap(raw);
      if (name) $("session-name").value = name;
      replaceSimulator(sim);
      note(`Restored your last session (seed ${store.state.seed}, ${store.state.cursor} steps).`);
      return "autosave";
    } catch (e) {
      setAside(raw, "last session", e);
      localStorage.removeItem(AUTOSAVE_KEY);
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
  // Leaving the page must not lose the last quarter second of work.
  addEventListener("pagehide", autosaveNow);
  $("banner-close").addEventListener("click", () => ($("banner").hidden = true));
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
      const { sim, name } = unwrap(text);
      if (name) $("session-name").value = name;
      replaceSimulator(sim);
      note(`Imported ${file.name} (seed ${store.state.seed}, ${store.state.cursor} steps).`);
    } catch (err) {
      setAside(text, `file ${file.name}`, err, "The current session is unchanged.");
    }
  });
  $("session-share").addEventListener("click", () => shareLink().catch((e) => note(errorText(e))));
  renderSessions();
}

export { shareLink, autosaveNow };
