// (b) An activity dragged from the toolbox onto the canvas is saved, then published as a new version.
import { runStudio, openStudio, waitForNodes, iconButton, icons, fail } from './studio.mjs';

const definitionId = process.env.PD_DEFINITION_ID;
const count = Number(process.env.PD_NODE_COUNT);
await runStudio('drag-and-publish', async ({ page, api }) => {
  await openStudio(page, `/studio/workflows/definitions/${encodeURIComponent(definitionId)}/edit`);
  await waitForNodes(page, count);

  await page.getByText(process.env.PD_TOOLBOX_CATEGORY, { exact: true }).click();
  const item = page.locator('[draggable="true"]').filter({ hasText: process.env.PD_TOOLBOX_ACTIVITY }).first();
  await item.waitFor({ state: 'visible' });
  const canvas = page.locator('.graph-container').first();
  const box = await canvas.boundingBox();
  await item.dragTo(canvas, { targetPosition: { x: box.width / 2, y: box.height - 80 } });
  await waitForNodes(page, count + 1);

  const published = page.waitForResponse(r => r.url().endsWith('/elsa/api/workflow-definitions') && r.request().method() === 'POST'
    && JSON.parse(r.request().postData() || '{}').publish === true);
  published.catch(() => {});
  await iconButton(page, icons.publish).click();
  const response = await published;
  if (response.status() !== 200) fail(`publish answered ${response.status()}: ${await response.text()}`);
  const body = await response.json();
  await page.getByText(/published/i).first().waitFor({ state: 'visible' });
  const saves = api.filter(a => a.method === 'POST' && a.path === '/elsa/api/workflow-definitions').length;
  return {
    version: body.workflowDefinition.version,
    isPublished: body.workflowDefinition.isPublished,
    activityCount: body.workflowDefinition.root.activities.length,
    saves,
  };
});
