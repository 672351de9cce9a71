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

/**
 * Drags a toolbox item onto the canvas at (x, y) and returns the new node's id (the dropped node is selected). With a
 * label, waits until the input panel shows that input, i.e. the panel is the new node's.
 */
export async function drop(page, category, displayName, x, y, label) {
  const before = await ids(page);
  const item = page.locator('[draggable="true"]').filter({ hasText: new RegExp(`^\\s*${displayName}\\s*$`) }).first();
  if (!(await item.isVisible())) await page.locator('.mud-expand-panel-header').filter({ hasText: category }).first().click();
  await item.waitFor({ state: 'visible' });
  await item.dragTo(page.locator('.graph-container').first(), { targetPosition: { x, y } });
  await waitForNodes(page, before.length + 1);
  const added = (await ids(page)).filter(id => !before.includes(id));
  if (added.length !== 1) throw new Error(`dropping ${displayName} added ${added.length} nodes`);
  // The dropped node is selected; its input panel replaces the previous one. MudBlazor hides the legends themselves.
  if (label) await row(page, label).waitFor({ state: 'visible' });
  else await page.locator('.mud-input-label:visible, :text("does not have any input properties"):visible').first().waitFor();
  return added[0];
}

export async function select(page, id) {
  const box = await page.locator(`elsa-activity-wrapper[activity-id="${id}"] .elsa-activity`).boundingBox();
  await page.mouse.click(box.x + 30, box.y + box.height / 2);
  await page.locator('.mud-input-label:visible').first().waitFor();
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
  // Studio sends the editor's text after a pause; leaving the panel before that drops it, so wait for the save that holds it.
  // Blazor's serializer writes quotes as \u0022: the body is parsed and written again before it is searched.
  const escaped = JSON.stringify(value).slice(1, -1);
  const saved = page.waitForResponse(r => r.url().endsWith('/elsa/api/workflow-definitions') && r.request().method() === 'POST'
    && JSON.stringify(JSON.parse(r.request().postData() || '{}')).includes(escaped), { timeout: 40_000 });
  saved.catch(() => {});
  await editor.click();
  await page.keyboard.insertText(value);
  const typed = (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  if (!typed.includes(value)) throw new Error(`the ${label} editor shows ${JSON.stringify(typed)} after typing ${JSON.stringify(value)}`);
  // Studio sometimes misses the first change on a busy machine: if no save holds the text after a while, the text is
  // touched again (a space typed and removed) so the editor reports it, then the same save is awaited.
  let response = await Promise.race([saved, page.waitForTimeout(8_000).then(() => null)]);
  if (!response) {
    await page.keyboard.press('End');
    await page.keyboard.insertText(' ');
    await page.keyboard.press('Backspace');
    response = await saved;
  }
  if (response.status() !== 200) throw new Error(`saving ${label} answered ${response.status()}`);
}

export async function check(page, label) {
  await row(page, label).locator('input[type="checkbox"]').first().check();
}

/** Picks an item of a dropdown input by its text. */
export async function choose(page, label, text) {
  await row(page, label).locator('.mud-input-control').first().click();
  // Plain selects list .mud-list-item; MudExtensions' select (the workflow definition picker) lists .mud-list-item-extended.
  await page.locator('.mud-popover-open').locator('.mud-list-item, .mud-list-item-extended').filter({ hasText: text }).first().click();
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
