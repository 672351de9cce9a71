// The workflow timeout field on the editor screen: a malformed value is refused with the field named, a good one is saved
// into the definition and shown again when the editor is opened anew.
import { runStudio, openStudio, waitForNodes } from './studio.mjs';

const definitionId = process.env.PD_DEFINITION_ID;
const count = Number(process.env.PD_NODE_COUNT);
const editor = `/studio/workflows/definitions/${encodeURIComponent(definitionId)}/edit`;

async function save(page, value) {
  await page.fill('#pd-timeout-value', value);
  await page.click('#pd-timeout button[type="submit"]');
  await page.waitForFunction(() => {
    const text = document.getElementById('pd-timeout-status').textContent;
    return text.length > 0 && text !== 'Saving…';
  });
  return page.textContent('#pd-timeout-status');
}

await runStudio('workflow-timeout-' + definitionId, async ({ page }) => {
  await openStudio(page, editor);
  await waitForNodes(page, count);
  await page.waitForSelector('#pd-timeout[data-loaded="true"]');
  const refused = await save(page, 'soon');
  const saved = await save(page, 'PT45M');
  await page.goto('about:blank');
  await openStudio(page, editor);
  await waitForNodes(page, count);
  await page.waitForSelector('#pd-timeout[data-loaded="true"]');
  const reloaded = await page.inputValue('#pd-timeout-value');
  return { refused, saved, reloaded };
});
