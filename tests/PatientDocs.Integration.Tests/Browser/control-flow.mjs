// A flowchart drawn from the toolbox with an If (JavaScript condition, a WriteLine in each branch), a Timer inside the flow and a
// ForEach whose Body holds a WriteLine; published, run from the editor's Run button, then opened in the instance viewer.
import { runStudio, openStudio, waitForNodes, iconButton, icons, timeout, fail } from './studio.mjs';
import { createWorkflow, drop, setText, setExpression, connect, openSlot, backToRoot, waitInsideFlow } from './designer.mjs';

const name = process.env.PD_WORKFLOW_NAME;

await runStudio('control-flow', async ({ page }) => {
  await openStudio(page, '/studio/workflows/definitions');
  const definitionId = await createWorkflow(page, name);

  const branch = await drop(page, 'Branching', 'If', 60, 60, 'Condition');
  await setExpression(page, 'Condition', 'JavaScript', '[1, 2, 3].filter(n => n > 1).length === 2');
  // Else first: a filled slot grows the node while its frame keeps the old height, which would hide the slot below it.
  await openSlot(page, branch, 'Else');
  const elseLine = await drop(page, 'Console', 'Write Line', 100, 100, 'Text');
  await setText(page, 'Text', 'else branch');
  await backToRoot(page, 1);
  // The Then branch waits on a Timer first: Studio draws a trigger without an inbound port, so it begins the nested flowchart.
  await openSlot(page, branch, 'Then');
  const timer = await drop(page, 'Scheduling', 'Timer', 60, 100, 'Interval');
  await setText(page, 'Interval', '00:00:05');
  await waitInsideFlow(page, timer);
  const thenLine = await drop(page, 'Console', 'Write Line', 420, 100, 'Text');
  await setText(page, 'Text', 'then branch');
  await connect(page, timer, 'Done', thenLine);
  await backToRoot(page, 1);

  const loop = await drop(page, 'Looping', 'For Each', 400, 60, 'Items');
  await setExpression(page, 'Items', 'JavaScript', '["a", "b", "c"]');
  await openSlot(page, loop, 'Body');
  const bodyLine = await drop(page, 'Console', 'Write Line', 100, 100, 'Text');
  await setText(page, 'Text', 'loop body');
  await backToRoot(page, 2);

  await connect(page, branch, 'Done', loop);

  const published = page.waitForResponse(r => r.url().endsWith('/elsa/api/workflow-definitions') && r.request().method() === 'POST'
    && JSON.parse(r.request().postData() || '{}').publish === true);
  published.catch(() => {});
  await iconButton(page, icons.publish).click();
  const publishResponse = await published;
  if (publishResponse.status() !== 200) fail(`publish answered ${publishResponse.status()}: ${await publishResponse.text()}`);
  const definition = (await publishResponse.json()).workflowDefinition;

  const executed = page.waitForResponse(r => r.url().includes(`/workflow-definitions/${definitionId}/execute`) && r.request().method() === 'POST');
  executed.catch(() => {});
  await iconButton(page, icons.play).click();
  const execution = await executed;
  if (execution.status() !== 200) fail(`execute answered ${execution.status()}`);
  const instanceId = execution.headers()['x-elsa-workflow-instance-id'];
  if (!instanceId) fail('execute answered without x-elsa-workflow-instance-id');

  // The viewer's journal lists the root's activities; the If completes only after its Then branch's Timer resumed.
  await openStudio(page, `/studio/workflows/instances/${encodeURIComponent(instanceId)}/view`);
  await waitForNodes(page, 2);
  await page.waitForFunction(() => {
    const texts = [...document.querySelectorAll('.mud-timeline-item')].map(e => e.textContent);
    return ['If1', 'ForEach1'].every(n => texts.some(t => t.includes(n) && t.includes('Completed')));
  }, null, { timeout });
  const journal = await page.$$eval('.mud-timeline-item', els => els.map(e => e.textContent.replace(/\s+/g, ' ').trim()));

  // Inside the loop's Body the viewer shows the body's own activity with its count of executions. The viewer re-renders
  // the node while it loads (the slot may be briefly hidden) and a node's frame may lie over its slot: wait until the slot
  // is visible, click through the frame with the mouse, and try again if the re-render swallowed the click.
  // A click that lands while the node re-renders only selects the node, and the selected node hides its slot: each new
  // attempt first clears the selection with a click on the empty canvas.
  // While the body's view replaces the root's, its activity can briefly be drawn twice: any one copy means the body opened,
  // and an attempt that failed after the body opened does not click again (the slot is gone inside the body).
  const slot = page.locator(`g.x6-node[data-cell-id="${loop}"] .embedded-port[data-port-name="Body"]`);
  const bodyActivity = page.locator(`elsa-activity-wrapper[activity-id="${bodyLine}"]`).first();
  for (let attempt = 1; ; attempt++) {
    try {
      if (attempt > 1 && await bodyActivity.count() > 0) break;
      if (attempt > 1) {
        const canvas = await page.locator('.graph-container').first().boundingBox();
        if (canvas) await page.mouse.click(canvas.x + canvas.width - 20, canvas.y + canvas.height - 20);
      }

      await slot.waitFor({ state: 'visible', timeout: 30000 });
      const box = await slot.boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await bodyActivity.waitFor({ state: 'attached', timeout: 20000 });
      break;
    } catch (e) {
      console.log(`opening the loop's Body in the viewer, attempt ${attempt}: ${e.message.split('\n')[0]}`);
      if (attempt >= 4) throw e;
    }
  }
  const badge = page.locator(`elsa-activity-wrapper[activity-id="${bodyLine}"] .mud-badge-wrapper .mud-badge`).first();
  await badge.waitFor({ state: 'attached', timeout });
  const bodyBadge = (await badge.textContent()).trim();
  return {
    definitionId,
    instanceId,
    journal,
    bodyBadge,
    nodes: { branch, thenLine, elseLine, timer, loop, bodyLine },
    publishedRoot: definition.root,
  };
});
