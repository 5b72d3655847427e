// The page's start weight, fourth cut (issue 14, docs/WASM-SIZE.md "Fourth stop"): the start
// module checks request bodies with its own readers (no serde-derived models) and answers as
// the full module does; it holds no reader of data-plane inputs, so a saved session with a
// FHIR call still opens in the full module with the same world; `-o yaml` and
// `az account get-access-token` are answered by the full module. A page of its own, so a shared page already on the full module hides nothing.

import { check, expect, type, openContext, ready, trace } from "../lib.mjs";

/** Whether the page runs the full module now (a method only it has is there). */
const onFull = (page) => page.evaluate(() => typeof window.hcsim.store.sim.diagram === "function");

const FHIR = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/" +
  "Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1";

/** A body the FHIR service's model refuses: `maxAge` must be an integer. */
const BAD_CORS = `{"kind":"fhir-R4","location":"eastus","properties":{"corsConfiguration":{"maxAge":"x"}}}`;

export default async (_shared, url) => {
  const page = await openContext();
  await check("start weight 4: the start module refuses a badly typed body as the full module does", async () => {
    await page.goto(url);
    await ready(page);
    for (const line of ["sim timing instant", "az group create -n rg1 -l eastus", "az healthcareapis workspace create -n ws1 -g rg1"]) {
      const out = await type(page, line);
      expect(out.includes("✓ ok"), `${line}:\n${out}`);
    }
    const out = await type(page, `az rest --method put --url ${FHIR}?api-version=2024-03-31 --body '${BAD_CORS}'`);
    expect(out.includes("InvalidRequestContent"), `not refused as unreadable:\n${out}`);
    expect(
      // The console prints the ARM error body as JSON, so the quotes come escaped.
      out.includes('properties.corsConfiguration: invalid type: string \\"x\\", expected i64.'),
      `not the deserializer's words:\n${out}`,
    );
    expect(!(await onFull(page)), "a control-plane write moved the session into the full module");
  });

  await check("start weight 4: -o yaml loads the full module and prints YAML, same session", async () => {
    const before = await trace(page);
    const out = await type(page, "az group show -n rg1 -o yaml");
    expect(!out.includes("NotInThisBuild"), `the line was not run again in the full module:\n${out}`);
    expect(/^name: rg1$/m.test(out) && /^location: eastus$/m.test(out), `not YAML:\n${out}`);
    expect(await onFull(page), "the session is not in the full module");
    expect((await trace(page)) === before, "the session changed while moving");
  });

  const tokens = await openContext();
  await check("start weight 4: az account get-access-token loads the full module and prints a token", async () => {
    await tokens.goto(url);
    await ready(tokens);
    const out = await type(tokens, "az account get-access-token");
    expect(!out.includes("NotInThisBuild"), `the line was not run again in the full module:\n${out}`);
    expect(out.includes('"accessToken"') && out.includes('"tokenType": "Bearer"'), `no token:\n${out}`);
    expect(await onFull(tokens), "the session is not in the full module");
  });

  await check("start weight 4: a saved session with a FHIR call is refused by the start module and opens in the full one", async () => {
    for (const line of [
      "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
      `az role assignment create --assignee trainee@contoso.com --role "FHIR Data Contributor" --scope ${FHIR}`,
    ]) {
      const made = await type(page, line);
      expect(made.includes("✓ ok"), `${line}:\n${made}`);
    }
    const out = await type(page, "sim fhir GET /Patient");
    expect(/\b200\b/.test(out), `the FHIR call did not answer 200:\n${out}`);
    const saved = await page.evaluate(() => window.hcsim.store.sim.save());
    const hash = await trace(page);
    const fresh = await openContext();
    await fresh.goto(url);
    await ready(fresh);
    const code = await fresh.evaluate(async (text) => {
      const start = await import(new URL("pkg/hcsim_wasm.js", location.href).href);
      try {
        start.Simulator.load(text);
        return "loaded";
      } catch (e) {
        return e?.code ?? String(e);
      }
    }, saved);
    expect(code === "NotInThisBuild", `the start module answered ${code}`);
    const link = await fresh.evaluate(async (text) => {
      const persist = await import(new URL("src/persist.js", location.href).href);
      return persist.encodeShare(text);
    }, saved);
    const third = await openContext();
    await third.goto(`${url}#s=${link}`);
    await ready(third);
    expect(await onFull(third), "the shared session did not open in the full module");
    expect((await trace(third)) === hash, `another world: ${await trace(third)} vs ${hash}`);
  });
};
