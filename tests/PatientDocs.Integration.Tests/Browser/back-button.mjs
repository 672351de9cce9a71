// (e) Clicking a definition opens the editor and clicking an instance opens the viewer; one browser Back returns each time.
import { runStudio, openStudio, waitForNodes, waitForPath, nodeIdsWhenShown, timeout, fail } from './studio.mjs';

const definitionId = process.env.PD_DEFINITION_ID;
const definitionName = process.env.PD_DEFINITION_NAME;
const definitionNodes = Number(process.env.PD_NODE_COUNT);
const instanceId = process.env.PD_INSTANCE_ID;
const instanceNodes = Number(process.env.PD_INSTANCE_NODE_COUNT);

const editorPath = `/studio/workflows/definitions/${encodeURIComponent(definitionId)}/edit`;
const instancesPath = '/studio/workflows/instances';
const viewerPath = `/studio/workflows/instances/${encodeURIComponent(instanceId)}/view`;

/** The one element our host page shows: the view holds exactly this tag and the body names the screen. */
async function waitForScreen(page, screen, tag) {
  await page.waitForFunction(([s, t]) => {
    const children = document.getElementById('pd-view').children;
    return document.body.getAttribute('data-pd-screen') === s && children.length === 1 && children[0].localName === t;
  }, [screen, tag], { timeout });
}

function definitionRow(page) {
  return page.locator('elsa-workflow-definition-list tr').filter({ has: page.getByText(definitionName, { exact: true }) }).first();
}

function instanceRow(page) {
  return page.locator('elsa-workflow-instance-list tr').filter({ hasText: instanceId }).first();
}

async function historyLength(page) {
  return page.evaluate(() => window.history.length);
}

async function expectPath(page, expected, step) {
  const actual = await page.evaluate(() => window.location.pathname);
  if (actual !== expected) fail(`${step}: expected path ${expected}, was ${actual}`);
}

async function expectEditor(page, step) {
  await waitForPath(page, editorPath);
  await waitForScreen(page, 'editor', 'elsa-workflow-definition-editor');
  const attribute = await page.locator('#pd-view > elsa-workflow-definition-editor').getAttribute('definition-id');
  if (attribute !== definitionId) fail(`${step}: editor shows definition ${attribute}, expected ${definitionId}`);
  await waitForNodes(page, definitionNodes);
  const ids = await nodeIdsWhenShown(page, definitionNodes);
  if (ids.length !== definitionNodes) fail(`${step}: editor shows ${ids.length} nodes, expected ${definitionNodes}`);
  return ids;
}

async function expectDefinitionList(page, step) {
  await waitForPath(page, '/studio');
  await waitForScreen(page, 'definitions', 'elsa-workflow-definition-list');
  await definitionRow(page).waitFor({ state: 'visible' });
  await expectPath(page, '/studio', step);
}

async function expectInstanceList(page, step) {
  await waitForPath(page, instancesPath);
  await waitForScreen(page, 'instances', 'elsa-workflow-instance-list');
  await instanceRow(page).waitFor({ state: 'visible' });
  await expectPath(page, instancesPath, step);
}

await runStudio('back-button', async ({ page }) => {
  const steps = [];
  await openStudio(page, `/studio`);
  await expectDefinitionList(page, 'open /studio');
  const start = await historyLength(page);
  steps.push('definitions');

  // A real click on the rendered row of the definition list.
  await definitionRow(page).getByText(definitionName, { exact: true }).click();
  const editorNodes = await expectEditor(page, 'click definition');
  steps.push('editor');
  const afterEditor = await historyLength(page) - start;

  await page.goBack();
  await expectDefinitionList(page, 'back from editor');
  if (await page.locator('elsa-workflow-definition-editor').count() !== 0) fail('back from editor: the editor is still in the page');
  steps.push('back:definitions');

  await page.goForward();
  await expectEditor(page, 'forward to editor');
  steps.push('forward:editor');

  await page.locator('#pd-nav a[data-pd-route="instances"]').click();
  await expectInstanceList(page, 'open instances');
  steps.push('instances');

  // A real click on the rendered row of the instance list.
  await instanceRow(page).click();
  await waitForPath(page, viewerPath);
  await waitForScreen(page, 'viewer', 'elsa-workflow-instance-viewer');
  await waitForNodes(page, instanceNodes);
  const viewerNodes = await nodeIdsWhenShown(page, instanceNodes);
  if (viewerNodes.length !== instanceNodes) fail(`viewer shows ${viewerNodes.length} nodes, expected ${instanceNodes}`);
  steps.push('viewer');
  const afterViewer = await historyLength(page) - start;

  await page.goBack();
  await expectInstanceList(page, 'back from viewer');
  if (await page.locator('elsa-workflow-instance-viewer').count() !== 0) fail('back from viewer: the viewer is still in the page');
  steps.push('back:instances');

  // One more Back lands on the editor: no screen added history entries of its own.
  await page.goBack();
  await expectEditor(page, 'back from instances');
  steps.push('back:editor');

  return { steps, editorNodes, viewerNodes, afterEditor, afterViewer, finalPath: await page.evaluate(() => window.location.pathname) };
});
