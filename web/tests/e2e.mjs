// End-to-end test of the playground in Debian's headless Chromium (playwright-core, no
// browser download). Usage: `node web/tests/e2e.mjs URL` with the built page (web/ with
// web/pkg) served at URL. Exits 1 on any failure; prints `e2e: N passed, M failed` and the
// figures (time to first render, console round-trip at 10k resources, wasm size, page weight).
// Screenshots of the main views go to web/tests/artifacts/.

import { readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import {
  ARTIFACTS, XSS, WS, results, figures, errors, dialogs, closeAll,
  openContext, ready, check, expect, type, treeNames, trace,
} from "./lib.mjs";

const url = process.argv[2];
if (!url) {
  console.error("usage: node web/tests/e2e.mjs URL");
  process.exit(2);
}

/**
 * Runs every suite in web/tests/suites/ (in file-name order). A suite's default export is
 * `async (page, url)`, given the page this file built (workspace ws1 in rg1 with fhir1 and
 * dicom1); it registers its checks with `check` from lib.mjs and may open its own contexts.
 */
async function runSuites(page) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), "suites");
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".mjs")).sort();
  } catch {
    return;
  }
  for (const f of files) {
    const suite = await import(pathToFileURL(join(dir, f)).href);
    await suite.default(page, url);
  }
}

try {
  const page = await openContext();

  await check("page loads, wasm ready, time to first render", async () => {
    await page.goto(url);
    await ready(page);
    const ms = await page.evaluate(() => performance.getEntriesByName("hcsim-ready")[0]?.startTime);
    figures.push(`time to first render (navigation start → ready): ${ms.toFixed(0)} ms`);
  });

  await check("build a workspace with FHIR and DICOM from the console; it shows in the tree", async () => {
    await type(page, "sim timing instant");
    for (const line of [
      "az group create --name rg1 --location eastus",
      "az healthcareapis workspace create --name ws1 --resource-group rg1",
      "az healthcareapis workspace fhir-service create --name fhir1 --workspace-name ws1 --resource-group rg1 --kind fhir-R4",
      "az healthcareapis workspace dicom-service create --name dicom1 --workspace-name ws1 --resource-group rg1",
    ]) {
      const out = await type(page, line);
      expect(out.includes("✓ ok"), `${line} failed:\n${out}`);
    }
    const names = await treeNames(page);
    for (const n of ["rg1", "ws1", "fhir1", "dicom1"]) expect(names.includes(n), `${n} missing from the tree: ${names}`);
    const fhirRow = await page.locator('[data-testid="tree-item"][data-name="fhir1"] > .row-label').innerText();
    expect(fhirRow.includes("Succeeded"), `state not shown as text: ${fhirRow}`);
    await page.screenshot({ path: join(ARTIFACTS, "01-workspace.png"), fullPage: true });
  });

  await check("the forbidden deletion is refused and the rule explained", async () => {
    const out = await type(page, "az healthcareapis workspace delete --name ws1 --resource-group rg1 --yes");
    expect(out.includes("CannotDeleteResource"), `no error code:\n${out}`);
    expect(out.includes("workspace-delete-requires-empty"), `no rule id:\n${out}`);
    expect(/Why/.test(out) && /Fix/.test(out), `no why/fix:\n${out}`);
    await page.screenshot({ path: join(ARTIFACTS, "02-rule.png"), fullPage: true });
  });

  await check("details (keyboard): ARM JSON, effective settings, what is blocked and why", async () => {
    await page.focus('[data-testid="tree-item"][data-name="ws1"]');
    await page.keyboard.press("Enter");
    const text = await page.locator('[data-testid="details"]').innerText();
    expect(text.includes("Microsoft.HealthcareApis/workspaces"), "no ARM type in details");
    expect(text.includes("private link"), "no effective settings");
    expect(text.includes("workspace-delete-requires-empty"), "no blocking rule in details");
    // Arrow keys move the focus inside the tree.
    await page.keyboard.press("ArrowDown");
    const focused = await page.evaluate(() => document.activeElement?.dataset?.name);
    expect(focused === "dicom1" || focused === "fhir1", `ArrowDown focused ${focused}`);
    await page.keyboard.press("Enter");
    const fhirText = await page.locator('[data-testid="details"]').innerText();
    expect(/https:\/\/ws1-(fhir1|dicom1)\./.test(fhirText), "no service URL in the details");
    await page.screenshot({ path: join(ARTIFACTS, "03-details.png"), fullPage: true });
  });

  await check("a hostile tag value stays text", async () => {
    const out = await type(page, `az healthcareapis workspace update --name ws1 --resource-group rg1 --tags "note=${XSS}"`);
    expect(out.includes(XSS), `tag not shown as text:\n${out}`);
    await page.click('[data-testid="tree-item"][data-name="ws1"] > .row-label');
    await page.waitForTimeout(200);
    const imgs = await page.$$eval("main img", (els) => els.length);
    expect(imgs === 0, `${imgs} <img> elements were created from user text`);
    const details = await page.locator('[data-testid="details"]').innerText();
    expect(details.includes(XSS), "tag not visible in the details");
    expect(dialogs.length === 0, `a dialog fired: ${dialogs}`);
  });

  await check("tab completion and history", async () => {
    await page.fill('[data-testid="console-input"]', "az healthcareapis workspace fhir-ser");
    await page.press('[data-testid="console-input"]', "Tab");
    const v = await page.inputValue('[data-testid="console-input"]');
    expect(v.startsWith("az healthcareapis workspace fhir-service"), `Tab gave ${v}`);
    await page.fill('[data-testid="console-input"]', "");
    await page.press('[data-testid="console-input"]', "ArrowUp");
    const h = await page.inputValue('[data-testid="console-input"]');
    expect(h.includes("--tags"), `ArrowUp gave ${h}`);
    await page.fill('[data-testid="console-input"]', "");
  });

  await check("timeline: undo, redo and the slider", async () => {
    const t0 = await trace(page);
    await page.click('[data-testid="undo"]');
    expect((await trace(page)) !== t0, "undo changed nothing");
    await page.click('[data-testid="redo"]');
    expect((await trace(page)) === t0, "redo did not come back to the same trace");
    const events = await page.locator('[data-testid="event"]').count();
    expect(events > 0, "event log is empty");
  });

  let savedTrace;
  await check("reload restores the session", async () => {
    savedTrace = await trace(page);
    await page.waitForTimeout(400); // the autosave is debounced
    await page.reload();
    await ready(page);
    expect((await trace(page)) === savedTrace, "trace hash differs after reload");
    const names = await treeNames(page);
    expect(names.includes("dicom1"), `tree after reload: ${names}`);
  });

  let shareUrl;
  await check("a share link reproduces the session in a fresh browser", async () => {
    await page.click('[data-testid="share"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="share-url"]').value.includes("#s="));
    shareUrl = await page.inputValue('[data-testid="share-url"]');
    const other = await openContext();
    await other.goto(shareUrl);
    await ready(other);
    expect((await trace(other)) === savedTrace, "shared session has another trace hash");
    const names = await treeNames(other);
    expect(names.includes("fhir1") && names.includes("dicom1"), `shared tree: ${names}`);
    await other.screenshot({ path: join(ARTIFACTS, "04-shared.png"), fullPage: true });
  });

  await check("a damaged saved session is reported and kept aside", async () => {
    const other = await openContext();
    // Plant the damaged autosave before the page's scripts run (once): a running page would
    // overwrite it with its own autosave when it unloads.
    await other.context().addInitScript(() => {
      if (!sessionStorage.getItem("planted")) {
        sessionStorage.setItem("planted", "1");
        localStorage.setItem("hcsim.autosave", '{"format":"hcsim-page/1","saved":"{broken');
      }
    });
    await other.goto(url);
    await ready(other);
    const banner = await other.locator('[data-testid="banner"]').innerText();
    expect(/could not be restored/.test(banner), `no banner: ${banner}`);
    const kept = await other.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("hcsim.damaged.")).map((k) => localStorage.getItem(k)));
    expect(kept.length === 1 && kept[0].includes("{broken"), "damaged text was not kept");
  });

  await check("storage full: a clear message and the previous save kept", async () => {
    const other = await openContext();
    await other.goto(url);
    await ready(other);
    await type(other, "az group create --name rgq --location eastus");
    await other.waitForTimeout(400); // the debounced autosave
    const before = await other.evaluate(() => localStorage.getItem("hcsim.autosave"));
    expect(before && before.includes("rgq"), "no autosave to keep");
    // From now on the browser refuses every write, as a full storage does.
    await other.evaluate(() => {
      Storage.prototype.setItem = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      };
    });
    await type(other, "az group create --name rgfull --location eastus");
    await other.waitForTimeout(400);
    const banner = await other.locator('[data-testid="banner"]').innerText();
    expect(/storage is full/i.test(banner) && /previous save is kept/i.test(banner), `banner: ${banner}`);
    const after = await other.evaluate(() => localStorage.getItem("hcsim.autosave"));
    expect(after === before, "the previous save changed");
  });

  await check("a damaged save with storage full stays where it was, and nothing saves over it", async () => {
    const other = await openContext();
    await other.context().addInitScript(() => {
      if (!sessionStorage.getItem("planted")) {
        sessionStorage.setItem("planted", "1");
        localStorage.setItem("hcsim.autosave", '{"format":"hcsim-page/1","saved":"{broken-and-full');
      }
      const set = Storage.prototype.setItem;
      Storage.prototype.setItem = function (k, v) {
        if (this === localStorage) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        return set.call(this, k, v);
      };
    });
    await other.goto(url);
    await ready(other);
    const banner = await other.locator('[data-testid="banner"]').innerText();
    expect(/could not be copied aside/.test(banner), `banner: ${banner}`);
    await type(other, "az group create --name rgafter --location eastus");
    await other.waitForTimeout(400);
    const kept = await other.evaluate(() => localStorage.getItem("hcsim.autosave"));
    expect(kept.includes("{broken-and-full"), "the damaged text was replaced");
  });

  await check("two tabs: a newer save from the other tab is not overwritten, the user chooses", async () => {
    const a = await openContext();
    await a.goto(url);
    await ready(a);
    await type(a, "sim timing instant");
    await a.waitForTimeout(400);
    const b = await a.context().newPage();
    b.on("pageerror", (e) => errors.push(`pageerror: ${e}`));
    await b.goto(url);
    await ready(b);
    // Tab A saves a newer revision; tab B, which has not seen it, changes its own session.
    await type(a, "az group create --name fromtaba --location eastus");
    await a.waitForTimeout(400);
    const theirs = await a.evaluate(() => localStorage.getItem("hcsim.autosave"));
    expect(theirs.includes("fromtaba"), "tab A did not autosave");
    await type(b, "az group create --name fromtabb --location eastus");
    await b.waitForTimeout(400);
    const banner = await b.locator('[data-testid="banner"]').innerText();
    expect(/another tab saved a newer version/i.test(banner), `tab B banner: ${banner}`);
    // Their step count comes from replaying their save in this tab's module (the start module
    // has `stateSummary`, not `state`): without it the banner silently leaves the count out.
    expect(/\(save #\d+, \d+ steps\)/.test(banner), `tab B banner without their step count: ${banner}`);
    expect((await b.evaluate(() => localStorage.getItem("hcsim.autosave"))) === theirs, "tab B wrote over tab A's save");
    // Keeping this tab's session replaces theirs, on the user's word only.
    await b.click('[data-testid="banner-mine"]');
    const mine = await b.evaluate(() => localStorage.getItem("hcsim.autosave"));
    expect(mine.includes("fromtabb") && !mine.includes("fromtaba"), "keep mine did not save tab B's session");
    // Tab A now meets tab B's newer save and opens it.
    await a.waitForFunction(() => !document.querySelector('[data-testid="banner-theirs"]').hidden);
    await a.click('[data-testid="banner-theirs"]');
    const names = await treeNames(a);
    expect(names.includes("fromtabb") && !names.includes("fromtaba"), `tab A tree after opening theirs: ${names}`);
  });

  await check("complete a lesson through the UI", async () => {
    await page.click('[data-testid="tab-lessons"]');
    await page.click('[data-testid="lesson-start-first-workspace"]');
    await page.waitForSelector('[data-testid="lesson-goal"] li');
    let status = await page.getAttribute('[data-testid="lesson-status"]', "data-status");
    expect(status === "in progress", `fresh lesson status ${status}`);
    const lines = await page.evaluate(() => JSON.parse(window.hcsim.store.sim.constructor.builtinText("first-workspace")).solution);
    for (const line of lines) await type(page, line);
    await page.click('[data-testid="lesson-check"]');
    status = await page.getAttribute('[data-testid="lesson-status"]', "data-status");
    expect(status === "solved", `status after the solution: ${status}`);
    const progress = await page.textContent('[data-testid="lesson-progress-first-workspace"]');
    expect(progress.includes("solved"), `progress: ${progress}`);
    await page.screenshot({ path: join(ARTIFACTS, "05-lesson.png"), fullPage: true });
    await page.waitForTimeout(400);
    await page.reload();
    await ready(page);
    status = await page.getAttribute('[data-testid="lesson-status"]', "data-status");
    expect(status === "solved", `lesson not resumed after reload: ${status}`);
  });

  await check("template what-if and deploy from the editor", async () => {
    await page.click('[data-testid="tab-template"]');
    const template = JSON.stringify({
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources: [{ type: "Microsoft.HealthcareApis/workspaces", apiVersion: "2024-03-31", name: "tplws", location: "eastus", properties: {} }],
    }, null, 2);
    await page.fill('[data-testid="template-text"]', template);
    await page.fill("#template-rg", "rg-clinic");
    await page.click('[data-testid="template-whatif"]');
    const w = await page.textContent('[data-testid="template-out"]');
    expect(w.includes("tplws"), `what-if: ${w}`);
    await page.click('[data-testid="template-deploy"]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="tree-item"]')].some((e) => e.dataset.name === "tplws"));
    await page.screenshot({ path: join(ARTIFACTS, "06-template.png"), fullPage: true });
  });

  await check("a region outage from the fault panel: probes fail, the clock heals it", async () => {
    const fhir = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rgf/providers/Microsoft.HealthcareApis/workspaces/wsf/fhirservices/fhirf";
    for (const line of [
      "sim timing instant",
      "az group create -n rgf -l eastus",
      "az healthcareapis workspace create -n wsf -g rgf",
      "az healthcareapis workspace fhir-service create -n fhirf --workspace-name wsf -g rgf",
    ]) {
      const out = await type(page, line);
      expect(out.includes("✓ ok"), `${line} failed:\n${out}`);
    }
    await page.click('[data-testid="tab-faults"]');
    await page.selectOption("#fault-kind", "region-outage");
    await page.fill("#fault-region", "eastus");
    await page.fill("#fault-for", "10m");
    await page.click('#fault-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="fault-list"]')?.innerText.includes("region-outage"));
    const row = await page.locator('[data-testid="tree-item"][data-name="fhirf"] > .row-label').innerText();
    expect(row.includes("fault"), `the fault is not shown on the tree row: ${row}`);
    const down = await type(page, `sim probe ${fhir}`);
    expect(down.includes("503") && down.includes("service-availability"), `probe during the outage:\n${down}`);
    // Run the clock for a moment: virtual time moves while a fault is active.
    const before = await page.textContent("#st-clock");
    await page.click('[data-testid="clock-run"]');
    await page.waitForFunction((b) => document.querySelector("#st-clock")?.textContent !== b, before, { timeout: 5000 });
    await page.click('[data-testid="clock-run"]');
    // Advance past the outage: it heals and the service answers again.
    await page.fill('[data-testid="advance-by"]', "11m");
    await page.click('#advance-form button[type="submit"]');
    await page.waitForFunction(() => !document.querySelector('[data-testid="fault-list"]')?.innerText.includes("region-outage"));
    const up = await type(page, `sim probe ${fhir}`);
    expect(up.includes("200"), `probe after healing:\n${up}`);
    await page.screenshot({ path: join(ARTIFACTS, "08-faults.png"), fullPage: true });
  });

  await check("figures: console round-trip at 10k resources", async () => {
    const other = await openContext();
    await other.goto(url);
    await ready(other);
    const populate = await other.evaluate(() => {
      const t0 = performance.now();
      const lines = ["sim timing instant"];
      // A subscription holds at most 980 resource groups (ARM's quota, enforced by the core),
      // so 10k resources are 10 groups of 999 virtual networks each plus the groups.
      for (let g = 0; g < 10; g++) {
        lines.push(`az group create -n rg${g} -l eastus -o none`);
        for (let i = 0; i < 999; i++) lines.push(`az network vnet create -n vnet${i} -g rg${g} -o none`);
      }
      window.hcsim.runMany(lines);
      return { ms: performance.now() - t0, count: window.hcsim.store.state.resourceCount };
    });
    expect(populate.count >= 10000, `only ${populate.count} resources`);
    const rt = await other.evaluate(async () => {
      const times = [];
      for (let i = 0; i < 5; i++) {
        const input = document.querySelector('[data-testid="console-input"]');
        input.value = `az group show -n rg${5 + i}`;
        const t0 = performance.now();
        document.getElementById("console-form").requestSubmit();
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return times[2];
    });
    const last = await other.locator('[data-testid="console-entry"]').last().innerText();
    expect(last.includes("rg9"), `last show: ${last.slice(0, 200)}`);
    figures.push(`populate 10k resources (10 groups × 999 vnets, instant timing, one step each): ${populate.ms.toFixed(0)} ms, ${populate.count} resources`);
    figures.push(`console round-trip at ${populate.count} resources (az group show, submit → next frame, median of 5): ${rt.toFixed(1)} ms`);
    await other.screenshot({ path: join(ARTIFACTS, "07-10k.png") });
  });

  await runSuites(page);

  await check("figures: wasm size and page weight", async () => {
    const wasm = new Uint8Array(await (await fetch(new URL("pkg/hcsim_wasm_bg.wasm", url))).arrayBuffer());
    figures.push(`wasm: ${wasm.length} bytes raw, ${gzipSync(wasm, { level: 9 }).length} bytes gzip -9`);
    let total = 0;
    let totalGz = 0;
    const files = await page.evaluate(() => [location.href.split("#")[0], ...performance.getEntriesByType("resource").map((e) => e.name)]);
    for (const f of new Set(files)) {
      if (!f.startsWith("http")) continue;
      const body = new Uint8Array(await (await fetch(f)).arrayBuffer());
      total += body.length;
      totalGz += gzipSync(body, { level: 9 }).length;
    }
    figures.push(`page weight: ${new Set(files).size} files, ${total} bytes raw, ${totalGz} bytes gzip -9`);
  });

  await check("no page errors, console errors or dialogs", async () => {
    expect(errors.length === 0, errors.join("\n"));
    expect(dialogs.length === 0, dialogs.join("\n"));
  });
} catch (e) {
  results.failed++;
  console.log(`FAIL (aborted): ${e?.stack ?? e}`);
} finally {
  await closeAll();
}

for (const f of figures) console.log(`figure: ${f}`);
console.log(`e2e: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed === 0 ? 0 : 1);
