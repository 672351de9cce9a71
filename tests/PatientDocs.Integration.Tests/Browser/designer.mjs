// Builds a flowchart in Studio's designer the way a user does: toolbox drags, property panel, port-to-port drags.
import { waitForNodes, openStudio, baseUrl, apiKey, timeout } from './studio.mjs';

/**
 * Creates a workflow from the definition list's Create dialog and waits for its editor. Each attempt looks at where the page
 * is: the dialog re-renders while it validates the name (a uniqueness call per keystroke), so its OK button can be replaced
 * under the click, and on a loaded machine the dialog can close after a click that seemed to miss. A definition of that name
 * that exists already is opened rather than created twice.
 */
export async function createWorkflow(page, name) {
  const dialog = page.locator('.mud-dialog').first();
  const deadline = Date.now() + timeout;
  for (let attempt = 1; !onEditor(page); attempt++) {
    if (Date.now() > deadline) throw new Error(`the editor of "${name}" did not open within ${timeout} ms`);
    try {
      const existing = await definitionNamed(name);
      if (existing) {
        await openStudio(page, `/studio/workflows/definitions/${encodeURIComponent(existing)}/edit`);
        break;
      }
      if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Create workflow' }).click({ timeout: 15_000 });
      await dialog.locator('input').first().fill(name, { timeout: 15_000 });
      await dialog.locator('button').filter({ hasText: /^ok$/i }).first().click({ timeout: 15_000 });
      await page.waitForFunction(() => location.pathname.endsWith('/edit'), null, { timeout: 30_000 });
    } catch (e) {
      console.log(`creating the workflow, attempt ${attempt}: ${e.message.split('\n')[0]}`);
    }
  }
  await page.locator('.graph-container').first().waitFor();
  return decodeURIComponent(new URL(page.url()).pathname.split('/').at(-2));
}

function onEditor(page) {
  return new URL(page.url()).pathname.endsWith('/edit');
}

/** The id of the definition with exactly this name, if the server holds one. */
async function definitionNamed(name) {
  const response = await fetch(`${baseUrl}/elsa/api/workflow-definitions?searchTerm=${encodeURIComponent(name)}`, { headers: { 'X-Api-Key': apiKey } });
  if (!response.ok) throw new Error(`listing definitions answered ${response.status}`);
  const page = await response.json();
  return page.items.find(d => d.name === name)?.definitionId ?? null;
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
  // A drop can be lost on a busy machine (a drag that starts while the category still unfolds, or before the designer
  // listens); the item is dragged again when no node has appeared after a while.
  // A drag that grabbed a neighbour while the toolbox still moved drops that activity instead (an If became a Decision):
  // the node's type is checked against the item's name, and a wrong one is deleted and the item dragged again.
  const wanted = displayName.replace(/\s+/g, '').toLowerCase();
  let added = [];
  for (let attempt = 1; ; attempt++) {
    await dragItem(page, item, x, y);
    const landed = await page.waitForFunction(n => document.querySelectorAll('g.x6-node[data-shape="elsa-activity"]').length > n, before.length, { timeout: 15_000 })
      .then(() => true, () => false);
    if (!landed && attempt < 3) continue;
    await waitForNodes(page, before.length + 1);
    added = (await ids(page)).filter(id => !before.includes(id));
    if (added.length !== 1) throw new Error(`dropping ${displayName} added ${added.length} nodes`);
    const type = JSON.parse(await page.locator(`elsa-activity-wrapper[activity-id="${added[0]}"]`).getAttribute('activity-json')).type;
    if (type.toLowerCase().includes(wanted)) break;
    if (attempt === 3) throw new Error(`dropping ${displayName} added a ${type}, three times`);
    console.log(`dropping ${displayName} added a ${type}; deleting it and dragging again`);
    await select(page, added[0]);
    await page.keyboard.press('Delete');
    const deleted = await page.waitForFunction(n => document.querySelectorAll('g.x6-node[data-shape="elsa-activity"]').length === n, before.length, { timeout: 15_000 })
      .then(() => true, () => false);
    if (!deleted) throw new Error(`dropping ${displayName} added a ${type}, which the Delete key did not remove`);
  }
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

/**
 * The auto-save whose body holds `value`. Leaving a panel (or a nested designer) before Studio has taken an edit drops it,
 * so each edit waits for its save. Blazor's serializer writes quotes as \u0022: the body is parsed and written again
 * before it is searched.
 */
function savedWith(page, value) {
  const escaped = JSON.stringify(value).slice(1, -1);
  const saved = page.waitForResponse(r => r.url().endsWith('/elsa/api/workflow-definitions') && r.request().method() === 'POST'
    && JSON.stringify(JSON.parse(r.request().postData() || '{}')).includes(escaped), { timeout: 40_000 });
  saved.catch(() => {});
  return saved;
}

/** Types a literal into a single-line or multi-line input and waits for the save that holds it. */
export async function setText(page, label, value) {
  const field = row(page, label).locator('input[type="text"], textarea').first();
  const saved = savedWith(page, value);
  await field.fill(value);
  await field.press('Tab');
  const response = await saved;
  if (response.status() !== 200) throw new Error(`saving ${label} answered ${response.status()}`);
}

/** Switches an input's syntax (its ⋮ menu) and types the expression into the Monaco editor that replaces the field. */
export async function setExpression(page, label, syntax, value) {
  await row(page, label).locator('.mud-menu button').first().click();
  await page.locator('.mud-popover-open .mud-menu-item, .mud-popover-open .mud-list-item').filter({ hasText: new RegExp(`^\\s*${syntax}\\s*$`) }).first().click();
  const editor = row(page, label).locator('.monaco-editor').first();
  await editor.waitFor({ state: 'visible' });
  // Studio sends the editor's text after a pause; leaving the panel before that drops it, so wait for the save that holds it.
  const saved = savedWith(page, value);
  await editor.click();
  // The editor starts with the input's literal (an If's condition holds False): the typed expression replaces it.
  // (deleted first: typing a bracket over a selection would wrap it).
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
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

/**
 * Clears the selected trigger's "Trigger workflow" (Common tab), which Studio ticks when a trigger is dropped, and waits for
 * the save that holds it: the trigger then waits inside the running flow instead of starting new instances. Studio still
 * draws it without an inbound port, so it can only begin a (nested) flowchart. The Input tab is shown again afterwards.
 */
export async function waitInsideFlow(page, id) {
  const saved = page.waitForResponse(r => r.url().endsWith('/elsa/api/workflow-definitions') && r.request().method() === 'POST'
    && findActivity(JSON.parse(r.request().postData() || '{}'), id)?.customProperties?.canStartWorkflow === false, { timeout: 40_000 });
  saved.catch(() => {});
  await page.locator('.mud-tab').filter({ hasText: /^\s*common\s*$/i }).first().click();
  await page.locator('label.mud-checkbox').filter({ hasText: 'Trigger workflow' }).locator('input[type="checkbox"]').uncheck();
  const response = await saved;
  if (response.status() !== 200) throw new Error(`saving Trigger workflow answered ${response.status()}`);
  await page.locator('.mud-tab').filter({ hasText: /^\s*input\s*$/i }).first().click();
}

function findActivity(node, id) {
  if (!node || typeof node !== 'object') return null;
  if (node.id === id && node.type) return node;
  for (const value of Object.values(node)) {
    const found = findActivity(value, id);
    if (found) return found;
  }
  return null;
}

/** Picks an item of a dropdown input by its text. */
export async function choose(page, label, text) {
  // Plain selects list .mud-list-item; MudExtensions' select (the workflow definition picker) lists .mud-list-item-extended.
  const item = page.locator('.mud-popover-open').locator('.mud-list-item, .mud-list-item-extended').filter({ hasText: text }).first();
  // The designer's autosave after a drop re-renders the input panel, which can close a dropdown opened just before it
  // answers: the dropdown is opened again when its item has not shown after a while.
  for (let attempt = 1; ; attempt++) {
    await row(page, label).locator('.mud-input-control').first().click();
    const shown = await item.waitFor({ state: 'visible', timeout: 20_000 }).then(() => true, () => false);
    if (shown) break;
    if (attempt === 3) throw new Error(`the ${label} dropdown never listed ${text}`);
    console.log(`the ${label} dropdown did not list ${text}; opening it again`);
    await page.keyboard.press('Escape');
  }
  await item.click();
}

/** Drags from the source's outbound port onto the target's inbound port. */
export async function connect(page, sourceId, port, targetId) {
  const from = await page.locator(`g.x6-node[data-cell-id="${sourceId}"] g[port="${port}"][port-group="out"] circle`).first().boundingBox();
  const to = await page.locator(`g.x6-node[data-cell-id="${targetId}"] g[port-group="in"] circle`).first().boundingBox();
  const edges = await page.locator('g.x6-edge').count();
  // A connection drawn in a nested designer is lost when it is left before the save that holds it.
  const saved = page.waitForResponse(r => r.url().endsWith('/elsa/api/workflow-definitions') && r.request().method() === 'POST'
    && hasConnection(JSON.parse(r.request().postData() || '{}'), sourceId, port, targetId), { timeout: 40_000 });
  saved.catch(() => {});
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
  await page.waitForFunction(n => document.querySelectorAll('g.x6-edge').length > n, edges, { timeout: 10_000 });
  const response = await saved;
  if (response.status() !== 200) throw new Error(`saving the connection answered ${response.status()}`);
}

function hasConnection(node, sourceId, port, targetId) {
  if (!node || typeof node !== 'object') return false;
  if (node.source?.activity === sourceId && node.source?.port === port && node.target?.activity === targetId) return true;
  return Object.values(node).some(value => hasConnection(value, sourceId, port, targetId));
}

/**
 * Opens a container's embedded slot (If's Then, ForEach's Body): clicking the slot asks how to arrange its activities, the
 * flowchart is kept, and the nested designer opens empty under a breadcrumb "Name: Slot".
 */
export async function openSlot(page, nodeId, port) {
  const slot = page.locator(`g.x6-node[data-cell-id="${nodeId}"] .embedded-port[data-port-name="${port}"]`);
  const dialog = page.locator('.mud-dialog').filter({ hasText: 'Flowchart' });
  for (let attempt = 1; ; attempt++) {
    if (await slot.waitFor({ state: 'visible', timeout: 20_000 }).then(() => true, () => false)) {
      const box = await slot.boundingBox();
      // The selected node's frame lies over its slots and fails a locator's click; the mouse reaches the slot through it.
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      break;
    }
    // A slot can be drawn below a frame that kept the node's height from before the slots were drawn: the frame clips it
    // and no pointer reaches it, but the slot's own click handler still opens it.
    if (await slot.count() > 0) {
      console.log(`the ${port} slot of ${nodeId} is drawn but hidden by the node's frame; clicking it directly`);
      await slot.first().dispatchEvent('click');
      if (await dialog.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false)) break;
    }
    // On a busy machine the designer has drawn a container without its slots and never drew them since; the editor is
    // opened again from the saved definition (every edit before this waited for its save), which draws them.
    const node = await page.locator(`g.x6-node[data-cell-id="${nodeId}"]`).evaluate(e => e.outerHTML.slice(0, 4000)).catch(() => 'absent');
    if (attempt === 3) throw new Error(`the ${port} slot of ${nodeId} was not drawn after ${attempt} openings; the node: ${node}`);
    console.log(`the ${port} slot of ${nodeId} was not drawn (the node: ${node}); opening the editor again`);
    const roots = await page.locator('g.x6-node[data-shape="elsa-activity"]').count();
    await openStudio(page, new URL(page.url()).pathname);
    await waitForNodes(page, roots);
  }
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('button').filter({ hasText: /^ok$/i }).first().click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator('.mud-breadcrumb-item').filter({ hasText: new RegExp(`: ${port}$`) }).waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.querySelectorAll('g.x6-node[data-shape="elsa-activity"]').length === 0, null, { timeout });
}

/** Leaves a nested designer through the breadcrumb's Root and waits for the root's `count` nodes. */
export async function backToRoot(page, count) {
  await page.locator('.mud-breadcrumb-item a').filter({ hasText: /^\s*Root\s*$/ }).first().click();
  await page.waitForFunction(() => ![...document.querySelectorAll('.mud-breadcrumb-item')].some(e => e.textContent.includes(': ')), null, { timeout });
  await waitForNodes(page, count);
  // The panel still shows the nested activity, which the root's canvas no longer holds; a click on the empty canvas
  // selects the root flowchart (no inputs) so the next drop starts from the root's own state.
  const canvas = await page.locator('.graph-container').first().boundingBox();
  await page.mouse.click(canvas.x + canvas.width - 20, canvas.y + canvas.height - 20);
  await page.locator(':text("does not have any input properties"):visible').first().waitFor();
}

/** Drags with the mouse, in steps, from the item's centre once it stands still to (x, y) on the canvas. */
async function dragItem(page, item, x, y) {
  // The toolbox scrolls: an item below its fold (each module adds a category) is brought into view before it is grabbed.
  await item.scrollIntoViewIfNeeded();
  let box = await item.boundingBox();
  for (let previous = null; JSON.stringify(box) !== JSON.stringify(previous);) {
    previous = box;
    await page.waitForFunction(() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
    box = await item.boundingBox();
  }
  const canvas = await page.locator('.graph-container').first().boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(canvas.x + x, canvas.y + y, { steps: 10 });
  await page.mouse.up();
}

async function ids(page) {
  return page.$$eval('g.x6-node[data-shape="elsa-activity"]', els => els.map(e => e.getAttribute('data-cell-id')));
}
