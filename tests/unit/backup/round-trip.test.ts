import { describe, expect, it } from 'vitest';
import { importBackup } from '../../../src/state/backup/importer.ts';
import { dump, exportToBlob, freshDb, seed, TEST_KEY } from './helpers.ts';

describe('backup round trip', () => {
  it('export, wipe, import: every record and blob byte is identical (keys excepted)', async () => {
    const { raw, db } = await freshDb();
    await seed(raw);
    const before = await dump(raw);
    const archive = await exportToBlob(db, { secrets: [TEST_KEY] });
    expect(await archive.text()).not.toContain(TEST_KEY);

    await db.wipe();
    expect((await dump(raw)).assets).toEqual([]);
    const summary = await importBackup(db, archive);
    const after = await dump(raw);

    // Connections come back through the store (which merges them); everything else is written here.
    const withoutConnections = (d: Record<string, unknown[]>) => ({
      ...d,
      settings: d.settings!.filter((row) => (row as { key: string }).key !== 'connections'),
    });
    expect(withoutConnections(after)).toEqual(withoutConnections(before));
    expect(summary.connections).toEqual([
      { id: 'openai-1', kind: 'openai', label: 'Gateway', baseUrl: 'https://gw.example/v1', concurrency: 2 },
    ]);
    expect(summary.keys).toBeUndefined();
    expect(summary.added).toMatchObject({ assets: 2, videos: 2, blobs: 8, projects: 2, jobs: 2, spend: 2 });
    expect(summary.mediaAdded.count).toBe(8);
    expect(summary.manifest.counts.blobs).toBe(8);
  });

  it('merges without duplicates: importing into the same library adds nothing', async () => {
    const { raw, db } = await freshDb();
    await seed(raw);
    const before = await dump(raw);
    const summary = await importBackup(db, await exportToBlob(db));
    expect(summary.added).toEqual({});
    expect(summary.duplicates.assets).toBe(2);
    expect(await dump(raw)).toEqual(before);
  });

  it('recognises the same asset bytes under another id and does not store them twice', async () => {
    const source = await freshDb();
    await seed(source.raw);
    const target = await freshDb();
    await target.raw.put('assets', {
      id: 'mine',
      name: 'mine.png',
      kind: 'image',
      mime: 'image/png',
      bytes: 3000,
      sha256: 'sha-1',
      created: 9,
      tags: [],
      blobId: 'mine-blob',
    });
    await target.raw.put('blobs', { id: 'mine-blob', blob: new Blob(['x']) });
    const summary = await importBackup(target.db, await exportToBlob(source.db));
    expect(summary.added.assets).toBe(1);
    expect(await target.raw.get('assets', 'asset-1')).toBeUndefined();
    expect(await target.raw.get('blobs', 'asset-1-blob')).toBeUndefined();
    expect(await target.raw.get('assets', 'asset-2')).toBeDefined();
  });

  it('exports one project with its episodes, segments, clips, assets, jobs and blobs only', async () => {
    const { raw, db } = await freshDb();
    await seed(raw);
    const archive = await exportToBlob(db, { scope: { kind: 'project', id: 'project-1' } });
    const target = await freshDb();
    const summary = await importBackup(target.db, archive);
    expect(summary.added).toEqual({
      projects: 1,
      episodes: 1,
      segments: 1,
      videos: 1,
      assets: 1,
      jobs: 1,
      spend: 1,
      prompts: 1,
      blobs: 4,
    });
    expect(await target.raw.get('videos', 'video-2')).toBeUndefined();
    expect(summary.manifest.scope).toEqual({ kind: 'project', id: 'project-1' });
  });

  it('writes a manifest with format, versions, counts and a checksum per file', async () => {
    const { raw, db } = await freshDb();
    await seed(raw);
    const target = await freshDb();
    const { manifest } = await importBackup(target.db, await exportToBlob(db, { appVersion: '9.9.9' }));
    expect(manifest).toMatchObject({
      format: 'reelwright-backup',
      formatVersion: 1,
      app: { version: '9.9.9' },
      dbVersion: raw.version,
    });
    expect(Object.keys(manifest.files).filter((p) => p.startsWith('media/'))).toHaveLength(8);
    for (const info of Object.values(manifest.files)) expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
