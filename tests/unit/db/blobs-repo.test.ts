import { describe, expect, it } from 'vitest';
import { addAsset } from '../../../src/db/assets-repo.ts';
import { collectOrphanBlobs, deleteBlobs, getBlob, putBlob } from '../../../src/db/blobs-repo.ts';
import { saveClip } from '../../../src/db/videos-repo.ts';
import { bytes, freshDb, makeAsset, makeVideo } from './helpers.ts';

describe('blobs repository', () => {
  it('stores a Blob and reads back its bytes and type', async () => {
    const db = await freshDb();
    await putBlob(db, 'b1', bytes('hello', 'text/plain'));
    const blob = await getBlob(db, 'b1');
    expect(blob).toBeInstanceOf(Blob);
    expect(blob?.size).toBe(5);
    expect(blob?.type).toBe('text/plain');
    expect(await blob?.text()).toBe('hello');
    await deleteBlobs(db, ['b1', 'never-existed']);
    expect(await getBlob(db, 'b1')).toBeUndefined();
  });

  it('collects only blobs no asset or video refers to, and reports the space freed', async () => {
    const db = await freshDb();
    const asset = makeAsset({ thumbId: 'asset-thumb' });
    await addAsset(db, asset, bytes('asset'), bytes('thumb'));
    const video = makeVideo({ thumbId: 'video-thumb' });
    await saveClip(db, video, bytes('video bytes'), bytes('poster'));
    await putBlob(db, 'orphan-1', bytes('12345'));
    await putBlob(db, 'orphan-2', bytes('1234567'));

    expect(await collectOrphanBlobs(db)).toEqual({ count: 2, bytes: 12 });
    expect(await getBlob(db, 'orphan-1')).toBeUndefined();
    expect(await getBlob(db, 'orphan-2')).toBeUndefined();
    for (const kept of [asset.blobId, 'asset-thumb', video.blobId, 'video-thumb']) {
      expect(await getBlob(db, kept), kept).toBeInstanceOf(Blob);
    }
    expect(await collectOrphanBlobs(db)).toEqual({ count: 0, bytes: 0 });
  });
});
