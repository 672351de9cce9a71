// Builds a flowchart in Studio's designer the way a user does: toolbox drags, property panel, port-to-port drags.
import { waitForNodes, timeout } from './studio.mjs';

/** Creates a workflow from the definition list's Create dialog and waits for its editor. */
export async function createWorkflow(page, name) {
  await page.getByRole('button', { name: 'Create workflow' }).click();
  const input = page.locator('.mud-dialog input').first();
  await input.fill(name);
  await page.locator('.mud-dialog button').filter({ hasText: /^ok$/i }).first().click();
  await page.waitForFunction(() => location.pathname.endsWith('/edit'), null, { timeout });
  await page.locator('.graph-container').first().waitFor();
  return decodeURIComponent(new URL(page.url()).pathname.split('/').at(-2));
}

/** Drags a toolbox item onto the canvas at (x, y) and returns the new node's id (the dropped node is selected). */
export async function drop(page, category, displayName, x, y) {
  const before = await ids(page);
  const item = page.locator('[draggable="true"]').filter({ hasText: new RegExp(`^\\s*${displayName}\\s*$`) }).first();
  if (!(await item.isVisible())) await page.locator('.mud-expand-panel-header').filter({ hasText: category }).first().click();
  await item.waitFor({ state: 'visible' });
  await item.dragTo(page.locator('.graph-container').first(), { targetPosition: { x, y } });
  await waitForNodes(page, before.length + 1);
  const added = (await ids(page)).filter(id => !before.includes(id));
  if (added.length !== 1) throw new Error(`dropping ${displayName} added ${added.length} nodes`);
  // The dropped node is selected; its input panel replaces the previous one.
  await page.locator('legend:visible, :text("does not have any input properties"):visible').first().waitFor();
  return added[0];
}

export async function select(page, id) {
  const box = await page.locator(`elsa-activity-wrapper[activity-id="${id}"] .elsa-activity`).boundingBox();
  await page.mouse.click(box.x + 30, box.y + box.height / 2);
  await page.locator('legend:visible').first().waitFor();
}

function row(page, label) {
  return page.locator('div[role="group"].flex-row').filter({ has: page.locator('legend', { hasText: new RegExp(`^${label}$`) }) }).last();
}

/** Types a literal into a single-line or multi-line input. */
export async function setText(page, label, value) {
  const field = row(page, label).locator('input[type="text"], textarea').first();
  await field.fill(value);
  await field.press('Tab');
}

/** Switches an input's syntax (its ⋮ menu) and types the expression into the Monaco editor that replaces the field. */
export async function setExpression(page, label, syntax, value) {
  await row(page, label).locator('.mud-menu button').first().click();
  await page.locator('.mud-popover-open .mud-menu-item, .mud-popover-open .mud-list-item').filter({ hasText: new RegExp(`^\\s*${syntax}\\s*$`) }).first().click();
  const editor = row(page, label).locator('.monaco-editor').first();
  await editor.waitFor({ state: 'visible' });
  await editor.click();
  await page.keyboard.insertText(value);
  await page.locator('.graph-container').first().click({ position: { x: 5, y: 5 } }).catch(() => {});
}

export async function check(page, label) {
  await row(page, label).locator('input[type="checkbox"]').first().check();
}

/** Picks an item of a dropdown input by its text. */
export async function choose(page, label, text) {
  await row(page, label).locator('.mud-input-control').first().click();
  await page.locator('.mud-popover-open .mud-list-item').filter({ hasText: text }).first().click();
}

/** Drags from the source's outbound port onto the target's inbound port. */
export async function connect(page, sourceId, port, targetId) {
  const from = await page.locator(`g.x6-node[data-cell-id="${sourceId}"] g[port="${port}"][port-group="out"] circle`).first().boundingBox();
  const to = await page.locator(`g.x6-node[data-cell-id="${targetId}"] g[port-group="in"] circle`).first().boundingBox();
  const edges = await page.locator('g.x6-edge').count();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
  await page.waitForFunction(n => document.querySelectorAll('g.x6-edge').length > n, edges, { timeout: 10_000 });
}

async function ids(page) {
  return page.$$eval('g.x6-node[data-shape="elsa-activity"]', els => els.map(e => e.getAttribute('data-cell-id')));
}
