// A state-language workflow in Studio: the definition list shows it, the designer draws a node per state and the ports and
// connections between them, and the viewer journals the states one finished execution passed.
import { runStudio, openStudio, waitForPath, timeout } from './studio.mjs';

const definitionId = process.env.PD_DEFINITION_ID;
const definitionName = process.env.PD_DEFINITION_NAME;
const nodes = JSON.parse(process.env.PD_NODES); // every activity id of the compiled flowchart
const edgeCount = Number(process.env.PD_EDGE_COUNT); // its connections
const instanceId = process.env.PD_INSTANCE_ID;
const steps = JSON.parse(process.env.PD_STEPS); // the states the execution passed

await runStudio('state-language-studio', async ({ page }) => {
  // The definition list names the workflow; a click on its row opens the designer.
  await openStudio(page, '/studio');
  const definitionRow = page.locator('elsa-workflow-definition-list tr').filter({ has: page.getByText(definitionName, { exact: true }) }).first();
  await definitionRow.waitFor({ state: 'visible' });
  const definitionRowText = (await definitionRow.textContent()).replace(/\s+/g, ' ').trim();
  await definitionRow.getByText(definitionName, { exact: true }).click();
  await waitForPath(page, `/studio/workflows/definitions/${encodeURIComponent(definitionId)}/edit`);
  await waitForCanvas(page, nodes);
  const editor = await drawing(page, nodes.length, edgeCount);
  // The workflow's Information panel says whether Studio treats the definition as read-only.
  const editorText = (await page.locator('elsa-workflow-definition-editor').innerText()).replace(/\s+/g, ' ');
  const readOnly = /\bReadonly (Yes|No)\b/.exec(editorText)?.[1] ?? null;
  await page.screenshot({ path: `${process.env.PD_SCREENSHOTS}/state-language-editor.png` });

  // The instance list shows the execution; a click on its row opens the viewer.
  await page.locator('#pd-nav a[data-pd-route="instances"]').click();
  await waitForPath(page, '/studio/workflows/instances');
  const instanceRow = page.locator('elsa-workflow-instance-list tr').filter({ hasText: instanceId }).first();
  await instanceRow.waitFor({ state: 'visible' });
  const instanceRowText = (await instanceRow.textContent()).replace(/\s+/g, ' ').trim();
  await instanceRow.click();
  await waitForPath(page, `/studio/workflows/instances/${encodeURIComponent(instanceId)}/view`);
  await waitForCanvas(page, nodes);
  // The journal is shown once every expected step has its completed entry.
  await page.waitForFunction(ns => {
    const texts = [...document.querySelectorAll('.mud-timeline-item')].map(e => e.textContent.replace(/\s+/g, ' '));
    return ns.every(n => texts.some(t => t.startsWith(n + ' ') && t.includes('Completed')));
  }, steps, { timeout });
  const journal = await page.$$eval('.mud-timeline-item', els => els.map(e => e.textContent.replace(/\s+/g, ' ').trim()));
  const viewer = await drawing(page, nodes.length, edgeCount);
  return { definitionRowText, editor, readOnly, instanceRowText, journal, viewer };
});

/** Waits until the canvas holds exactly these nodes, each rendered: the previous page's canvas is gone by then. */
async function waitForCanvas(page, ids) {
  await page.waitForFunction(expected => {
    const shown = [...document.querySelectorAll('g.x6-node[data-shape="elsa-activity"]')].map(e => e.getAttribute('data-cell-id'));
    const rendered = document.querySelectorAll('elsa-activity-wrapper .elsa-activity').length;
    return shown.length === expected.length && expected.every(id => shown.includes(id)) && rendered >= expected.length;
  }, ids, { timeout });
}

/**
 * What the canvas shows once it is complete: node ids, labels, each node's outbound ports, and each edge as
 * "source:port->target". Studio adds the edges after the nodes, a few at a time, and the viewer draws its graph again
 * while the instance loads: the canvas is read in one go, again until it holds every node and edge.
 */
async function drawing(page, nodeCount, edgeCount) {
  const handle = await page.waitForFunction(([nodes, edges]) => {
    const shown = [...document.querySelectorAll('g.x6-node[data-shape="elsa-activity"]')];
    const labels = [...document.querySelectorAll('elsa-activity-wrapper .activity-label')].map(e => e.textContent.trim());
    const drawn = [...document.querySelectorAll('g.x6-edge')];
    if (shown.length < nodes || labels.length < nodes || drawn.length < edges) return null;
    const ports = Object.fromEntries(shown.map(e => [
      e.getAttribute('data-cell-id'),
      [...e.querySelectorAll('g[port-group="out"]')].map(p => p.getAttribute('port')),
    ]));
    // The graph keeps an edge's ends to itself: each drawn path is matched to the port circles its two ends touch.
    const centre = el => { const r = el.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; };
    const circles = group => shown.flatMap(node => [...node.querySelectorAll(`g[port-group="${group}"] circle`)].map(c => ({
      node: node.getAttribute('data-cell-id'), port: c.closest('g[port-group]').getAttribute('port'), ...centre(c),
    })));
    const outs = circles('out');
    const ins = circles('in');
    const nearest = (list, p) => list.reduce((best, c) => {
      const d = Math.hypot(c.x - p.x, c.y - p.y);
      return d < best.d ? { c, d } : best;
    }, { c: null, d: Infinity });
    const matched = drawn.map(edge => {
      const path = edge.querySelector('path[d]');
      const matrix = path?.getScreenCTM();
      if (!matrix) return null;
      const at = length => { const p = path.getPointAtLength(length); return { x: p.x * matrix.a + p.y * matrix.c + matrix.e, y: p.x * matrix.b + p.y * matrix.d + matrix.f }; };
      const from = nearest(outs, at(0));
      const to = nearest(ins, at(path.getTotalLength()));
      return from.c && to.c ? { edge: `${from.c.node}:${from.c.port}->${to.c.node}`, gap: Math.round(Math.max(from.d, to.d)) } : null;
    });
    if (matched.some(m => m === null)) return null;
    return { nodeIds: shown.map(e => e.getAttribute('data-cell-id')), labels, ports, edges: matched };
  }, [nodeCount, edgeCount], { timeout });
  return handle.jsonValue();
}
