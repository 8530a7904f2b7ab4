import { forceCloseDatabase } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { getAsset, listAssets } from '../../../src/db/assets-repo.ts';
import { getBlob } from '../../../src/db/blobs-repo.ts';
import { newId } from '../../../src/db/ids.ts';
import { openReelwrightDb } from '../../../src/db/open-db.ts';
import { DB_VERSION } from '../../../src/db/schema.ts';
import { getSetting } from '../../../src/db/settings-repo.ts';
import { countVideos } from '../../../src/db/videos-repo.ts';
import { freshDb, makeAsset, request } from './helpers.ts';

const EXPECTED: Record<string, { keyPath: string; indexes: Record<string, [string, boolean]> }> = {
  assets: {
    keyPath: 'id',
    indexes: { 'by-created': ['created', false], 'by-sha256': ['sha256', true], 'by-kind': ['kind', false] },
  },
  blobs: { keyPath: 'id', indexes: {} },
  settings: { keyPath: 'key', indexes: {} },
  videos: { keyPath: 'id', indexes: { 'by-created': ['created', false], 'by-job': ['jobId', false] } },
  prompts: { keyPath: 'id', indexes: { 'by-text': ['text', true], 'by-last-used': ['lastUsed', false] } },
  jobs: { keyPath: 'id', indexes: { 'by-status': ['status', false], 'by-created': ['created', false] } },
  spend: { keyPath: 'jobId', indexes: { 'by-day': ['day', false] } },
  projects: { keyPath: 'id', indexes: { 'by-updated': ['updated', false] } },
  episodes: {
    keyPath: 'id',
    indexes: { 'by-project': ['projectId', false], 'by-updated': ['updated', false] },
  },
  segments: { keyPath: 'id', indexes: { 'by-episode': ['episodeId', false] } },
};

describe('openReelwrightDb', () => {
  it('creates every store with its key path and indexes', async () => {
    const db = await freshDb();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(Object.keys(EXPECTED).sort());
    const tx = db.transaction([...db.objectStoreNames]);
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const store = tx.objectStore(name as 'assets');
      expect(store.keyPath, name).toBe(expected.keyPath);
      expect([...store.indexNames].sort(), name).toEqual(Object.keys(expected.indexes).sort());
      for (const [indexName, [keyPath, unique]] of Object.entries(expected.indexes)) {
        const index = store.index(indexName as 'by-created');
        expect({ keyPath: index.keyPath, unique: index.unique }, `${name}.${indexName}`).toEqual({
          keyPath,
          unique,
        });
      }
    }
  });

  it('upgrades a version-1 database in place, keeping every record', async () => {
    const name = newId('v1-db');
    // Build the database exactly as the v1 app did, with the raw IndexedDB API.
    const openV1 = indexedDB.open(name, 1);
    openV1.onupgradeneeded = () => {
      const v1 = openV1.result;
      const assets = v1.createObjectStore('assets', { keyPath: 'id' });
      assets.createIndex('by-created', 'created');
      assets.createIndex('by-sha256', 'sha256', { unique: true });
      assets.createIndex('by-kind', 'kind');
      v1.createObjectStore('blobs', { keyPath: 'id' });
      v1.createObjectStore('settings', { keyPath: 'key' });
    };
    const v1 = await request(openV1);
    const older = makeAsset({ id: 'a1', name: 'hero.png', created: 100, thumbId: 'a1-thumb' });
    const newer = makeAsset({ id: 'a2', name: 'theme.mp3', kind: 'audio', mime: 'audio/mpeg', created: 200 });
    const tx = v1.transaction(['assets', 'blobs', 'settings'], 'readwrite');
    tx.objectStore('assets').put(older);
    tx.objectStore('assets').put(newer);
    tx.objectStore('blobs').put({ id: 'a1-blob', blob: new Blob(['hero bytes'], { type: 'image/png' }) });
    tx.objectStore('blobs').put({ id: 'a1-thumb', blob: new Blob(['thumb']) });
    tx.objectStore('blobs').put({ id: 'a2-blob', blob: new Blob(['theme bytes']) });
    tx.objectStore('settings').put({ key: 'theme', value: { dark: true } });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    v1.close();

    const db = await openReelwrightDb(name);
    try {
      expect(db.version).toBe(DB_VERSION);
      for (const store of ['videos', 'prompts', 'jobs', 'spend'] as const) {
        expect(db.objectStoreNames.contains(store), store).toBe(true);
      }
      expect(await getAsset(db, 'a1')).toEqual(older);
      expect((await listAssets(db)).map((a) => a.id)).toEqual(['a2', 'a1']);
      expect(await (await getBlob(db, 'a1-blob'))?.text()).toBe('hero bytes');
      expect(await (await getBlob(db, 'a1-thumb'))?.text()).toBe('thumb');
      expect(await (await getBlob(db, 'a2-blob'))?.text()).toBe('theme bytes');
      expect(await getSetting(db, 'theme', null)).toEqual({ dark: true });
      expect(await db.countFromIndex('assets', 'by-kind', 'audio')).toBe(1);
      expect(await countVideos(db)).toBe(0);
    } finally {
      db.close();
    }
  });

  it('upgrades a version-2 database to v3, keeping every record and adding the episode stores', async () => {
    const name = newId('v2-db');
    // The v2 schema exactly as released (stores and indexes), built with the raw IndexedDB API.
    const openV2 = indexedDB.open(name, 2);
    openV2.onupgradeneeded = () => {
      const v2 = openV2.result;
      const assets = v2.createObjectStore('assets', { keyPath: 'id' });
      assets.createIndex('by-created', 'created');
      assets.createIndex('by-sha256', 'sha256', { unique: true });
      assets.createIndex('by-kind', 'kind');
      v2.createObjectStore('blobs', { keyPath: 'id' });
      v2.createObjectStore('settings', { keyPath: 'key' });
      const videos = v2.createObjectStore('videos', { keyPath: 'id' });
      videos.createIndex('by-created', 'created');
      videos.createIndex('by-job', 'jobId');
      const prompts = v2.createObjectStore('prompts', { keyPath: 'id' });
      prompts.createIndex('by-text', 'text', { unique: true });
      prompts.createIndex('by-last-used', 'lastUsed');
      const jobs = v2.createObjectStore('jobs', { keyPath: 'id' });
      jobs.createIndex('by-status', 'status');
      jobs.createIndex('by-created', 'created');
      const spend = v2.createObjectStore('spend', { keyPath: 'jobId' });
      spend.createIndex('by-day', 'day');
    };
    const v2 = await request(openV2);
    const asset = makeAsset({ id: 'a1', created: 100 });
    const video = {
      id: 'v1',
      jobId: 'j1',
      created: 5,
      prompt: 'rain',
      blobId: 'clip-v1',
      segmentId: 'seg-old',
    };
    const job = { id: 'j1', status: 'done', created: 5, request: { prompt: 'rain', segmentId: 'seg-old' } };
    const prompt = { id: 'p1', text: 'rain', firstUsed: 1, lastUsed: 5, useCount: 2, videoIds: ['v1'] };
    const spendRow = { jobId: 'j1', day: '2025-01-01', estimated: 0.4 };
    const tx = v2.transaction(
      ['assets', 'blobs', 'settings', 'videos', 'prompts', 'jobs', 'spend'],
      'readwrite',
    );
    tx.objectStore('assets').put(asset);
    tx.objectStore('blobs').put({ id: 'clip-v1', blob: new Blob(['mp4 bytes']) });
    tx.objectStore('settings').put({ key: 'draft', value: { prompt: 'rain' } });
    tx.objectStore('videos').put(video);
    tx.objectStore('prompts').put(prompt);
    tx.objectStore('jobs').put(job);
    tx.objectStore('spend').put(spendRow);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    v2.close();

    const db = await openReelwrightDb(name);
    try {
      expect(db.version).toBe(3);
      for (const store of ['projects', 'episodes', 'segments'] as const) {
        expect(db.objectStoreNames.contains(store), store).toBe(true);
        expect(await db.count(store)).toBe(0);
      }
      expect(await getAsset(db, 'a1')).toEqual(asset);
      expect(await db.get('videos', 'v1')).toEqual(video);
      expect(await db.get('jobs', 'j1')).toEqual(job);
      expect(await db.get('prompts', 'p1')).toEqual(prompt);
      expect(await db.get('spend', 'j1')).toEqual(spendRow);
      expect(await (await getBlob(db, 'clip-v1'))?.text()).toBe('mp4 bytes');
      expect(await getSetting(db, 'draft', null)).toEqual({ prompt: 'rain' });
      expect(await db.countFromIndex('jobs', 'by-status', 'done')).toBe(1);
      // The new stores work straight away.
      await db.put('segments', { id: 's1', episodeId: 'e1' } as never);
      expect(await db.getAllFromIndex('segments', 'by-episode', 'e1')).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('closes itself and reports when a newer version in another tab needs the database', async () => {
    const name = newId('blocking-db');
    const onBlocking = vi.fn();
    const db = await openReelwrightDb(name, { onBlocking });
    const newer = indexedDB.open(name, DB_VERSION + 1);
    const upgraded = await request(newer); // would hang (blocked) if the old connection stayed open
    expect(onBlocking).toHaveBeenCalledWith({ currentVersion: DB_VERSION, blockedVersion: DB_VERSION + 1 });
    expect(upgraded.version).toBe(DB_VERSION + 1);
    upgraded.close();
    expect(() => db.transaction('assets')).toThrow();
  });

  it('reports a connection the browser closed abnormally', async () => {
    const onTerminated = vi.fn();
    const db = await openReelwrightDb(newId('terminated-db'), { onTerminated });
    (forceCloseDatabase as unknown as (raw: IDBDatabase) => void)(unwrap(db));
    expect(onTerminated).toHaveBeenCalledOnce();
  });
});
