// The orders module in Studio: both definitions open in the designer, and the viewer journals one finished order's parent
// instance and its shipping child.
import { runStudio, openStudio, nodeIds, timeout } from './studio.mjs';

const definitions = JSON.parse(process.env.PD_DEFINITIONS); // [{ id, nodes }]
const instances = JSON.parse(process.env.PD_INSTANCES); // [{ id, nodes, names }]

await runStudio('orders-studio', async ({ page }) => {
  const editors = {};
  for (const { id, nodes } of definitions) {
    await openStudio(page, `/studio/workflows/definitions/${encodeURIComponent(id)}/edit`);
    await waitForCanvas(page, nodes);
    const labels = await page.$$eval('elsa-activity-wrapper .activity-label', els => els.map(e => e.textContent.trim()));
    editors[id] = { nodeIds: await nodeIds(page), labels };
  }

  const viewers = {};
  for (const { id, nodes, names } of instances) {
    await openStudio(page, `/studio/workflows/instances/${encodeURIComponent(id)}/view`);
    await waitForCanvas(page, nodes);
    // The journal is shown once every expected step has its completed entry. On a timeout the error names the steps still
    // missing and what the timeline showed, so a failure says which entry never came.
    try {
      await page.waitForFunction(ns => {
        const texts = [...document.querySelectorAll('.mud-timeline-item')].map(e => e.textContent.replace(/\s+/g, ' '));
        return ns.every(n => texts.some(t => t.startsWith(n + ' ') && t.includes('Completed')));
      }, names, { timeout });
    } catch (error) {
      const shown = await page.$$eval('.mud-timeline-item', els => els.map(e => e.textContent.replace(/\s+/g, ' ').trim()));
      const missing = names.filter(n => !shown.some(t => t.startsWith(n + ' ') && t.includes('Completed')));
      throw new Error(`${error.message}\ninstance ${id}: no completed entry for ${missing.join(', ')}; the timeline showed ${shown.length} entries:\n${shown.join('\n')}`);
    }
    viewers[id] = { journal: await page.$$eval('.mud-timeline-item', els => els.map(e => e.textContent.replace(/\s+/g, ' ').trim())) };
  }
  return { editors, viewers };
});

/** Waits until the canvas holds exactly these nodes, each rendered: the previous page's canvas is gone by then. */
async function waitForCanvas(page, ids) {
  await page.waitForFunction(expected => {
    const shown = [...document.querySelectorAll('g.x6-node[data-shape="elsa-activity"]')].map(e => e.getAttribute('data-cell-id'));
    const rendered = document.querySelectorAll('elsa-activity-wrapper .elsa-activity').length;
    return shown.length === expected.length && expected.every(id => shown.includes(id)) && rendered >= expected.length;
  }, ids, { timeout });
}
