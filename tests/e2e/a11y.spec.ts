import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './support/app.ts';
import { EpisodesPane } from './support/episodes.ts';
import { seed } from './support/library-seed.ts';

/** Serious and critical violations, as "rule: target" lines (empty when clean). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    );
}

test.describe('accessibility', () => {
  test.beforeEach(async ({ page }) => {
    await openApp(page);
    await seed(page, {
      clips: [
        { id: 'a', prompt: 'A lighthouse at dusk', providerKind: 'openai', model: 'sora-2', cost: 0.4 },
        { id: 'b', prompt: 'Rain on a neon street', remixOf: 'a', favourite: true },
      ],
      failed: [{ id: 'f', prompt: 'A storm', reason: 'The server had a hiccup.' }],
    });
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Reelwright' })).toBeVisible();
  });

  test('studio has no serious or critical violations', async ({ page }) => {
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('library (clips, prompts and spend) has no serious or critical violations', async ({ page }) => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library' }).click();
    const library = page.getByRole('main', { name: 'Clip library' });
    await expect(library.getByRole('listbox', { name: 'Clips' }).getByRole('option')).toHaveCount(3);
    await library.getByRole('listbox').getByRole('option').first().click();
    expect(await seriousViolations(page)).toEqual([]);
    await library.getByRole('tab', { name: 'Prompts' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await library.getByRole('tab', { name: 'Spend' }).click();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('episodes (empty, storyboard with the editor, takes and the stitched player) has no serious or critical violations', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const episodes = new EpisodesPane(page);
    await episodes.open();
    expect(await seriousViolations(page)).toEqual([]);
    await episodes.createSeries('Axe Harbour', 8);
    await episodes.split('A gull lands on the pier.\n---\nThe fisherman throws it a sardine.');
    await expect(episodes.cards).toHaveCount(2);
    await episodes.card(1).click();
    await expect(episodes.editor.getByLabel('Prompt')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await episodes.root.getByRole('button', { name: /^Generate all/ }).click();
    await episodes.approveFirstTake(1);
    await episodes.approveFirstTake(2);
    expect(await seriousViolations(page)).toEqual([]);
    await episodes.stitch();
    await expect(episodes.player).toBeVisible({ timeout: 60_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('settings dialog open has no serious or critical violations', async ({ page }) => {
    await page.getByRole('button', { name: 'Providers & keys' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the library is reachable and navigable by keyboard, with a visible focus ring', async ({ page }) => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library' }).focus();
    await page.keyboard.press('Enter');
    const options = page.getByRole('listbox', { name: 'Clips' }).getByRole('option');
    await expect(options).toHaveCount(3);
    // Tab until the list takes focus (no mouse).
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      if (await options.first().evaluate((el) => el.matches(':focus'))) break;
    }
    await expect(options.first()).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(1)).toBeFocused();
    const ring = await options.nth(1).evaluate((el) => getComputedStyle(el.firstElementChild!).outlineStyle);
    expect(ring).not.toBe('none');
  });
});
