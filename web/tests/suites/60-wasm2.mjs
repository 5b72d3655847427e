// The page's start weight, second cut (issue 14): the course box's script and the create
// form's script are not fetched before the page is ready; both load on first use and work: a
// course opened from a file (its first file goes through app.js's loader), a create form
// opened from its button. A page of its own, so the shared page's earlier suites (which open
// courses and forms) do not hide a script fetched at start.

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

const COURSE = {
  format: "hcsim-course/1",
  title: "Start weight course",
  lessons: [{ builtin: "first-workspace" }],
};

export default async (_shared, url) => {
  const page = await openContext();
  await check("start weight 2: the course and create-form scripts wait for first use", async () => {
    await page.goto(url);
    await ready(page);
    const files = await fetchedBeforeReady(page);
    const late = files.filter((f) => /src\/(course|createform-form)\.js$/.test(f));
    expect(late.length === 0, `fetched before ready though only needed later: ${late.join(" ")}`);
    const hint = await page.textContent('[data-testid="course"]');
    expect(hint.includes("open one to see your progress"), `course box at start: ${hint}`);
  });

  await check("start weight 2: a course opened from a file loads its script and opens", async () => {
    await page.setInputFiles("#course-file", {
      name: "course.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(COURSE)),
    });
    await page.locator('[data-testid="course-title"]').waitFor();
    const title = await page.textContent('[data-testid="course-title"]');
    expect(title.includes("Start weight course"), `course title: ${title}`);
    const progress = await page.textContent('[data-testid="course-progress-first-workspace"]');
    expect(progress.includes("not started"), `progress: ${progress}`);
  });

  const fresh = await openContext();
  await check("start weight 2: the create form's script loads when a create button is used", async () => {
    await fresh.goto(url);
    await ready(fresh);
    for (const line of ["sim timing instant", "az group create -n rg1 -l eastus", "az healthcareapis workspace create -n ws1 -g rg1"]) {
      const out = await type(fresh, line);
      expect(out.includes("✓ ok"), `${line}:\n${out}`);
    }
    await fresh.click('[data-testid="tree-item"][data-name="ws1"] > .row-label');
    await fresh.click('[data-testid="create-fhir-service"]');
    await fresh.locator('[data-testid="create-form"]').waitFor();
    const line = await fresh.textContent('[data-testid="create-line"]');
    expect(line.includes("az healthcareapis workspace fhir-service create"), `create line: ${line}`);
    await fresh.click('[data-testid="create-cancel"]');
    await fresh.locator('[data-testid="create-form"]').waitFor({ state: "detached" });
  });
};
