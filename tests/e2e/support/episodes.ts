import { expect, type Locator, type Page } from '@playwright/test';
import { showPane } from './app.ts';

/** The Episodes pane. */
export class EpisodesPane {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByRole('main', { name: 'Episodes' });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Episodes' })
      .click();
    await showPane(this.page, 'Viewer');
    await expect(this.root).toBeVisible();
  }

  async createSeries(title: string, targetSeconds: number): Promise<void> {
    await this.root.getByLabel('New series').fill(title);
    await this.root.getByRole('button', { name: 'Create series' }).click();
    await expect(this.root.getByLabel('Episode title')).toHaveValue('Episode 1');
    const target = this.root.getByLabel('Target length (s)');
    await target.fill(String(targetSeconds));
    await target.press('Tab');
    await expect(this.root.getByText(`of ${targetSeconds} s target`)).toBeVisible();
  }

  async split(script: string): Promise<void> {
    await this.root.getByLabel('Script or long prompt').fill(script);
    await this.root.getByRole('button', { name: 'Split into segments' }).click();
  }

  get cards(): Locator {
    return this.root.getByRole('list', { name: 'Storyboard' }).getByRole('article');
  }

  card(n: number): Locator {
    return this.root.getByRole('article', { name: new RegExp(`^Segment ${n}:`) });
  }

  get editor(): Locator {
    return this.root.getByRole('region', { name: 'Segment editor' });
  }

  /** Waits for segment `n`'s first take and approves it. */
  async approveFirstTake(n: number): Promise<void> {
    await expect(this.card(n).getByRole('status')).toHaveText(/take.*approve one/, { timeout: 120_000 });
    await this.card(n).click();
    await this.editor.getByRole('button', { name: 'Approve Take 1' }).click();
    await expect(this.card(n).getByRole('status')).toHaveText('Approved');
  }

  async stitch(): Promise<void> {
    await this.root.getByRole('button', { name: /^Stitch/ }).click();
  }

  get player(): Locator {
    return this.root.getByLabel(/^Episode: /);
  }
}

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Reads a store straight from the app's IndexedDB (the truth of what was saved), or one blob as base64. */
export async function readStore(page: Page, store: string, blobId?: string): Promise<Row[]> {
  return page.evaluate(
    async ([name, id]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('reelwright');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const objects = db.transaction(name!).objectStore(name!);
      const request = id ? objects.get(id) : objects.getAll();
      const result = await new Promise<unknown>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      if (!id) return result as Row[];
      const array = new Uint8Array(await (result as { blob: Blob }).blob.arrayBuffer());
      let text = '';
      for (let i = 0; i < array.length; i += 0x8000)
        text += String.fromCharCode(...array.subarray(i, i + 0x8000));
      return [{ base64: btoa(text) }];
    },
    [store, blobId],
  );
}

export const blobBytes = async (page: Page, id: string): Promise<Buffer> =>
  Buffer.from((await readStore(page, 'blobs', id))[0]!.base64 as string, 'base64');

/** Plays a <video> muted (at `rate`) until it ends; returns where it stopped and any media error. */
export async function playToEnd(
  video: Locator,
  rate = 4,
): Promise<{ time: number; duration: number; error: number }> {
  return video.evaluate(async (element: HTMLVideoElement, playbackRate) => {
    element.muted = true;
    if (element.readyState < 1)
      await new Promise((r) => element.addEventListener('loadedmetadata', r, { once: true }));
    element.playbackRate = playbackRate;
    const ended = new Promise<void>((resolve) =>
      element.addEventListener('ended', () => resolve(), { once: true }),
    );
    await element.play();
    await ended;
    return { time: element.currentTime, duration: element.duration, error: element.error?.code ?? 0 };
  }, rate);
}
