// Panels loaded on first use. The page starts with the console, tree and details (and the
// start module, web/pkg); the diagram, the operations timeline and the mapping debugger need
// the full module (web/pkg-full) and their own scripts, so both are fetched when the panel is
// first shown: the diagram and the timeline when they scroll into view, the debugger when its
// tab is opened. Each loads once; the panel then follows every change like the others.

import { changed, upgrade } from "./state.js";

/**
 * Loads a panel once: its script (`importer()`, a dynamic `import`) while the session moves
 * into the full module; then its `init` export is called and every panel redraws.
 */
export function lazyPanel(importer, init) {
  let loading = null;
  return () => {
    loading ??= (async () => {
      // The script and the full module load side by side; the panel starts on the full one.
      const [m] = await Promise.all([importer(), upgrade()]);
      m[init]();
      // `upgrade` redrew the others already if the session moved; the new panel draws now.
      changed("panel");
    })().catch((e) => {
      loading = null;
      console.error(`panel ${init} could not load:`, e);
    });
    return loading;
  };
}

/** Calls `load` the first time `element` is on screen (or at once without an observer). */
export function whenVisible(element, load) {
  if (!element) return;
  if (typeof IntersectionObserver !== "function") {
    load();
    return;
  }
  const seen = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) {
      seen.disconnect();
      load();
    }
  });
  seen.observe(element);
}
