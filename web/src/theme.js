// Theme: "auto" follows the system (prefers-color-scheme), "light" and "dark" override it.
// The choice is stored; the stylesheet reads html[data-theme].

import { $ } from "./dom.js";

const KEY = "hcsim.theme";
const ORDER = ["auto", "light", "dark"];

function apply(theme) {
  if (theme === "auto") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  const b = $("theme-toggle");
  b.textContent = `Theme: ${theme}`;
  b.setAttribute("aria-pressed", String(theme !== "auto"));
}

/** Wires the toggle. */
export function initTheme() {
  let theme = localStorage.getItem(KEY);
  if (!ORDER.includes(theme)) theme = "auto";
  apply(theme);
  $("theme-toggle").addEventListener("click", () => {
    theme = ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length];
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      /* not stored: the theme still applies to this page */
    }
    apply(theme);
  });
}
