import { expect, test } from '@playwright/test';
import { AssetManagerPane, PromptBarPane, ViewerPane, fixture, openApp } from './support/app.ts';

test('the built app runs under its Content-Security-Policy and talks only to its own origin', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as { __cspViolations?: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`),
    );
  });
  await openApp(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");

  // Everything that loads code, workers, media and object URLs.
  const assets = new AssetManagerPane(page);
  await assets.pick([fixture('image.png'), fixture('h264-aac.mp4')]);
  await assets.expectCount(2);
  await new PromptBarPane(page).generate('A red kite over a grey sea');
  const viewer = new ViewerPane(page);
  await expect(viewer.jobs.first()).toContainText('Done', { timeout: 60_000 });
  await viewer.playable();
  await page.getByRole('button', { name: 'Providers & keys' }).click();
  for (const tab of ['Backup', 'Key lock', 'Storage']) {
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('tab', { name: tab }).click();
  }
  await expect(
    page.getByRole('dialog', { name: 'Settings' }).getByRole('cell', { name: '2' }).first(),
  ).toBeVisible();

  const violations = await page.evaluate(() => (window as { __cspViolations?: string[] }).__cspViolations);
  expect(violations).toEqual([]);

  // The policy is enforced, not just present: an injected inline script does not run.
  // An inline script that is allowed runs synchronously while it is inserted, so reading the flag right
  // after append() is the whole answer; the violation report is what proves the policy refused it.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    return (window as { __inlineRan?: boolean }).__inlineRan ?? false;
  });
  expect(ran).toBe(false);
  await expect
    .poll(() => page.evaluate(() => (window as { __cspViolations?: string[] }).__cspViolations))
    .toEqual([expect.stringMatching(/^script-src-elem inline/)]);

  const own = new URL(page.url()).origin;
  const foreign = requests.filter((url) => !(url.startsWith(`${own}/`) || /^(blob:|data:)/.test(url)));
  expect(foreign).toEqual([]);
});
