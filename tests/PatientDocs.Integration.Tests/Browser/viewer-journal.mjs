// (d) The viewer of a finished instance shows its journal and a count badge on every executed node.
import { runStudio, openStudio, waitForNodes } from './studio.mjs';

const instanceId = process.env.PD_INSTANCE_ID;
const count = Number(process.env.PD_NODE_COUNT);
const executed = Number(process.env.PD_EXECUTED_NODES);
await runStudio('viewer-journal', async ({ page }) => {
  await openStudio(page, `/studio/workflows/instances/${encodeURIComponent(instanceId)}/view`);
  await waitForNodes(page, count);
  await page.locator('.mud-timeline-item').first().waitFor({ state: 'visible' });
  await page.waitForFunction(n => document.querySelectorAll('elsa-activity-wrapper .mud-badge-wrapper .mud-badge').length >= n, executed, { timeout: 90_000 });
  const journal = await page.$$eval('.mud-timeline-item', els => els.map(e => e.textContent.replace(/\s+/g, ' ').trim()));
  const badges = await page.$$eval('elsa-activity-wrapper', els => els
    .map(e => ({ activityId: e.getAttribute('activity-id'), count: e.querySelector('.mud-badge-wrapper .mud-badge')?.textContent?.trim() ?? null }))
    .filter(b => b.count !== null));
  return { journal, badges };
});
