// The page's start weight (issue 14): a fresh page is usable with the start module (web/pkg)
// and the console, tree and details scripts only; what needs the full module (web/pkg-full)
// loads it on first use and then works: a data-plane line typed in the console, the create
// form, a write's equivalents, the diagram when it scrolls into view. A page of its own, so the shared page's session
// (already moved into the full module by earlier suites) does not hide a missing upgrade.

import { check, expect, type, openContext, ready } from "../lib.mjs";

/** Files fetched before the page said it was ready (`hcsim-ready`), as URL paths. */
async function fetchedBeforeReady(page) {
  return page.evaluate(() => {
    const mark = performance.getEntriesByName("hcsim-ready")[0];
    const until = mark ? mark.startTime : Infinity;
    return performance.getEntriesByType("resource")
      .filter((e) => e.startTime < until)
      .map((e) => new URL(e.name).pathname);
  });
}

/** Whether the page runs the full module now (a method only it has is there). */
const onFull = (page) => page.evaluate(() => typeof window.hcsim.store.sim.diagram === "function");

export default async (_shared, url) => {
  const page = await openContext();
  await check("start weight: ready with the start module only, no full-module file fetched", async () => {
    await page.goto(url);
    await ready(page);
    const files = await fetchedBeforeReady(page);
    expect(files.some((f) => f.endsWith("/pkg/hcsim_wasm_bg.wasm")), `the start module was not loaded: ${files.join(" ")}`);
    const late = files.filter((f) => /pkg-full|src\/(diagram|opstimeline|mapping)\.js$/.test(f));
    expect(late.length === 0, `fetched before ready though only needed later: ${late.join(" ")}`);
    expect(!(await onFull(page)), "the page started on the full module");
  });

  await check("start weight: control-plane lines run in the start module", async () => {
    for (const line of [
      "sim timing instant",
      "az group create -n rg1 -l eastus",
      "az healthcareapis workspace create -n ws1 -g rg1",
      "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
      "az role assignment create --assignee trainee@contoso.com --role \"FHIR Data Contributor\" --scope " +
        "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1",
    ]) {
      const out = await type(page, line);
      expect(out.includes("✓ ok"), `${line}:\n${out}`);
    }
    expect(!(await onFull(page)), "a control-plane line moved the session into the full module");
  });

  await check("start weight: a FHIR data-plane line loads the full module and runs there, same session", async () => {
    const before = await page.evaluate(() => window.hcsim.store.state.resourceCount);
    const out = await type(page, "sim fhir GET /Patient");
    expect(!out.includes("NotInThisBuild"), `the line was not run again in the full module:\n${out}`);
    expect(/\b200\b/.test(out), `the FHIR call did not answer 200:\n${out}`);
    expect(await onFull(page), "the session is not in the full module");
    const after = await page.evaluate(() => window.hcsim.store.state.resourceCount);
    expect(after === before, `the session changed while moving: ${before} → ${after} resources`);
  });

  const fresh = await openContext();
  await check("start weight: the create form loads the full module on first open", async () => {
    await fresh.goto(url);
    await ready(fresh);
    for (const line of ["sim timing instant", "az group create -n rg1 -l eastus", "az healthcareapis workspace create -n ws1 -g rg1"]) {
      const out = await type(fresh, line);
      expect(out.includes("✓ ok"), `${line}:\n${out}`);
    }
    await fresh.click('[data-testid="tree-item"][data-name="ws1"] > .row-label');
    await fresh.click('[data-testid="create-dicom-service"]');
    await fresh.locator('[data-testid="create-form"]').waitFor();
    expect(await onFull(fresh), "the create form opened without the full module");
  });

  const third = await openContext();
  await check("start weight: a write's equivalents, left out of the start module, load on first use", async () => {
    await third.goto(url);
    await ready(third);
    for (const line of ["sim timing instant", "az group create -n rg1 -l eastus", "az healthcareapis workspace create -n ws1 -g rg1"]) {
      const out = await type(third, line);
      expect(out.includes("✓ ok"), `${line}:\n${out}`);
    }
    expect(!(await onFull(third)), "the page is on the full module before asking for equivalents");
    await third.locator('[data-testid="console-entry"]').last().locator(".eq-button").click();
    await third.waitForFunction(() => /workspace create/.test(document.getElementById("eq-for").textContent));
    const az = await third.textContent("#eq-out");
    expect(az.includes("az healthcareapis workspace create"), `az tab: ${az}`);
    await third.click('[data-lang="powershell"]');
    const ps = await third.textContent("#eq-out");
    expect(/AzHealthcareApisWorkspace|Invoke-AzRestMethod/.test(ps), `PowerShell tab: ${ps}`);
  });

  await check("start weight: the diagram loads when it scrolls into view", async () => {
    await fresh.locator('[data-testid="diagram"]').scrollIntoViewIfNeeded();
    await fresh.waitForSelector('[data-testid="diagram-node"][data-id$="/workspaces/ws1"]');
  });
};
