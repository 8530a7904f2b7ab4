import { afterEach, describe, expect, it, vi } from 'vitest';
import { getBlob } from '../../../src/db/blobs-repo.ts';
import { StorageFullError } from '../../../src/db/quota.ts';
import {
  countVideos,
  deleteVideo,
  findVideosByJob,
  getVideo,
  listVideos,
  restoreVideo,
  saveClip,
  updateVideo,
} from '../../../src/db/videos-repo.ts';
import { bytes, freshDb, makeVideo } from './helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('videos repository', () => {
  it('saves a clip with its MP4 and thumbnail, and is safe to repeat', async () => {
    const db = await freshDb();
    const video = makeVideo({ thumbId: 'poster-1' });
    await saveClip(db, video, bytes('mp4', 'video/mp4'), bytes('poster'));
    await saveClip(db, video, bytes('mp4', 'video/mp4'), bytes('poster'));
    expect(await getVideo(db, video.id)).toEqual(video);
    expect(await countVideos(db)).toBe(1);
    expect((await getBlob(db, video.blobId))?.type).toBe('video/mp4');
    expect(await (await getBlob(db, 'poster-1'))?.text()).toBe('poster');
    expect(await findVideosByJob(db, video.jobId)).toEqual([video]);
  });

  it('saves nothing when the disk is full', async () => {
    const db = await freshDb();
    const video = makeVideo();
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'blobs') throw new DOMException('full', 'QuotaExceededError');
      return original.apply(this, args);
    });
    await expect(saveClip(db, video, bytes('mp4'))).rejects.toBeInstanceOf(StorageFullError);
    vi.restoreAllMocks();
    expect(await getVideo(db, video.id)).toBeUndefined();
  });

  it('lists newest first in pages', async () => {
    const db = await freshDb();
    for (const [id, created] of [
      ['v1', 1],
      ['v2', 2],
      ['v3', 3],
    ] as const) {
      await saveClip(db, makeVideo({ id, created }), bytes(id));
    }
    const first = await listVideos(db, { limit: 2 });
    expect(first.map((v) => v.id)).toEqual(['v3', 'v2']);
    expect((await listVideos(db, { limit: 2, after: first.at(-1) })).map((v) => v.id)).toEqual(['v1']);
  });

  it('updates, deletes with its bytes, and restores on undo', async () => {
    const db = await freshDb();
    const video = makeVideo({ thumbId: 'poster-1' });
    await saveClip(db, video, bytes('mp4'), bytes('poster'));

    expect(await updateVideo(db, video.id, { favourite: true, tags: ['pilot'] })).toMatchObject({
      id: video.id,
      favourite: true,
      tags: ['pilot'],
    });
    expect(await updateVideo(db, 'missing', { favourite: true })).toBeUndefined();

    const deleted = await deleteVideo(db, video.id);
    expect(deleted?.blobs).toHaveLength(2);
    expect(await getVideo(db, video.id)).toBeUndefined();
    expect(await getBlob(db, video.blobId)).toBeUndefined();

    await restoreVideo(db, deleted!);
    expect((await getVideo(db, video.id))?.favourite).toBe(true);
    expect(await (await getBlob(db, video.blobId))?.text()).toBe('mp4');
  });
});
