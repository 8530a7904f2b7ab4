/** Shared fixtures for the db tests: a fresh database per test and minimal valid records. */
import { afterEach } from 'vitest';
import { newId } from '../../../src/db/ids.ts';
import { openReelwrightDb } from '../../../src/db/open-db.ts';
import type { DbConnection } from '../../../src/db/schema.ts';
import type { AssetRecord, JobRecord, JobStatus, VideoRecord } from '../../../src/types.ts';

const open: DbConnection[] = [];

afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A freshly created database with a unique name, closed after the test. */
export async function freshDb(): Promise<DbConnection> {
  const db = await openReelwrightDb(newId('test-db'));
  open.push(db);
  return db;
}

export const bytes = (text: string, type = 'application/octet-stream'): Blob => new Blob([text], { type });

export function makeAsset(overrides: Partial<AssetRecord> = {}): AssetRecord {
  const id = overrides.id ?? newId('asset');
  return {
    id,
    name: `${id}.png`,
    kind: 'image',
    mime: 'image/png',
    bytes: 4,
    sha256: newId('sha'),
    created: 1_000,
    tags: [],
    blobId: `${id}-blob`,
    ...overrides,
  };
}

export function makeVideo(overrides: Partial<VideoRecord> = {}): VideoRecord {
  const id = overrides.id ?? newId('video');
  return {
    id,
    jobId: newId('job'),
    prompt: 'A lighthouse at dusk',
    connectionId: 'local',
    providerKind: 'local',
    model: 'local-preview',
    size: '720x1280',
    seconds: 4,
    width: 720,
    height: 1280,
    duration: 4,
    codec: 'avc1.42E01F',
    bytes: 8,
    cost: 0,
    created: 1_000,
    completed: 1_000,
    blobId: `${id}-blob`,
    ...overrides,
  };
}

export function makeJob(status: JobStatus, created: number, overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id: newId('job'),
    request: { prompt: 'p', connectionId: 'local', model: 'local-preview', size: '720x1280', seconds: 4 },
    providerKind: 'local',
    status,
    progress: 0,
    created,
    updated: created,
    deadline: created + 3_600_000,
    attempts: 0,
    estimatedCost: 0,
    ...overrides,
  };
}

/** Promise wrapper for a raw IDBRequest (the upgrade test speaks the raw API on purpose). */
export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
