/**
 * Sample-table merging: each function takes one part per clip (in order) and returns the concatenated table
 * of the output track. All of them are pure and unit-tested.
 */

export interface SttsPart {
  counts: ArrayLike<number>;
  deltas: ArrayLike<number>;
}

/** Concatenates stts runs, merging adjacent runs with the same delta. */
export function mergeStts(parts: SttsPart[]): { counts: Uint32Array; deltas: Uint32Array; total: number } {
  const counts: number[] = [];
  const deltas: number[] = [];
  let total = 0;
  for (const part of parts) {
    for (let i = 0; i < part.counts.length; i++) {
      const count = part.counts[i]!;
      const delta = part.deltas[i]!;
      if (count === 0) continue;
      total += count * delta;
      const last = counts.length - 1;
      if (last >= 0 && deltas[last] === delta) counts[last]! += count;
      else {
        counts.push(count);
        deltas.push(delta);
      }
    }
  }
  return { counts: Uint32Array.from(counts), deltas: Uint32Array.from(deltas), total };
}

/** Sum of stts durations (media timescale). */
export function sttsTotal(part: SttsPart): number {
  let total = 0;
  for (let i = 0; i < part.counts.length; i++) total += part.counts[i]! * part.deltas[i]!;
  return total;
}

export interface CttsPart {
  sampleCount: number;
  counts: ArrayLike<number> | null;
  offsets: ArrayLike<number> | null;
}

/**
 * Concatenates ctts. Clips without ctts contribute one run of offset 0. Returns null when no clip has ctts.
 * Version 1 (signed offsets) is chosen when any offset is negative, else version 0.
 */
export function mergeCtts(
  parts: CttsPart[],
): { counts: Uint32Array; offsets: Int32Array; version: 0 | 1 } | null {
  if (parts.every((p) => !p.counts)) return null;
  const counts: number[] = [];
  const offsets: number[] = [];
  let negative = false;
  const push = (count: number, offset: number): void => {
    if (count === 0) return;
    if (offset < 0) negative = true;
    const last = counts.length - 1;
    if (last >= 0 && offsets[last] === offset) counts[last]! += count;
    else {
      counts.push(count);
      offsets.push(offset);
    }
  };
  for (const part of parts) {
    if (!part.counts || !part.offsets) {
      push(part.sampleCount, 0);
      continue;
    }
    let covered = 0;
    for (let i = 0; i < part.counts.length; i++) {
      push(part.counts[i]!, part.offsets[i]!);
      covered += part.counts[i]!;
    }
    // A short ctts would otherwise shift every following clip's offsets onto the wrong samples.
    if (covered < part.sampleCount) push(part.sampleCount - covered, 0);
  }
  return { counts: Uint32Array.from(counts), offsets: Int32Array.from(offsets), version: negative ? 1 : 0 };
}

export interface StssPart {
  sampleCount: number;
  /** 1-based sync sample numbers, or null when every sample is a sync sample. */
  stss: ArrayLike<number> | null;
}

/** Concatenates stss with sample numbers shifted; null when every sample of every clip is a sync sample. */
export function mergeStss(parts: StssPart[]): Uint32Array | null {
  if (parts.every((p) => !p.stss)) return null;
  let total = 0;
  for (const p of parts) total += p.stss ? p.stss.length : p.sampleCount;
  const out = new Uint32Array(total);
  let at = 0;
  let base = 0;
  for (const p of parts) {
    if (p.stss) for (let i = 0; i < p.stss.length; i++) out[at++] = p.stss[i]! + base;
    else for (let i = 1; i <= p.sampleCount; i++) out[at++] = i + base;
    base += p.sampleCount;
  }
  return out;
}

export interface StszPart {
  sampleCount: number;
  fixedSampleSize: number;
  sampleSizes: ArrayLike<number> | null;
}

export function mergeStsz(parts: StszPart[]): {
  sampleCount: number;
  fixedSampleSize: number;
  sampleSizes: Uint32Array | null;
} {
  const sampleCount = parts.reduce((n, p) => n + p.sampleCount, 0);
  const fixed = parts[0]?.fixedSampleSize ?? 0;
  if (fixed !== 0 && parts.every((p) => p.fixedSampleSize === fixed)) {
    return { sampleCount, fixedSampleSize: fixed, sampleSizes: null };
  }
  const sizes = new Uint32Array(sampleCount);
  let at = 0;
  for (const p of parts) {
    if (p.fixedSampleSize !== 0) sizes.fill(p.fixedSampleSize, at, at + p.sampleCount);
    else if (p.sampleSizes) sizes.set(p.sampleSizes as ArrayLike<number>, at);
    at += p.sampleCount;
  }
  return { sampleCount, fixedSampleSize: 0, sampleSizes: sizes };
}

export interface StscPart {
  chunkCount: number;
  firstChunk: ArrayLike<number>;
  samplesPerChunk: ArrayLike<number>;
  descriptionIndex: ArrayLike<number>;
}

/** Concatenates stsc with first_chunk shifted by the chunks before; a run that merely continues is dropped. */
export function mergeStsc(parts: StscPart[]): {
  firstChunk: Uint32Array;
  samplesPerChunk: Uint32Array;
  descriptionIndex: Uint32Array;
} {
  const first: number[] = [];
  const spc: number[] = [];
  const sdi: number[] = [];
  let base = 0;
  for (const p of parts) {
    for (let i = 0; i < p.firstChunk.length; i++) {
      if (p.firstChunk[i]! > p.chunkCount) break; // entries beyond the last chunk describe nothing
      const last = spc.length - 1;
      if (last >= 0 && spc[last] === p.samplesPerChunk[i] && sdi[last] === p.descriptionIndex[i]) continue;
      first.push(p.firstChunk[i]! + base);
      spc.push(p.samplesPerChunk[i]!);
      sdi.push(p.descriptionIndex[i]!);
    }
    base += p.chunkCount;
  }
  return {
    firstChunk: Uint32Array.from(first),
    samplesPerChunk: Uint32Array.from(spc),
    descriptionIndex: Uint32Array.from(sdi),
  };
}

export interface ChunkOffsetPart {
  offsets: ArrayLike<number>;
  /** Added to every offset of this clip (new position of the clip's media range minus its old start). */
  shift: number;
}

export const MAX_U32 = 0xffffffff;

/** Concatenates chunk offsets with each clip's shift applied, plus `base` (start of the mdat payload). */
export function mergeChunkOffsets(
  parts: ChunkOffsetPart[],
  base = 0,
): { offsets: Float64Array; needsCo64: boolean } {
  const total = parts.reduce((n, p) => n + p.offsets.length, 0);
  const offsets = new Float64Array(total);
  let at = 0;
  let max = 0;
  for (const p of parts) {
    for (let i = 0; i < p.offsets.length; i++) {
      const v = p.offsets[i]! + p.shift + base;
      offsets[at++] = v;
      if (v > max) max = v;
    }
  }
  return { offsets, needsCo64: max > MAX_U32 };
}

/**
 * Byte range [start, end) of the media a clip's chunks reference, from its sample tables.
 * Only the sample sizes are needed; no media bytes are read.
 */
export function chunkExtent(t: {
  chunkOffsets: ArrayLike<number>;
  stscFirstChunk: ArrayLike<number>;
  stscSamplesPerChunk: ArrayLike<number>;
  fixedSampleSize: number;
  sampleSizes: ArrayLike<number> | null;
  sampleCount: number;
}): { start: number; end: number } {
  let start = Infinity;
  let end = 0;
  let sample = 0;
  let entry = 0;
  const chunks = t.chunkOffsets.length;
  for (let c = 1; c <= chunks; c++) {
    while (entry + 1 < t.stscFirstChunk.length && t.stscFirstChunk[entry + 1]! <= c) entry++;
    const n = t.stscSamplesPerChunk[entry] ?? 0;
    let bytes = 0;
    if (t.fixedSampleSize) bytes = n * t.fixedSampleSize;
    else for (let i = 0; i < n && sample + i < t.sampleCount; i++) bytes += t.sampleSizes![sample + i]!;
    sample += n;
    const off = t.chunkOffsets[c - 1]!;
    if (off < start) start = off;
    if (off + bytes > end) end = off + bytes;
  }
  if (sample < t.sampleCount) throw new RangeError('stsc describes fewer samples than stsz');
  return { start: start === Infinity ? 0 : start, end };
}

/**
 * End of the media's presentation, in media ticks: max(dts + composition offset + duration) over all samples.
 * With B-frames this is later than the decode end (the stts total), and an edit may legitimately reach it.
 */
export function compositionEnd(t: {
  sttsCounts: ArrayLike<number>;
  sttsDeltas: ArrayLike<number>;
  cttsCounts: ArrayLike<number> | null;
  cttsOffsets: ArrayLike<number> | null;
}): number {
  let dts = 0;
  if (!t.cttsCounts || !t.cttsOffsets) return sttsTotal({ counts: t.sttsCounts, deltas: t.sttsDeltas });
  let end = 0;
  let cIdx = 0;
  let cLeft = t.cttsCounts[0] ?? 0;
  for (let i = 0; i < t.sttsCounts.length; i++) {
    const delta = t.sttsDeltas[i]!;
    for (let n = t.sttsCounts[i]!; n > 0; n--) {
      while (cLeft === 0 && cIdx + 1 < t.cttsCounts.length) cLeft = t.cttsCounts[++cIdx]!;
      const offset = cLeft > 0 ? t.cttsOffsets[cIdx]! : 0;
      if (cLeft > 0) cLeft--;
      const e = dts + offset + delta;
      if (e > end) end = e;
      dts += delta;
    }
  }
  return Math.max(end, dts);
}
