import { describe, expect, it } from 'vitest';
import { ObjectUrls } from '../../../../src/state/object-urls.ts';
import { flush } from '../fakes.ts';

function reader(blobs: Record<string, Blob>) {
  const reads: string[][] = [];
  return {
    reads,
    getBlob: async (id: string) => blobs[id],
    getBlobs: async (ids: readonly string[]) => (reads.push([...ids]), ids.map((id) => blobs[id])),
  };
}

describe('ObjectUrls', () => {
  it('reads the ids asked for together and publishes them with a new snapshot object', async () => {
    const db = reader({ a: new Blob(['a']), b: new Blob(['b']) });
    let changes = 0;
    const urls = new ObjectUrls(db, () => (changes += 1));
    const before = urls.snapshot;
    expect(urls.get('a')).toBeUndefined();
    expect(urls.get('b')).toBeUndefined();
    const [a, b] = await Promise.all([urls.load('a'), urls.load('b')]);
    expect(db.reads).toEqual([['a', 'b']]);
    expect(a).toMatch(/^blob:/);
    expect(urls.get('a')).toBe(a);
    expect(urls.snapshot).not.toBe(before);
    expect(urls.snapshot).toEqual({ a, b });
    expect(changes).toBe(1);
    urls.dispose();
  });

  it('answers undefined for missing bytes and asks again later', async () => {
    const db = reader({});
    const urls = new ObjectUrls(db, () => undefined);
    expect(await urls.load('gone')).toBeUndefined();
    expect(await urls.load('gone')).toBeUndefined();
    expect(db.reads).toEqual([['gone'], ['gone']]);
  });

  it('forgets deleted bytes: the URL is revoked and the snapshot changes', async () => {
    const db = reader({ a: new Blob(['a']) });
    let changes = 0;
    const urls = new ObjectUrls(db, () => (changes += 1));
    const url = await urls.load('a');
    const loaded = urls.snapshot;
    urls.forget(['a', undefined, 'never-loaded']);
    expect(urls.snapshot).not.toBe(loaded);
    expect(urls.snapshot).toEqual({});
    expect(changes).toBe(2);
    // A revoked blob URL no longer resolves.
    await expect(fetch(url!)).rejects.toThrow();
    urls.forget(['a']);
    expect(changes).toBe(2);
  });

  it('a failed read rejects the waiters and lets a later ask try again', async () => {
    let fail = true;
    const urls = new ObjectUrls(
      {
        getBlob: async () => {
          if (fail) throw new Error('disk');
          return new Blob(['x']);
        },
      },
      () => undefined,
    );
    await expect(urls.load('x')).rejects.toThrow('disk');
    fail = false;
    await flush();
    expect(await urls.load('x')).toMatch(/^blob:/);
  });
});
