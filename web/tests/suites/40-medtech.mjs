// MedTech in the browser: the mapping debugger panel (a broken device message shows its failing
// expression, marked by text and data-failing, not by colour alone), the normalization
// benchmark figure, and the whole pipeline: the iotconnectors quickstart template deployed
// through the template editor, heart-rate messages for a virtual hour, the Observations read
// back through `az rest` by a FHIR Data Reader, and 403 for a user without a data role.
//
// Data: the quickstart template (Azure/azure-quickstart-templates
// quickstarts/microsoft.healthcareapis/workspaces/iotconnectors, MIT) from
// /work/shared/reference/arm-templates (its default mappings are empty collections, so the
// deployment passes Microsoft's documented heart-rate mappings as parameters); the heart-rate
// message and mappings of MicrosoftDocs/azure-docs how-to-configure-device-mappings.md (MIT).

import { readFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { ARTIFACTS, figures, openContext, ready, check, expect, type } from "../lib.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const TEMPLATE_PATHS = [
  "/work/shared/reference/arm-templates/iotconnectors.azuredeploy.json",
  join(HERE, "..", "..", "..", "crates", "lab", "quickstarts", "iotconnectors.azuredeploy.json"),
];
const SUB = "/subscriptions/11111111-1111-1111-1111-111111111111";

async function openDebugger(page) {
  await page.click('[data-testid="tab-mapping"]');
  await page.waitForSelector('[data-testid="mapping-debugger"]:not([hidden])');
}

export default async function medtech(page, url) {
  await check("mapping debugger: a message without its device id shows the failing expression", async () => {
    await openDebugger(page);
    await page.selectOption('[data-testid="mapping-connector"]', "");
    await page.selectOption('[data-testid="mapping-sample"]', "heartrate-no-device");
    await page.click('[data-testid="mapping-run"]');
    const failing = page.locator('[data-testid="mapping-expression"][data-failing="true"]');
    expect((await failing.count()) === 1, `expected one failing expression, got ${await failing.count()}`);
    const text = await failing.innerText();
    expect(text.includes("Failing:") && text.includes("deviceIdExpression"), `failing row not marked in words: ${text}`);
    const summary = await page.locator('[data-testid="mapping-summary"]').innerText();
    expect(summary.startsWith("✗"), `summary: ${summary}`);
    const fix = await page.locator('[data-testid="mapping-fix"]').innerText();
    expect(fix.includes("deviceIdExpression"), `fix: ${fix}`);
    await page.locator('[data-testid="mapping-debugger"]').screenshot({ path: join(ARTIFACTS, "40-mapping-debugger-failing.png") });
  });

  await check("mapping debugger: the documented heart-rate message becomes an Observation (keyboard only)", async () => {
    await page.focus('[data-testid="mapping-sample"]');
    await page.selectOption('[data-testid="mapping-sample"]', "heartrate");
    await page.focus('[data-testid="mapping-run"]');
    await page.keyboard.press("Enter");
    const summary = await page.locator('[data-testid="mapping-summary"]').innerText();
    expect(summary.startsWith("✓"), `summary: ${summary}`);
    const obs = await page.locator('[data-testid="mapping-observation"]').first().innerText();
    expect(obs.includes('"resourceType": "Observation"') && obs.includes("8867-4"), `observation: ${obs.slice(0, 400)}`);
    const normalized = await page.locator('[data-testid="mapping-normalized"]').textContent();
    expect(normalized.includes('"occurrenceTimeUtc": "2021-02-01T22:46:01.875Z"'), `normalized message: ${normalized}`);
  });

  await check("MedTech normalize benchmark figure (browser)", async () => {
    const b = await page.evaluate(() => window.hcsim.store.sim.constructor.medtechBenchmark(20000));
    expect(b.measurements === 20000, `every message should give one measurement: ${JSON.stringify(b)}`);
    figures.push(`MedTech normalize (browser): ${b.perSecond} msgs/s (${b.messages} messages in ${Math.round(b.millis)} ms)`);
  });

  await pipeline(url);
}

/** The quickstart template's text, or null when neither copy is here. */
function quickstart() {
  const path = TEMPLATE_PATHS.find((p) => existsSync(p));
  return path ? readFileSync(path, "utf8") : null;
}

async function pipeline(url) {
  const template = quickstart();
  const page = await openContext();
  await check("MedTech pipeline: deploy the iotconnectors quickstart template from the editor", async () => {
    expect(template, "the iotconnectors quickstart template is missing");
    await page.goto(url);
    await ready(page);
    await type(page, "sim timing instant");
    await type(page, "az group create --name rg-mt --location eastus");
    // The mapping debugger's methods are in the full module (loaded on first use).
    const mappings = await page.evaluate(async () => {
      await window.hcsim.upgrade();
      return window.hcsim.store.sim.mappingOf("");
    });
    await page.click('[data-testid="tab-template"]');
    await page.fill('[data-testid="template-text"]', template);
    await page.fill("#template-rg", "rg-mt");
    await page.fill("#template-params", JSON.stringify({
      basename: { value: "demo" },
      deviceMapping: { value: JSON.parse(mappings.device) },
      destinationMapping: { value: JSON.parse(mappings.fhir) },
    }));
    await page.click('[data-testid="template-deploy"]');
    await page.waitForFunction(() => /Succeeded|ERROR|\(/.test(document.querySelector('[data-testid="template-out"]').textContent));
    const out = await page.textContent('[data-testid="template-out"]');
    expect(out.includes("Succeeded"), `deployment did not succeed:\n${out.slice(0, 1500)}`);
  });
  await page.screenshot({ path: join(ARTIFACTS, "40-medtech-deployed.png"), fullPage: true });
  await medtechData(page);
}

async function medtechData(page) {
  const ws = `${SUB}/resourceGroups/rg-mt/providers/Microsoft.HealthcareApis/workspaces/hwdemo`;
  const connector = `${ws}/iotconnectors/hi-demo`;
  const fhirUrl = "https://hwdemo-fs-demo.fhir.azurehealthcareapis.com";
  await check("MedTech pipeline: heart-rate messages for a virtual hour become Observations", async () => {
    const msg = JSON.stringify({ heartRate: "78", endDate: "2021-02-01T22:46:01.875Z", deviceId: "device123", patientId: "patient123" });
    const sent = await type(page, `sim device send ${connector} --message '${msg}' --count 60 --every 1m`);
    expect(sent.includes("✓ ok"), `send failed:\n${sent}`);
    const adv = await type(page, "sim advance 1h");
    expect(adv.includes("✓ ok"), `advance failed:\n${adv}`);
    const as = await type(page, "az role assignment create --assignee alice@contoso.com --role \"FHIR Data Reader\" --scope " + `${ws}/fhirservices/fs-demo`);
    expect(as.includes("✓ ok"), `role assignment failed:\n${as}`);
    await type(page, "sim as alice@contoso.com");
    const read = await type(page, `az rest --method get --url "${fhirUrl}/Observation?code=http://loinc.org|8867-4" --resource ${fhirUrl}`);
    expect(read.includes("✓ ok") && read.includes('"resourceType": "Bundle"') && read.includes("8867-4"), `reader did not read Observations:\n${read.slice(0, 1500)}`);
    await page.screenshot({ path: join(ARTIFACTS, "40-medtech-observations.png"), fullPage: true });
  });
  await check("MedTech pipeline: a user without a data role gets 403", async () => {
    await type(page, "sim as bob@contoso.com");
    const denied = await type(page, `az rest --method get --url ${fhirUrl}/Observation --resource ${fhirUrl}`);
    expect(denied.includes("403") || denied.includes("Forbidden"), `no 403 for bob:\n${denied.slice(0, 800)}`);
    await type(page, "sim as me");
  });
  await check("MedTech pipeline: the debugger on the deployed service; an edited mapping is saved through the console", async () => {
    await openDebugger(page);
    await page.selectOption('[data-testid="mapping-connector"]', connector);
    await page.selectOption('[data-testid="mapping-sample"]', "heartrate");
    await page.click('[data-testid="mapping-run"]');
    expect((await page.locator('[data-testid="mapping-summary"]').innerText()).startsWith("✓"), "the stored mappings should work");
    await page.click(".pane#pane-mapping details > summary");
    const device = await page.inputValue('[data-testid="mapping-device"]');
    await page.fill('[data-testid="mapping-device"]', device.replace("$.matchedToken.heartRate", "$.matchedToken.heart_rate"));
    await page.click('[data-testid="mapping-run"]');
    const failing = await page.locator('[data-testid="mapping-expression"][data-failing="true"]').innerText();
    expect(failing.includes("values[0].valueExpression"), `failing: ${failing}`);
    await page.locator('[data-testid="mapping-debugger"]').screenshot({ path: join(ARTIFACTS, "40-mapping-debugger-edited.png") });
    const before = await page.locator('[data-testid="console-entry"]').count();
    await page.click('[data-testid="mapping-deploy"]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="console-entry"]').length > n, before);
    const entry = await page.locator('[data-testid="console-entry"]').last().innerText();
    expect(entry.includes("az healthcareapis workspace iot-connector create --name hi-demo") && entry.includes("✓ ok"), `save line:\n${entry.slice(0, 600)}`);
    const stored = await page.evaluate((id) => window.hcsim.store.sim.mappingOf(id).device, connector);
    expect(stored.includes("heart_rate"), "the edited mapping was not saved");
  });
}
