// Shared by the browser scripts: launches Debian's Chromium, records API traffic and errors, saves the screenshot.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const baseUrl = process.env.PD_BASE_URL;
export const apiKey = process.env.PD_API_KEY;
export const timeout = 90_000;

export async function runStudio(name, body) {
  const browser = await chromium.launch({
    executablePath: process.env.PD_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(timeout);
  const api = [];
  const errors = [];
  page.on('pageerror', e => errors.push('pageerror: ' + e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push('console: ' + m.text().slice(0, 2000)); });
  page.on('response', r => {
    if (r.url().includes('/elsa/api/')) {
      api.push({ method: r.request().method(), status: r.status(), path: r.url().substring(baseUrl.length), });
      if (r.status() >= 400 && !r.url().endsWith('/features/installed')) errors.push(`api ${r.status()} ${r.request().method()} ${r.url()}`);
    }
  });
  const folder = process.env.PD_SCREENSHOTS;
  mkdirSync(folder, { recursive: true });
  const screenshot = join(folder, name + '.png');
  // The test kills a script that overruns its time, and the diagnostics below would be lost with it: a script given a budget
  // fails on its own a little before that.
  const budget = Number(process.env.PD_SCRIPT_BUDGET_MS) || 0;
  let watchdog;
  const overrun = new Promise((_, reject) => {
    if (budget > 0) watchdog = setTimeout(() => reject(new Error(`${name} ran past its budget of ${budget} ms`)), budget);
  });
  let result;
  try {
    result = await Promise.race([body({ page, api, errors }), overrun]);
    clearTimeout(watchdog);
    await assertNoBlazorError(page, errors);
  } catch (e) {
    await page.screenshot({ path: screenshot, timeout: 10_000 }).catch(() => {});
    console.error(`${name} failed: ${e.stack || e}`);
    console.error('API calls:\n' + api.map(a => `${a.method} ${a.status} ${a.path}`).join('\n'));
    console.error('Errors:\n' + errors.join('\n'));
    await browser.close();
    process.exit(1);
  }
  await page.screenshot({ path: screenshot });
  await browser.close();
  console.log(JSON.stringify({ ok: true, screenshot, ...result }));
}

export async function assertNoBlazorError(page, errors) {
  const visible = await page.locator('#blazor-error-ui').isVisible();
  if (visible) throw new Error('Blazor error bar is visible: ' + errors.join('; '));
}

export function fail(message) {
  throw new Error(message);
}

/** Waits until the canvas holds `count` activity nodes, each rendered by its wrapper element. */
export async function waitForNodes(page, count) {
  await page.waitForFunction(n => document.querySelectorAll('elsa-activity-wrapper .elsa-activity').length >= n
      && document.querySelectorAll('g.x6-node[data-shape="elsa-activity"]').length >= n, count, { timeout });
}

export async function nodeIds(page) {
  return page.$$eval('g.x6-node[data-shape="elsa-activity"]', els => els.map(e => e.getAttribute('data-cell-id')));
}

/**
 * The node ids once the canvas shows exactly `count` nodes, or the last ids seen when it never does. The instance viewer
 * draws its graph again when it reloads (a running instance's journal), so a count read right after the wait can
 * catch the canvas empty for a moment.
 */
export async function nodeIdsWhenShown(page, count) {
  const shown = await page.waitForFunction(n => {
    const ids = [...document.querySelectorAll('g.x6-node[data-shape="elsa-activity"]')].map(e => e.getAttribute('data-cell-id'));
    return ids.length === n ? ids : null;
  }, count, { timeout }).then(handle => handle.jsonValue(), () => null);
  return shown ?? nodeIds(page);
}

export const icons = {
  play: 'M8 5v14l11-7z',
  publish: 'M19.35 10.04',
};

export function iconButton(page, pathPrefix) {
  return page.locator(`button:visible:has(path[d^="${pathPrefix}"])`).first();
}

/** Our host page routes with pushState, so there is no load event to wait for. */
export async function waitForPath(page, path) {
  await page.waitForFunction(p => window.location.pathname === p, path, { timeout });
}

/** Opens a Studio page as a user does: the server sends a new browser to the sign-in page, which returns it here. */
export async function openStudio(page, path) {
  await page.goto(`${baseUrl}${path}`);
  if (new URL(page.url()).pathname === '/studio/sign-in') {
    const status = await signIn(page, apiKey);
    if (status !== 302) fail(`signing in answered ${status}`);
  }
  await waitForPath(page, new URL(path, baseUrl).pathname);
}

/** Types the key into the sign-in form and submits it; returns the status of the form's POST. */
export async function signIn(page, key) {
  await page.fill('input[name="key"]', key);
  const [response] = await Promise.all([
    page.waitForResponse(r => new URL(r.url()).pathname === '/studio/sign-in' && r.request().method() === 'POST'),
    page.click('button[type="submit"]'),
  ]);
  await page.waitForLoadState('domcontentloaded');
  return response.status();
}
