import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addAsset,
  countAssets,
  deleteAsset,
  findAssetBySha256,
  getAsset,
  listAssets,
  renameAsset,
  restoreAsset,
} from '../../../src/db/assets-repo.ts';
import { getBlob } from '../../../src/db/blobs-repo.ts';
import { StorageFullError } from '../../../src/db/quota.ts';
import { bytes, freshDb, makeAsset } from './helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Makes the next writes to `blobs` fail the way a full disk does in a browser. */
function failBlobWrites(how: 'abort' | 'throw'): void {
  const original = IDBObjectStore.prototype.add;
  vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args) {
    if (this.name !== 'blobs') return original.apply(this, args);
    if (how === 'throw') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const req = original.apply(this, args);
    // What a browser does when the disk fills mid-transaction: abort with QuotaExceededError.
    (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
    return req;
  });
}

describe('assets repository', () => {
  it('stores an asset with its bytes and thumbnail, and finds it by hash', async () => {
    const db = await freshDb();
    const asset = makeAsset({ thumbId: 'thumb-1' });
    const result = await addAsset(db, asset, bytes('full image'), bytes('thumb'));
    expect(result).toEqual({ asset, created: true });
    expect(await getAsset(db, asset.id)).toEqual(asset);
    expect(await findAssetBySha256(db, asset.sha256)).toEqual(asset);
    expect(await (await getBlob(db, asset.blobId))?.text()).toBe('full image');
    expect(await (await getBlob(db, 'thumb-1'))?.text()).toBe('thumb');
  });

  it('never stores the same bytes twice', async () => {
    const db = await freshDb();
    const first = makeAsset({ sha256: 'same' });
    await addAsset(db, first, bytes('x'));
    const again = makeAsset({ sha256: 'same', name: 'copy.png' });
    const result = await addAsset(db, again, bytes('x'));
    expect(result).toEqual({ asset: first, created: false });
    expect(await countAssets(db)).toBe(1);
    expect(await getBlob(db, again.blobId)).toBeUndefined();
  });

  it('lists newest first, filters by kind and text, and pages without gaps or repeats', async () => {
    const db = await freshDb();
    const rows = [
      makeAsset({ id: 'a', name: 'Harbour.png', created: 10 }),
      makeAsset({ id: 'b', name: 'theme.mp3', kind: 'audio', created: 20, tags: ['Score'] }),
      makeAsset({ id: 'c', name: 'storm.png', created: 30 }),
      makeAsset({ id: 'd', name: 'storm-2.png', created: 30 }),
      makeAsset({ id: 'e', name: 'rain.png', created: 40 }),
    ];
    for (const row of rows) await addAsset(db, row, bytes(row.id));

    expect((await listAssets(db)).map((a) => a.id)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect((await listAssets(db, { kind: 'audio' })).map((a) => a.id)).toEqual(['b']);
    expect((await listAssets(db, { query: 'STORM' })).map((a) => a.id)).toEqual(['d', 'c']);
    expect((await listAssets(db, { query: 'score' })).map((a) => a.id)).toEqual(['b']);
    expect(await countAssets(db, 'image')).toBe(4);

    const page1 = await listAssets(db, { limit: 2 });
    const page2 = await listAssets(db, { limit: 2, after: page1.at(-1) });
    const page3 = await listAssets(db, { limit: 2, after: page2.at(-1) });
    expect([page1, page2, page3].map((page) => page.map((a) => a.id))).toEqual([
      ['e', 'd'],
      ['c', 'b'],
      ['a'],
    ]);
  });

  it('lists without opening the blobs store', async () => {
    const db = await freshDb();
    await addAsset(db, makeAsset(), bytes('bytes'));
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await listAssets(db, { query: 'asset' });
    expect(transaction).toHaveBeenCalled();
    for (const [scope] of transaction.mock.calls) expect([scope].flat()).toEqual(['assets']);
  });

  it('returns the first screen of 1,000 assets from a cursor, never a getAll', async () => {
    const db = await freshDb();
    const tx = db.transaction('assets', 'readwrite');
    for (let i = 0; i < 1_000; i++)
      void tx.store.put(makeAsset({ id: `a${String(i).padStart(4, '0')}`, created: i }));
    await tx.done;
    const getAll = vi.spyOn(IDBIndex.prototype, 'getAll');
    const storeGetAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');

    const screen = await listAssets(db, { limit: 60 });

    expect(screen).toHaveLength(60);
    expect(screen[0]?.id).toBe('a0999');
    expect(screen[59]?.id).toBe('a0940');
    expect(getAll).not.toHaveBeenCalled();
    expect(storeGetAll).not.toHaveBeenCalled();
  });

  it('renames an asset', async () => {
    const db = await freshDb();
    const asset = makeAsset();
    await addAsset(db, asset, bytes('x'));
    expect(await renameAsset(db, asset.id, 'Lighthouse')).toMatchObject({ name: 'Lighthouse' });
    expect((await getAsset(db, asset.id))?.name).toBe('Lighthouse');
    expect(await renameAsset(db, 'missing', 'x')).toBeUndefined();
  });

  it('deletes an asset with its bytes and restores both on undo', async () => {
    const db = await freshDb();
    const asset = makeAsset({ thumbId: 'thumb-1' });
    await addAsset(db, asset, bytes('full'), bytes('thumb'));

    const deleted = await deleteAsset(db, asset.id);
    expect(deleted?.asset).toEqual(asset);
    expect(deleted?.blobs.map((b) => b.id).sort()).toEqual([asset.blobId, 'thumb-1'].sort());
    expect(await getAsset(db, asset.id)).toBeUndefined();
    expect(await getBlob(db, asset.blobId)).toBeUndefined();
    expect(await getBlob(db, 'thumb-1')).toBeUndefined();
    expect(await deleteAsset(db, asset.id)).toBeUndefined();

    await restoreAsset(db, deleted!);
    expect(await getAsset(db, asset.id)).toEqual(asset);
    expect(await (await getBlob(db, asset.blobId))?.text()).toBe('full');
    expect(await (await getBlob(db, 'thumb-1'))?.text()).toBe('thumb');
  });

  it('writes nothing when the transaction fails part-way', async () => {
    const db = await freshDb();
    const taken = makeAsset();
    await addAsset(db, taken, bytes('original'));
    // The blob write fails (its id is taken) after the asset row was already queued.
    const clash = makeAsset({ blobId: taken.blobId });
    await expect(addAsset(db, clash, bytes('new'))).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await getAsset(db, clash.id)).toBeUndefined();
    expect(await countAssets(db)).toBe(1);
    expect(await (await getBlob(db, taken.blobId))?.text()).toBe('original');
  });

  it.each(['abort', 'throw'] as const)(
    'turns a full disk (%s) into StorageFullError and leaves no asset row',
    async (how) => {
      const db = await freshDb();
      const asset = makeAsset();
      failBlobWrites(how);
      const failure = addAsset(db, asset, bytes('too big'));
      await expect(failure).rejects.toBeInstanceOf(StorageFullError);
      await expect(failure).rejects.toThrow(/out of space/);
      vi.restoreAllMocks();
      expect(await getAsset(db, asset.id)).toBeUndefined();
      expect(await getBlob(db, asset.blobId)).toBeUndefined();
      expect(await countAssets(db)).toBe(0);
    },
  );
});
