// (f) A workflow built from the toolbox alone (HTTP endpoint → ForEach → HTTP request → dispatch → HTTP response), published,
// called over HTTP, then opened in the instance viewer.
import { runStudio, openStudio, waitForNodes, iconButton, icons, baseUrl, apiKey, timeout, fail } from './studio.mjs';
import { createWorkflow, drop, setText, setExpression, choose, connect } from './designer.mjs';

const name = process.env.PD_WORKFLOW_NAME;
const requestUrl = process.env.PD_REQUEST_URL;
const childName = process.env.PD_CHILD_NAME;
const callPath = process.env.PD_CALL_PATH;

async function api(path, init = {}) {
  const response = await fetch(baseUrl + path, { ...init, headers: { 'X-Api-Key': apiKey, 'Content-Type': 'application/json', ...(init.headers || {}) } });
  if (!response.ok) fail(`${init.method || 'GET'} ${path} answered ${response.status}`);
  return response.json();
}

await runStudio('toolbox-http-flow', async ({ page }) => {
  await openStudio(page, '/studio/workflows/definitions');
  const definitionId = await createWorkflow(page, name);

  // Three rows of two, about 340 px apart: the canvas is some 880 px wide, and closer drops overlap so port drags miss.
  const endpoint = await drop(page, 'HTTP', 'HTTP Endpoint', 60, 60, 'Path');
  await setText(page, 'Path', 'hello/{name}');

  const forEach = await drop(page, 'Looping', 'For Each', 400, 60, 'Items');
  await setExpression(page, 'Items', 'JavaScript', '["x","y"]');

  const request = await drop(page, 'HTTP', 'HTTP Request', 400, 250, 'Url');
  await setText(page, 'Url', requestUrl);

  const dispatch = await drop(page, 'Composition', 'Dispatch Workflow', 60, 430, 'Workflow Definition');
  await choose(page, 'Workflow Definition', childName);

  const response = await drop(page, 'HTTP', 'HTTP Response', 400, 430, 'Content');
  await setExpression(page, 'Content', 'JavaScript', '`Hello ${getInput("routeData").name}`');

  await connect(page, endpoint, 'Done', forEach);
  await connect(page, forEach, 'Done', request);
  await connect(page, request, 'Done', dispatch);
  await connect(page, dispatch, 'Done', response);

  const published = page.waitForResponse(r => r.url().endsWith('/elsa/api/workflow-definitions') && r.request().method() === 'POST'
    && JSON.parse(r.request().postData() || '{}').publish === true);
  published.catch(() => {});
  await iconButton(page, icons.publish).click();
  const publishResponse = await published;
  if (publishResponse.status() !== 200) fail(`publish answered ${publishResponse.status()}: ${await publishResponse.text()}`);
  const definition = (await publishResponse.json()).workflowDefinition;

  const call = await fetch(baseUrl + callPath);
  const callStatus = call.status;
  const callBody = await call.text();

  const instances = await api('/elsa/api/workflow-instances', { method: 'POST', body: JSON.stringify({ definitionId }) });
  if (instances.items.length !== 1) fail(`expected one instance of ${definitionId}, found ${instances.items.length}`);
  const instanceId = instances.items[0].id;

  await openStudio(page, `/studio/workflows/instances/${encodeURIComponent(instanceId)}/view`);
  await waitForNodes(page, 5);
  // The journal is complete once every node of the flow has an entry.
  const names = definition.root.activities.map(a => a.name);
  await page.waitForFunction(ns => {
    const texts = [...document.querySelectorAll('.mud-timeline-item')].map(e => e.textContent);
    return ns.every(n => texts.some(t => t.includes(n)));
  }, names, { timeout });
  const journal = await page.$$eval('.mud-timeline-item', els => els.map(e => e.textContent.replace(/\s+/g, ' ').trim()));
  return {
    definitionId,
    instanceId,
    callStatus,
    callBody,
    journal,
    nodes: { endpoint, forEach, request, dispatch, response },
    activities: definition.root.activities.map(a => ({
      id: a.id, type: a.type, name: a.name, items: a.items?.expression ?? null, content: a.content?.expression ?? null,
    })),
    connections: definition.root.connections.map(c => `${c.source.activity}:${c.source.port}->${c.target.activity}:${c.target.port}`),
  };
});
