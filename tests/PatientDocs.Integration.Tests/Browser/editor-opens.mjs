// (a) The editor opens a definition and renders every node of its flowchart.
import { runStudio, openStudio, waitForNodes, nodeIds } from './studio.mjs';

const definitionId = process.env.PD_DEFINITION_ID;
const count = Number(process.env.PD_NODE_COUNT);
await runStudio('editor-opens-' + definitionId, async ({ page }) => {
  await openStudio(page, `/studio/workflows/definitions/${encodeURIComponent(definitionId)}/edit`);
  await waitForNodes(page, count);
  const labels = await page.$$eval('elsa-activity-wrapper .activity-label', els => els.map(e => e.textContent.trim()));
  return { nodeIds: await nodeIds(page), labels };
});
