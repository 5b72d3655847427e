// The live diagram and the operations timeline, checked through the DOM and ARIA as a user
// meets them: boxes for what exists (with their ids and states), the workspace boundary,
// settings drawn once and inherited, lock and probe badges, selection shared with the tree,
// the slider moving the picture, a region outage greying its region and healing, and the
// operations as bars on the virtual clock. Screenshots go to ARTIFACTS. It runs in a browser
// context of its own, so it does not depend on what earlier suites left in the shared page.

import { join } from "node:path";
import { ARTIFACTS, WS, check, expect, type, openContext, ready } from "../lib.mjs";

const FHIR = `${WS}/fhirservices/fhir1`;
const RG = WS.split("/providers/")[0];
const box = (id) => `[data-testid="diagram-node"][data-id="${id}"]`;

async function nodeIds(page) {
  return page.$$eval('[data-testid="diagram-node"]', (els) => els.map((e) => e.dataset.id));
}

export default async (_shared, url) => {
  // A page of its own: the shared page's session has moved on (a lesson replaced it).
  const page = await openContext();
  await check("diagram: the session's resources as boxes, with ids, states and the workspace boundary", async () => {
    await page.goto(url);
    await ready(page);
    for (const line of [
      "sim timing instant",
      "az group create --name rg1 --location eastus",
      "az healthcareapis workspace create --name ws1 --resource-group rg1",
      "az healthcareapis workspace fhir-service create --name fhir1 --workspace-name ws1 --resource-group rg1 --kind fhir-R4",
      "az healthcareapis workspace dicom-service create --name dicom1 --workspace-name ws1 --resource-group rg1",
      "az lock create -n keep -g rg1 --lock-type CanNotDelete",
      "az network vnet create -n vnet1 -g rg1 --subnet-name default",
      `az network private-endpoint create -n pe1 -g rg1 --vnet-name vnet1 --subnet default --private-connection-resource-id ${WS} --group-id healthcareworkspace --connection-name c1`,
      `sim probe ${FHIR} --from private`,
    ]) {
      const out = await type(page, line);
      expect(!out.includes("✗"), `${line} failed:\n${out}`);
    }
    await page.locator('[data-testid="diagram"]').scrollIntoViewIfNeeded();
    // The diagram draws at the next frame.
    await page.waitForSelector(`${box(FHIR)} [data-testid="diagram-badge"][data-kind="probe"]`);
    const ids = await nodeIds(page);
    for (const id of [RG, WS, FHIR, `${WS}/dicomservices/dicom1`, `${RG}/providers/Microsoft.Network/privateEndpoints/pe1`]) {
      expect(ids.includes(id), `no box for ${id}: ${ids.join("\n")}`);
    }
    expect(!ids.some((id) => /privateEndpointConnections|roleAssignments|locks\//i.test(id)), "connections, role assignments or locks drawn as boxes");
    expect((await page.getAttribute(box(FHIR), "data-state")) === "Succeeded", "fhir1 is not Succeeded");
    const ws = page.locator(box(WS));
    expect((await ws.getAttribute("data-boundary")) === "true", "the workspace is not the boundary");
    expect((await ws.getAttribute("role")) === "button", "boxes are not buttons");
    const label = await ws.getAttribute("aria-label");
    expect(/compliance boundary/.test(label) && /shared private link/.test(label), `workspace label: ${label}`);
    expect(/private link ← pe1/.test(label), `the private endpoint's relation is not announced: ${label}`);
    const shared = await ws.locator('[data-testid="diagram-shared"]').evaluateAll((els) => els.map((e) => e.dataset.setting));
    expect(shared.includes("private link") && shared.includes("RBAC"), `settings on the workspace: ${shared}`);
    const inherits = await page.locator(`${box(FHIR)} [data-testid="diagram-inherits"]`).textContent();
    expect(/private link/.test(inherits), `fhir1 inherits: ${inherits}`);
    const lock = await page.locator(`${box(RG)} [data-testid="diagram-badge"][data-kind="lock"]`).textContent();
    expect(lock.includes("keep (CanNotDelete)"), `lock badge: ${lock}`);
    const probe = await page.locator(`${box(FHIR)} [data-testid="diagram-badge"][data-kind="probe"]`).textContent();
    expect(probe.includes("probe 200"), `probe badge: ${probe}`);
    const edge = page.locator('[data-testid="diagram-edge"][data-kind="private-link"]');
    expect((await edge.count()) === 1 && (await edge.getAttribute("data-to")) === WS, "no private link arrow to ws1");
    await page.locator('[data-testid="diagram"]').screenshot({ path: join(ARTIFACTS, "20-diagram.png") });
  });

  await check("diagram: selecting a box (keyboard) selects it in the tree and shows its details", async () => {
    await page.focus(box(FHIR));
    await page.keyboard.press("Enter");
    const details = await page.locator('[data-testid="details"]').innerText();
    expect(details.includes("fhir1") && details.includes("rg1/workspaces/ws1/fhirservices/fhir1"), `details: ${details.slice(0, 300)}`);
    expect((await page.getAttribute(box(FHIR), "aria-current")) === "true", "the box is not marked selected");
    const selected = await page.$$eval('[data-testid="tree-item"][aria-selected="true"]', (els) => els.map((e) => e.dataset.name));
    expect(selected.length === 1 && selected[0] === "fhir1", `tree selection: ${selected}`);
    // The full id is there on demand.
    await page.click(".full-id summary");
    expect((await page.textContent('[data-testid="details-full-id"]')) === FHIR, "no full id on demand");
    // Arrow keys move between boxes; a click on the tree moves the diagram's selection.
    await page.keyboard.press("Tab");
    await page.click('[data-testid="tree-item"][data-name="ws1"] > .row-label');
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute("aria-current") === "true", box(WS));
  });

  await check("diagram: the timeline slider moves it to an earlier step and back", async () => {
    await type(page, "az network vnet create -n vnet-late -g rg1");
    const late = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-late`;
    await page.waitForSelector(box(late));
    const slider = page.locator('[data-testid="timeline"]');
    const max = Number(await slider.getAttribute("max"));
    await slider.fill(String(max - 1));
    await page.waitForFunction((sel) => !document.querySelector(sel), box(late));
    await slider.fill(String(max));
    await page.waitForFunction((sel) => !!document.querySelector(sel), box(late));
  });

  await check("diagram: a region outage greys out its region, and the clock heals it", async () => {
    await type(page, "az group create -n rgwest -l westus2");
    await type(page, "sim fault add region-outage --region eastus --for 10m");
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.unavailable === "true", box(FHIR));
    for (const id of [RG, WS]) expect((await page.getAttribute(box(id), "data-unavailable")) === "true", `${id} not greyed`);
    const west = WS.split("/resourceGroups/")[0] + "/resourceGroups/rgwest";
    expect((await page.getAttribute(box(west), "data-unavailable")) === "false", "westus2 greyed too");
    const status = await page.textContent('[data-testid="diagram-status"]');
    expect(/Region outage: eastus/.test(status), `status: ${status}`);
    const why = await page.getAttribute(box(FHIR), "aria-label");
    expect(/unavailable: region eastus down \(fault #\d+\)/.test(why), `fhir1 during the outage: ${why}`);
    await page.locator('[data-testid="diagram"]').screenshot({ path: join(ARTIFACTS, "20-diagram-outage.png") });
    await page.waitForSelector('[data-testid="ops-fault"][data-active="true"]');
    const span = page.locator('[data-testid="ops-fault"][data-active="true"]');
    expect((await span.count()) === 1, "the outage is not a span on the operations timeline");
    await type(page, "sim advance 11m");
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.unavailable === "false", box(FHIR));
    await page.waitForSelector('[data-testid="ops-fault"][data-active="false"]');
  });

  await check("operations timeline: provisioning minutes as bars, following undo", async () => {
    for (const line of [
      "sim timing realistic",
      "az healthcareapis workspace create -n wsslow -g rgwest",
      "az healthcareapis workspace fhir-service create -n fhirslow --workspace-name wsslow -g rgwest --kind fhir-R4",
    ]) {
      const out = await type(page, line);
      expect(!out.includes("✗"), `${line} failed:\n${out}`);
    }
    const target = WS.split("/resourceGroups/")[0] + "/resourceGroups/rgwest/providers/Microsoft.HealthcareApis/workspaces/wsslow/fhirservices/fhirslow";
    const bar = page.locator(`[data-testid="ops-bar"][data-target="${target}"]`);
    await page.waitForSelector(`[data-testid="ops-bar"][data-target="${target}"]`);
    expect((await bar.count()) === 1, "no bar for the FHIR service's provisioning");
    expect((await bar.getAttribute("data-status")) === "Succeeded", "the bar's status");
    const width = Number(await bar.locator("rect").getAttribute("width"));
    expect(width > 10, `the provisioning bar is only ${width} wide`);
    const label = await bar.getAttribute("aria-label");
    expect(/create rgwest\/workspaces\/wsslow\/fhirservices\/fhirslow/.test(label), `bar label: ${label}`);
    const now = Number(await page.getAttribute('[data-testid="ops-now"]', "data-now-ms"));
    await page.click('[data-testid="undo"]');
    await page.waitForFunction((t) => !document.querySelector(`[data-testid="ops-bar"][data-target="${t}"]`), target);
    const before = Number(await page.getAttribute('[data-testid="ops-now"]', "data-now-ms"));
    expect(before < now, `now did not move back with undo (${before} vs ${now})`);
    await page.click('[data-testid="redo"]');
    await page.waitForFunction((t) => !!document.querySelector(`[data-testid="ops-bar"][data-target="${t}"]`), target);
    // A service still provisioning: busy by shape and text in the diagram, a running bar.
    await type(page, "az healthcareapis workspace dicom-service create -n dicomslow --workspace-name wsslow -g rgwest --no-wait");
    const slow = target.replace("/fhirservices/fhirslow", "/dicomservices/dicomslow");
    await page.waitForFunction((sel) => !!document.querySelector(sel), box(slow));
    const creating = page.locator(box(slow));
    expect((await creating.getAttribute("data-state")) === "Creating", `dicomslow is ${await creating.getAttribute("data-state")}`);
    expect((await creating.getAttribute("data-tone")) === "busy", "a creating box is not drawn busy");
    expect(/Creating/.test(await creating.locator(".dg-kind").textContent()), "the state is not written in the box");
    // Its border marches, unless the user asked for less motion.
    const march = () => creating.locator("rect.box").evaluate((e) => getComputedStyle(e).animationName);
    expect((await march()) === "dg-march", `a creating box does not move: ${await march()}`);
    await page.emulateMedia({ reducedMotion: "reduce" });
    expect((await march()) === "none", "prefers-reduced-motion is not honoured");
    await page.emulateMedia({ reducedMotion: "no-preference" });
    await page.waitForSelector(`[data-testid="ops-bar"][data-target="${slow}"][data-status="Running"]`);
    await page.locator('[data-testid="ops-timeline"]').screenshot({ path: join(ARTIFACTS, "20-ops-timeline.png") });
    await type(page, "sim advance 30m");
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.state === "Succeeded", box(slow));
    await type(page, "sim timing instant");
  });

  await check("diagram: dense worlds stay legible: collapse, expand, zoom and fit", async () => {
    await page.click('[data-testid="diagram-collapse"]');
    await page.waitForFunction((sel) => !document.querySelector(sel), box(WS));
    const rg = page.locator(box(RG));
    expect((await rg.getAttribute("aria-expanded")) === "false", "rg1 is not marked collapsed");
    expect(/inside, collapsed/.test(await rg.locator(".dg-more").textContent()), "a collapsed group does not say what it hides");
    // Keyboard: + expands the focused group again.
    await rg.focus();
    await page.keyboard.press("+");
    await page.waitForFunction((sel) => !!document.querySelector(sel), box(WS));
    await page.click('[data-testid="diagram-expand"]');
    const fit = await page.getAttribute('[data-testid="diagram"]', "viewBox");
    await page.click('[data-testid="diagram-zoom-in"]');
    const zoomed = await page.getAttribute('[data-testid="diagram"]', "viewBox");
    expect(Number(zoomed.split(" ")[2]) < Number(fit.split(" ")[2]), `zoom in: ${fit} → ${zoomed}`);
    await page.click('[data-testid="diagram-fit"]');
    expect((await page.getAttribute('[data-testid="diagram"]', "viewBox")) === fit, "fit did not come back");
  });

  await check("diagram: a revoked customer-managed key marks what it breaks", async () => {
    for (const line of [
      "az keyvault create --name kvdiag --resource-group rg1 --enable-purge-protection",
      "az keyvault key create --vault-name kvdiag --name cmk --kty RSA --size 2048",
      "az healthcareapis workspace create --name wscmk --resource-group rg1",
      "az healthcareapis workspace update --name wscmk --resource-group rg1 --cmk-key-url https://kvdiag.vault.azure.net/keys/cmk",
      "az healthcareapis workspace fhir-service create --name fhircmk --workspace-name wscmk --resource-group rg1 --kind fhir-R4",
    ]) {
      const out = await type(page, line);
      expect(!out.includes("✗"), `${line} failed:\n${out}`);
    }
    const wscmk = `${RG}/providers/Microsoft.HealthcareApis/workspaces/wscmk`;
    const edge = `[data-testid="diagram-edge"][data-kind="customer-managed-key"][data-to="${wscmk}"]`;
    await page.waitForSelector(`${edge}[data-active="true"]`);
    expect((await page.getAttribute(edge, "data-from")) === `${RG}/providers/Microsoft.KeyVault/vaults/kvdiag`, "the key arrow starts elsewhere");
    await type(page, "az keyvault key set-attributes --vault-name kvdiag --name cmk --enabled false");
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.active === "false", edge);
    const badge = page.locator(`${box(`${wscmk}/fhirservices/fhircmk`)} [data-testid="diagram-badge"][data-kind="key"]`);
    expect((await badge.count()) === 1, "the FHIR service does not show the key it lost");
    const label = await page.getAttribute(box(`${wscmk}/fhirservices/fhircmk`), "aria-label");
    expect(/key unreachable \(.+\)/.test(label), `the reason is not announced: ${label}`);
    await page.locator('[data-testid="diagram"]').screenshot({ path: join(ARTIFACTS, "20-diagram-key.png") });
  });
};
