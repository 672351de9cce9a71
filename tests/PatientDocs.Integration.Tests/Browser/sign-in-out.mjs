// (f) A new browser asking for a Studio page gets the sign-in page; a wrong key is refused there, the key opens the page
// asked for, Studio's API calls then succeed on the session cookie alone, and signing out ends the session.
import { runStudio, baseUrl, apiKey, signIn, waitForPath, timeout, fail } from './studio.mjs';

const path = '/studio/workflows/instances';
await runStudio('sign-in-out', async ({ page, api }) => {
  await page.goto(`${baseUrl}${path}`);
  const signInUrl = new URL(page.url());
  if (signInUrl.pathname !== '/studio/sign-in') fail(`expected the sign-in page, was ${page.url()}`);

  const wrongStatus = await signIn(page, apiKey + '-wrong');
  const error = (await page.locator('#pd-error').textContent()).trim();

  const listed = page.waitForResponse(r => new URL(r.url()).pathname === '/elsa/api/workflow-instances' && r.request().method() === 'POST', { timeout });
  const rightStatus = await signIn(page, apiKey);
  await waitForPath(page, path);
  const listStatus = (await listed).status();
  await page.locator('elsa-workflow-instance-list table').first().waitFor({ state: 'visible' });

  const session = (await page.context().cookies()).find(c => c.name === 'PatientDocs.Session');
  if (!session) fail('no session cookie after signing in');
  const scriptSeesCookie = (await page.evaluate(() => document.cookie)).includes('PatientDocs.Session');
  const apiStatuses = api.map(a => a.status);

  await Promise.all([page.waitForURL(u => u.pathname === '/studio/sign-in', { timeout }), page.click('#pd-sign-out button')]);
  const afterSignOut = await page.evaluate(async () => (await fetch('/elsa/api/workflow-definitions')).status);
  const cookieAfterSignOut = (await page.context().cookies()).some(c => c.name === 'PatientDocs.Session');

  return {
    signInPath: signInUrl.pathname,
    returnUrl: signInUrl.searchParams.get('returnUrl'),
    wrongStatus,
    error,
    rightStatus,
    listStatus,
    apiStatuses,
    httpOnly: session.httpOnly,
    sameSite: session.sameSite,
    cookieContainsKey: session.value.includes(apiKey),
    scriptSeesCookie,
    afterSignOut,
    cookieAfterSignOut,
  };
});
