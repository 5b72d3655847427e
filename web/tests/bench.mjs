// The browser rows of the performance budgets (issue 14), for `cargo xtask bench`. Usage:
// `node web/tests/bench.mjs URL` with the built page (web/ with web/pkg) served at URL. Prints
// one line per figure, exactly `BENCH <key> <value> <unit>`, and exits 0 (1 with a message
// when a figure cannot be measured). Same browser setup as the end-to-end test (lib.mjs).
//
// - wasm_gzip_bytes: the wasm files the page loads at start, gzip -9.
// - page_gzip_bytes: every file the page loads at start (the page, scripts, styles, wasm),
//   gzip -9, as the e2e's page-weight figure counts them.
// - roundtrip_10_ms / roundtrip_10k_ms: a console round trip (`az group show`, submit → next
//   frame), median of 9, with 10 resources and with 10k resources in the session.
// - fill_10k_browser_ms: filling 10k resources through `window.hcsim.runMany` (the lines cross
//   into wasm as one text, `runLines`), instant timing, then the page's one redraw (`sim status`:
//   state without the tree, the tree panel's rows, the panels) until the page has drawn the
//   result (the next frame): the renderer's main-thread CPU time
//   (Chromium's `ThreadTime`), the least of FILL_RUNS fills in one page, each in a new session
//   (the page's "New session"). The native side (hcsim-bench `fill_native`) runs the same lines
//   and takes its process's CPU time, the least of as many fills: a shared, loaded machine
//   swings wall time (the browser's processes compete with each other) far more than CPU time.
//   A subscription holds at most 980 resource groups (ARM's quota, enforced by the core), so
//   10k resources are 10 groups × 999 virtual networks (plus the groups), as in the e2e figure.
//   Also printed, not in the table: fill_10k_browser_first_ms (the first fill of a fresh page,
//   its code not yet optimized by the browser) and fill_10k_browser_wall_ms (least wall time).
// - medtech_browser_msgs_per_s: MedTech device messages normalized per second in the browser
//   (issue 12's benchmark; the native figure beside it is measured by hcsim-bench).

import { gzipSync } from "node:zlib";
import { closeAll, openContext, ready } from "./lib.mjs";

const url = process.argv[2];
if (!url) {
  console.error("usage: node web/tests/bench.mjs URL");
  process.exit(2);
}

/** Fills run in the big page; the least counts (hcsim-bench's `FILL_RUNS` natively). */
const FILL_RUNS = 5;

/**
 * The lines that fill the session: `groups` groups of `perGroup` virtual networks (hcsim-bench's
 * `fill_lines` is the same list).
 */
function fillLines(groups, perGroup) {
  const lines = ["sim timing instant"];
  for (let g = 0; g < groups; g++) {
    lines.push(`az group create -n rg${g} -l eastus -o none`);
    for (let i = 0; i < perGroup; i++) lines.push(`az network vnet create -n vnet${i} -g rg${g} -o none`);
  }
  return lines;
}

/** The renderer's main-thread CPU time so far, in ms (`Performance.enable` sent on `cdp`). */
async function threadMs(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return metrics.find((m) => m.name === "ThreadTime").value * 1000;
}

/**
 * Fills the page's session; returns the wall time until the next frame (the page has drawn the
 * result), the main-thread CPU time over the same span when `cdp` is given, and the count.
 */
async function fill(page, lines, cdp = null) {
  const before = cdp ? await threadMs(cdp) : 0;
  const r = await page.evaluate(async (ls) => {
    const t0 = performance.now();
    const summary = await window.hcsim.runMany(ls);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return {
      ms: performance.now() - t0,
      count: window.hcsim.store.state.resourceCount,
      failed: summary?.failed ?? 0,
      firstFailure: summary?.firstFailure?.output ?? summary?.firstFailure?.error ?? null,
    };
  }, lines);
  r.cpuMs = cdp ? (await threadMs(cdp)) - before : null;
  return r;
}

/** Lets the page's deferred work (the autosave a quarter second after a change) finish. */
async function settle(page) {
  await page.waitForTimeout(700);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}

/** The 10k fill FILL_RUNS times in `page`, each in a new session: the runs' figures. */
async function fills10k(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  const lines = fillLines(10, 999);
  const runs = [];
  for (let i = 0; i < FILL_RUNS; i++) {
    if (i > 0) {
      await page.evaluate(() => document.getElementById("session-new").click());
      const left = await page.evaluate(() => window.hcsim.store.state.resourceCount);
      if (left >= 10000) throw new Error(`"New session" left ${left} resources`);
    }
    await settle(page);
    const f = await fill(page, lines, cdp);
    if (f.failed) throw new Error(`${f.failed} lines failed filling 10k resources: ${f.firstFailure}`);
    if (f.count < 10000) throw new Error(`the filled session holds ${f.count} resources, not 10k`);
    runs.push(f);
  }
  await settle(page);
  return runs;
}

/** Median console round trip (`az group show`, submit → next frame) over `n` lines. */
async function roundTrip(page, groups, n = 9) {
  return page.evaluate(async ([g, count]) => {
    const times = [];
    for (let i = 0; i < count; i++) {
      const input = document.querySelector('[data-testid="console-input"]');
      input.value = `az group show -n rg${i % g}`;
      const t0 = performance.now();
      document.getElementById("console-form").requestSubmit();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  }, [groups, n]);
}

/** Gzip -9 sizes of what the page loaded at start: wasm files and everything. */
async function weights(page) {
  const files = await page.evaluate(() =>
    [location.href.split("#")[0], ...performance.getEntriesByType("resource").map((e) => e.name)]);
  let wasm = 0;
  let all = 0;
  for (const f of new Set(files)) {
    if (!f.startsWith("http")) continue;
    const body = new Uint8Array(await (await fetch(f)).arrayBuffer());
    const gz = gzipSync(body, { level: 9 }).length;
    all += gz;
    if (new URL(f).pathname.endsWith(".wasm")) wasm += gz;
  }
  return { wasm, all };
}

async function fresh() {
  const page = await openContext();
  await page.goto(url);
  await ready(page);
  return page;
}

const out = [];
try {
  const small = await fresh();
  const w = await weights(small);
  if (w.wasm === 0) throw new Error("the page loaded no .wasm file at start");
  out.push(["wasm_gzip_bytes", w.wasm, "bytes"], ["page_gzip_bytes", w.all, "bytes"]);
  // 10 resources: the subscription, 3 groups of 2 vnets (and the groups).
  const s = await fill(small, fillLines(3, 2));
  if (s.failed) throw new Error(`${s.failed} lines failed filling 10 resources: ${s.firstFailure}`);
  if (s.count < 10) throw new Error(`the small session holds ${s.count} resources, not 10`);
  await roundTrip(small, 3, 3); // warm-up
  out.push(["roundtrip_10_ms", (await roundTrip(small, 3)).toFixed(2), "ms"]);

  const big = await fresh();
  const runs = await fills10k(big);
  const least = (key) => Math.min(...runs.map((r) => r[key]));
  out.push(["fill_10k_browser_ms", least("cpuMs").toFixed(0), "ms"]);
  out.push(["fill_10k_browser_first_ms", runs[0].cpuMs.toFixed(0), "ms"]);
  out.push(["fill_10k_browser_wall_ms", least("ms").toFixed(0), "ms"]);
  await roundTrip(big, 10, 3); // warm-up
  out.push(["roundtrip_10k_ms", (await roundTrip(big, 10)).toFixed(2), "ms"]);
  // MedTech's normalization in the browser: the same 20,000 heart-rate messages and mapping as
  // the native row (the lab's `normalize_samples`).
  // The MedTech engine is in the full module (loaded on first use: docs/WASM-SIZE.md).
  const mt = await small.evaluate(async () => {
    await window.hcsim.upgrade();
    return window.hcsim.store.sim.constructor.medtechBenchmark(20000);
  });
  if (mt.measurements !== 20000) throw new Error(`MedTech normalized ${mt.measurements} of 20000 messages`);
  out.push(["medtech_browser_msgs_per_s", mt.perSecond, "msgs/s"]);
} catch (e) {
  console.error(`bench: ${e?.message ?? e}`);
  await closeAll();
  process.exit(1);
}
await closeAll();
for (const [key, value, unit] of out) console.log(`BENCH ${key} ${value} ${unit}`);
