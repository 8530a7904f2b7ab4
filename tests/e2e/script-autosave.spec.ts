import { expect, test } from '@playwright/test';
import { openApp } from './support/app.ts';
import { EpisodesPane, readStore } from './support/episodes.ts';

test('script text typed in the splitter survives a reload before Split', async ({ page }) => {
  await openApp(page);
  const episodes = new EpisodesPane(page);
  await episodes.open();
  await episodes.createSeries('Unsplit', 12);
  const script = episodes.root.getByLabel('Script or long prompt');
  const text = 'Mara waits at the bus stop.\n---\nThe bus does not come.';
  await script.pressSequentially(text.slice(0, 12));
  await script.fill(text);
  // Saved once typing pauses: the episode row holds the text.
  await expect
    .poll(async () => (await readStore(page, 'episodes')).map((e) => e.script as string))
    .toEqual([text]);
  await page.reload();
  await episodes.open();
  await expect(episodes.root.getByLabel('Script or long prompt')).toHaveValue(text);
  await expect(episodes.cards).toHaveCount(0);
});
