import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { PromptBarPane, openApp } from './support/app.ts';

// The keyboard-shortcut overlay (`?`): the current view's shortcuts in a focus-trapped dialog.

const overlay = (page: Page) => page.getByRole('dialog', { name: /^Keyboard shortcuts/ });

async function openView(page: Page, view: 'Studio' | 'Library' | 'Episodes'): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view }).click();
  // Keys go to the page, not to the view's button (Space/Enter on a focused button would click it).
  await page.locator('body').click({ position: { x: 2, y: 2 } });
}

test('? lists the current view’s shortcuts; focus stays in the dialog and Esc closes it', async ({
  page,
}) => {
  await openApp(page);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('?');
  const dialog = overlay(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleName('Keyboard shortcuts — Studio');
  await expect(dialog.getByRole('heading', { name: /^Player/ })).toBeVisible();
  await expect(dialog.getByRole('row', { name: /Ctrl\/⌘\+Enter Generate/ })).toBeVisible();
  await expect(dialog.getByRole('heading', { name: /^Storyboard/ })).toHaveCount(0);

  // Focus starts on Close and cycles inside the dialog, both ways.
  const close = dialog.getByRole('button', { name: 'Close' });
  const list = dialog.getByRole('region', { name: 'Shortcuts' });
  await expect(close).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(list).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(close).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(list).toBeFocused();

  const axe = await new AxeBuilder({ page }).include('rw-app-shell').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('each view lists its own shortcuts', async ({ page }) => {
  await openApp(page);
  await openView(page, 'Library');
  await page.keyboard.press('?');
  await expect(overlay(page)).toHaveAccessibleName('Keyboard shortcuts — Library');
  await expect(overlay(page).getByRole('row', { name: /Ctrl\/⌘\+A Select every clip shown/ })).toBeVisible();
  await expect(overlay(page).getByRole('heading', { name: /^Player/ })).toHaveCount(0);
  await overlay(page).getByRole('button', { name: 'Close' }).click();
  await expect(overlay(page)).toBeHidden();

  await openView(page, 'Episodes');
  await page.keyboard.press('?');
  await expect(overlay(page)).toHaveAccessibleName('Keyboard shortcuts — Episodes');
  await expect(
    overlay(page).getByRole('row', { name: /Alt\+↑ or Alt\+← Move the segment earlier/ }),
  ).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(overlay(page)).toBeHidden();
});

test('? typed in a text field is a question mark, not the overlay; the header button opens it too', async ({
  page,
}) => {
  await openApp(page);
  const bar = new PromptBarPane(page);
  await bar.prompt.fill('Who is at the door');
  await bar.prompt.press('?');
  await expect(bar.prompt).toHaveValue('Who is at the door?');
  await expect(overlay(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(overlay(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(overlay(page)).toBeHidden();
  // Focus goes back to where it was.
  await expect(page.getByRole('button', { name: 'Keyboard shortcuts' })).toBeFocused();
});
