/**
 * Cached clip layouts (VideoRecord.layout): `scanLayout` reads box headers only, and `stitch` with layouts
 * reads each moov in one request, makes the same file, and falls back to walking the boxes when a layout is stale.
 */
import { describe, expect, it } from 'vitest';
import { scanLayout } from '../../../src/media/stitch/locate.ts';
import { stitch } from '../../../src/media/stitch/stitch.ts';
import type { ClipLayout } from '../../../src/types.ts';
import { CountingBlob, fixtureBytes, topLevelBoxes } from './helpers.ts';

const NAMES = ['a', 'b', 'c'];

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

describe('clip layouts', () => {
  it('scanLayout finds ftyp, moov and the mdat payload from box headers only', async () => {
    for (const name of NAMES) {
      const bytes = fixtureBytes(name);
      const boxes = topLevelBoxes(bytes);
      const log: { start: number; end: number }[] = [];
      const layout = await scanLayout(new CountingBlob([bytes], log));
      const moov = boxes.find((b) => b.type === 'moov')!;
      const mdat = boxes.find((b) => b.type === 'mdat')!;
      const ftyp = boxes.find((b) => b.type === 'ftyp')!;
      expect(layout).toEqual({
        moov: [moov.start, moov.size],
        mdat: [mdat.start + 8, mdat.start + mdat.size],
        ftyp: [ftyp.start, ftyp.size],
      });
      expect(log.reduce((s, r) => s + r.end - r.start, 0)).toBeLessThanOrEqual(96);
    }
    expect(await scanLayout(new Blob(['hello, world, not a movie']))).toBeUndefined();
  });

  it('with layouts, reads only moov (and ftyp of the first clip) and makes the same file', async () => {
    const plain = await stitch(NAMES.map((n) => new Blob([fixtureBytes(n)], { type: 'video/mp4' })));
    const layouts = await Promise.all(NAMES.map((n) => scanLayout(new Blob([fixtureBytes(n)]))));
    const logs: { start: number; end: number }[][] = NAMES.map(() => []);
    const clips = NAMES.map((n, i) => new CountingBlob([fixtureBytes(n)], logs[i]));
    const hinted = await stitch(clips, { layouts });
    NAMES.forEach((n, i) => {
      const boxes = topLevelBoxes(fixtureBytes(n));
      const moov = boxes.find((b) => b.type === 'moov')!;
      const ftyp = boxes.find((b) => b.type === 'ftyp')!;
      expect(logs[i]).toEqual(
        i === 0
          ? expect.arrayContaining([
              { start: moov.start, end: moov.start + moov.size },
              { start: ftyp.start, end: ftyp.start + ftyp.size },
            ])
          : [{ start: moov.start, end: moov.start + moov.size }],
      );
    });
    expect(logs[0]).toHaveLength(2);
    expect(hinted.bytesRead).toBe(logs.flat().reduce((s, r) => s + r.end - r.start, 0));
    expect(await bytesOf(hinted.blob)).toEqual(await bytesOf(plain.blob));
  });

  it('ignores a stale or wrong layout and still makes the same file', async () => {
    const plain = await stitch(NAMES.map((n) => new Blob([fixtureBytes(n)])));
    const good = (await scanLayout(new Blob([fixtureBytes('b')])))!;
    const wrong: (ClipLayout | undefined)[] = [
      { moov: [8, 100], mdat: [0, 10], ftyp: [0, 32] },
      { ...good, moov: [good.moov[0] + 1, good.moov[1]] },
      { moov: [1e12, 10], mdat: [-5, 1e12] },
    ];
    const result = await stitch(
      NAMES.map((n) => new Blob([fixtureBytes(n)])),
      { layouts: wrong },
    );
    expect(await bytesOf(result.blob)).toEqual(await bytesOf(plain.blob));
  });
});

describe('batched reads (the browser default)', () => {
  it('coalesces the reads of a round into one and splits them back exactly', async () => {
    const { batchedReader } = await import('../../../src/media/stitch/read-batch.ts');
    const read = batchedReader();
    const a = new Blob([new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])]);
    const b = new Blob([new Uint8Array([10, 11, 12, 13])]);
    const got = await Promise.all([read(a, 2, 5), read(b, 1, 99), read(a, 8, 4), read(b, 0, 1)]);
    expect(got.map((x) => [...x])).toEqual([[2, 3, 4], [11, 12, 13], [], [10]]);
  });

  it('makes the same file with and without layouts, batched or not', async () => {
    const clips = (): Blob[] => NAMES.map((n) => new Blob([fixtureBytes(n)], { type: 'video/mp4' }));
    const plain = await stitch(clips(), { batchReads: false });
    const layouts = await Promise.all(clips().map((c) => scanLayout(c)));
    for (const opts of [{ batchReads: true }, { batchReads: true, layouts }]) {
      const result = await stitch(clips(), opts);
      const moovs = NAMES.map((n) => topLevelBoxes(fixtureBytes(n)).find((x) => x.type === 'moov')!.size);
      const ftyp = topLevelBoxes(fixtureBytes(NAMES[0]!)).find((x) => x.type === 'ftyp')!.size;
      expect(result.bytesRead).toBe(opts.layouts ? moovs.reduce((x, y) => x + y, 0) + ftyp : plain.bytesRead);
      expect(await bytesOf(result.blob)).toEqual(await bytesOf(plain.blob));
    }
  });
});
