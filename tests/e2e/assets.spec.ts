import { expect, test, type Page } from '@playwright/test';
import { AssetManagerPane, fileFrom, fixture, openApp, type FileSpec } from './support/app.ts';

/** Writes a preference row the way the app stores it, then reloads. */
async function setPreferences(page: Page, preferences: Record<string, unknown>): Promise<void> {
  await page.evaluate(async (prefs) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('reelwright');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('settings', 'readwrite');
    const store = tx.objectStore('settings');
    const current = await new Promise<{ value?: object } | undefined>((resolve) => {
      const get = store.get('preferences');
      get.onsuccess = () => resolve(get.result);
    });
    store.put({ key: 'preferences', value: { ...(current?.value ?? {}), ...prefs } });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  }, preferences);
  await page.reload();
}

const messages = (page: Page) => page.getByRole('log', { name: 'Messages' });

const GOOD: FileSpec[] = [
  'image.png',
  'image.jpg',
  'image.webp',
  'image.gif',
  'image.avif',
  'h264-aac.mp4',
  'clip.mov',
  'clip.webm',
  'tone.mp3',
  'tone.wav',
  'tone.m4a',
  'tone-opus.ogg',
].map((name) => fileFrom(fixture(name)));

test.describe('asset library', () => {
  let assets: AssetManagerPane;

  test.beforeEach(async ({ page }) => {
    await openApp(page);
    assets = new AssetManagerPane(page);
  });

  test('a new user is told what to do in every pane', async ({ page }) => {
    await expect(assets.root.getByText('Drop reference images, clips and audio here')).toBeVisible();
    await expect(page.getByText('No clip selected')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Prompt' })).toHaveAttribute(
      'placeholder',
      /Describe the shot/,
    );
    await expect(page.getByRole('complementary', { name: 'Asset library' })).toBeVisible();
    await expect(page.getByRole('main', { name: 'Video viewer' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Prompt bar' })).toBeVisible();
  });

  test('dropping many files stores each with metadata and a thumbnail, and they survive a reload', async ({
    page,
  }) => {
    await assets.drop(GOOD);
    await assets.expectCount(GOOD.length);
    await expect(messages(page)).toContainText(`Added ${GOOD.length} files to the library.`);

    const png = assets.card('image.png');
    await expect(png).toContainText('image · 554 B · 64×48');
    await expect(png.locator('img')).toHaveJSProperty('complete', true);
    expect(await png.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await expect(assets.card('h264-aac.mp4')).toContainText('video');
    await expect(assets.card('h264-aac.mp4')).toContainText('160×90');
    await expect(assets.card('h264-aac.mp4')).toContainText('1 s');
    await expect(assets.card('h264-aac.mp4').locator('img')).toBeVisible();
    await expect(assets.card('tone.wav')).toContainText('audio');
    await expect(assets.card('tone.wav').locator('img')).toBeVisible(); // waveform

    await page.reload();
    await assets.expectCount(GOOD.length);
    await expect(assets.root.getByText(`${GOOD.length} stored`)).toBeVisible();
  });

  test('a mixed drop stores the good file and explains each bad one', async ({ page }) => {
    await assets.drop([
      fileFrom(fixture('image.png'), 'good.png'),
      fileFrom(fixture('fake.png'), 'photo.png'),
      fileFrom(fixture('empty.png'), 'empty.png'),
      fileFrom(fixture('letter.docx')),
      fileFrom(fixture('truncated.mp4')),
      fileFrom(fixture('mpeg4-part2.mp4')),
      fileFrom(fixture('broken.png')),
    ]);
    const log = messages(page);
    await expect(log).toContainText(
      "photo.png is not a real PNG image — its contents don't match any supported format.",
    );
    await expect(log).toContainText('empty.png is empty.');
    await expect(log).toContainText("letter.docx: Reelwright can't use .docx files.");
    await expect(log).toContainText(/truncated\.mp4 .*can't be read/);
    await expect(log).toContainText(/mpeg4-part2\.mp4 uses the .* video codec .*which Reelwright can't use/);
    await expect(log).toContainText(/broken\.png looks like a PNG image but can't be decoded/);
    await assets.expectCount(1);
    await expect(assets.card('good.png')).toBeVisible();
  });

  test('the same file is never stored twice', async ({ page }) => {
    await assets.drop([fileFrom(fixture('image.png'), 'first.png')]);
    await expect(assets.card('first.png')).toBeVisible();
    await assets.drop([fileFrom(fixture('image.png'), 'again.png')]);
    await expect(messages(page)).toContainText('again.png is already in the library as “first.png”.');
    await assets.expectCount(1);
  });

  test('paste an image and pick files', async ({ page }) => {
    await assets.paste([fileFrom(fixture('image.jpg'), 'pasted.jpg', 'image/jpeg')]);
    await expect(assets.card('pasted.jpg')).toBeVisible();
    await assets.pick([fixture('image.webp'), fixture('tone.mp3')]);
    await expect(assets.card('image.webp')).toBeVisible();
    await expect(assets.card('tone.mp3')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Prompt' })).toHaveValue('');
  });

  test('filter by kind, search by name, rename, delete and undo', async ({ page }) => {
    await assets.drop(GOOD.slice(0, 6).concat(GOOD.slice(8, 10)));
    await assets.expectCount(8);
    await assets.root.getByLabel('Show').selectOption('audio');
    await assets.expectCount(2);
    await assets.root.getByLabel('Show').selectOption('all');
    await assets.root.getByRole('searchbox', { name: 'Search assets by name' }).fill('image');
    await assets.expectCount(5);
    await assets.root.getByRole('searchbox', { name: 'Search assets by name' }).fill('');
    await assets.expectCount(8);

    await assets.card('image.png').getByRole('button', { name: 'Rename image.png' }).click();
    const input = assets.root.getByRole('textbox', { name: 'New name for image.png' });
    await input.fill('Heroine close-up.png');
    await input.press('Enter');
    await expect(assets.card('Heroine close-up.png')).toBeVisible();

    await assets.card('image.gif').getByRole('button', { name: 'Delete image.gif' }).click();
    await assets.expectCount(7);
    await messages(page).getByRole('button', { name: 'Undo' }).click();
    await assets.expectCount(8);
    await expect(assets.card('image.gif')).toBeVisible();

    await assets.card('image.jpg').getByRole('button', { name: 'Delete image.jpg' }).click();
    await assets.expectCount(7);
    await page.reload();
    await assets.expectCount(7);
    await expect(assets.card('Heroine close-up.png')).toBeVisible();
    await expect(assets.card('image.jpg')).toHaveCount(0);
  });

  test('arrow keys move between assets', async ({ page }) => {
    await assets.drop(GOOD.slice(0, 3));
    await assets.expectCount(3);
    const first = assets.cards.first().getByRole('button', { name: /^Select/ });
    await first.focus();
    await page.keyboard.press('ArrowRight');
    const focusedName = await page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.getAttribute('aria-label');
    });
    expect(focusedName).toMatch(/^Select /);
    expect(focusedName).not.toBe(await first.getAttribute('aria-label'));
  });

  test('a file over the size limit is refused with the limit named', async ({ page }) => {
    await setPreferences(page, { maxAssetBytes: 10_000 });
    await assets.drop([fileFrom(fixture('tone.wav'))]);
    await expect(messages(page)).toContainText('tone.wav is 86.2 KB; the limit is 9.8 KB.');
    await assets.expectCount(0);
  });

  test('a full disk gives a clear message and leaves nothing half-written', async ({ page }) => {
    await assets.drop([fileFrom(fixture('image.png'), 'small.png')]);
    await expect(assets.card('small.png')).toBeVisible();
    // The disk fills up: IndexedDB refuses any write of more than 50 KB with QuotaExceededError,
    // after the asset row itself was accepted in the same transaction.
    await page.evaluate(() => {
      for (const method of ['add', 'put'] as const) {
        const original = IDBObjectStore.prototype[method];
        IDBObjectStore.prototype[method] = function (
          this: IDBObjectStore,
          value: unknown,
          key?: IDBValidKey,
        ) {
          const blob = (value as { blob?: Blob } | undefined)?.blob;
          if (blob && blob.size > 50_000)
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return original.call(this, value, key);
        } as never;
      }
    });
    await assets.drop([fileFrom(fixture('tone.wav'), 'big.wav')]);
    await expect(messages(page)).toContainText(/big\.wav was not added: Your device is out of space/);
    await assets.expectCount(1);
    await page.reload();
    await assets.expectCount(1);
    // No orphaned bytes either: every blob row belongs to the one asset left.
    const blobIds = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const open = indexedDB.open('reelwright');
        open.onsuccess = () => resolve(open.result);
      });
      const keys = await new Promise<IDBValidKey[]>((resolve) => {
        const req = db.transaction('blobs').objectStore('blobs').getAllKeys();
        req.onsuccess = () => resolve(req.result);
      });
      db.close();
      return keys.map(String);
    });
    expect(blobIds).toHaveLength(2);
  });
});
