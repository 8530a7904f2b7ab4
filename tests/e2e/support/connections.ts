import { expect, type Page } from '@playwright/test';

/** Opens Providers & keys, adds a connection of the given kind, fills it in and saves it. */
export async function addConnection(
  page: Page,
  kind: 'openai' | 'fal',
  fields: { name: string; baseUrl: string; key: string; authStyle?: 'bearer' | 'api-key'; models?: string },
): Promise<void> {
  await page.getByRole('button', { name: 'Providers & keys' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog
    .getByRole('button', { name: kind === 'openai' ? '+ Sora 2 / OpenAI-compatible' : '+ fal.ai' })
    .click();
  await dialog.getByLabel('Name').fill(fields.name);
  await dialog.getByLabel('Base URL').fill(fields.baseUrl);
  await dialog.getByLabel('API key').fill(fields.key);
  if (fields.authStyle) await dialog.getByLabel('Authentication').selectOption(fields.authStyle);
  if (fields.models !== undefined) await dialog.getByLabel(/Model ids/).fill(fields.models);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(
    dialog.getByRole('navigation', { name: 'Connections' }).getByRole('button', { name: fields.name }),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
}
