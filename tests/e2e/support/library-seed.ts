import type { Page } from '@playwright/test';

/** A clip row to seed; defaults fill in the rest. */
export interface SeedClip {
  id: string;
  prompt: string;
  providerKind?: 'local' | 'openai' | 'fal';
  model?: string;
  size?: string;
  duration?: number;
  cost?: number;
  created?: number;
  segmentId?: string;
  remixOf?: string;
  favourite?: boolean;
  /** Bytes of the (fake) clip blob; 0 writes none. */
  blobBytes?: number;
}

export interface SeedSpend {
  jobId: string;
  providerKind: 'local' | 'openai' | 'fal';
  model: string;
  estimated: number;
  final?: number;
  day: string;
  created: number;
  segmentId?: string;
}

/**
 * Writes rows straight into the app's IndexedDB (the app must have opened it once), then the caller
 * reloads. Clip blobs are placeholders: enough to list, search and filter, not to play.
 */
export async function seed(
  page: Page,
  data: {
    clips?: SeedClip[];
    failed?: Array<{ id: string; prompt: string; reason: string; created?: number }>;
    spend?: SeedSpend[];
    settings?: Record<string, unknown>;
  },
): Promise<void> {
  await page.evaluate(async ({ clips = [], failed = [], spend = [], settings = {} }) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('reelwright');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const canvas = new OffscreenCanvas(72, 128);
    const ctx = canvas.getContext('2d')!;
    const thumbs: Blob[] = [];
    for (let i = 0; i < 6; i += 1) {
      ctx.fillStyle = `hsl(${i * 60} 60% 50%)`;
      ctx.fillRect(0, 0, 72, 128);
      thumbs.push(await canvas.convertToBlob({ type: 'image/webp' }));
    }
    const tx = db.transaction(['videos', 'blobs', 'jobs', 'spend', 'settings'], 'readwrite');
    const now = Date.now();
    clips.forEach((c, i) => {
      const size = c.size ?? '720x1280';
      const [width, height] = size.split('x').map(Number);
      tx.objectStore('videos').put({
        id: c.id,
        jobId: `job-${c.id}`,
        prompt: c.prompt,
        connectionId: c.providerKind && c.providerKind !== 'local' ? c.providerKind : 'local',
        providerKind: c.providerKind ?? 'local',
        model: c.model ?? 'local-preview',
        size,
        seconds: 4,
        width,
        height,
        duration: c.duration ?? 4,
        codec: 'avc1.42001f',
        bytes: c.blobBytes ?? 1000,
        cost: c.cost ?? 0,
        segmentId: c.segmentId,
        remixOf: c.remixOf,
        favourite: c.favourite,
        tags: [],
        created: c.created ?? now - i * 1000,
        completed: c.created ?? now - i * 1000,
        blobId: `clip-${c.id}`,
        thumbId: `clipthumb-${c.id}`,
      });
      if (c.blobBytes !== 0) {
        tx.objectStore('blobs').put({
          id: `clip-${c.id}`,
          blob: new Blob([new Uint8Array(c.blobBytes ?? 1000)]),
        });
      }
      tx.objectStore('blobs').put({ id: `clipthumb-${c.id}`, blob: thumbs[i % thumbs.length] });
    });
    for (const f of failed) {
      tx.objectStore('jobs').put({
        id: f.id,
        request: {
          prompt: f.prompt,
          connectionId: 'local',
          model: 'local-preview',
          size: '720x1280',
          seconds: 4,
        },
        providerKind: 'local',
        status: 'failed',
        progress: 0,
        error: { kind: 'server', message: f.reason, action: 'Try again.', retryable: true },
        created: f.created ?? now,
        updated: now,
        deadline: Number.MAX_SAFE_INTEGER,
        attempts: 1,
        estimatedCost: 0,
      });
    }
    for (const row of spend) tx.objectStore('spend').put({ connectionId: row.providerKind, ...row });
    for (const [key, value] of Object.entries(settings)) tx.objectStore('settings').put({ key, value });
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, data);
}

/** The local calendar day of `epoch` as the app keys it. */
export const localDay = (epoch: number): string => {
  const d = new Date(epoch);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
