import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createFalMock, TEST_KEY } from '../mocks/fal/mock.mjs';
import { openApp, PromptBarPane, ViewerPane, writeTemp } from './support/app.ts';
import { addConnection } from './support/connections.ts';
import { useMockServer } from './support/mock-server.ts';

/**
 * Custom models (Settings → Models): an entry validated by the catalog schema, offered in the prompt bar
 * with only its legal values, and sent to the fal mock as the entry says. The mock serves only endpoints it
 * knows, so the entry names a new model id on Wan's text-to-video endpoint (the mock checks Wan's rules).
 */

const JOB_MS = 60_000;
const mock = useMockServer(() => createFalMock({ jobDurationMs: JOB_MS }));

const DREAM = {
  provider: 'fal',
  id: 'vendor/dream-1',
  label: 'Dream 1',
  mode: 'video',
  durations: [3, 7],
  durationEncoding: 'integer',
  sizes: [
    { size: '720x1280', params: { aspect_ratio: '9:16', resolution: '720p' } },
    { size: '1280x720', params: { aspect_ratio: '16:9', resolution: '720p' } },
  ],
  references: { firstFrame: false, lastFrame: false, multiple: 0 },
  remix: false,
  extend: false,
  audio: 'always',
  perSecond: 0.05,
  endpoints: { text: 'fal-ai/wan/v2.7/text-to-video' },
  fields: { duration: 'duration' },
};

async function openModels(page: Page) {
  await page.getByRole('button', { name: 'Providers & keys' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('tab', { name: 'Models' }).click();
  return dialog;
}

async function addEntry(page: Page, entry: unknown) {
  const dialog = await openModels(page);
  await dialog.getByRole('button', { name: 'New entry' }).click();
  await dialog.getByLabel('New model entry (JSON)').fill(JSON.stringify(entry, null, 2));
  await dialog.getByRole('button', { name: 'Add model' }).click();
  return dialog;
}

async function options(bar: PromptBarPane, label: 'Size' | 'Duration'): Promise<string[]> {
  return bar
    .select(label)
    .locator('option')
    .evaluateAll((list) => list.map((o) => (o as HTMLOptionElement).value));
}

test('a custom model added in Settings is offered with only its legal values and sent as its entry says', async ({
  page,
}) => {
  await openApp(page);
  const dialog = await addEntry(page, DREAM);
  await expect(dialog.getByRole('status')).toHaveText('Added Dream 1.');
  await expect(dialog.getByRole('list', { name: 'Custom models' })).toContainText('Dream 1');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await addConnection(page, 'fal', { name: 'fal mock', baseUrl: mock.queueUrl, key: TEST_KEY });

  // It survives a reload, and the prompt bar offers exactly the entry's values, marked unverified.
  await page.reload();
  const bar = new PromptBarPane(page);
  await bar.select('Provider').selectOption({ label: 'fal mock' });
  await bar.select('Model').selectOption('vendor/dream-1');
  await expect(bar.select('Model').locator('option:checked')).toHaveText('Dream 1 · unverified');
  // The "unverified" badge beside the picker; its description is the entry's `unverified` text.
  const badge = bar.root.getByText('unverified', { exact: true });
  await expect(badge).toBeVisible();
  await expect(badge).toHaveAccessibleDescription(/./);
  expect(await options(bar, 'Duration')).toEqual(['3', '7']);
  expect(await options(bar, 'Size')).toEqual(['720x1280', '1280x720']);
  await bar.select('Duration').selectOption('3');
  await expect(bar.root.getByLabel('Estimated cost')).toHaveText('$0.15');

  await bar.generate('A paper boat in a gutter stream', { size: '1280x720', seconds: 7 });
  await expect.poll(() => mock.state().jobs.length, { timeout: 20_000 }).toBe(1);
  expect(mock.state().jobs[0]).toMatchObject({
    endpoint: 'fal-ai/wan/v2.7/text-to-video',
    input: {
      prompt: 'A paper boat in a gutter stream',
      duration: 7,
      aspect_ratio: '16:9',
      resolution: '720p',
    },
  });
  mock.advance(JOB_MS);
  await expect(new ViewerPane(page).jobs.first()).toContainText('Done', { timeout: 20_000 });
  expect(mock.state().counters.submits).toBe(1);
});

test('an invalid entry is refused with the field named; import and export round-trip', async ({ page }) => {
  await openApp(page);
  const dialog = await addEntry(page, { ...DREAM, durations: [3, 'seven'] });
  await expect(dialog.getByRole('alert')).toHaveText(
    'Refused: durations[1]: durations must be a number of seconds.',
  );
  await expect(dialog.getByText('No custom models yet.')).toBeVisible();

  await dialog
    .getByLabel('New model entry (JSON)')
    .fill(JSON.stringify({ ...DREAM, sizes: [{ size: '9:16' }] }));
  await dialog.getByRole('button', { name: 'Add model' }).click();
  await expect(dialog.getByRole('alert')).toContainText('sizes[0].size: size must be WIDTHxHEIGHT');

  // A file with one bad entry is refused whole, naming the entry and field.
  const bad = writeTemp(
    'bad-models.json',
    Buffer.from(JSON.stringify([DREAM, { ...DREAM, id: 'x/y', audio: 'loud' }])),
  );
  await dialog.getByLabel('Import models (JSON file)').setInputFiles(bad);
  await expect(dialog.getByRole('alert')).toContainText(
    'Entry 2, audio: audio must be toggle, always or none.',
  );
  await expect(dialog.getByText('No custom models yet.')).toBeVisible();

  const good = writeTemp('good-models.json', Buffer.from(JSON.stringify({ models: [DREAM] })));
  await dialog.getByLabel('Import models (JSON file)').setInputFiles(good);
  await expect(dialog.getByRole('status')).toHaveText('Imported 1 model.');
  await expect(dialog.getByRole('alert')).toHaveText('');

  // Edit in place, then export what is stored.
  await dialog.getByRole('button', { name: 'Edit Dream 1' }).click();
  await dialog
    .getByLabel('Edit model entry (JSON)')
    .fill(JSON.stringify({ ...DREAM, label: 'Dream 1.1', durations: [3, 7, 12] }));
  await dialog.getByRole('button', { name: 'Save model' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Saved Dream 1.1.');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export models' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as {
    models: Array<{ label: string; durations: number[] }>;
  };
  expect(exported.models).toHaveLength(1);
  expect(exported.models[0]).toMatchObject({ label: 'Dream 1.1', durations: [3, 7, 12] });

  // Removed: gone after a reload.
  await dialog.getByRole('button', { name: 'Remove Dream 1.1' }).click();
  await expect(dialog.getByText('No custom models yet.')).toBeVisible();
  await page.reload();
  await openModels(page);
  await expect(
    page.getByRole('dialog', { name: 'Settings' }).getByText('No custom models yet.'),
  ).toBeVisible();
});

test('catalog entries that could not be verified are listed as such', async ({ page }) => {
  await openApp(page);
  const dialog = await openModels(page);
  const list = dialog.getByRole('list', { name: 'Unverified catalog entries' });
  await expect(list.getByRole('listitem').first()).toContainText('unverified');
});
