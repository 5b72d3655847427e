// A large tree as a user meets it (issue 14's fill row): the tree panel draws only the rows it
// shows (the facade's `treeRows`), so after filling hundreds of resources a group with many
// children is collapsed, opening it with the keyboard shows its first 200 children and a note,
// and the filter finds any of them. The event log, appended to while the session moves
// forward, shows exactly the simulator's last events after lines, undo and redo.
// A page of its own: the shared page's tree must stay small for the other suites.

import { check, expect, openContext, ready, type, treeNames } from "../lib.mjs";

const GROUPS = 3;
const PER_GROUP = 260;

/** The event log as drawn, and the simulator's last 300 events, as lines of text. */
async function eventLog(page) {
  return page.evaluate(() => {
    const drawn = [...document.querySelectorAll('[data-testid="event"]')].map((li) => li.textContent);
    const s = window.hcsim.store;
    const want = s.sim.events(Math.max(0, s.state.nextEventSeq - 300)).map((e) => `${e.at} ${e.name} ${e.summary}`);
    return { drawn, want };
  });
}

export default async (_shared, url) => {
  const page = await openContext();
  await page.goto(url);
  await ready(page);

  await check("large tree: after a fill, groups with many children are collapsed", async () => {
    const filled = await page.evaluate(([groups, per]) => {
      const lines = ["sim timing instant"];
      for (let g = 0; g < groups; g++) {
        lines.push(`az group create -n big${g} -l eastus -o none`);
        for (let i = 0; i < per; i++) lines.push(`az network vnet create -n vnet${i} -g big${g} -o none`);
      }
      return window.hcsim.runMany(lines);
    }, [GROUPS, PER_GROUP]);
    expect(filled.failed === 0, `${filled.failed} lines failed`);
    const names = await treeNames(page);
    for (let g = 0; g < GROUPS; g++) expect(names.includes(`big${g}`), `big${g} missing: ${names}`);
    expect(!names.some((n) => n.startsWith("vnet")), `children of a collapsed group drawn: ${names.length} rows`);
    const expanded = await page.getAttribute('[data-testid="tree-item"][data-name="big1"]', "aria-expanded");
    expect(expanded === "false", `big1 aria-expanded=${expanded}`);
    const count = await page.textContent("#tree-count");
    expect(/\d+ resources/.test(count) && Number(count.match(/\d+/)[0]) >= GROUPS * (PER_GROUP + 1), `count: ${count}`);
  });

  await check("large tree: ArrowRight opens a group: its first 200 children and a note on the rest", async () => {
    await page.focus('[data-testid="tree-item"][data-name="big1"]');
    await page.keyboard.press("ArrowRight");
    const group = page.locator('[data-testid="tree-item"][data-name="big1"]');
    expect(await group.getAttribute("aria-expanded") === "true", "big1 did not open");
    const kids = await group.locator(':scope > [role="group"] > [data-testid="tree-item"]').count();
    expect(kids === 200, `${kids} children drawn`);
    const note = await group.locator(':scope > [role="group"] > .more').innerText();
    expect(note.includes(`${PER_GROUP - 200} more`), `note: ${note}`);
    await page.keyboard.press("ArrowDown");
    const focused = await page.evaluate(() => document.activeElement?.dataset?.name);
    expect(focused?.startsWith("vnet"), `ArrowDown focused ${focused}`);
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    expect(await group.getAttribute("aria-expanded") === "false", "ArrowLeft did not close big1");
  });

  await check("large tree: the filter finds a child that is not drawn, in every group", async () => {
    await page.fill("#tree-filter", `vnet${PER_GROUP - 1}`);
    const names = await treeNames(page);
    const hits = names.filter((n) => n === `vnet${PER_GROUP - 1}`).length;
    expect(hits === GROUPS, `found ${hits}: ${names}`);
    expect(names.filter((n) => n.startsWith("vnet")).length === GROUPS, `other rows drawn: ${names}`);
    await page.fill("#tree-filter", "");
    expect(!(await treeNames(page)).some((n) => n.startsWith("vnet")), "clearing the filter left children drawn");
  });

  await check("event log: the simulator's last events after lines, undo and redo", async () => {
    for (const line of ["az group create -n after1 -l eastus", "az group show -n nosuchgroup", "sim advance 5m"]) await type(page, line);
    let log = await eventLog(page);
    expect(log.drawn.length === log.want.length && log.drawn.every((t, i) => t === log.want[i]),
      `after lines: ${log.drawn.length} drawn, ${log.want.length} wanted; last ${log.drawn.at(-1)} vs ${log.want.at(-1)}`);
    await page.click("#undo");
    await page.click("#undo");
    log = await eventLog(page);
    expect(log.drawn.join("\n") === log.want.join("\n"), `after undo: last ${log.drawn.at(-1)} vs ${log.want.at(-1)}`);
    await page.click("#redo");
    await type(page, "az group create -n after2 -l eastus");
    log = await eventLog(page);
    expect(log.drawn.join("\n") === log.want.join("\n"), `after redo and a line: last ${log.drawn.at(-1)} vs ${log.want.at(-1)}`);
  });
};
