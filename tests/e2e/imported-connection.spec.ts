import { expect, test } from '@playwright/test';
import { openApp } from './support/app.ts';
import { readStore } from './support/episodes.ts';

test('an imported connection is labelled in Settings until the user checks its host and saves it', async ({
  page,
}) => {
  await openApp(page);
  // A connection as the importer writes it (src/state/backup/imported-connections.ts): marked imported.
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('reelwright');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('settings', 'readwrite');
    const store = tx.objectStore('settings');
    const row = await new Promise<{ value?: unknown[] } | undefined>((resolve) => {
      const get = store.get('connections');
      get.onsuccess = () => resolve(get.result as { value?: unknown[] } | undefined);
    });
    store.put({
      key: 'connections',
      value: [
        ...(row?.value ?? []),
        {
          id: 'shared-gw',
          kind: 'openai',
          label: 'Shared gateway',
          baseUrl: 'https://gw.example/v1',
          concurrency: 2,
          imported: true,
        },
      ],
    });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Reelwright' })).toBeVisible();

  await page.getByRole('button', { name: 'Providers & keys' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const nav = dialog.getByRole('navigation', { name: 'Connections' });
  await nav.getByRole('button', { name: 'Shared gateway (imported)' }).click();
  await expect(dialog.getByText('imported — check the host before adding a key (gw.example)')).toBeVisible();

  // Saving is the user's confirmation: the label and the note go away, and so does the stored mark.
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(nav.getByRole('button', { name: 'Shared gateway', exact: true })).toBeVisible();
  await expect(dialog.getByText('imported — check the host before adding a key')).toHaveCount(0);
  await expect
    .poll(async () => {
      const [row] = (await readStore(page, 'settings')).filter((r) => r.key === 'connections');
      return (row?.value as Array<{ id: string; imported?: boolean }>).find((c) => c.id === 'shared-gw')
        ?.imported;
    })
    .toBeUndefined();
});
