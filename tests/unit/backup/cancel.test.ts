import { describe, expect, it, vi } from 'vitest';
import { BackupError } from '../../../src/state/backup/errors.ts';
import { importBackup } from '../../../src/state/backup/importer.ts';
import type { BackupProgress } from '../../../src/state/backup/progress.ts';
import { dump, exportToBlob, freshDb, noise, seed } from './helpers.ts';

async function bigLibrary() {
  const source = await freshDb();
  await seed(source.raw);
  for (let i = 0; i < 40; i += 1) {
    await source.raw.put('assets', {
      id: `extra-${i}`,
      name: `x${i}.bin`,
      kind: 'image',
      mime: 'image/png',
      bytes: 20_000,
      sha256: `extra-sha-${i}`,
      created: i,
      tags: [],
      blobId: `extra-${i}-blob`,
    });
    await source.raw.put('blobs', { id: `extra-${i}-blob`, blob: new Blob([noise(20_000, 100 + i)]) });
  }
  return exportToBlob(source.db);
}

describe('cancel and failure during import', () => {
  it('cancel mid-import leaves the library exactly as it was', async () => {
    const archive = await bigLibrary();
    const target = await freshDb();
    await target.raw.put('assets', {
      id: 'kept',
      name: 'kept.png',
      kind: 'image',
      mime: 'image/png',
      bytes: 1,
      sha256: 'kept',
      created: 1,
      tags: [],
      blobId: 'kept-blob',
    });
    await target.raw.put('blobs', { id: 'kept-blob', blob: new Blob(['k']) });
    const before = await dump(target.raw);
    const controller = new AbortController();
    let batches = 0;
    const phases = new Set<string>();
    const error = await importBackup(target.db, archive, {
      signal: controller.signal,
      onProgress: (p: BackupProgress) => phases.add(p.phase),
      afterBatch: () => {
        batches += 1;
        if (batches === 2) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(batches).toBe(2);
    expect((error as BackupError).code).toBe('canceled');
    expect((error as BackupError).message).toMatch(/exactly as it was/);
    expect([...phases]).toEqual(expect.arrayContaining(['checking', 'writing', 'rolling-back']));
    expect(await dump(target.raw)).toEqual(before);
  });

  it('a failure at the final commit rolls back the media already written', async () => {
    const archive = await bigLibrary();
    const target = await freshDb();
    const before = await dump(target.raw);
    const addAll = target.db.addAll;
    let calls = 0;
    vi.spyOn(target.db, 'addAll').mockImplementation(async (rows) => {
      calls += 1;
      // Media batches go through; the metadata commit fails as a full disk would.
      if (rows.some((row) => row.store === 'projects')) throw new Error('disk full');
      return addAll(rows);
    });
    await expect(importBackup(target.db, archive)).rejects.toThrow('disk full');
    expect(calls).toBeGreaterThan(2);
    expect(await dump(target.raw)).toEqual(before);
  });

  it('reports checking and writing progress in bytes up to the total', async () => {
    const archive = await bigLibrary();
    const target = await freshDb();
    const seen: BackupProgress[] = [];
    await importBackup(target.db, archive, { onProgress: (p) => seen.push(p) });
    const last = seen.at(-1)!;
    expect(last.phase).toBe('writing');
    expect(last.bytesDone).toBe(last.bytesTotal);
    expect(last.bytesTotal).toBeGreaterThan(800_000);
  });
});
