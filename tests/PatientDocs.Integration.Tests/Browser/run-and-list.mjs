// (c) Run starts an instance from the editor; the instance list then shows it.
import { runStudio, openStudio, waitForNodes, waitForPath, iconButton, icons, fail } from './studio.mjs';

const definitionId = process.env.PD_DEFINITION_ID;
const count = Number(process.env.PD_NODE_COUNT);
await runStudio('run-and-list', async ({ page }) => {
  await openStudio(page, `/studio/workflows/definitions/${encodeURIComponent(definitionId)}/edit`);
  await waitForNodes(page, count);

  const executed = page.waitForResponse(r => r.url().includes(`/workflow-definitions/${definitionId}/execute`) && r.request().method() === 'POST');
  executed.catch(() => {});
  await iconButton(page, icons.play).click();
  const response = await executed;
  if (response.status() !== 200) fail(`execute answered ${response.status()}`);
  const instanceId = response.headers()['x-elsa-workflow-instance-id'];
  if (!instanceId) fail('execute answered without x-elsa-workflow-instance-id');

  await page.locator('#pd-nav a[data-pd-route="instances"]').click();
  await waitForPath(page, '/studio/workflows/instances');
  const row = page.locator('elsa-workflow-instance-list tr').filter({ hasText: instanceId });
  await row.first().waitFor({ state: 'visible' });
  const rowText = (await row.first().textContent()).replace(/\s+/g, ' ').trim();

  // Clicking the row opens the viewer through the viewWorkflowInstance callback.
  await row.first().click();
  await waitForPath(page, `/studio/workflows/instances/${instanceId}/view`);
  await page.locator('elsa-workflow-instance-viewer').waitFor({ state: 'attached' });
  return { instanceId, rowText };
});
