import { describe, expect, it } from 'vitest';
import { children, parseMoov } from '../../../src/media/stitch/boxes.ts';
import {
  chunkExtent,
  compositionEnd,
  mergeChunkOffsets,
  mergeCtts,
  mergeStsc,
  mergeStss,
  mergeStsz,
  mergeStts,
} from '../../../src/media/stitch/tables.ts';
import { ByteWriter, mdatHeader, writeElst, writeTimedBox } from '../../../src/media/stitch/writer.ts';

describe('stts', () => {
  it('concatenates and merges adjacent runs with the same delta', () => {
    const r = mergeStts([
      { counts: [59, 1], deltas: [512, 512] },
      { counts: [60], deltas: [512] },
      { counts: [10, 1], deltas: [1024, 500] },
    ]);
    expect(Array.from(r.counts)).toEqual([120, 10, 1]);
    expect(Array.from(r.deltas)).toEqual([512, 1024, 500]);
    expect(r.total).toBe(120 * 512 + 10 * 1024 + 500);
  });
  it('skips empty runs', () => {
    const r = mergeStts([
      { counts: [0, 2], deltas: [7, 3] },
      { counts: [], deltas: [] },
      { counts: [1], deltas: [3] },
    ]);
    expect(Array.from(r.counts)).toEqual([3]);
    expect(Array.from(r.deltas)).toEqual([3]);
  });
});

describe('ctts', () => {
  it('returns null when no clip has composition offsets', () => {
    expect(mergeCtts([{ sampleCount: 5, counts: null, offsets: null }])).toBeNull();
  });
  it('fills clips without ctts with offset 0 and merges runs', () => {
    const r = mergeCtts([
      { sampleCount: 3, counts: [1, 1, 1], offsets: [1024, 0, 512] },
      { sampleCount: 4, counts: null, offsets: null },
      { sampleCount: 2, counts: [2], offsets: [0] },
    ])!;
    expect(Array.from(r.counts)).toEqual([1, 1, 1, 6]);
    expect(Array.from(r.offsets)).toEqual([1024, 0, 512, 0]);
    expect(r.version).toBe(0);
  });
  it('switches to version 1 when an offset is negative (signed offsets of v1 clips survive)', () => {
    const r = mergeCtts([
      { sampleCount: 2, counts: [2], offsets: [0] },
      { sampleCount: 2, counts: [1, 1], offsets: [-512, 512] },
    ])!;
    expect(r.version).toBe(1);
    expect(Array.from(r.offsets)).toEqual([0, -512, 512]);
  });
  it('pads a short ctts so later clips stay aligned', () => {
    const r = mergeCtts([
      { sampleCount: 4, counts: [2], offsets: [5] },
      { sampleCount: 1, counts: [1], offsets: [9] },
    ])!;
    expect(Array.from(r.counts)).toEqual([2, 2, 1]);
    expect(Array.from(r.offsets)).toEqual([5, 0, 9]);
  });
});

describe('stss', () => {
  it('shifts sync sample numbers by the samples before', () => {
    const r = mergeStss([
      { sampleCount: 60, stss: [1, 31] },
      { sampleCount: 60, stss: [1, 31] },
    ]);
    expect(Array.from(r!)).toEqual([1, 31, 61, 91]);
  });
  it('enumerates clips without stss (all sync) when another clip has one', () => {
    expect(
      Array.from(
        mergeStss([
          { sampleCount: 2, stss: null },
          { sampleCount: 3, stss: [1] },
        ])!,
      ),
    ).toEqual([1, 2, 3]);
  });
  it('is null when every sample is a sync sample', () => {
    expect(mergeStss([{ sampleCount: 2, stss: null }])).toBeNull();
  });
});

describe('stsz', () => {
  it('keeps a constant size when all clips share it', () => {
    expect(
      mergeStsz([
        { sampleCount: 2, fixedSampleSize: 6, sampleSizes: null },
        { sampleCount: 3, fixedSampleSize: 6, sampleSizes: null },
      ]),
    ).toEqual({
      sampleCount: 5,
      fixedSampleSize: 6,
      sampleSizes: null,
    });
  });
  it('expands to a table otherwise', () => {
    const r = mergeStsz([
      { sampleCount: 2, fixedSampleSize: 6, sampleSizes: null },
      { sampleCount: 2, fixedSampleSize: 0, sampleSizes: [1, 2] },
    ]);
    expect(Array.from(r.sampleSizes!)).toEqual([6, 6, 1, 2]);
  });
});

describe('stsc', () => {
  it('shifts first_chunk and drops entries that only continue the previous run', () => {
    const r = mergeStsc([
      { chunkCount: 3, firstChunk: [1, 3], samplesPerChunk: [2, 1], descriptionIndex: [1, 1] },
      { chunkCount: 2, firstChunk: [1], samplesPerChunk: [1], descriptionIndex: [1] },
      { chunkCount: 4, firstChunk: [1, 4], samplesPerChunk: [2, 5], descriptionIndex: [1, 1] },
    ]);
    expect(Array.from(r.firstChunk)).toEqual([1, 3, 6, 9]);
    expect(Array.from(r.samplesPerChunk)).toEqual([2, 1, 2, 5]);
    expect(Array.from(r.descriptionIndex)).toEqual([1, 1, 1, 1]);
  });
});

describe('chunk offsets', () => {
  it('applies each clip shift plus the payload base', () => {
    const r = mergeChunkOffsets(
      [
        { offsets: [48, 100], shift: -48 },
        { offsets: [1000, 1200], shift: 152 - 1000 },
      ],
      5000,
    );
    expect(Array.from(r.offsets)).toEqual([5000, 5052, 5152, 5352]);
    expect(r.needsCo64).toBe(false);
  });
  it('requires co64 once an offset passes 4 GiB', () => {
    const r = mergeChunkOffsets([{ offsets: [0, 2 ** 32 - 100], shift: 0 }], 200);
    expect(r.needsCo64).toBe(true);
    expect(r.offsets[1]).toBe(2 ** 32 + 100);
  });
  it('finds the media extent of a clip from stsc + stsz alone', () => {
    expect(
      chunkExtent({
        chunkOffsets: [100, 300, 200],
        stscFirstChunk: [1, 3],
        stscSamplesPerChunk: [2, 1],
        fixedSampleSize: 0,
        sampleSizes: [10, 20, 30, 40, 50],
        sampleCount: 5,
      }),
    ).toEqual({ start: 100, end: 370 });
  });
});

describe('composition end', () => {
  it('extends past the decode end with B-frame offsets', () => {
    // 4 frames of 512, decode order I P B B with offsets 1024 2048 512 1024 → presented until 1536+1024+512
    expect(
      compositionEnd({
        sttsCounts: [4],
        sttsDeltas: [512],
        cttsCounts: [1, 1, 1, 1],
        cttsOffsets: [1024, 2048, 512, 1024],
      }),
    ).toBe(1536 + 1024 + 512);
    expect(compositionEnd({ sttsCounts: [3], sttsDeltas: [1024], cttsCounts: null, cttsOffsets: null })).toBe(
      3072,
    );
  });
});

describe('writer', () => {
  it('writes an 8-byte mdat header below 4 GiB and a 64-bit largesize above', () => {
    expect(Array.from(mdatHeader(100))).toEqual([0, 0, 0, 108, 0x6d, 0x64, 0x61, 0x74]);
    const big = mdatHeader(5 * 2 ** 30);
    expect(big.length).toBe(16);
    const dv = new DataView(big.buffer);
    expect(dv.getUint32(0)).toBe(1);
    expect(dv.getUint32(8) * 2 ** 32 + dv.getUint32(12)).toBe(5 * 2 ** 30 + 16);
  });

  it('round-trips edit lists, upgrading to version 1 when needed', () => {
    for (const edits of [
      [
        { duration: 2000, mediaTime: 1024, rate: 0x10000 },
        { duration: 500, mediaTime: -1, rate: 0x10000 },
      ],
      [{ duration: 2 ** 33, mediaTime: 2 ** 35, rate: 0x10000 }],
    ]) {
      const w = new ByteWriter(8);
      const trak = w.begin('trak');
      writeTimedBox(w, tkhd(), 1);
      writeElst(w, edits);
      w.end(trak);
      const edts = children(children(w.result())[0]!.body).find((b) => b.type === 'edts')!;
      const elst = children(edts.body)[0]!;
      expect(elst.body[0]).toBe(edits[0]!.duration > 2 ** 32 ? 1 : 0);
      // parse back through the real parser
      const moov = wrapMoov(w.result());
      expect(parseMoov(moov).tracks[0]!.edits).toEqual(edits);
    }
  });

  it('rewrites tkhd/mdhd/mvhd durations, switching to version 1 only for 64-bit values', () => {
    const w = new ByteWriter(8);
    writeTimedBox(w, tkhd(), 2 ** 33);
    const out = w.result();
    expect(out[8]).toBe(1);
    const dv = new DataView(out.buffer);
    expect(dv.getUint32(8 + 20)).toBe(7); // track_ID kept
    expect(dv.getUint32(8 + 28) * 2 ** 32 + dv.getUint32(8 + 32)).toBe(2 ** 33);
    expect(out.length).toBe(tkhd().length + 12);
  });
});

/** Minimal v0 tkhd (track 7) followed by a moov-compatible wrapper for round trips. */
function tkhd(): Uint8Array {
  const w = new ByteWriter(8);
  const s = w.begin('tkhd', 0, 3);
  w.u32(0);
  w.u32(0);
  w.u32(7);
  w.u32(0);
  w.u32(123);
  w.bytes(new Uint8Array(60));
  w.end(s);
  return w.result();
}

function wrapMoov(trakWithoutMedia: Uint8Array): Uint8Array {
  // Add a minimal mdia/minf/stbl so parseMoov accepts the track.
  const w = new ByteWriter(8);
  const moov = w.begin('moov');
  const mvhd = w.begin('mvhd', 0);
  w.u32(0);
  w.u32(0);
  w.u32(1000);
  w.u32(0);
  w.bytes(new Uint8Array(80));
  w.end(mvhd);
  const trak = w.begin('trak');
  w.bytes(children(trakWithoutMedia)[0]!.body);
  const mdia = w.begin('mdia');
  const mdhd = w.begin('mdhd', 0);
  w.u32(0);
  w.u32(0);
  w.u32(90000);
  w.u32(0);
  w.u32(0);
  w.end(mdhd);
  const hdlr = w.begin('hdlr', 0);
  w.u32(0);
  w.fourcc('vide');
  w.bytes(new Uint8Array(13));
  w.end(hdlr);
  const minf = w.begin('minf');
  const stbl = w.begin('stbl');
  const stsd = w.begin('stsd', 0);
  w.u32(0);
  w.end(stsd);
  for (const t of ['stts', 'stsc', 'stco']) {
    const b = w.begin(t, 0);
    w.u32(0);
    w.end(b);
  }
  const stsz = w.begin('stsz', 0);
  w.u32(0);
  w.u32(0);
  w.end(stsz);
  w.end(stbl);
  w.end(minf);
  w.end(mdia);
  w.end(trak);
  w.end(moov);
  return w.result();
}
