// The operations page against a running workload: its charts draw real data (a queue with depth, a limit in use),
// a waiting instance shows an ETA from its queue position, and the Retry button retries a real incident.
import { runStudio, openStudio, timeout, fail } from './studio.mjs';

await runStudio('ops-page', async ({ page }) => {
  await openStudio(page, '/ops?poll=1000&pageSize=50');

  const studioLinksHere = await page.evaluate(async () => (await (await fetch('/studio')).text()).includes('id="pd-ops-link"'));
  if (!studioLinksHere) fail('Studio\'s host page has no link to the operations page');

  await page.waitForFunction(() => {
    const max = id => Math.max(0, ...Chart.getChart(document.getElementById(id)).data.datasets.flatMap(d => d.data.filter(v => v !== null)));
    const eta = [...document.querySelectorAll('#waiting tbody tr')].some(r => r.querySelector('td.why').textContent.includes('in the docex-search queue'));
    return max('queues-chart') > 0 && max('limits-chart') > 0 && max('instances-chart') > 0 && eta;
  }, null, { timeout });

  const charts = await page.evaluate(() => Object.fromEntries(['limits-chart', 'queues-chart', 'instances-chart', 'throughput-chart'].map(id => {
    const chart = Chart.getChart(document.getElementById(id));
    return [id, {
      points: chart.data.labels.length,
      series: Object.fromEntries(chart.data.datasets.map(d => [d.label, Math.max(0, ...d.data.filter(v => v !== null))])),
      drawn: document.getElementById(id).width > 0,
    }];
  })));

  const eta = await page.evaluate(() => {
    const row = [...document.querySelectorAll('#waiting tbody tr')].find(r => r.querySelector('td.why').textContent.includes('in the docex-search queue'));
    return {
      instanceId: row.dataset.instanceId,
      basis: row.dataset.basis,
      shown: row.querySelector('td.eta').textContent,
      atLeast: row.querySelector('td.lower-bound').textContent,
      summary: row.querySelector('td.why').textContent,
    };
  });

  // Counts as shown, read in one go with the snapshot time they belong to.
  const tiles = await page.evaluate(() => Object.fromEntries(['running', 'suspended', 'finished', 'faulted', 'cancelled', 'incidents']
    .map(name => [name, Number(document.getElementById('count-' + name).textContent)])));

  try {
    await page.locator('#incidents tbody tr button.retry').first().waitFor({ state: 'visible', timeout });
  } catch (e) {
    // What the server and the simulator say, so a missing incident can be told from a page that stopped drawing.
    const seen = await page.evaluate(async () => {
      const read = async path => { const r = await fetch(path); return `${path} ${r.status}: ${(await r.text()).slice(0, 3000)}`; };
      return [document.getElementById('snapshot-at').textContent, await read('/api/ops/snapshot?pageSize=5'),
        await read('/sim/task-tracker/stats'), await read('/sim/task-tracker/outages')].join('\n');
    }).catch(err => 'could not read the state: ' + err);
    fail(`no incident to retry: ${e.message}\n${seen}`);
  }
  // The outage ends first, so the retried call reaches a service that answers.
  const ended = await page.evaluate(async () => (await fetch('/sim/task-tracker/outages', { method: 'DELETE' })).status);
  if (ended !== 200) fail(`ending the outage answered ${ended}`);
  const incidentId = await page.getAttribute('#incidents tbody tr button.retry', 'data-instance-id');
  await page.click(`#incidents button.retry[data-instance-id="${incidentId}"]`);
  await page.waitForFunction(() => document.getElementById('retry-result').dataset.outcome !== undefined, null, { timeout });
  const outcome = await page.evaluate(() => ({ state: document.getElementById('retry-result').dataset.outcome, text: document.getElementById('retry-result').textContent }));
  // The page drops the row once the retry's burst has cleared the incident.
  await page.waitForFunction(id => !document.querySelector(`#incidents tbody tr[data-instance-id="${id}"]`), incidentId, { timeout });

  const liveStatus = await page.getAttribute('#live-status', 'data-state');
  return { charts, eta, tiles, incidentId, outcome, liveStatus };
});
