import { expect, test, type Page } from '@playwright/test';
import { rmSync } from 'node:fs';
import { PromptBarPane, ViewerPane, ffprobe, openApp } from './support/app.ts';

test.describe('the first loop: prompt → local preview → saved clip', () => {
  test('a new user with no key and no network generates a real MP4 that survives a reload', async ({
    page,
    context,
  }) => {
    await openApp(page);
    // One online visit installs the app; from then on it works with the network off.
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await context.setOffline(true);
    const bar = new PromptBarPane(page);
    const viewer = new ViewerPane(page);
    await expect(bar.select('Provider')).toHaveValue('local');
    await expect(
      bar.root.getByText('Local preview renders a placeholder clip on this device — not AI.'),
    ).toBeVisible();
    await expect(bar.root.getByLabel('Estimated cost')).toHaveText('Free');

    await bar.generate('A lighthouse keeper finds a letter in a bottle at dawn', {
      size: '720x1280',
      seconds: 4,
    });
    await expect(viewer.jobs.first()).toContainText('A lighthouse keeper');
    const clip = await viewer.playable();
    expect(clip).toMatchObject({ width: 720, height: 1280 });
    expect(clip.duration).toBeCloseTo(4, 1);
    await expect(viewer.root.getByLabel('Clip details')).toContainText('Local preview — not AI');
    await expect(viewer.root.getByLabel('Clip details')).toContainText('avc1');

    const path = await viewer.download();
    try {
      expect(path).toMatch(/reelwright-a-lighthouse-keeper-finds-a-letter-in-a-bottle.*-720x1280-.*\.mp4$/);
      const probe = ffprobe(path);
      expect(probe).toMatchObject({ width: 720, height: 1280, videoCodec: 'h264', audioCodec: 'opus' });
      expect(probe.duration).toBeCloseTo(4, 1);
    } finally {
      rmSync(path, { force: true });
    }

    await context.setOffline(false);
    await page.reload();
    await viewer.root.getByRole('button', { name: /^Play clip: A lighthouse keeper/ }).click();
    expect((await viewer.playable()).height).toBe(1280);
  });

  test('only legal values are offered, and the prompt is remembered with its clip', async ({ page }) => {
    await openApp(page);
    const bar = new PromptBarPane(page);
    const durations = await bar.select('Duration').locator('option').allTextContents();
    expect(durations).toEqual(['4 s', '8 s', '12 s']);
    const sizes = await bar
      .select('Size')
      .locator('option')
      .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    expect(sizes).toEqual(['720x1280', '1080x1920', '1024x1792', '1280x720', '1792x1024']);

    await bar.generate('Rain on a neon street, slow push-in', { size: '1280x720', seconds: 4 });
    const viewer = new ViewerPane(page);
    expect(await viewer.playable()).toMatchObject({ width: 1280, height: 720 });
    await bar.prompt.fill('');
    await bar.root.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('dialog', { name: 'Prompt history' });
    await expect(history).toContainText('Rain on a neon street, slow push-in');
    await expect(history).toContainText('used 1× · 1 clip');
    await history.getByRole('button', { name: /Rain on a neon street/ }).click();
    await expect(bar.prompt).toHaveValue('Rain on a neon street, slow push-in');
  });

  test('a reload right after typing keeps the draft (the debounced write is flushed on pagehide)', async ({
    page,
  }) => {
    await openApp(page);
    const bar = new PromptBarPane(page);
    await bar.prompt.fill('A fox crosses a frozen lake');
    await page.reload();
    await expect(new PromptBarPane(page).prompt).toHaveValue('A fox crosses a frozen lake');
  });

  test('progress is shown while generating, and closing the tab mid-job resumes it', async ({ page }) => {
    await openApp(page, '?pace=realistic');
    const bar = new PromptBarPane(page);
    const viewer = new ViewerPane(page);
    await bar.generate('A paper boat sails down a gutter river', { seconds: 8 });
    const status = viewer.root.getByRole('status').filter({ hasText: /Queued|Generating|Sending/ });
    await expect(status).toBeVisible();
    await expect(viewer.root.getByRole('progressbar', { name: 'Generation progress' })).toBeVisible();
    await expect(status).toContainText('Generating', { timeout: 10_000 });

    await page.reload();
    await expect(viewer.jobs.first()).toContainText(/Generating|Queued/);
    await viewer.jobs
      .first()
      .getByRole('button', { name: 'A paper boat sails down a gutter river', exact: true })
      .click();
    const clip = await viewer.playable();
    expect(clip.duration).toBeCloseTo(8, 1);
    await expect(viewer.jobs).toHaveCount(1);
    await expect(viewer.root.getByRole('list', { name: 'Recent clips' }).getByRole('listitem')).toHaveCount(
      1,
    );
  });

  test('a waiting or running job can be canceled', async ({ page }) => {
    await openApp(page, '?pace=realistic');
    const bar = new PromptBarPane(page);
    const viewer = new ViewerPane(page);
    await bar.generate('A clock tower at midnight', { seconds: 12 });
    await viewer.jobs.first().getByRole('button', { name: 'Cancel A clock tower at midnight' }).click();
    await expect(viewer.jobs.first()).toContainText('Canceled');
    // "Nothing happened" is proven by a later job: the runner takes a second job all the way to a saved
    // clip after the cancel, so anything the canceled job still had in flight has had its turn.
    await bar.generate('A sentinel gull on a post', { seconds: 4 });
    await expect(viewer.jobs.filter({ hasText: 'A sentinel gull' })).toContainText('Done', {
      timeout: 60_000,
    });
    const rows = await page.evaluate(() => {
      const state = document.querySelector('rw-app-shell')!.store.state;
      return {
        jobs: state.jobs.map((j) => ({
          prompt: j.request.prompt,
          status: j.status,
          results: j.resultIds ?? [],
        })),
        clips: state.videos.map((v) => v.prompt),
      };
    });
    expect(rows.jobs).toContainEqual({
      prompt: 'A clock tower at midnight',
      status: 'canceled',
      results: [],
    });
    expect(rows.clips).toEqual(['A sentinel gull on a post']);
  });

  test('two tabs: one runs the jobs, both see them, and the other takes over when it closes', async ({
    context,
  }) => {
    const first = await context.newPage();
    await openApp(first, '?pace=realistic');
    const second = await context.newPage();
    await openApp(second, '?pace=realistic');
    const runsJobs = (page: Page) =>
      page.evaluate(() => document.querySelector('rw-app-shell')!.store.state.runsJobs);
    // The lock is taken asynchronously: poll until one tab holds it and the other is queued behind it.
    await expect
      .poll(() =>
        second.evaluate(async () => {
          const { held = [], pending = [] } = await navigator.locks.query();
          return { held: held.map((l) => l.name), pending: pending.map((l) => l.name) };
        }),
      )
      .toEqual({ held: ['reelwright-job-runner'], pending: ['reelwright-job-runner'] });
    await expect.poll(() => runsJobs(first)).toBe(true);
    await expect.poll(() => runsJobs(second)).toBe(false);

    // Submitted in the second tab, run by the first, visible in both.
    await new PromptBarPane(second).generate('Two strangers share an umbrella', { seconds: 12 });
    await expect(new ViewerPane(first).jobs.first()).toContainText(/Generating|Queued|Sending/);
    await expect(new ViewerPane(second).jobs.first()).toContainText(/Generating|Queued|Sending/);

    // The running tab closes mid-job: the second tab takes the lock and finishes the job.
    await first.close();
    await expect
      .poll(() => second.evaluate(() => document.querySelector('rw-app-shell')!.store.state.runsJobs))
      .toBe(true);
    const viewer = new ViewerPane(second);
    await expect(viewer.jobs.first()).toContainText('Done', { timeout: 60_000 });
    await viewer.jobs
      .first()
      .getByRole('button', { name: 'Two strangers share an umbrella', exact: true })
      .click();
    expect((await viewer.playable()).duration).toBeCloseTo(12, 1);
  });
});
