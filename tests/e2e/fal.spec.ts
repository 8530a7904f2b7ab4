import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFalMock, TEST_KEY, type Fault } from '../mocks/fal/mock.mjs';
import { AssetManagerPane, PromptBarPane, ViewerPane, openApp } from './support/app.ts';
import { addConnection } from './support/connections.ts';
import { useMockServer } from './support/mock-server.ts';

/**
 * fal.ai end to end against the in-process mock (tests/mocks/fal): settings, legal values per model, the
 * whole queue loop (upload → submit → poll the stored status_url → result → download into IndexedDB),
 * cancel, every fault, and a reload mid-job.
 *
 * The mock's clock is virtual: a job takes JOB_MS of it, and `finish()` moves the clock past that once
 * the job has been submitted, so nothing here waits for a real minute.
 */

const MEDIA = join(import.meta.dirname, '..', 'fixtures', 'media');
const JOB_MS = 60_000;
const mock = useMockServer(() => createFalMock({ jobDurationMs: JOB_MS }));

async function connect(page: Page, model = 'fal-ai/veo3.1'): Promise<PromptBarPane> {
  await openApp(page);
  await addConnection(page, 'fal', { name: 'fal mock', baseUrl: mock.queueUrl, key: TEST_KEY });
  const bar = new PromptBarPane(page);
  await bar.select('Provider').selectOption({ label: 'fal mock' });
  await bar.select('Model').selectOption(model);
  await expect(bar.select('Model')).toHaveValue(model);
  return bar;
}

const job = (page: Page) => new ViewerPane(page).jobs.first();

/** Once `count` jobs reached the mock, move its clock so they are all complete. */
async function finish(count = 1): Promise<void> {
  await expect.poll(() => mock.state().jobs.length, { timeout: 20_000 }).toBe(count);
  mock.advance(JOB_MS);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function options(bar: PromptBarPane, label: 'Size' | 'Duration'): Promise<string[]> {
  return bar
    .select(label)
    .locator('option')
    .evaluateAll((list) => list.map((o) => (o as HTMLOptionElement).value));
}

test.describe('fal.ai against the mock', () => {
  test('settings: fal explained, key masked, base URL checked, connection tested', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Providers & keys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const nav = dialog.getByRole('navigation', { name: 'Connections' });
    await dialog.getByRole('button', { name: '+ fal.ai' }).click();
    await expect(dialog).toContainText('One fal.ai key reaches');
    for (const name of ['Veo 3.1', 'Kling', 'Seedance', 'Wan', 'LTX', 'Gemini Omni']) {
      await expect(dialog).toContainText(name);
    }
    await expect(dialog).toContainText('keeps each result for one hour');
    await expect(dialog).toContainText('downloads every clip');
    await expect(dialog).toContainText('sent only to queue.fal.run and rest.fal.ai');

    const key = dialog.getByLabel('API key');
    await expect(key).toHaveAttribute('type', 'password');
    await dialog.getByRole('button', { name: 'Reveal' }).click();
    await expect(key).toHaveAttribute('type', 'text');
    await dialog.getByRole('button', { name: 'Hide' }).click();
    await expect(key).toHaveAttribute('type', 'password');

    // A fal.ai address that is not the queue is refused with a specific message; nothing is saved.
    await dialog.getByLabel('Name').fill('fal mock');
    await dialog.getByLabel('Base URL').fill('https://fal.ai');
    await key.fill('wrong-key-1234');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toContainText('https://fal.ai is not the fal.ai queue');
    await expect(nav.getByRole('button', { name: 'fal mock' })).toHaveCount(0);

    await dialog.getByLabel('Base URL').fill(mock.queueUrl);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(nav.getByRole('button', { name: 'fal mock' })).toBeVisible();
    await expect(dialog.getByRole('alert')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(dialog.getByRole('status')).toContainText('the key was rejected');
    await expect(dialog.getByRole('status')).toContainText('This key was rejected by fal.ai');

    await key.fill(TEST_KEY);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(dialog.getByRole('status')).toContainText('Reachable, key accepted');
    // The key went to the mock's queue only, as `Key …`; never anywhere else.
    const health = mock.state().requests.filter((r) => r.route === 'status');
    expect(health.map((r) => r.authorization)).toEqual(['Key wrong-key-1234', `Key ${TEST_KEY}`]);

    // An empty base URL means fal.ai's own queue.
    await dialog.getByRole('button', { name: '+ fal.ai' }).click();
    await dialog.getByLabel('Name').fill('fal.ai live');
    await dialog.getByLabel('Base URL').fill('');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(nav.getByRole('button', { name: 'fal.ai live' })).toBeVisible();
    await expect(dialog.getByLabel('Base URL')).toHaveValue('https://queue.fal.run');
  });

  test('only legal values per model; the audio switch has its own price', async ({ page }) => {
    const bar = await connect(page, 'fal-ai/veo3.1');
    expect(await options(bar, 'Duration')).toEqual(['4', '6', '8']);
    expect(await options(bar, 'Size')).toEqual([
      '720x1280',
      '1080x1920',
      '1280x720',
      '1920x1080',
      '2160x3840',
    ]);
    await bar.select('Size').selectOption('720x1280');
    await bar.select('Duration').selectOption('8');
    const audio = bar.root.getByRole('checkbox', { name: /Audio/ });
    const cost = bar.root.getByLabel('Estimated cost');
    await expect(audio).toBeChecked();
    await expect(cost).toHaveText('$3.20');
    await expect(bar.root.locator('label[for="audio"]')).toContainText('(+$1.60)');
    await audio.uncheck();
    await expect(cost).toHaveText('$1.60');
    await audio.check();
    await expect(cost).toHaveText('$3.20');

    await bar.select('Model').selectOption('fal-ai/wan/v2.7');
    expect(await options(bar, 'Duration')).toEqual([
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
      '13',
      '14',
      '15',
    ]);
    expect(await options(bar, 'Size')).toEqual(['720x1280', '1080x1920', '1280x720', '1920x1080']);
    // Wan always makes audio: no switch to offer.
    await expect(bar.root.getByRole('checkbox', { name: /Audio/ })).toHaveCount(0);

    await bar.select('Model').selectOption('fal-ai/kling-video/v3/standard');
    expect(await options(bar, 'Duration')).toEqual([
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
      '13',
      '14',
      '15',
    ]);
    expect(await options(bar, 'Size')).toEqual(['720x1280', '1280x720', '720x720']);

    await bar.select('Model').selectOption('fal-ai/ltx-2.3');
    expect(await options(bar, 'Duration')).toEqual(['6', '8', '10']);
    expect(await options(bar, 'Size')).toEqual(['1080x1920', '1920x1080', '2160x3840', '3840x2160']);

    await bar.select('Model').selectOption('google/gemini-omni-flash');
    expect(await options(bar, 'Duration')).toEqual(['3', '4', '5', '6', '7', '8', '9', '10']);
    expect(await options(bar, 'Size')).toEqual(['720x1280', '1280x720']);
    // Going back to Veo keeps the draft legal: 10 s is not a Veo duration.
    await bar.select('Duration').selectOption('10');
    await bar.select('Model').selectOption('fal-ai/veo3.1');
    expect(['4', '6', '8']).toContain(await bar.select('Duration').inputValue());
  });

  test('text to video: submitted as the catalog says, downloaded into the library at once', async ({
    page,
  }) => {
    const bar = await connect(page, 'fal-ai/veo3.1');
    await bar.root.getByRole('checkbox', { name: /Audio/ }).uncheck();
    await bar.generate('A lighthouse keeper waves at a passing ship', { size: '1280x720', seconds: 4 });
    await expect(job(page)).toContainText(/Queued|Generating/);
    await finish();
    await expect(job(page)).toContainText('Done', { timeout: 20_000 });

    const state = mock.state();
    expect(state.counters.submits).toBe(1);
    expect(state.jobs[0]).toMatchObject({
      endpoint: 'fal-ai/veo3.1',
      input: { duration: '4s', aspect_ratio: '16:9', resolution: '720p', generate_audio: false },
    });
    expect(state.counters.cdnGets).toBe(1);
    const viewer = new ViewerPane(page);
    expect(await viewer.playable()).toMatchObject({ width: 1280, height: 720 });
    await expect(viewer.root.getByLabel('Clip details')).toContainText(state.jobs[0]!.id);

    // The file lives in IndexedDB: with fal's copy gone, the clip still plays after a reload.
    mock.reset();
    await page.reload();
    await viewer.root.getByRole('list', { name: 'Recent clips' }).getByRole('button').first().click();
    expect(await viewer.playable()).toMatchObject({ width: 1280, height: 720 });
    expect(mock.state().counters.cdnGets).toBe(0);
  });

  test('image to video: the reference is fitted to the model size and uploaded to fal storage', async ({
    page,
  }) => {
    const bar = await connect(page, 'fal-ai/kling-video/v3/pro');
    const assets = new AssetManagerPane(page);
    await assets.drop([
      { name: 'wide-ref.png', bytes: readFileSync(join(MEDIA, 'ref-1280x720.png')), type: 'image/png' },
    ]);
    await assets.card('wide-ref.png').getByRole('button', { name: 'Use wide-ref.png as reference' }).click();
    await expect(bar.root.getByText('Reference: wide-ref.png')).toBeVisible();
    await bar.select('Size').selectOption('1080x1080');
    await bar.root.getByLabel('How to fit the reference to 1080x1080').selectOption('letterbox');
    await bar.generate('The lighthouse beam sweeps across the sea', { seconds: 5 });
    await finish();
    await expect(job(page)).toContainText('Done', { timeout: 20_000 });

    const uploads = mock.uploads();
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.contentType).toBe('image/png');
    expect(pngSize(uploads[0]!.bytes)).toEqual({ width: 1080, height: 1080 });
    const state = mock.state();
    expect(state.jobs[0]).toMatchObject({
      endpoint: 'fal-ai/kling-video/v3/pro/image-to-video',
      input: { start_image_url: uploads[0]!.fileUrl, aspect_ratio: '1:1', duration: '5' },
    });
    // The key went to the storage initiate call, never to the signed upload URL or the CDN.
    for (const r of state.requests) {
      if (r.route === 'upload' || r.route === 'cdn') expect(r.authorization).toBeNull();
      if (r.route === 'initiate') expect(r.authorization).toBe(`Key ${TEST_KEY}`);
    }
    await new ViewerPane(page).playable();
  });

  test('cancel: PUT cancel_url, the job shows Canceled', async ({ page }) => {
    const bar = await connect(page);
    await bar.generate('A ship that should not sail', { seconds: 4 });
    await expect.poll(() => mock.state().jobs.length).toBe(1);
    await expect(job(page)).toContainText(/Queued|Generating/);
    await job(page)
      .getByRole('button', { name: /^Cancel/ })
      .click();
    await expect(job(page)).toContainText('Canceled');
    const state = mock.state();
    expect(state.counters.cancels).toBe(1);
    expect(state.jobs[0]!.status).toBe('CANCELED');
    const cancel = state.requests.find((r) => r.route === 'cancel');
    expect(cancel).toMatchObject({
      method: 'PUT',
      path: `/queue/fal-ai/veo3.1/requests/${state.jobs[0]!.id}/cancel`,
    });
    await page.reload();
    await expect(job(page)).toContainText('Canceled');
  });

  test('reload mid-job resumes polling the stored status_url; submitted once', async ({ page }) => {
    const bar = await connect(page, 'fal-ai/kling-video/v3/standard');
    await bar.generate('A kite over the dunes', { size: '1280x720', seconds: 5 });
    await expect.poll(() => mock.state().counters.statusPolls).toBeGreaterThan(0);
    const id = mock.state().jobs[0]!.id;
    await page.reload();
    await expect(job(page)).toContainText(/Queued|Generating/);
    const before = mock.state().counters.statusPolls;
    await expect.poll(() => mock.state().counters.statusPolls).toBeGreaterThan(before);
    await finish();
    await expect(job(page)).toContainText('Done', { timeout: 20_000 });

    const state = mock.state();
    expect(state.counters.submits).toBe(1);
    // fal's status URL drops the endpoint's sub-path; a rebuilt one would name text-to-video and 404.
    const polls = state.requests.filter((r) => r.route === 'status');
    expect(new Set(polls.map((r) => r.path))).toEqual(
      new Set([`/queue/fal-ai/kling-video/requests/${id}/status`]),
    );
    expect(state.requests.filter((r) => r.status === 404)).toEqual([]);
  });

  test('429 with retry-after is retried; the job finishes once', async ({ page }) => {
    const bar = await connect(page);
    mock.setFaults([{ kind: 'rate-limit', route: 'submit', count: 3, retryAfter: 1 }]);
    await bar.generate('A paper lantern drifts upward', { seconds: 4 });
    await finish();
    await expect(job(page)).toContainText('Done', { timeout: 30_000 });
    const state = mock.state();
    expect(state.requests.filter((r) => r.route === 'submit').map((r) => r.status)).toEqual([
      429, 429, 429, 200,
    ]);
    expect(state.jobs).toHaveLength(1);
  });

  test('a burst of 5xx while polling is ridden out; the job finishes', async ({ page }) => {
    const bar = await connect(page);
    mock.setFaults([{ kind: 'server-error', route: 'status', count: 4, status: 503 }]);
    await bar.generate('A tram crosses a bridge at night', { seconds: 4 });
    await finish();
    await expect(job(page)).toContainText('Done', { timeout: 30_000 });
    const statuses = mock
      .state()
      .requests.filter((r) => r.route === 'status')
      .map((r) => r.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(4);
    expect(mock.state().counters.submits).toBe(1);
  });

  const terminal: Array<[string, Fault[], RegExp, RegExp]> = [
    [
      'a validation error in a COMPLETED job',
      [
        {
          kind: 'completed-error',
          status: 422,
          detail: [
            { loc: ['body', 'duration'], msg: "Input should be '4s', '6s' or '8s'", type: 'literal_error' },
          ],
        },
      ],
      /Failed/,
      /fal\.ai rejected duration: Input should be '4s', '6s' or '8s'/,
    ],
    [
      'a content-policy refusal in a COMPLETED job',
      [{ kind: 'completed-error' }],
      /Failed/,
      /content policy/,
    ],
    ['an expired result', [{ kind: 'expired' }], /Expired/, /The result has expired on fal\.ai/],
    [
      'a rejected key',
      [{ kind: 'unauthorized', route: 'submit' }],
      /Failed/,
      /This key was rejected by fal\.ai/,
    ],
  ];
  for (const [name, faults, status, message] of terminal) {
    test(`${name} ends the job with a plain message and nothing lost`, async ({ page }) => {
      const bar = await connect(page);
      mock.setFaults(faults);
      await bar.generate(`Fault case: ${name}`, { seconds: 4 });
      if (faults[0]!.kind !== 'unauthorized') await finish();
      await expect(job(page)).toContainText(status, { timeout: 20_000 });
      await expect(job(page)).toContainText(message);
      expect(mock.state().counters.submits).toBe(1);
      expect(mock.state().counters.cdnGets).toBe(0);
      await page.reload();
      await expect(job(page)).toContainText(status);
      await expect(job(page)).toContainText(message);
      await expect(bar.prompt).toBeVisible();
    });
  }

  test('a hung status poll: the job keeps waiting, survives a reload, and finishes', async ({ page }) => {
    test.setTimeout(120_000);
    const bar = await connect(page);
    mock.setFaults([{ kind: 'hang', route: 'status', count: 1000 }]);
    await bar.generate('A heron waits in the reeds', { seconds: 4 });
    // Not a guess at how long "long enough" is: wait until the app has given up on a hung poll (its
    // per-request timeout fired) and asked again. Only then does "still queued, not failed" prove that a
    // hung status request does not end the job.
    const hungPolls = () =>
      mock.state().requests.filter((r) => r.route === 'status' && r.status === 0).length;
    await expect.poll(hungPolls, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await expect(job(page)).toContainText(/Queued/);
    await expect(job(page)).not.toContainText(/Failed|Expired|Canceled/);
    await expect(job(page).getByRole('button', { name: /^Cancel/ })).toBeVisible();

    mock.setFaults([]);
    await page.reload();
    await expect(job(page)).toContainText(/Queued|Generating/);
    await finish();
    await expect(job(page)).toContainText('Done', { timeout: 20_000 });
    expect(mock.state().counters.submits).toBe(1);
  });
});
