import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFalMock, TEST_KEY } from '../mocks/fal/mock.mjs';
import {
  AssetManagerPane,
  PromptBarPane,
  ViewerPane,
  fileFrom,
  fixture,
  meanDifference,
  openApp,
  rgbFrame,
  writeTemp,
} from './support/app.ts';
import { addConnection } from './support/connections.ts';
import { dataUriBytes } from './support/data-uri.ts';
import { EpisodesPane, blobBytes, readStore } from './support/episodes.ts';
import { useMockServer } from './support/mock-server.ts';

/**
 * The cast bible end to end (issue 16): characters with sheets made by the local preview, a script that
 * names them, and a multi-reference model on the fal mock receiving each character's sheet in its
 * reference field and their descriptions in the prompt; then a reload keeps cast, chips and takes.
 */

test.describe.configure({ timeout: 240_000 });

const JOB_MS = 60_000;
const mock = useMockServer(() => createFalMock({ jobDurationMs: JOB_MS }));

const MARA = 'short black bob, green raincoat, silver ring';
const TOM = 'grey beard, yellow oilskin, wool cap';
const SCRIPT = [
  'Night. @Mara waits at the end of the pier.',
  '@Tom rows in out of the fog.',
  '@Mara and @Tom share a thermos on the boat.',
].join('\n---\n');

/** The mock's jobs, once `count` have arrived, moved past their duration (fal allows 2 at a time). */
async function finishAll(count: number): Promise<void> {
  await expect
    .poll(
      () => {
        mock.advance(JOB_MS);
        return mock.state().jobs.length;
      },
      { timeout: 60_000 },
    )
    .toBe(count);
  mock.advance(JOB_MS);
}

async function addMember(episodes: EpisodesPane, name: string, description: string): Promise<void> {
  const form = episodes.root.getByRole('form', { name: 'Add a character' });
  await form.getByLabel('New character name').fill(name);
  await form.getByLabel('New character description').fill(description);
  await form.getByRole('button', { name: 'Add character' }).click();
  await expect(episodes.root.getByRole('group', { name: `Character ${name}` })).toBeVisible();
}

/** Makes a sheet with the local preview and approves it; returns the approved asset's blob id. */
async function makeSheet(page: Page, episodes: EpisodesPane, name: string): Promise<string> {
  const member = episodes.root.getByRole('group', { name: `Character ${name}` });
  await member.getByRole('button', { name: `Make a character sheet for ${name}` }).click();
  await member.getByRole('button', { name: `Approve sheet 1 of ${name}` }).click({ timeout: 60_000 });
  await expect(member.getByRole('img', { name: new RegExp(`^Main reference of ${name}: `) })).toBeVisible();
  await expect(member.getByRole('list', { name: `Sheet candidates of ${name}` })).toHaveCount(0);
  const project = (await readStore(page, 'projects'))[0]!;
  const id = (project.cast as Array<{ name: string; referenceIds: string[] }>).find((m) => m.name === name)!
    .referenceIds[0]!;
  const asset = (await readStore(page, 'assets')).find((a) => a.id === id)!;
  expect(asset.origin).toMatchObject({ kind: 'generated-still' });
  return asset.blobId as string;
}

/** A series on the fal mock with Mara and Tom, each with an approved sheet (local preview); their sheets. */
async function seriesWithCast(
  page: Page,
  title: string,
  seconds: number,
): Promise<{ episodes: EpisodesPane; maraSheet: string; tomSheet: string }> {
  await openApp(page);
  await addConnection(page, 'fal', { name: 'fal mock', baseUrl: mock.queueUrl, key: TEST_KEY });
  const episodes = new EpisodesPane(page);
  await episodes.open();
  await episodes.createSeries(title, seconds);
  await episodes.root.locator('summary', { hasText: 'Cast and sets' }).click();
  await addMember(episodes, 'Mara', MARA);
  await addMember(episodes, 'Tom', TOM);
  const maraSheet = await makeSheet(page, episodes, 'Mara');
  const tomSheet = await makeSheet(page, episodes, 'Tom');
  return { episodes, maraSheet, tomSheet };
}

/**
 * One shot naming Mara and Tom on Kling 3 Standard, which takes one image (a first frame), not several
 * references: the segment editor's "too few reference slots" choice.
 */
async function tooFewSlots(episodes: EpisodesPane) {
  await episodes.root.getByRole('combobox', { name: /^Provider/ }).selectOption({ label: 'fal mock' });
  await episodes.root
    .getByRole('combobox', { name: /^Model/ })
    .selectOption('fal-ai/kling-video/v3/standard');
  await episodes.split('@Mara and @Tom shake hands on the pier.');
  await expect(episodes.cards).toHaveCount(1);
  await episodes.card(1).click();
  return episodes.editor.getByRole('group', { name: /takes 1 reference here but the shot names 2/ });
}

/** Puts the prompt bar on the fal mock's Veo 3.1, whose reference modes are all offered; the mode picker. */
async function veoInBar(bar: PromptBarPane) {
  await bar.select('Provider').selectOption({ label: 'fal mock' });
  await bar.select('Model').selectOption('fal-ai/veo3.1');
  const mode = bar.root.getByLabel('Reference mode');
  await expect(mode.locator('option')).toHaveText([
    'First frame',
    'First + last frame',
    'Several references',
    'Extend a clip',
  ]);
  return mode;
}

/** Decoded RGB of a PNG (ffmpeg, not the app's own decoder). */
const pixels = (name: string, bytes: Buffer) => rgbFrame(writeTemp(name, bytes));

test('two characters, their sheets, a script naming them: the multi-reference model gets the right images and descriptions; a reload keeps it all', async ({
  page,
}) => {
  const { episodes, maraSheet, tomSheet } = await seriesWithCast(page, 'Harbour Lights', 12);
  // Sheets came from the local preview: nothing reached fal yet.
  expect(mock.state().jobs).toEqual([]);

  // The episode moves to fal and a model with several reference slots (Veo 3.1 ingredients, 3).
  await episodes.root.getByRole('combobox', { name: /^Provider/ }).selectOption({ label: 'fal mock' });
  await episodes.root.getByRole('combobox', { name: /^Model/ }).selectOption('fal-ai/veo3.1');
  await expect(episodes.root.getByRole('combobox', { name: /^Model/ })).toHaveValue('fal-ai/veo3.1');
  await episodes.split(SCRIPT);
  await expect(episodes.cards).toHaveCount(3);

  // Chips from the @mentions.
  const chips = (n: number) => episodes.card(n).getByRole('list', { name: /^In / }).getByRole('listitem');
  await expect(chips(1)).toHaveText(['Mara']);
  await expect(chips(2)).toHaveText(['Tom']);
  await expect(chips(3)).toHaveText(['Mara', 'Tom']);

  // The final prompt is shown before spending, descriptions woven in; an edit is what is sent.
  await episodes.card(3).click();
  const final = episodes.editor.getByLabel('Final text sent to the model');
  await expect(final).toHaveValue(new RegExp(`Cast — Mara: ${MARA}\\. Tom: ${TOM}\\.`));
  await expect(episodes.editor.getByRole('status').filter({ hasText: 'Ingredients' })).toContainText(
    '2 images for Mara, Tom',
  );
  await episodes.card(2).click();
  const edited = `Tom rows in out of the fog, lantern swinging.\n\nCast — Tom: ${TOM}.`;
  await final.fill(edited);
  await final.blur();
  await expect(episodes.editor.getByText('Edited by hand')).toBeVisible();

  page.on('dialog', (dialog) => void dialog.accept());
  await episodes.root.getByRole('button', { name: /^Generate all/ }).click();
  await finishAll(3);
  for (const n of [1, 2, 3])
    await expect(episodes.card(n).getByRole('status')).toHaveText(/take.*approve one/, { timeout: 60_000 });

  // What fal received: the reference-to-video endpoint, each character's sheet in `image_urls`.
  const uploads = mock.uploads();
  const byUrl = new Map(uploads.map((u) => [u.fileUrl, u]));
  const jobs = mock.state().jobs;
  const jobFor = (text: string) => jobs.find((j) => String(j.input.prompt).includes(text))!;
  const one = jobFor('waits at the end of the pier');
  const two = jobFor('lantern swinging');
  const three = jobFor('share a thermos');
  for (const job of [one, two, three]) expect(job.endpoint).toBe('fal-ai/veo3.1/reference-to-video');
  expect(one.input.prompt).toBe(`Night. Mara waits at the end of the pier.\n\nCast — Mara: ${MARA}.`);
  expect(two.input.prompt).toBe(edited);
  expect(three.input.prompt).toContain(`Mara: ${MARA}.`);
  expect(three.input.prompt).toContain(`Tom: ${TOM}.`);
  expect(three.input.prompt).not.toContain('@');
  for (const job of [one, two, three]) expect(job.input).not.toHaveProperty('image_url');

  const mara = pixels('mara.png', await blobBytes(page, maraSheet));
  const tom = pixels('tom.png', await blobBytes(page, tomSheet));
  // The two sheets are different pictures, so "which image went where" can be told apart.
  expect(meanDifference(mara.rgb, tom.rgb)).toBeGreaterThan(5);
  const sent = (url: unknown) => {
    const upload = byUrl.get(String(url));
    expect(upload, `uploaded ${url}`).toBeDefined();
    const image = pixels('sent.png', upload!.bytes);
    expect({ width: image.width, height: image.height }).toEqual({ width: 720, height: 1280 });
    return image.rgb;
  };
  const urls = (job: (typeof jobs)[number]) => job.input.image_urls as string[];
  expect(urls(one)).toHaveLength(1);
  expect(urls(two)).toHaveLength(1);
  expect(urls(three)).toHaveLength(2);
  const closest = (rgb: Buffer) =>
    meanDifference(rgb, mara.rgb) < meanDifference(rgb, tom.rgb) ? 'Mara' : 'Tom';
  expect(closest(sent(urls(one)[0]))).toBe('Mara');
  expect(closest(sent(urls(two)[0]))).toBe('Tom');
  expect(urls(three).map((u) => closest(sent(u)))).toEqual(['Mara', 'Tom']);
  expect(meanDifference(sent(urls(one)[0]), mara.rgb)).toBeLessThan(2);

  // A reload keeps the cast, its sheets, the chips and the takes.
  await page.reload();
  await episodes.open();
  await expect(episodes.cards).toHaveCount(3);
  await expect(chips(3)).toHaveText(['Mara', 'Tom']);
  for (const n of [1, 2, 3])
    await expect(episodes.card(n).getByRole('status')).toHaveText(/take.*approve one/);
  await episodes.root.locator('summary', { hasText: 'Cast and sets' }).click();
  for (const name of ['Mara', 'Tom']) {
    const member = episodes.root.getByRole('group', { name: `Character ${name}` });
    await expect(member.getByLabel('Visual description')).toHaveValue(name === 'Mara' ? MARA : TOM);
    await expect(member.getByRole('img', { name: new RegExp(`^Main reference of ${name}: `) })).toBeVisible();
  }
  await episodes.card(2).click();
  await expect(episodes.editor.getByLabel('Final text sent to the model')).toHaveValue(edited);
});

test('too few reference slots: the editor offers which character to keep, and only that sheet is sent', async ({
  page,
}) => {
  const { episodes, tomSheet } = await seriesWithCast(page, 'Two Hands', 8);
  const choice = await tooFewSlots(episodes);
  await expect(choice.getByRole('button', { name: 'Make a composite sheet still first' })).toBeVisible();

  // Without a choice nothing is sent; the notice says why.
  page.on('dialog', (dialog) => void dialog.accept());
  await episodes.editor.getByRole('button', { name: /^Generate/ }).click();
  await expect(page.getByText(/was not sent: .*Choose in its editor/)).toBeVisible();
  expect(mock.state().jobs).toEqual([]);

  await choice.getByLabel('Keep Tom').check();
  await expect(choice.getByLabel('Keep Mara')).toBeDisabled();
  await expect(episodes.editor.getByText("Tom's sheet is sent as the first frame.")).toBeVisible();
  await episodes.editor.getByRole('button', { name: /^Generate/ }).click();
  await finishAll(1);
  const job = mock.state().jobs[0]!;
  expect(job.endpoint).toBe('fal-ai/kling-video/v3/standard/image-to-video');
  const upload = mock.uploads().find((u) => u.fileUrl === job.input.start_image_url)!;
  const tom = pixels('tom.png', await blobBytes(page, tomSheet));
  expect(meanDifference(pixels('sent.png', upload.bytes).rgb, tom.rgb)).toBeLessThan(2);
});

test('prompt bar: first + last frame reach fal in their own fields, each fitted to the size', async ({
  page,
}) => {
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
  ]);
  await assets.expectCount(2);
  const bar = new PromptBarPane(page);
  const mode = await veoInBar(bar);
  await bar.select('Size').selectOption('720x1280');
  await mode.selectOption({ label: 'First + last frame' });
  await bar.root.getByLabel('First frame', { exact: true }).selectOption({ label: 'dawn.png' });
  await bar.root.getByLabel('Last frame', { exact: true }).selectOption({ label: 'dusk.png' });
  await expect(
    bar.root.getByRole('img', { name: 'First frame: dawn.png, fitted to 720x1280 (crop)' }),
  ).toBeVisible();
  await expect(
    bar.root.getByRole('img', { name: 'Last frame: dusk.png, fitted to 720x1280 (crop)' }),
  ).toBeVisible();
  page.on('dialog', (dialog) => void dialog.accept());
  await bar.generate('Dawn turns to dusk over the harbour', { seconds: 4 });
  await finishAll(1);
  await expect(new ViewerPane(page).jobs.first()).toContainText('Done', { timeout: 30_000 });

  const job = mock.state().jobs[0]!;
  expect(job.endpoint).toBe('fal-ai/veo3.1/first-last-frame-to-video');
  const uploads = mock.uploads();
  expect(uploads).toHaveLength(2);
  const first = uploads.find((u) => u.fileUrl === job.input.first_frame_url)!;
  const last = uploads.find((u) => u.fileUrl === job.input.last_frame_url)!;
  expect(first.name).toMatch(/^dawn-/);
  expect(last.name).toMatch(/^dusk-/);
  for (const u of [first, last]) {
    const image = pixels(u.name, u.bytes);
    expect({ width: image.width, height: image.height }).toEqual({ width: 720, height: 1280 });
  }
  expect(job.input).not.toHaveProperty('image_url');
});

test('too few reference slots → a composite sheet still first: one still shows everyone, it is the only image sent', async ({
  page,
}) => {
  const { episodes, maraSheet, tomSheet } = await seriesWithCast(page, 'Group Shot', 8);
  const choice = await tooFewSlots(episodes);
  await choice.getByRole('button', { name: 'Make a composite sheet still first' }).click();

  // The composite is an image job on the episode's provider (fal's still model), describing everyone.
  await expect.poll(() => mock.state().jobs.length, { timeout: 60_000 }).toBe(1);
  const still = mock.state().jobs[0]!;
  expect(still.endpoint).toBe('fal-ai/flux/dev');
  expect(still.input.prompt).toBe(
    `Group reference sheet, everyone side by side, full body, plain light background: Mara (${MARA}); Tom (${TOM}).`,
  );
  await expect(
    episodes.editor.getByText(/A composite sheet still is this segment's first frame/),
  ).toBeVisible();
  // No video is made until the composite is approved.
  await expect(episodes.editor.getByRole('button', { name: /^Generate \(/ })).toBeDisabled();
  mock.advance(JOB_MS);
  const stills = episodes.editor.getByRole('list', { name: /^Stills of / });
  await stills.getByRole('button', { name: 'Approve Still 1' }).click({ timeout: 60_000 });
  await expect(episodes.editor.getByText('Still approved: video takes start from it.')).toBeVisible();
  const approved = (await readStore(page, 'segments'))[0]!.approvedStillId as string;
  const composite = (await readStore(page, 'assets')).find((a) => a.id === approved)!;

  page.on('dialog', (dialog) => void dialog.accept());
  await episodes.editor.getByRole('button', { name: /^Generate/ }).click();
  await expect.poll(() => mock.state().jobs.length, { timeout: 60_000 }).toBe(2);
  const video = mock.state().jobs[1]!;
  expect(video.endpoint).toBe('fal-ai/kling-video/v3/standard/image-to-video');
  expect(video.input.prompt).toContain(`Mara: ${MARA}.`);
  expect(video.input.prompt).toContain(`Tom: ${TOM}.`);
  // Only the composite went up (no sheet), as the first frame.
  const uploads = mock.uploads();
  expect(uploads).toHaveLength(1);
  expect(uploads[0]!.fileUrl).toBe(video.input.start_image_url);
  const sent = pixels('sent.png', uploads[0]!.bytes);
  expect(
    meanDifference(sent.rgb, pixels('composite.png', await blobBytes(page, composite.blobId)).rgb),
  ).toBeLessThan(2);
  for (const sheet of [maraSheet, tomSheet])
    expect(meanDifference(sent.rgb, pixels('sheet.png', await blobBytes(page, sheet)).rgb)).toBeGreaterThan(
      5,
    );
});

test('prompt bar: Extend a clip sends the stored clip to fal’s extend endpoint inline, as a data: URI', async ({
  page,
}) => {
  await openApp(page);
  await addConnection(page, 'fal', { name: 'fal mock', baseUrl: mock.queueUrl, key: TEST_KEY });
  const bar = new PromptBarPane(page);
  const viewer = new ViewerPane(page);
  page.on('dialog', (dialog) => void dialog.accept());
  // A clip made here by the local preview: extending does not need the clip to live at fal.
  await bar.select('Provider').selectOption('local');
  await bar.generate('A lighthouse at dusk, waves below');
  await expect(viewer.jobs.first()).toContainText('Done', { timeout: 120_000 });
  const [source] = await readStore(page, 'videos');

  const mode = await veoInBar(bar);
  await mode.selectOption({ label: 'Extend a clip' });
  await bar.root.getByLabel('Clip to extend').selectOption(source!.id as string);
  await expect(bar.root.getByText(/The clip is sent with the request \(up to 20 MB\)/)).toBeVisible();
  await expect(bar.root.getByText('Extending a clip')).toBeVisible();
  await bar.generate('The light turns on as night falls', { seconds: 8 });
  await expect.poll(() => mock.state().jobs.length, { timeout: 60_000 }).toBe(1);

  const job = mock.state().jobs[0]!;
  expect(job.endpoint).toBe('fal-ai/veo3.1/extend-video');
  expect(dataUriBytes(job.input.video_url)).toEqual(await blobBytes(page, source!.blobId as string));
  expect(mock.uploads()).toEqual([]);
  mock.advance(JOB_MS);
  await expect(viewer.jobs.first()).toContainText('Done', { timeout: 60_000 });
});
