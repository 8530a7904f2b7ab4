import { expect, test, type Page } from '@playwright/test';
import {
  AssetManagerPane,
  PromptBarPane,
  ViewerPane,
  fileFrom,
  fixture,
  openApp,
  showPane,
} from './support/app.ts';
import { EpisodesPane } from './support/episodes.ts';
import { pageOverflowX, paneLayout, smallTargets } from './support/layout.ts';

// Runs in both the desktop `app` project (1280x720) and the `phone` project (390x844, touch).

const VIEWS = ['Studio', 'Library', 'Episodes'] as const;
type View = (typeof VIEWS)[number];
const CENTER = { Studio: 'Video viewer', Library: 'Clip library', Episodes: 'Episodes' } as const;

const isPhone = (page: Page): boolean => (page.viewportSize()?.width ?? 1280) <= 480;

async function openView(page: Page, view: View): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view }).click();
  await showPane(page, 'Viewer');
  await expect(page.getByRole('main', { name: CENTER[view] })).toBeVisible();
}

/** Every pane on screen in this view, as the user can reach it (by its tab on a phone). */
async function visiblePanes(page: Page, view: View) {
  const panes = [
    { tab: 'Assets' as const, locator: new AssetManagerPane(page).root },
    { tab: 'Viewer' as const, locator: page.getByRole('main', { name: CENTER[view] }) },
    { tab: 'Prompt' as const, locator: new PromptBarPane(page).root },
  ];
  return panes;
}

test('every pane fills from its top and nothing scrolls sideways', async ({ page }) => {
  await openApp(page);
  for (const view of VIEWS) {
    await openView(page, view);
    for (const pane of await visiblePanes(page, view)) {
      await showPane(page, pane.tab);
      await expect(pane.locator).toBeVisible();
      // A lazily loaded view (library, episodes) may still be fetching its code: wait for its content.
      await expect
        .poll(
          async () => (await paneLayout(pane.locator)).firstContentOffset,
          `${view} / ${pane.tab}: content`,
        )
        .toBeLessThan(Infinity);
      const layout = await paneLayout(pane.locator);
      // The prompt bar sits below the viewer on a desktop; everything else starts at the top of the panes.
      if (isPhone(page) || pane.tab !== 'Prompt')
        expect(layout.paneOffset, `${view} / ${pane.tab}: pane offset`).toBeLessThanOrEqual(1);
      // Padding only: before the fix, a phone showed ~370 px of empty pane above the content.
      expect(layout.firstContentOffset, `${view} / ${pane.tab}: first content offset`).toBeLessThanOrEqual(
        16,
      );
      expect(layout.overflowX, `${view} / ${pane.tab}: horizontal overflow`).toBe(0);
      expect(await pageOverflowX(page), `${view} / ${pane.tab}: page scrolls sideways`).toBe(0);
    }
  }
});

test('touch targets are at least 44 px on a phone', async ({ page }) => {
  test.skip(!isPhone(page), 'coarse pointers only');
  await openApp(page);
  for (const view of VIEWS) {
    await openView(page, view);
    for (const pane of await visiblePanes(page, view)) {
      await showPane(page, pane.tab);
      expect(await smallTargets(page, 44), `${view} / ${pane.tab}`).toEqual([]);
    }
  }
});

test('the viewer shows a 9:16 clip as a tall frame, as large as the pane allows', async ({ page }) => {
  await openApp(page);
  const bar = new PromptBarPane(page);
  const viewer = new ViewerPane(page);
  await bar.show();
  await bar.generate('A tall frame test: a lamp post in fog', { size: '720x1280', seconds: 4 });
  await viewer.show();
  expect(await viewer.playable()).toMatchObject({ width: 720, height: 1280 });
  const video = (await viewer.video.boundingBox())!;
  const pane = (await viewer.root.boundingBox())!;
  const frame = (await viewer.root.getByRole('group', { name: /^Player: / }).boundingBox())!;
  // The element itself has the clip's aspect: no pillarbox bars inside a wide box.
  expect(video.height / video.width).toBeCloseTo(1280 / 720, 1);
  expect(frame.width).toBeLessThanOrEqual(Math.max(video.width, 300) + 1);
  // Large: it takes most of the pane's height (what is left is the player's controls and padding).
  expect(video.height).toBeGreaterThan(pane.height * (isPhone(page) ? 0.6 : 0.55));
  expect(video.x + video.width).toBeLessThanOrEqual(pane.x + pane.width);
  expect(await pageOverflowX(page)).toBe(0);
});

test('the main views match their reference screenshots', async ({ page }) => {
  await openApp(page);
  const assets = new AssetManagerPane(page);
  await assets.show();
  await assets.drop([fileFrom(fixture('image.png'), 'reference.png')]);
  await expect(assets.card('reference.png')).toBeVisible();
  await expect(assets.card('reference.png').locator('img')).toHaveJSProperty('complete', true);
  // The "Added 1 file" notice times out on its own; dismiss it so no screenshot races it.
  await page.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(page.getByRole('log', { name: 'Messages' })).not.toContainText('Added');
  const shot = { maxDiffPixelRatio: 0.02, animations: 'disabled', caret: 'hide' } as const;
  // The storage meter's figure depends on what the origin already holds.
  const mask = [page.locator('rw-storage-meter')];
  if (isPhone(page)) await expect(page).toHaveScreenshot('assets.png', { ...shot, mask });
  await showPane(page, 'Viewer');
  await expect(page).toHaveScreenshot('studio.png', { ...shot, mask });
  await openView(page, 'Library');
  await expect(page).toHaveScreenshot('library.png', { ...shot, mask });
  const episodes = new EpisodesPane(page);
  await episodes.open();
  await expect(page).toHaveScreenshot('episodes.png', { ...shot, mask });
  await openView(page, 'Studio');
  await showPane(page, 'Prompt');
  if (isPhone(page)) await expect(page).toHaveScreenshot('prompt.png', { ...shot, mask });
});
