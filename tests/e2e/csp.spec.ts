import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AssetManagerPane, PromptBarPane, ViewerPane, fixture, openApp } from './support/app.ts';
import { addConnection } from './support/connections.ts';

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
  expect(csp).toContain("require-trusted-types-for 'script'; trusted-types lit-html default");

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

  // The policy is enforced, not just present: an injected inline script does not run. Trusted Types
  // refuse the string outright; a script built from a text node is refused when it is inserted. An inline
  // script that is allowed runs synchronously while it is inserted, so reading the flag right after
  // append() is the whole answer; the violation reports are what prove the policy refused it.
  const inline = await page.evaluate(() => {
    const script = document.createElement('script');
    let refused = 'nothing';
    try {
      script.textContent = 'window.__inlineRan = true';
    } catch (error) {
      refused = (error as Error).name;
    }
    script.append(document.createTextNode('window.__inlineRan = true'));
    document.head.append(script);
    return { refused, ran: (window as { __inlineRan?: boolean }).__inlineRan ?? false };
  });
  expect(inline).toEqual({ refused: 'TypeError', ran: false });
  await expect
    .poll(() => page.evaluate(() => (window as { __cspViolations?: string[] }).__cspViolations))
    .toContainEqual(expect.stringMatching(/^require-trusted-types-for /));
  const reported = await page.evaluate(() => (window as { __cspViolations?: string[] }).__cspViolations);
  for (const line of reported ?? []) expect(line).toMatch(/^(require-trusted-types-for|script-src-elem) /);

  const own = new URL(page.url()).origin;
  const foreign = requests.filter((url) => !(url.startsWith(`${own}/`) || /^(blob:|data:)/.test(url)));
  expect(foreign).toEqual([]);
});

test('Trusted Types refuse HTML strings, and the service worker refuses origins that are not connections', async ({
  page,
}) => {
  test.setTimeout(90_000);
  // A loopback server that answers anyone (CORS *) and counts what reaches it.
  const seen: string[] = [];
  const server: Server = createServer((request, response) => {
    seen.push(request.url ?? '');
    response.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' });
    response.end('reached');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await openApp(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

    // No policy creates HTML from a string: an injected innerHTML throws instead of parsing.
    const injected = await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__tt = 1">');
        return 'parsed';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(injected).toBe('TypeError');
    // Worker URLs from another origin are refused by the default policy.
    const foreignWorker = await page.evaluate((url) => {
      try {
        new Worker(`${url}/evil.js`);
        return 'created';
      } catch (error) {
        return (error as Error).name;
      }
    }, origin);
    expect(foreignWorker).toBe('TypeError');

    const attempt = (url: string) =>
      page.evaluate(
        (target) =>
          fetch(target).then(
            (response) => response.text(),
            (error: Error) => `refused: ${error.name}`,
          ),
        url,
      );
    // Allowed by the meta policy (loopback), but not one of the connections: the worker refuses it.
    expect(await attempt(`${origin}/before`)).toBe('refused: TypeError');
    expect(seen).toEqual([]);

    // Once it is a connection, the same origin is reachable.
    await addConnection(page, 'openai', {
      name: 'Loopback',
      baseUrl: `${origin}/v1`,
      key: 'sk-loopback-key',
    });
    await expect.poll(() => attempt(`${origin}/after`)).toBe('reached');
    expect(seen).toContain('/after');
    expect(seen).not.toContain('/before');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
