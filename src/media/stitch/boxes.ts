/**
 * A small, focused ISO-BMFF reader: it parses the parts of a clip's `moov` the stitcher needs (tracks, edit
 * lists, sample tables) and checks every table count against its box before allocating.
 */
import type { ClipLayout } from '../../types.ts';

export type { ClipLayout };

export interface Edit {
  /** Segment duration in the movie timescale (mvhd). */
  duration: number;
  /** Start in the media timescale, or -1 for an empty edit. */
  mediaTime: number;
  /** media_rate as 16.16 fixed point, 0x10000 = 1. */
  rate: number;
}

export interface SampleToGroup {
  groupingType: string;
  /** Raw `sgpd` box (verbatim) describing the groups this sbgp indexes, or null when absent. */
  sgpd: Uint8Array | null;
  counts: number[];
  indexes: number[];
}

export interface TrackTables {
  sttsCounts: Uint32Array;
  sttsDeltas: Uint32Array;
  /** null = no ctts (all composition offsets 0). Offsets are read as signed (valid for v0 and v1). */
  cttsCounts: Uint32Array | null;
  cttsOffsets: Int32Array | null;
  /** 1-based sync sample numbers; null = every sample is a sync sample. */
  stss: Uint32Array | null;
  sampleCount: number;
  /** Non-zero when every sample has this size (stsz sample_size). */
  fixedSampleSize: number;
  sampleSizes: Uint32Array | null;
  stscFirstChunk: Uint32Array;
  stscSamplesPerChunk: Uint32Array;
  stscDescriptionIndex: Uint32Array;
  chunkOffsets: Float64Array;
  groups: SampleToGroup[];
}

export interface ParsedTrack {
  trackId: number;
  handler: string;
  tkhd: Uint8Array;
  mdhd: Uint8Array;
  hdlr: Uint8Array;
  /** minf children other than stbl (vmhd/smhd/dinf ...), verbatim. */
  minfExtras: Uint8Array[];
  /** The full stsd box, verbatim. */
  stsd: Uint8Array;
  /** Each sample entry of stsd, verbatim. */
  sampleEntries: Uint8Array[];
  timescale: number;
  /** mdhd duration (media timescale). */
  mediaDuration: number;
  /** Edit list, or null when the track has none. */
  edits: Edit[] | null;
  tables: TrackTables;
}

export interface ParsedMovie {
  mvhd: Uint8Array;
  timescale: number;
  duration: number;
  tracks: ParsedTrack[];
  fragmented: boolean;
}

export function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface Box {
  type: string;
  /** Whole box including header, as a view into the parent buffer. */
  bytes: Uint8Array;
  /** Payload (after the header). */
  body: Uint8Array;
}

export function children(container: Uint8Array): Box[] {
  const out: Box[] = [];
  const dv = view(container);
  let at = 0;
  while (at + 8 <= container.length) {
    let size = dv.getUint32(at);
    const type = fourcc(container, at + 4);
    let header = 8;
    if (size === 1) {
      size = dv.getUint32(at + 8) * 2 ** 32 + dv.getUint32(at + 12);
      header = 16;
    } else if (size === 0) {
      size = container.length - at;
    }
    if (size < header || at + size > container.length) throw new RangeError(`broken '${type}' box`);
    out.push({
      type,
      bytes: container.subarray(at, at + size),
      body: container.subarray(at + header, at + size),
    });
    at += size;
  }
  return out;
}

function child(boxes: Box[], type: string): Box | undefined {
  return boxes.find((b) => b.type === type);
}

function need(boxes: Box[], type: string, where: string): Box {
  const box = child(boxes, type);
  if (!box) throw new RangeError(`missing '${type}' in ${where}`);
  return box;
}

export function u64(dv: DataView, at: number): number {
  return dv.getUint32(at) * 2 ** 32 + dv.getUint32(at + 4);
}

function i64(dv: DataView, at: number): number {
  return dv.getInt32(at) * 2 ** 32 + dv.getUint32(at + 4);
}

/** Timescale and duration of mvhd/mdhd (same layout up to duration). */
function timing(body: Uint8Array): { timescale: number; duration: number } {
  const dv = view(body);
  if (body[0] === 1) return { timescale: dv.getUint32(20), duration: u64(dv, 24) };
  return { timescale: dv.getUint32(12), duration: dv.getUint32(16) };
}

/** Most samples one track may declare (a fixed-size `stsz` has no table to check its count against). */
export const MAX_SAMPLES = 1 << 26;

/**
 * The entry count of a table box at `countAt`, checked against the bytes the box really holds before
 * anything is allocated for it: a hostile count (4 billion entries in a 20-byte box) is a corrupt MP4,
 * never a multi-gigabyte array.
 */
function tableCount(body: Uint8Array, countAt: number, entryBits: number, name: string): number {
  if (countAt + 4 > body.length) throw new RangeError(`corrupt MP4: the '${name}' box is truncated`);
  const count = view(body).getUint32(countAt);
  const room = Math.floor(((body.length - countAt - 4) * 8) / entryBits);
  if (count > room) {
    throw new RangeError(`corrupt MP4: the '${name}' box declares ${count} entries but has room for ${room}`);
  }
  return count;
}

function parseElst(body: Uint8Array): Edit[] {
  const dv = view(body);
  const version = body[0];
  const count = tableCount(body, 4, version === 1 ? 160 : 96, 'elst');
  const edits: Edit[] = [];
  let at = 8;
  for (let i = 0; i < count; i++) {
    if (version === 1) {
      edits.push({ duration: u64(dv, at), mediaTime: i64(dv, at + 8), rate: dv.getInt32(at + 16) });
      at += 20;
    } else {
      edits.push({ duration: dv.getUint32(at), mediaTime: dv.getInt32(at + 4), rate: dv.getInt32(at + 8) });
      at += 12;
    }
  }
  return edits;
}

function u32Table(
  body: Uint8Array,
  countAt: number,
  stride: number,
  fields: number,
  name: string,
): Uint32Array[] {
  const dv = view(body);
  const count = tableCount(body, countAt, stride * 8, name);
  const arrays = Array.from({ length: fields }, () => new Uint32Array(count));
  let at = countAt + 4;
  for (let i = 0; i < count; i++) {
    for (let f = 0; f < fields; f++) arrays[f]![i] = dv.getUint32(at + 4 * f);
    at += stride;
  }
  return arrays;
}

function parseTables(stbl: Box[]): TrackTables {
  const [sttsCounts, sttsDeltas] = u32Table(need(stbl, 'stts', 'stbl').body, 4, 8, 2, 'stts') as [
    Uint32Array,
    Uint32Array,
  ];
  let cttsCounts: Uint32Array | null = null;
  let cttsOffsets: Int32Array | null = null;
  const ctts = child(stbl, 'ctts');
  if (ctts) {
    const [c, o] = u32Table(ctts.body, 4, 8, 2, 'ctts') as [Uint32Array, Uint32Array];
    cttsCounts = c;
    cttsOffsets = new Int32Array(o.buffer);
  }
  const stssBox = child(stbl, 'stss');
  const stss = stssBox ? u32Table(stssBox.body, 4, 4, 1, 'stss')[0]! : null;

  let sampleCount: number;
  let fixedSampleSize = 0;
  let sampleSizes: Uint32Array | null = null;
  const stsz = child(stbl, 'stsz');
  if (stsz) {
    const dv = view(stsz.body);
    if (stsz.body.length < 12) throw new RangeError("corrupt MP4: the 'stsz' box is truncated");
    fixedSampleSize = dv.getUint32(4);
    sampleCount = fixedSampleSize === 0 ? tableCount(stsz.body, 8, 32, 'stsz') : dv.getUint32(8);
    if (fixedSampleSize === 0) {
      sampleSizes = new Uint32Array(sampleCount);
      for (let i = 0; i < sampleCount; i++) sampleSizes[i] = dv.getUint32(12 + 4 * i);
    }
  } else {
    const stz2 = need(stbl, 'stz2', 'stbl');
    const dv = view(stz2.body);
    const fieldSize = stz2.body[7]!;
    if (fieldSize !== 4 && fieldSize !== 8 && fieldSize !== 16)
      throw new RangeError(`corrupt MP4: the 'stz2' box has field size ${fieldSize}`);
    sampleCount = tableCount(stz2.body, 8, fieldSize, 'stz2');
    sampleSizes = new Uint32Array(sampleCount);
    for (let i = 0; i < sampleCount; i++) {
      if (fieldSize === 16) sampleSizes[i] = dv.getUint16(12 + 2 * i);
      else if (fieldSize === 8) sampleSizes[i] = stz2.body[12 + i]!;
      else sampleSizes[i] = (stz2.body[12 + (i >> 1)]! >> (i & 1 ? 0 : 4)) & 0xf;
    }
  }

  if (sampleCount > MAX_SAMPLES) {
    throw new RangeError(`corrupt MP4: the track declares ${sampleCount} samples (at most ${MAX_SAMPLES})`);
  }

  const [stscFirstChunk, stscSamplesPerChunk, stscDescriptionIndex] = u32Table(
    need(stbl, 'stsc', 'stbl').body,
    4,
    12,
    3,
    'stsc',
  ) as [Uint32Array, Uint32Array, Uint32Array];

  let chunkOffsets: Float64Array;
  const stco = child(stbl, 'stco');
  if (stco) {
    chunkOffsets = Float64Array.from(u32Table(stco.body, 4, 4, 1, 'stco')[0]!);
  } else {
    const co64 = need(stbl, 'co64', 'stbl');
    const dv = view(co64.body);
    const count = tableCount(co64.body, 4, 64, 'co64');
    chunkOffsets = new Float64Array(count);
    for (let i = 0; i < count; i++) chunkOffsets[i] = u64(dv, 8 + 8 * i);
  }

  const groups: SampleToGroup[] = [];
  for (const sbgp of stbl.filter((b) => b.type === 'sbgp')) {
    const version = sbgp.body[0]!;
    const groupingType = fourcc(sbgp.body, 4);
    if (version !== 0) continue; // grouping_type_parameter variants are dropped
    const [counts, indexes] = u32Table(sbgp.body, 8, 8, 2, 'sbgp') as [Uint32Array, Uint32Array];
    const sgpd = stbl.find((b) => b.type === 'sgpd' && fourcc(b.body, 4) === groupingType);
    groups.push({
      groupingType,
      sgpd: sgpd ? sgpd.bytes : null,
      counts: Array.from(counts),
      indexes: Array.from(indexes),
    });
  }

  return {
    sttsCounts,
    sttsDeltas,
    cttsCounts,
    cttsOffsets,
    stss,
    sampleCount,
    fixedSampleSize,
    sampleSizes,
    stscFirstChunk,
    stscSamplesPerChunk,
    stscDescriptionIndex,
    chunkOffsets,
    groups,
  };
}

function parseSampleEntries(stsdBody: Uint8Array): Uint8Array[] {
  // full box header (4) + entry_count (4), then the entries as boxes
  return children(stsdBody.subarray(8)).map((b) => b.bytes);
}

function parseTrack(trak: Uint8Array): ParsedTrack {
  const boxes = children(trak);
  const tkhd = need(boxes, 'tkhd', 'trak');
  const tkhdDv = view(tkhd.body);
  const trackId = tkhd.body[0] === 1 ? tkhdDv.getUint32(20) : tkhdDv.getUint32(12);
  const mdia = children(need(boxes, 'mdia', 'trak').body);
  const mdhd = need(mdia, 'mdhd', 'mdia');
  const hdlr = need(mdia, 'hdlr', 'mdia');
  const minf = children(need(mdia, 'minf', 'mdia').body);
  const stbl = children(need(minf, 'stbl', 'minf').body);
  const stsd = need(stbl, 'stsd', 'stbl');
  const edts = child(boxes, 'edts');
  const elst = edts ? child(children(edts.body), 'elst') : undefined;
  const { timescale, duration } = timing(mdhd.body);
  return {
    trackId,
    handler: fourcc(hdlr.body, 8),
    tkhd: tkhd.bytes,
    mdhd: mdhd.bytes,
    hdlr: hdlr.bytes,
    minfExtras: minf.filter((b) => b.type !== 'stbl').map((b) => b.bytes),
    stsd: stsd.bytes,
    sampleEntries: parseSampleEntries(stsd.body),
    timescale,
    mediaDuration: duration,
    edits: elst ? parseElst(elst.body) : null,
    tables: parseTables(stbl),
  };
}

/** Parses a whole `moov` box (header included). Throws RangeError on malformed input. */
export function parseMoov(moov: Uint8Array): ParsedMovie {
  const top = children(moov);
  if (top.length !== 1 || top[0]!.type !== 'moov') throw new RangeError('not a moov box');
  const boxes = children(top[0]!.body);
  const mvhd = need(boxes, 'mvhd', 'moov');
  const { timescale, duration } = timing(mvhd.body);
  return {
    mvhd: mvhd.bytes,
    timescale,
    duration,
    tracks: boxes.filter((b) => b.type === 'trak').map((b) => parseTrack(b.body)),
    fragmented: boxes.some((b) => b.type === 'mvex'),
  };
}
