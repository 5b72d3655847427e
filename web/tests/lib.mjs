// Shared helpers of the end-to-end tests: the browser, the check runner, console typing.
// Imported by e2e.mjs and by every suite in suites/.

import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** Where screenshots go (kept as CI artifacts). */
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
/** Text that would run script if it were ever treated as HTML. */
export const XSS = "<img src=x onerror=alert(1)>";
/** The workspace most suites build. */
export const WS = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1";

/** Counters and collected output of the whole run. */
export const results = { passed: 0, failed: 0 };
/** Figures printed at the end (`figure: …`). */
export const figures = [];
/** Page errors and console errors, from every page. */
export const errors = [];
/** Dialogs that fired (none should). */
export const dialogs = [];
const contexts = [];

/** Closes every browser context opened by `openContext` and removes its profile. */
export async function closeAll() {
  for (const [ctx, dir] of contexts) {
    await ctx.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh browser profile (nothing stored), watched for errors and dialogs. */
export async function openContext() {
  const dir = mkdtempSync(join(tmpdir(), "hcsim-e2e-"));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: "/usr/bin/chromium", headless: true, args: ARGS, viewport: { width: 1400, height: 1000 },
  });
  contexts.push([ctx, dir]);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on("pageerror", (e) => errors.push(`pageerror: ${e}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console.error: ${m.text()}`));
  page.on("dialog", async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  return page;
}

export async function ready(page) {
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30000 });
  const state = await page.evaluate(() => document.body.dataset.ready);
  if (state !== "true") throw new Error(`page did not start: ${await page.textContent("#banner-text")}`);
}

// ----- accessibility: axe-core after every check ------------------------------------------

/** axe-core's source, evaluated in a page (the page's CSP does not apply to the test's own
 * evaluation, so nothing is added to the page's script list). */
const AXE = (() => {
  try {
    return readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  } catch (e) {
    throw new Error(`axe-core is missing from web/node_modules (run npm ci --prefix web): ${e.message}`);
  }
})();
/** The WCAG 2.1 A/AA rules and axe's best practices. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
/** Per page, the DOM fingerprint at its last audit: an unchanged page is not audited again. */
const audited = new WeakMap();
/** Audits run and the pages they covered, for the figures. */
export const auditStats = { runs: 0, skipped: 0 };

/** Every open page of every context this run opened. */
function openPages() {
  return contexts.flatMap(([ctx]) => ctx.pages()).filter((p) => !p.isClosed());
}

async function fingerprint(page) {
  return page.evaluate(() => document.body?.dataset.ready === "true"
    ? `${location.href}|${document.getElementsByTagName("*").length}|${document.body.innerText.length}`
    : null).catch(() => null);
}

/**
 * Runs axe-core on `page` and throws with every violation (rule, impact, the first nodes and
 * axe's help) when there is one. `label` names the state in the message.
 */
export async function audit(page, label = "") {
  const has = await page.evaluate(() => typeof window.axe === "object").catch(() => false);
  if (!has) await page.evaluate(AXE);
  auditStats.runs++;
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(0, 2).join(" ")}`),
      count: v.nodes.length,
    }));
  }, AXE_TAGS);
  audited.set(page, await fingerprint(page));
  if (violations.length) {
    const text = violations.map((v) => `  ${v.id} (${v.impact}, ${v.count} nodes): ${v.help}\n    ${v.nodes.join("\n    ")}`).join("\n");
    throw new Error(`axe-core: ${violations.length} violation(s)${label ? ` in ${label}` : ""}:\n${text}`);
  }
}

/** Audits every open, ready page whose DOM changed since its last audit. */
async function auditChanged(name) {
  for (const page of openPages()) {
    const fp = await fingerprint(page);
    if (fp === null || audited.get(page) === fp) {
      auditStats.skipped++;
      continue;
    }
    await audit(page, `"${name}" (${page.url().split("#")[0]})`);
  }
}

export async function check(name, fn) {
  try {
    await fn();
    await auditChanged(name);
    results.passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    results.failed++;
    console.log(`FAIL ${name}: ${e?.message ?? e}`);
  }
}

export function expect(cond, message) {
  if (!cond) throw new Error(message);
}

/** Types a line into the console and returns the text of the entry it produced. */
export async function type(page, line) {
  const before = await page.locator('[data-testid="console-entry"]').count();
  await page.fill('[data-testid="console-input"]', line);
  await page.press('[data-testid="console-input"]', "Enter");
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="console-entry"]').length > n, before);
  return page.locator('[data-testid="console-entry"]').last().innerText();
}

export async function treeNames(page) {
  return page.$$eval('[data-testid="tree-item"]', (els) => els.map((e) => e.dataset.name));
}

export const trace = (page) => page.textContent('[data-testid="trace-hash"]');

