import { expect, test, type Page } from '@playwright/test';
import { AssetManagerPane, PromptBarPane, ViewerPane, fixture, openApp } from './support/app.ts';
import { EpisodesPane, readStore } from './support/episodes.ts';

// A newcomer's first minutes: "Try a sample series" makes a finished episode with no key; "Remove sample"
// takes away exactly what it made.

test.describe.configure({ timeout: 180_000 });

const ids = async (page: Page, store: string, key = 'id'): Promise<string[]> =>
  (await readStore(page, store)).map((row) => String(row[key])).sort();

const sampleSetting = async (page: Page): Promise<unknown> =>
  (await readStore(page, 'settings')).find((row) => row.key === 'sample-series')?.value;

test('the sample series ends as a stitched episode in the viewer, and Remove sample deletes only it', async ({
  page,
}) => {
  await openApp(page);
  // Something of the user's own, which the clean-up must leave alone.
  const assets = new AssetManagerPane(page);
  await assets.pick([fixture('image.png')]);
  await expect(assets.card('image.png')).toBeVisible();
  const blobsBefore = await ids(page, 'blobs');

  const viewer = new ViewerPane(page);
  await viewer.root.getByRole('button', { name: 'Try a sample series' }).click();
  const bar = viewer.root.getByRole('status', { name: 'Sample series' });
  await expect(bar).toContainText(/Generating the storyboard|Writing|Stitching/);
  // The finished episode plays in the viewer, with no click and no key.
  const player = viewer.root.getByRole('group', {
    name: 'Player: Clip: Sample: The Last Tram — Episode 1 (stitched episode)',
  });
  await expect(player).toBeVisible({ timeout: 120_000 });
  expect((await viewer.playable()).duration).toBeCloseTo(12, 0);
  const sample = viewer.root.getByRole('group', { name: 'Sample series' });
  await expect(sample.getByRole('button', { name: 'Remove sample' })).toBeVisible();

  // What it made: a series with a cast of two, a three-beat storyboard, approved and stitched.
  const episodes = new EpisodesPane(page);
  await episodes.open();
  await expect(episodes.cards).toHaveCount(3);
  for (const n of [1, 2, 3]) await expect(episodes.card(n).getByRole('status')).toHaveText('Approved');
  const [project] = await readStore(page, 'projects');
  expect(project!.title).toBe('Sample: The Last Tram');
  expect(project!.cast.map((m: { name: string }) => m.name)).toEqual(['Mara', 'Theo']);
  expect(await ids(page, 'videos')).toHaveLength(4);
  expect(await ids(page, 'jobs')).toHaveLength(3);
  // The cast's descriptions went into the prompts (woven from the @mentions).
  const jobs = await readStore(page, 'jobs');
  expect(jobs.some((j) => /Mara: a night-shift courier/.test(j.request.prompt))).toBe(true);

  // Then a clip of the user's own.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Studio' }).click();
  const prompt = new PromptBarPane(page);
  await prompt.generate('My own clip: a red umbrella on a rooftop', { seconds: 4 });
  await expect(
    viewer.root.getByRole('group', { name: 'Player: Clip: My own clip: a red umbrella on a rooftop' }),
  ).toBeVisible({ timeout: 60_000 });

  // One click; after it, only the user's things are left, in the app and in IndexedDB.
  await sample.getByRole('button', { name: 'Remove sample' }).click();
  await expect(page.getByRole('log', { name: 'Messages' })).toContainText(
    'Removed the sample series and its 4 clips.',
  );
  await expect(viewer.root.getByRole('group', { name: 'Sample series' })).toHaveCount(0);
  await expect(viewer.root.getByRole('heading', { name: 'Clips (1)' })).toBeVisible();
  for (const store of ['projects', 'episodes', 'segments']) expect(await ids(page, store), store).toEqual([]);
  const [video] = await readStore(page, 'videos');
  expect(video!.prompt).toBe('My own clip: a red umbrella on a rooftop');
  expect((await readStore(page, 'jobs')).map((j) => j.request.prompt)).toEqual([video!.prompt]);
  expect((await readStore(page, 'prompts')).map((p) => p.text)).toEqual([video!.prompt]);
  expect(await ids(page, 'blobs')).toEqual([...blobsBefore, video!.blobId, video!.thumbId].sort());
  await assets.expectCount(1);
  expect(await sampleSetting(page)).toBeUndefined();

  await page.reload();
  await expect(viewer.root.getByRole('heading', { name: 'Clips (1)' })).toBeVisible();
  await expect(viewer.root.getByRole('group', { name: 'Sample series' })).toHaveCount(0);
});

test('a sample still being made can be stopped and removed in one click', async ({ page }) => {
  await openApp(page, '?pace=realistic');
  const viewer = new ViewerPane(page);
  await viewer.root.getByRole('button', { name: 'Try a sample series' }).click();
  const bar = viewer.root.getByRole('status', { name: 'Sample series' });
  await expect(bar).toContainText('Generating the storyboard');
  await expect.poll(async () => (await ids(page, 'jobs')).length).toBe(3);
  await bar.getByRole('button', { name: 'Stop and remove sample' }).click();
  await expect(page.getByRole('log', { name: 'Messages' })).toContainText('Removed the sample series');
  for (const store of ['projects', 'episodes', 'segments', 'videos', 'jobs', 'prompts', 'blobs'])
    expect(await ids(page, store), store).toEqual([]);
  expect(await sampleSetting(page)).toBeUndefined();
  // The first-run offer is back.
  await expect(viewer.root.getByRole('button', { name: 'Try a sample series' })).toBeVisible();
});
