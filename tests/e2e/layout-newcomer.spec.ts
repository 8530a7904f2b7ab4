import { expect, test } from '@playwright/test';
import { PromptBarPane, ViewerPane, openApp } from './support/app.ts';
import { seed } from './support/library-seed.ts';

// A newcomer's first minutes (desktop `app` project): the viewer is never empty when there is a clip.

test('a reload in the middle of a job ends with the finished clip in the viewer, with no click', async ({
  page,
}) => {
  await openApp(page, '?pace=realistic');
  const bar = new PromptBarPane(page);
  const viewer = new ViewerPane(page);
  await bar.generate('A paper lantern drifts over a harbour', { seconds: 4 });
  const stage = viewer.root.getByRole('region', { name: 'Now showing' });
  await expect(stage.getByRole('status')).toContainText('Generating', { timeout: 30_000 });

  await page.reload();
  // Nothing is selected after the reload: the stage follows the running job instead of "No clip selected".
  await expect(stage.getByRole('progressbar', { name: 'Generation progress' })).toBeVisible();
  await expect(stage).not.toContainText('No clip');
  const clip = await viewer.playable();
  expect(clip.duration).toBeCloseTo(4, 1);
  await expect(
    stage.getByRole('group', { name: 'Player: Clip: A paper lantern drifts over a harbour' }),
  ).toBeVisible();
  await expect(viewer.root.getByRole('heading', { name: 'Clips (1)' })).toBeVisible();

  // And after another reload, with nothing selected, the newest clip is still the one on screen.
  await page.reload();
  await expect(
    stage.getByRole('group', { name: 'Player: Clip: A paper lantern drifts over a harbour' }),
  ).toBeVisible();
  expect((await viewer.playable()).duration).toBeCloseTo(4, 1);
});

test('with clips in the library and none selected, the newest shows and the hint counts them', async ({
  page,
}) => {
  await openApp(page);
  const t = Date.now();
  await seed(page, {
    clips: [
      { id: 'c1', prompt: 'First: a bell rings', created: t - 3000 },
      { id: 'c2', prompt: 'Second: a door opens', created: t - 2000 },
      { id: 'c3', prompt: 'Third: the lights go out', created: t - 1000 },
    ],
  });
  await page.reload();
  const viewer = new ViewerPane(page);
  const stage = viewer.root.getByRole('region', { name: 'Now showing' });
  await expect(stage.getByRole('group', { name: 'Player: Clip: Third: the lights go out' })).toBeVisible();
  await expect(stage).toContainText('3 clips in the library, pick one below');
  await expect(stage).not.toContainText('write a prompt', { ignoreCase: true });
  // Picking one makes it the selection; the "newest" hint goes away.
  await viewer.root.getByRole('button', { name: 'Play clip: First: a bell rings' }).click();
  await expect(stage.getByRole('group', { name: 'Player: Clip: First: a bell rings' })).toBeVisible();
  await expect(stage).not.toContainText('pick one below');
});
