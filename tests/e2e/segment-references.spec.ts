import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFalMock, TEST_KEY } from '../mocks/fal/mock.mjs';
import { AssetManagerPane, fileFrom, fixture, openApp, rgbFrame, writeTemp } from './support/app.ts';
import { addConnection } from './support/connections.ts';
import { dataUriBytes } from './support/data-uri.ts';
import { EpisodesPane, blobBytes, readStore } from './support/episodes.ts';
import { useMockServer } from './support/mock-server.ts';

/**
 * Reference modes in the segment editor (issue 16): a segment on a model that takes first + last frames or
 * several references offers them, with previews fitted to the segment's size, and the request fal receives
 * carries both frames / every picked reference in the model's own fields.
 */

test.describe.configure({ timeout: 240_000 });

const JOB_MS = 60_000;
const mock = useMockServer(() => createFalMock({ jobDurationMs: JOB_MS }));

/** A series with one segment on the fal mock's Veo 3.1, and three images in the library. */
async function oneSegmentOnVeo(page: Page): Promise<EpisodesPane> {
  await openApp(page);
  await addConnection(page, 'fal', { name: 'fal mock', baseUrl: mock.queueUrl, key: TEST_KEY });
  const assets = new AssetManagerPane(page);
  await assets.drop([
    {
      name: 'dawn.png',
      bytes: readFileSync(join(import.meta.dirname, '..', 'fixtures', 'media', 'ref-1280x720.png')),
      type: 'image/png',
    },
    fileFrom(fixture('image.png'), 'dusk.png', 'image/png'),
    {
      name: 'boat.jpg',
      bytes: readFileSync(join(import.meta.dirname, '..', 'fixtures', 'media', 'ref-720x1280.jpg')),
      type: 'image/jpeg',
    },
  ]);
  await assets.expectCount(3);
  const episodes = new EpisodesPane(page);
  await episodes.open();
  await episodes.createSeries('Harbour Light', 8);
  await episodes.root.getByRole('combobox', { name: /^Provider/ }).selectOption({ label: 'fal mock' });
  await episodes.root.getByRole('combobox', { name: /^Model/ }).selectOption('fal-ai/veo3.1');
  await expect(episodes.root.getByRole('combobox', { name: /^Model/ })).toHaveValue('fal-ai/veo3.1');
  await episodes.split('Dawn turns to dusk over the harbour.');
  await expect(episodes.cards).toHaveCount(1);
  await episodes.card(1).click();
  page.on('dialog', (dialog) => void dialog.accept());
  return episodes;
}

/** Generates the open segment and waits until the mock has its job; returns it. */
async function generate(episodes: EpisodesPane) {
  await episodes.editor.getByRole('button', { name: /^Generate/ }).click();
  await expect.poll(() => mock.state().jobs.length, { timeout: 60_000 }).toBe(1);
  return mock.state().jobs[0]!;
}

/** The slot preview of `name` in `slot`, as it will be sent: fitted to the segment's 720x1280 by cropping. */
const preview = (refs: Locator, slot: string, name: string) =>
  expect(refs.getByRole('img', { name: `${slot}: ${name}, fitted to 720x1280 (crop)` })).toBeVisible();

const size = (bytes: Buffer, name: string) => {
  const image = rgbFrame(writeTemp(name, bytes));
  return { width: image.width, height: image.height };
};

test('first + last frame: both frames reach fal in their own fields, fitted to the segment size', async ({
  page,
}) => {
  const episodes = await oneSegmentOnVeo(page);
  const refs = episodes.editor.getByRole('group', { name: /^References of / });
  const mode = refs.getByLabel('Reference mode');
  await expect(mode.locator('option')).toHaveText([
    'First frame',
    'First + last frame',
    'Several references',
  ]);
  await mode.selectOption({ label: 'First + last frame' });
  await refs.getByLabel('First frame', { exact: true }).selectOption({ label: 'dawn.png' });
  await refs.getByLabel('Last frame', { exact: true }).selectOption({ label: 'dusk.png' });
  await preview(refs, 'First frame', 'dawn.png');
  await preview(refs, 'Last frame', 'dusk.png');

  // Saved on the segment: a reload shows the same picks.
  await page.reload();
  await episodes.open();
  await episodes.card(1).click();
  await expect(refs.getByLabel('Reference mode')).toHaveValue('first-last');
  await expect(refs.getByRole('img', { name: /^Last frame: dusk\.png/ })).toBeVisible();

  const job = await generate(episodes);
  expect(job.endpoint).toBe('fal-ai/veo3.1/first-last-frame-to-video');
  const uploads = mock.uploads();
  const first = uploads.find((u) => u.fileUrl === job.input.first_frame_url);
  const last = uploads.find((u) => u.fileUrl === job.input.last_frame_url);
  expect(first?.name).toMatch(/^dawn-/);
  expect(last?.name).toMatch(/^dusk-/);
  for (const u of [first!, last!]) expect(size(u.bytes, u.name)).toEqual({ width: 720, height: 1280 });
  expect(job.input).not.toHaveProperty('image_url');
  expect(job.input).not.toHaveProperty('image_urls');
});

test('several references: every picked image reaches fal, in order; a missing pick is named before sending', async ({
  page,
}) => {
  const episodes = await oneSegmentOnVeo(page);
  const refs = episodes.editor.getByRole('group', { name: /^References of / });
  await refs.getByLabel('Reference mode').selectOption({ label: 'Several references' });

  // Nothing picked yet: nothing is sent, and the notice says what is missing.
  await episodes.editor.getByRole('button', { name: /^Generate/ }).click();
  await expect(page.getByText(/Segment 1 was not sent: Add at least one reference image/)).toBeVisible();
  expect(mock.state().jobs).toEqual([]);

  for (const name of ['boat.jpg', 'dawn.png']) {
    await refs.getByLabel(/^Add to ingredients/).selectOption({ label: name });
  }
  await expect(refs.getByRole('list', { name: 'Ingredients (2 of 3)' })).toBeVisible();
  await preview(refs, 'Reference 1', 'boat.jpg');
  await preview(refs, 'Reference 2', 'dawn.png');

  const job = await generate(episodes);
  expect(job.endpoint).toBe('fal-ai/veo3.1/reference-to-video');
  const sent = (job.input.image_urls as string[]).map((url) => mock.uploads().find((u) => u.fileUrl === url));
  expect(sent.map((u) => u?.name)).toEqual([
    expect.stringMatching(/^boat-/),
    expect.stringMatching(/^dawn-/),
  ]);
  for (const u of sent) expect(size(u!.bytes, u!.name)).toEqual({ width: 720, height: 1280 });
  expect(job.input).not.toHaveProperty('image_url');
});

test('a model with a first frame only offers no reference modes in the segment editor', async ({ page }) => {
  const episodes = await oneSegmentOnVeo(page);
  await expect(episodes.editor.getByRole('group', { name: /^References of / })).toBeVisible();
  await episodes.root.getByRole('combobox', { name: /^Model/ }).selectOption('lightricks/ltx-2.5/fast');
  await expect(episodes.root.getByRole('combobox', { name: /^Model/ })).toHaveValue(
    'lightricks/ltx-2.5/fast',
  );
  await expect(episodes.editor.getByLabel('Reference image')).toBeVisible();
  await expect(episodes.editor.getByRole('group', { name: /^References of / })).toHaveCount(0);
});

test('extend a take: the picked take goes to fal’s extend endpoint inline, and the result is a new take', async ({
  page,
}) => {
  const episodes = await oneSegmentOnVeo(page);
  const refs = episodes.editor.getByRole('group', { name: /^References of / });
  // No take yet: nothing to extend.
  await expect(refs.getByLabel('Reference mode').locator('option')).toHaveText([
    'First frame',
    'First + last frame',
    'Several references',
  ]);
  const first = await generate(episodes);
  expect(first.endpoint).toBe('fal-ai/veo3.1');
  mock.advance(JOB_MS);
  await expect(episodes.card(1).getByRole('status')).toHaveText(/take.*approve one/, { timeout: 60_000 });
  const [take] = await readStore(page, 'videos');

  await refs.getByLabel('Reference mode').selectOption({ label: 'Extend a clip' });
  const picker = refs.getByLabel('Clip to extend');
  await expect(picker.locator('option')).toHaveText(['Pick a clip…', /^Take 1 · \d/]);
  await picker.selectOption(take!.id as string);
  await expect(episodes.editor.getByText('The next take continues the picked take')).toBeVisible();
  await episodes.editor.getByRole('button', { name: /^Generate another take/ }).click();
  await expect.poll(() => mock.state().jobs.length, { timeout: 60_000 }).toBe(2);
  const extend = mock.state().jobs[1]!;
  expect(extend.endpoint).toBe('fal-ai/veo3.1/extend-video');
  expect(dataUriBytes(extend.input.video_url)).toEqual(await blobBytes(page, take!.blobId as string));
  expect(extend.input).not.toHaveProperty('image_url');
  mock.advance(JOB_MS);
  await expect(episodes.editor.getByRole('heading', { name: 'Takes (2)' })).toBeVisible({ timeout: 60_000 });
});
