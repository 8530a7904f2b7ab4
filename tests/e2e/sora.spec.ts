import { expect, test, type Page } from '@playwright/test';
import { createOpenAIMock, type OpenAIMock } from '../mocks/openai/app.mjs';
import { AssetManagerPane, PromptBarPane, ViewerPane, ffprobe, openApp } from './support/app.ts';
import { addConnection } from './support/connections.ts';
import { join } from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import { useMockServer } from './support/mock-server.ts';

const MEDIA = join(import.meta.dirname, '..', 'fixtures', 'media');
const mock = useMockServer(() => createOpenAIMock({ jobDurationMs: 3000, pollAfterMs: 500, quiet: true }));

async function connect(page: Page, options: { azure?: boolean } = {}): Promise<PromptBarPane> {
  await openApp(page);
  await addConnection(page, 'openai', {
    name: 'Sora gateway',
    baseUrl: mock.url,
    key: 'sk-test-valid',
    authStyle: options.azure ? 'api-key' : 'bearer',
  });
  const bar = new PromptBarPane(page);
  await bar.select('Provider').selectOption({ label: 'Sora gateway' });
  await expect(bar.select('Model')).toHaveValue('sora-2');
  return bar;
}

const job = (page: Page) => new ViewerPane(page).jobs.first();

/** The newest job's row as the store holds it (what the ledger wrote). */
const jobRow = (page: Page) =>
  page.evaluate(() => {
    const [row] = document.querySelector('rw-app-shell')!.store.state.jobs;
    return row && { status: row.status, attempts: row.attempts };
  });

test.describe('Sora 2 contract against the mock', () => {
  test('settings: the retired service is explained, the key is masked, and the connection is tested', async ({
    page,
  }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Providers & keys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('button', { name: '+ Sora 2 / OpenAI-compatible' }).click();
    await expect(dialog).toContainText('OpenAI retired its own Sora 2 API on 24 September 2026');
    const key = dialog.getByLabel('API key');
    await expect(key).toHaveAttribute('type', 'password');
    await dialog.getByRole('button', { name: 'Reveal' }).click();
    await expect(key).toHaveAttribute('type', 'text');
    await dialog.getByLabel('Name').fill('Gateway');
    await dialog.getByLabel('Base URL').fill(mock.url);
    await key.fill('sk-wrong-key-123456');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(dialog.getByRole('status')).toContainText('the key was rejected');

    await key.fill('sk-test-valid');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(dialog.getByRole('status')).toContainText('Reachable, key accepted');
  });

  test('generate with a fitted reference: progress, saved, playable, then remix and delete here and remotely', async ({
    page,
  }) => {
    const bar = await connect(page);
    const assets = new AssetManagerPane(page);
    await assets.drop([
      { name: 'wide-ref.png', bytes: readFileSync(join(MEDIA, 'ref-1280x720.png')), type: 'image/png' },
    ]);
    await assets.card('wide-ref.png').getByRole('button', { name: 'Use wide-ref.png as reference' }).click();
    await expect(bar.root.getByText('Reference: wide-ref.png')).toBeVisible();
    await bar.root.getByLabel('How to fit the reference to 720x1280').selectOption('letterbox');
    await expect(bar.root.getByLabel('Estimated cost')).toHaveText('$0.40');
    await bar.generate('A detective opens an umbrella in the rain', { size: '720x1280', seconds: 4 });

    await expect(job(page)).toContainText(/Generating \d+%/);
    const viewer = new ViewerPane(page);
    const clip = await viewer.playable();
    expect(clip).toMatchObject({ width: 720, height: 1280 });
    const state = mock.state();
    expect(state.createsAccepted).toBe(1);
    const create = state.lastRequests.find((r) => r.route === 'create');
    expect(create).toBeTruthy();
    expect(state.responseValidationFailures).toBe(0);
    await expect(viewer.root.getByLabel('Clip details')).toContainText(/Provider job\s*video_/);

    // Remix the finished clip: a remix request, and the lineage is kept.
    await viewer.root.getByRole('button', { name: 'Remix…' }).click();
    await expect(bar.root.getByText('Remixing a clip')).toBeVisible();
    await bar.prompt.fill('Same shot, but it is snowing');
    await bar.root.getByRole('button', { name: 'Generate' }).click();
    await expect(viewer.root.getByLabel('Clip details')).toContainText('Remix of', { timeout: 30_000 });
    expect(mock.state().remixesAccepted).toBe(1);

    page.on('dialog', (d) => void d.accept());
    await viewer.root.getByRole('button', { name: 'Delete here and at the provider' }).click();
    await expect.poll(() => mock.state().deletes).toBe(1);
    await expect(viewer.root.getByRole('list', { name: 'Recent clips' }).getByRole('listitem')).toHaveCount(
      1,
    );

    const path = await (async () => {
      await viewer.root.getByRole('list', { name: 'Recent clips' }).getByRole('button').first().click();
      return viewer.download();
    })();
    try {
      expect(ffprobe(path)).toMatchObject({
        width: 720,
        height: 1280,
        videoCodec: 'h264',
        audioCodec: 'aac',
      });
    } finally {
      rmSync(path, { force: true });
    }
  });

  test('offline: the request waits, then goes out when the connection returns', async ({ page, context }) => {
    const bar = await connect(page);
    await context.setOffline(true);
    await bar.generate('A tram crosses a bridge at night', { seconds: 4 });
    // The runner looked at the job, saw the network down and parked it without trying: still waiting,
    // with no attempt recorded (a send while offline would have failed and counted one).
    await expect(job(page)).toContainText('Offline: will send when the connection returns');
    const parked = await jobRow(page);
    expect(parked).toMatchObject({ status: 'waiting', attempts: 0 });
    expect(mock.state().creates).toBe(0);
    await context.setOffline(false);
    await expect(job(page)).toContainText('Done', { timeout: 30_000 });
    // Exactly one attempt in the job's life, and it was the one the mock accepted.
    expect(await jobRow(page)).toMatchObject({ status: 'done', attempts: 1 });
    expect(mock.state()).toMatchObject({ creates: 1, createsAccepted: 1 });
  });

  test('reloading while the job runs resumes it without sending it again', async ({ page }) => {
    const bar = await connect(page);
    mock.configure({ jobDurationMs: 6000 });
    await bar.generate('A fox crosses a frozen lake', { seconds: 4 });
    await expect(job(page)).toContainText(/Queued|Generating/);
    await page.reload();
    await expect(job(page)).toContainText(/Queued|Generating/);
    await expect(job(page)).toContainText('Done', { timeout: 30_000 });
    expect(mock.state().creates).toBe(1);
  });

  test('a dropped connection after the create was accepted is reconciled, not sent twice', async ({
    page,
  }) => {
    const bar = await connect(page);
    mock.setFaults([{ type: 'drop_after_accept' }]);
    await bar.generate('A kite tangled in a tree', { seconds: 4 });
    await expect(job(page)).toContainText('Done', { timeout: 30_000 });
    expect(mock.state().createsAccepted).toBe(1);
    expect(mock.state().creates).toBe(1);
  });

  test('rate limits and server errors are retried; the job still finishes once', async ({ page }) => {
    const bar = await connect(page);
    mock.setFaults([
      { type: 'rate_limit', count: 3, retryAfterSec: 3, route: 'create' },
      { type: 'server_error', count: 2, status: 503, route: 'retrieve' },
    ]);
    await bar.generate('A paper lantern drifts upward', { seconds: 4 });
    await expect(job(page)).toContainText(/Rate limited by 127\.0\.0\.1:\d+\. Retrying in \d+ s\./);
    await expect(job(page)).toContainText('Done', { timeout: 45_000 });
    expect(mock.state().createsAccepted).toBe(1);
  });

  const terminal: Array<[string, Parameters<OpenAIMock['setFaults']>[0], RegExp]> = [
    ['a rejected key', [{ type: 'unauthorized', always: true }], /This key was rejected by 127\.0\.0\.1/],
    ['an exhausted quota', [{ type: 'insufficient_quota', route: 'create' }], /quota|billing/i],
    ['a moderation block', [{ type: 'moderation' }], /content|moderation|policy/i],
    ['expired content', [{ type: 'expired', always: true }], /expired/i],
  ];
  for (const [name, faults, message] of terminal) {
    test(`${name} ends the job with a plain message and nothing lost`, async ({ page }) => {
      const bar = await connect(page);
      mock.setFaults(faults);
      await bar.generate(`Fault case: ${name}`, { seconds: 4 });
      await expect(job(page)).toContainText(/Failed|Expired/, { timeout: 30_000 });
      await expect(job(page)).toContainText(message);
      expect(mock.state().createsAccepted).toBeLessThanOrEqual(1);
      await page.reload();
      await expect(job(page)).toContainText(/Failed|Expired/);
      await expect(bar.prompt).toBeVisible();
    });
  }

  test('Azure mode: api-key header and deployment names', async ({ page }) => {
    mock.configure({ azure: true });
    const bar = await connect(page, { azure: true });
    await bar.generate('A lighthouse in fog', { seconds: 4 });
    await expect(job(page)).toContainText('Done', { timeout: 30_000 });
    const create = mock.state().lastRequests.find((r) => r.route === 'create');
    expect(JSON.stringify(create)).not.toContain('sk-test-valid');
  });
});
