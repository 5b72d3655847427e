// The page's start weight, fifth cut (issue 14, docs/WASM-SIZE.md "Fifth stop"): the fault
// set, the schedule, unregistered providers, operations, the directory, the healthcare quota
// counts, a command's flags and JMESPath's sorts changed containers in the start module. What
// a user sees of them there: faults listed in number order and healed on time, a provider
// unregistered and registered again, principals found, `--query` sorts, argparse's order for
// an ambiguous flag; all without loading the full module. A page of its own (the shared page
// may be on the full module already).

import { check, expect, type, openContext, ready } from "../lib.mjs";

/** Whether the page runs the full module now (a method only it has is there). */
const onFull = (page) => page.evaluate(() => typeof window.hcsim.store.sim.diagram === "function");

/** Runs `line` and expects `want` (a substring) in the console's answer. */
async function answers(page, line, want) {
  const out = await type(page, line);
  expect(out.includes(want), `${line}: wanted ${JSON.stringify(want)} in:\n${out}`);
  return out;
}

export default async (_shared, url) => {
  const page = await openContext();
  await check("start weight 5: faults come and heal in order, providers and sorts, in the start module", async () => {
    await page.goto(url);
    await ready(page);
    await answers(page, "sim timing instant", "✓ ok");
    await answers(page, "az group create -n rg2 -l eastus", "✓ ok");
    await answers(page, "az group create -n rg1 -l westus", "✓ ok");
    await answers(page, "sim fault add region-outage --region westus --for 10m", "✓ ok");
    await answers(page, "sim fault add region-outage --region northeurope --for 30m", "✓ ok");
    await answers(page, "sim fault add zone-down --region eastus --zone 2", "✓ ok");
    // In number order, as the map gave them.
    await answers(page, 'sim fault list --query "[].id" -o tsv', "1\n2\n3");
    await answers(page, "sim fault clear 2", "✓ ok");
    // The first heals after 10 minutes (the schedule), the third lasts until cleared.
    await answers(page, "sim advance 11m", "✓ ok");
    await answers(page, 'sim fault list --query "[].id" -o tsv', "3");
    await answers(page, "sim fault clear --all", "✓ ok");
    await answers(page, "sim fault list", "No active faults.");
    // JMESPath's sort and sort_by (one shared index sort now).
    await answers(page, 'az group list --query "sort_by(@, &name)[].name" -o tsv', "rg1\nrg2");
    await answers(page, 'az group list --query "sort([].location)" -o tsv', "eastus\nwestus");
    // argparse's order for an ambiguous flag: the parent parser's options first.
    await answers(page, "az group list --o", "ambiguous option: --o could match --only-show-errors, --output");
    await answers(page, "az provider unregister --namespace Microsoft.HealthcareApis", "✓ ok");
    await answers(page, "az healthcareapis workspace create -n wsthree -g rg2", "MissingSubscriptionRegistration");
    await answers(page, "az provider register --namespace Microsoft.HealthcareApis", "✓ ok");
    await answers(page, "az healthcareapis workspace create -n wsthree -g rg2", "✓ ok");
    expect(!(await onFull(page)), "these lines moved the session into the full module");
  });
};
