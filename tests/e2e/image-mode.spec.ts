import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createOpenAIMock } from '../mocks/openai/app.mjs';
import { PromptBarPane, ViewerPane, openApp } from './support/app.ts';
import { addConnection } from './support/connections.ts';
import { useMockServer } from './support/mock-server.ts';

test.describe.configure({ timeout: 120_000 });

const mock = useMockServer(() => createOpenAIMock({ jobDurationMs: 2000, pollAfterMs: 300, quiet: true }));

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every row of one IndexedDB store: the truth of what was saved. */
async function rows(page: Page, store: string): Promise<Row[]> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('reelwright');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const request = db.transaction(name).objectStore(name).getAll();
    const result = await new Promise<Row[]>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result as Row[]);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return result;
  }, store);
}

/** The pixel size of a stored blob, decoded by the browser (not the metadata). */
async function decodedSize(page: Page, blobId: string): Promise<{ width: number; height: number }> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('reelwright');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const request = db.transaction('blobs').objectStore('blobs').get(id);
    const record = await new Promise<{ blob: Blob }>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result as { blob: Blob });
      request.onerror = () => reject(request.error);
    });
    db.close();
    const bitmap = await createImageBitmap(record.blob);
    return { width: bitmap.width, height: bitmap.height };
  }, blobId);
}

const stills = (page: Page): Promise<Row[]> =>
  rows(page, 'assets').then((all) => all.filter((a) => a.origin?.kind === 'generated-still'));

function modeSwitch(bar: PromptBarPane): Locator {
  return bar.root.getByRole('group', { name: 'Mode' });
}

async function imageMode(bar: PromptBarPane): Promise<void> {
  await modeSwitch(bar).getByRole('radio', { name: 'Image' }).check();
  await expect(bar.root.getByLabel('Variants')).toBeVisible();
}

test('variants become assets with their lineage, shown side by side (local preview still)', async ({
  page,
}) => {
  await openApp(page);
  const bar = new PromptBarPane(page);
  // Keyboard: the mode switch is a radio group; arrow keys move between Video and Image.
  await modeSwitch(bar).getByRole('radio', { name: 'Video' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(modeSwitch(bar).getByRole('radio', { name: 'Image' })).toBeChecked();
  await expect(bar.select('Model')).toHaveValue('local-still');
  // The stills are for the clip that was being set up: the local preview at 720x1280, made exactly.
  await expect(bar.root.getByLabel('For video')).toHaveValue('local|local-preview|720x1280');
  await expect(bar.root.getByText('Stills are made at exactly 720x1280.')).toBeVisible();
  await bar.root.getByLabel('Variants').selectOption('3');
  await bar.prompt.fill('A lighthouse keeper at dusk, storm coming');
  await bar.root.getByRole('button', { name: 'Generate' }).click();

  const viewer = new ViewerPane(page);
  const strip = viewer.root.getByRole('list', { name: 'Generated stills' });
  await expect(strip.getByRole('listitem')).toHaveCount(3);
  await expect(strip.getByRole('img')).toHaveCount(3);
  // Side by side: one row, three columns.
  const boxes = await strip
    .getByRole('listitem')
    .evaluateAll((items) => items.map((item) => item.getBoundingClientRect().top));
  expect(new Set(boxes.map(Math.round)).size).toBe(1);
  // Image mode and the results strip are accessible (no serious or critical axe violations).
  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);

  const saved = await stills(page);
  expect(saved).toHaveLength(3);
  const [job] = (await rows(page, 'jobs')).filter((j) => j.request.mode === 'image');
  for (const asset of saved) {
    expect(asset.origin).toEqual({
      kind: 'generated-still',
      jobId: job!.id,
      prompt: 'A lighthouse keeper at dusk, storm coming',
    });
    expect([asset.width, asset.height]).toEqual([720, 1280]);
  }
  expect(job!.status).toBe('done');
  expect([...job!.resultIds].sort()).toEqual(saved.map((a) => a.id).sort());
});

test('gpt-image-1 at 1024x1536 is fitted to 720x1280 for Sora, then one click animates it', async ({
  page,
}) => {
  await openApp(page);
  await addConnection(page, 'openai', { name: 'Sora gateway', baseUrl: mock.url, key: 'sk-test-valid' });
  const bar = new PromptBarPane(page);
  await bar.select('Provider').selectOption({ label: 'Sora gateway' });
  await expect(bar.select('Model')).toHaveValue('sora-2');
  await bar.select('Size').selectOption('720x1280');
  await imageMode(bar);
  await expect(bar.select('Model')).toHaveValue('gpt-image-1');
  await expect(bar.root.getByLabel('For video')).toHaveValue(/\|sora-2\|720x1280$/);
  await expect(
    bar.root.getByText('GPT Image 1 still makes 1024x1536; each still is fitted to 720x1280.'),
  ).toBeVisible();
  await bar.root.getByLabel('Fit to 720x1280').selectOption('crop');
  await expect(bar.root.getByLabel('Estimated cost')).toHaveText('$0.04');
  await bar.root.getByLabel('Variants').selectOption('2');
  await expect(bar.root.getByLabel('Estimated cost')).toHaveText('$0.08');
  await bar.prompt.fill('A detective under a neon sign, rain');
  await bar.root.getByRole('button', { name: 'Generate' }).click();

  const viewer = new ViewerPane(page);
  const strip = viewer.root.getByRole('list', { name: 'Generated stills' });
  await expect(strip.getByRole('listitem')).toHaveCount(2);

  const state = mock.state();
  expect(state.missingModelImageRequests).toBe(0);
  const image = state.lastRequests.filter((r) => r.route === 'images');
  expect(image).toHaveLength(1);
  expect(image[0]).toMatchObject({ model: 'gpt-image-1', status: 200 });

  // The saved stills are exactly the video size (decoded pixels, not just metadata).
  const saved = await stills(page);
  expect(saved).toHaveLength(2);
  for (const asset of saved) {
    expect([asset.width, asset.height]).toEqual([720, 1280]);
    expect(await decodedSize(page, asset.blobId)).toEqual({ width: 720, height: 1280 });
  }
  // Same job runner, same spend ledger as video.
  const spend = await rows(page, 'spend');
  expect(spend).toHaveLength(1);
  expect(spend[0]).toMatchObject({ model: 'gpt-image-1' });
  expect(spend[0]!.estimated).toBeCloseTo(0.084);

  // One click: Video mode, the still as reference, Sora 2 at 720x1280 — and the mock accepts the size.
  await strip
    .getByRole('listitem', { name: 'Still 1' })
    .getByRole('button', { name: 'Animate this still' })
    .click();
  await expect(modeSwitch(bar).getByRole('radio', { name: 'Video' })).toBeChecked();
  await expect(bar.select('Model')).toHaveValue('sora-2');
  await expect(bar.select('Size')).toHaveValue('720x1280');
  const clip = await viewer.playable();
  expect(clip).toMatchObject({ width: 720, height: 1280 });
  expect(mock.state().createsAccepted).toBe(1);
  const video = (await rows(page, 'jobs')).find((j) => j.request.mode === 'video');
  const first = saved.find((a) => a.id === video!.request.referenceAssetId);
  expect(first).toBeTruthy();
  expect(video!.request).toMatchObject({ model: 'sora-2', size: '720x1280' });
  expect(mock.state().missingModelImageRequests).toBe(0);
});

test('a still whose tab closed before it was saved is reported lost, never sent again', async ({ page }) => {
  await openApp(page);
  await addConnection(page, 'openai', { name: 'Sora gateway', baseUrl: mock.url, key: 'sk-test-valid' });
  const bar = new PromptBarPane(page);
  await bar.select('Provider').selectOption({ label: 'Sora gateway' });
  await imageMode(bar);
  // A job left in `queued` with a synthetic image id by a tab that closed: nothing is held in memory now.
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('reelwright');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const connections = await new Promise<Array<{ id: string; kind: string }>>((resolve) => {
      const r = db.transaction('settings').objectStore('settings').get('connections');
      r.onsuccess = () => resolve((r.result?.value ?? []) as Array<{ id: string; kind: string }>);
    });
    const connectionId = connections.find((c) => c.kind === 'openai')!.id;
    const now = Date.now();
    const tx = db.transaction('jobs', 'readwrite');
    tx.objectStore('jobs').put({
      id: 'lost-still-job',
      request: {
        prompt: 'lost',
        connectionId,
        model: 'gpt-image-1',
        size: '1024x1536',
        seconds: 0,
        mode: 'image',
        variants: 1,
      },
      providerKind: 'openai',
      status: 'queued',
      progress: 0,
      remote: { id: 'openai-image_lost', data: { mode: 'image' } },
      created: now,
      updated: now,
      deadline: now + 3_600_000,
      attempts: 1,
      estimatedCost: 0.04,
    });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  });
  await page.reload();
  await expect
    .poll(async () => (await rows(page, 'jobs')).find((j) => j.id === 'lost-still-job')?.status, {
      timeout: 20_000,
    })
    .toBe('expired');
  const job = (await rows(page, 'jobs')).find((j) => j.id === 'lost-still-job');
  expect(job!.error.message).toMatch(/may have been billed/);
  expect(mock.state().lastRequests.filter((r) => r.route === 'images')).toHaveLength(0);
});

test('still first: no video job for a segment until its still is approved', async ({ page }) => {
  await openApp(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Episodes' }).click();
  const root = page.getByRole('main', { name: 'Episodes' });
  await root.getByLabel('New series').fill('Harbour');
  await root.getByRole('button', { name: 'Create series' }).click();
  await expect(root.getByLabel('Episode title')).toHaveValue('Episode 1');
  await root.getByLabel('Script or long prompt').fill('A ferry leaves the harbour at dawn, gulls overhead.');
  await root.getByRole('button', { name: 'Split into segments' }).click();
  const card = root.getByRole('article', { name: /^Segment 1:/ });
  await expect(card).toBeVisible();
  await card.click();
  const editor = root.getByRole('region', { name: 'Segment editor' });
  await editor.getByRole('checkbox', { name: /Still first/ }).check();
  const generate = editor.getByRole('button', { name: /^Generate \(/ });
  await expect(generate).toBeDisabled();

  const segmentJobs = async (mode: 'image' | 'video') =>
    (await rows(page, 'jobs')).filter((j) => j.request.segmentId && j.request.mode === mode);

  await editor.getByRole('button', { name: 'Generate still' }).click();
  const stillList = editor.getByRole('list', { name: /^Stills of / });
  await expect(stillList.getByRole('listitem')).toHaveCount(1, { timeout: 60_000 });
  // Regenerate: a second candidate; still no video job.
  await editor.getByRole('button', { name: 'Regenerate still' }).click();
  await expect(stillList.getByRole('listitem')).toHaveCount(2, { timeout: 60_000 });
  expect(await segmentJobs('image')).toHaveLength(2);
  expect(await segmentJobs('video')).toHaveLength(0);
  await expect(generate).toBeDisabled();
  // Generate all respects the gate too.
  await root.getByRole('button', { name: /^Generate all/ }).click();
  await expect(page.getByText(/approve it before any video is made/)).toBeVisible();
  expect(await segmentJobs('video')).toHaveLength(0);

  await stillList.getByRole('button', { name: 'Approve Still 2' }).click();
  await expect(editor.getByText('Still approved: video takes start from it.')).toBeVisible();
  await expect(generate).toBeEnabled();
  await generate.click();
  await expect(editor.getByRole('list', { name: /^Takes of / }).getByRole('listitem')).toHaveCount(1, {
    timeout: 90_000,
  });
  const [video] = await segmentJobs('video');
  const segment = (await rows(page, 'segments'))[0]!;
  expect(segment.approvedStillId).toBe(segment.stillIds[1]);
  expect(video!.request.referenceAssetId).toBe(segment.approvedStillId);
  const still = (await stills(page)).find((a) => a.id === segment.approvedStillId);
  expect([still!.width, still!.height]).toEqual([720, 1280]);
});
