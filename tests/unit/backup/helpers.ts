/** Fixtures for the backup tests: a seeded library, archives in memory, and a byte-exact dump of a db. */
import { afterEach } from 'vitest';
import { createBackupDb } from '../../../src/db/backup-repo.ts';
import { newId } from '../../../src/db/ids.ts';
import { openReelwrightDb } from '../../../src/db/open-db.ts';
import type { DbConnection } from '../../../src/db/schema.ts';
import { exportBackup, type ExportOptions } from '../../../src/state/backup/exporter.ts';
import { Sha256 } from '../../../src/state/backup/sha256.ts';
import type { BackupDb } from '../../../src/state/ports.ts';

export const TEST_KEY = 'sk-test-SECRET-0123456789abcdef';

const open: DbConnection[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

export async function freshDb(): Promise<{ raw: DbConnection; db: BackupDb }> {
  const raw = await openReelwrightDb(newId('backup-db'));
  open.push(raw);
  return { raw, db: createBackupDb(raw) };
}

/** Deterministic pseudo-random bytes. */
export function noise(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A small library in every store: two projects, assets, clips with thumbnails, jobs, spend, keys. */
export async function seed(raw: DbConnection): Promise<void> {
  const tx = raw.transaction([...raw.objectStoreNames], 'readwrite');
  const put = (store: string, value: unknown): void =>
    void tx.objectStore(store as 'assets').put(value as never);
  for (const p of [1, 2]) {
    put('projects', { id: `project-${p}`, title: `Project ${p}`, created: p, updated: p });
    put('episodes', {
      id: `episode-${p}`,
      projectId: `project-${p}`,
      title: `Ep ${p}`,
      targetSeconds: 75,
      aspect: '9:16',
      size: '720x1280',
      connectionId: 'local',
      model: 'local-preview',
      script: '',
      musicLevel: 0.5,
      captions: false,
      created: p,
      updated: p,
    });
    put('segments', {
      id: `segment-${p}`,
      episodeId: `episode-${p}`,
      order: 0,
      title: 's',
      prompt: 'p',
      caption: '',
      seconds: 4,
      continuity: 'cut',
      takeIds: [`video-${p}`],
      referenceAssetId: `asset-${p}`,
    });
    put('assets', {
      id: `asset-${p}`,
      name: `ref-${p}.png`,
      kind: 'image',
      mime: 'image/png',
      bytes: 3000,
      sha256: `sha-${p}`,
      created: p,
      tags: ['a'],
      blobId: `asset-${p}-blob`,
      thumbId: `asset-${p}-thumb`,
    });
    put('blobs', { id: `asset-${p}-blob`, blob: new Blob([noise(3000, p)], { type: 'image/png' }) });
    put('blobs', { id: `asset-${p}-thumb`, blob: new Blob([noise(500, p + 10)], { type: 'image/webp' }) });
    put('videos', {
      id: `video-${p}`,
      jobId: `job-${p}`,
      prompt: `prompt ${p}`,
      connectionId: 'openai-1',
      providerKind: 'openai',
      model: 'sora-2',
      size: '720x1280',
      seconds: 4,
      width: 720,
      height: 1280,
      duration: 4,
      codec: 'avc1',
      bytes: 200_000,
      cost: 0.4,
      created: p,
      completed: p,
      blobId: `video-${p}-blob`,
      thumbId: `video-${p}-thumb`,
      segmentId: `segment-${p}`,
    });
    put('blobs', { id: `video-${p}-blob`, blob: new Blob([noise(200_000, p + 20)], { type: 'video/mp4' }) });
    put('blobs', { id: `video-${p}-thumb`, blob: new Blob([noise(700, p + 30)], { type: 'image/webp' }) });
    put('jobs', {
      id: `job-${p}`,
      request: {
        prompt: `prompt ${p}`,
        connectionId: 'openai-1',
        model: 'sora-2',
        size: '720x1280',
        seconds: 4,
      },
      providerKind: 'openai',
      status: 'done',
      progress: 100,
      created: p,
      updated: p,
      deadline: 0,
      attempts: 1,
      estimatedCost: 0.4,
      resultIds: [`video-${p}`],
    });
    put('spend', {
      jobId: `job-${p}`,
      connectionId: 'openai-1',
      providerKind: 'openai',
      model: 'sora-2',
      estimated: 0.4,
      final: 0.4,
      day: '2026-01-01',
      created: p,
    });
    put('prompts', {
      id: `prompt-${p}`,
      text: `prompt ${p}`,
      firstUsed: p,
      lastUsed: p,
      useCount: 1,
      videoIds: [`video-${p}`],
    });
  }
  put('settings', {
    key: 'connections',
    value: [
      {
        id: 'openai-1',
        kind: 'openai',
        label: 'Gateway',
        baseUrl: 'https://gw.example/v1',
        apiKey: TEST_KEY,
        concurrency: 2,
      },
    ],
  });
  put('settings', {
    key: 'preferences',
    value: { pace: 'fast', maxAssetBytes: 1000, persistenceAsked: true },
  });
  await tx.done;
}

/** Every record of every store, with each Blob replaced by its type, size and SHA-256. */
export async function dump(raw: DbConnection): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of [...raw.objectStoreNames].sort()) {
    const rows = await raw.getAll(name as 'assets');
    out[name] = await Promise.all(rows.map((row) => digestBlobs(row)));
  }
  return out;
}

async function digestBlobs(value: unknown): Promise<unknown> {
  if (value instanceof Blob) {
    const hash = new Sha256().update(new Uint8Array(await value.arrayBuffer())).hex();
    return { blob: true, type: value.type, size: value.size, hash };
  }
  if (Array.isArray(value)) return Promise.all(value.map(digestBlobs));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await digestBlobs(v)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

/** Exports into memory and returns the archive as a Blob. */
export async function exportToBlob(db: BackupDb, options: Partial<ExportOptions> = {}): Promise<Blob> {
  const chunks: Uint8Array[] = [];
  const sink = new WritableStream<Uint8Array>({ write: (chunk) => void chunks.push(chunk.slice()) });
  await exportBackup(db, sink, { scope: { kind: 'library' }, appVersion: 'test', ...options });
  return new Blob(chunks as BlobPart[], { type: 'application/zip' });
}
