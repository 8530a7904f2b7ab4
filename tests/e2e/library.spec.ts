import { expect, test, type Page } from '@playwright/test';
import { offlineReady, openApp, PromptBarPane, ViewerPane } from './support/app.ts';
import { seed, type SeedClip } from './support/library-seed.ts';

const library = (page: Page) => page.getByRole('main', { name: 'Clip library' });
const list = (page: Page) => library(page).getByRole('listbox', { name: 'Clips' });
const count = (page: Page) => library(page).getByText(/^\d+ of \d+$/);

async function openLibrary(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library' }).click();
  await expect(library(page)).toBeVisible();
}

const mixed: SeedClip[] = [
  {
    id: 'a',
    prompt: 'A lighthouse at dusk, waves crashing',
    providerKind: 'openai',
    model: 'sora-2',
    cost: 0.4,
  },
  {
    id: 'b',
    prompt: 'Rain on a neon street at night',
    providerKind: 'openai',
    model: 'sora-2-pro',
    cost: 1.2,
    duration: 8,
  },
  {
    id: 'c',
    prompt: 'A cat naps by the lighthouse window',
    providerKind: 'fal',
    model: 'veo-3.1',
    cost: 3.2,
    size: '1280x720',
  },
  { id: 'd', prompt: 'Close-up of hands kneading dough', segmentId: 'seg-1' },
  { id: 'e', prompt: 'Drone shot over a foggy forest', remixOf: 'a' },
];

test.describe('clip library', () => {
  test('filters, full-text search, sort and failed jobs with their reason', async ({ page }) => {
    await openApp(page);
    await seed(page, {
      clips: mixed,
      failed: [{ id: 'f1', prompt: 'A storm over the harbour', reason: 'The server had a hiccup.' }],
    });
    await page.reload();
    await openLibrary(page);
    await expect(count(page)).toHaveText('6 of 6');

    const filters = library(page);
    await filters.getByRole('searchbox', { name: 'Search prompts' }).fill('lighthouse');
    await expect(count(page)).toHaveText('2 of 6');
    await filters.getByRole('searchbox', { name: 'Search prompts' }).fill('lighthouse cat');
    await expect(count(page)).toHaveText('1 of 6');
    await expect(list(page).getByRole('option')).toHaveText(/A cat naps/);
    await filters.getByRole('searchbox', { name: 'Search prompts' }).fill('');

    await filters.getByLabel('Provider').selectOption('openai');
    await expect(count(page)).toHaveText('2 of 6');
    await filters.getByLabel('Model').selectOption('sora-2-pro');
    await expect(count(page)).toHaveText('1 of 6');
    await filters.getByLabel('Provider').selectOption('all');
    await filters.getByLabel('Model').selectOption('all');

    await filters.getByLabel('Aspect').selectOption('16:9');
    await expect(count(page)).toHaveText('1 of 6');
    await filters.getByLabel('Aspect').selectOption('all');

    await filters.getByLabel('Episode').selectOption('in-episode');
    await expect(list(page).getByRole('option')).toHaveText(/kneading dough/);
    await filters.getByLabel('Episode').selectOption('all');

    await filters.getByLabel('Status').selectOption('failed');
    await expect(list(page).getByRole('option')).toHaveText(
      /storm over the harbour.*Failed.*The server had a hiccup\./s,
    );
    await filters.getByLabel('Status').selectOption('all');

    // Lineage badge on the remix.
    await expect(list(page).getByRole('option', { name: /foggy forest/ })).toContainText(
      'Remix of “A lighthouse at dusk',
    );

    // Sort by cost, most expensive first, then ascending.
    await filters.getByLabel('Sort by').selectOption('cost');
    await expect(list(page).getByRole('option').first()).toContainText('A cat naps');
    await filters.getByRole('button', { name: /Sort descending/ }).click();
    await expect(list(page).getByRole('option').last()).toContainText('A cat naps');
  });

  test('arrow keys, multi-select, favourites, bulk delete and add to episode', async ({ page }) => {
    await openApp(page);
    await seed(page, { clips: mixed });
    await page.reload();
    await openLibrary(page);
    const options = list(page).getByRole('option');
    await options.first().click();
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(2)).toBeFocused();
    await expect(options.nth(2)).toHaveAttribute('aria-selected', 'true');
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'false');
    await page.keyboard.press('Shift+ArrowDown');
    await expect(library(page).getByText('2 selected')).toBeVisible();
    await page.keyboard.press('Control+ArrowDown');
    await page.keyboard.press(' ');
    await expect(library(page).getByText('3 selected')).toBeVisible();

    await library(page).getByRole('button', { name: '★ Favourite' }).click();
    await library(page).getByLabel('Favourites only').check();
    await expect(count(page)).toHaveText('3 of 5');
    await library(page).getByLabel('Favourites only').uncheck();

    await library(page).getByRole('button', { name: 'Add to episode…' }).click();
    await expect(page.getByText('There is no episode to add clips to yet.')).toBeVisible();

    await library(page).getByRole('button', { name: 'Delete…' }).click();
    const dialog = library(page).getByRole('dialog', { name: 'Delete 3 items?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Delete from this device' }).click();
    await expect(count(page)).toHaveText('2 of 2');
    // Gone from storage too: still 2 after a reload.
    await page.reload();
    await openLibrary(page);
    await expect(count(page)).toHaveText('2 of 2');

    // Enter opens the focused clip in the viewer.
    await list(page).getByRole('option').first().click();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main', { name: 'Video viewer' })).toBeVisible();
  });

  test('1,000 clips: only the rows in view are rendered, and End reaches the last one', async ({ page }) => {
    await openApp(page);
    const clips = Array.from({ length: 1000 }, (_, i) => ({
      id: `c${String(i).padStart(4, '0')}`,
      prompt: `Clip number ${i}`,
    }));
    await seed(page, { clips });
    await page.reload();
    await openLibrary(page);
    await expect(count(page)).toHaveText('1000 of 1000');
    const rendered = await list(page).getByRole('option').count();
    expect(rendered).toBeLessThan(60);
    await list(page).getByRole('option').first().click();
    await page.keyboard.press('End');
    const last = list(page).getByRole('option', { name: /Clip number 999\b/ });
    await expect(last).toBeFocused();
    await expect(last).toHaveAttribute('aria-posinset', '1000');
  });

  test('a remix of a local clip records its lineage', async ({ page }) => {
    test.setTimeout(120_000);
    await openApp(page);
    const bar = new PromptBarPane(page);
    const viewer = new ViewerPane(page);
    await bar.generate('Original take: a red kite over hills');
    await viewer.playable();
    await viewer.root.getByRole('button', { name: 'Remix…' }).click();
    await expect(bar.root.getByText('Remixing a clip')).toBeVisible();
    await bar.generate('Remixed take: the kite at sunset');
    await expect(viewer.root.locator('[data-field="remix-of"]')).toHaveText(
      'Original take: a red kite over hills',
      {
        timeout: 60_000,
      },
    );
    await openLibrary(page);
    await expect(list(page).getByRole('option', { name: /Remixed take/ })).toContainText(
      'Remix of “Original take',
    );
  });

  test('offline: the library browses, searches and plays', async ({ page, context }) => {
    test.setTimeout(120_000);
    await openApp(page);
    const bar = new PromptBarPane(page);
    await bar.generate('Offline check: paper boats on a pond');
    await new ViewerPane(page).playable();
    await offlineReady(page);
    await context.setOffline(true);
    await expect(page.getByText('Offline — your library still works')).toBeVisible();
    await openLibrary(page);
    await library(page).getByRole('searchbox', { name: 'Search prompts' }).fill('paper boats');
    await expect(count(page)).toHaveText('1 of 1');
    await list(page).getByRole('option').first().dblclick();
    const viewer = new ViewerPane(page);
    await viewer.playable();
    await viewer.root.getByRole('group', { name: /^Player/ }).focus();
    await page.keyboard.press('k');
    await expect
      .poll(() => viewer.video.evaluate((v: HTMLVideoElement) => v.currentTime))
      .toBeGreaterThan(0.2);
    await context.setOffline(false);
  });
});

test.describe('offline before the app is saved for offline use', () => {
  // No service worker: nothing is precached, so the lazily loaded library view cannot be fetched offline.
  test.use({ serviceWorkers: 'block' });

  test('opening the library says why it cannot load instead of showing an empty pane', async ({
    page,
    context,
  }) => {
    await openApp(page);
    await context.setOffline(true);
    await expect(page.getByText('Offline — your library still works')).toBeVisible();
    await openLibrary(page);
    await expect(page.getByRole('log', { name: 'Messages' })).toContainText(
      'The clip library could not load offline: the app had not finished saving itself for offline use.',
    );
    await context.setOffline(false);
  });
});
