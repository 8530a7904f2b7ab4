/**
 * Lossless MP4 stitching: N clips → one non-fragmented MP4, no re-encoding, no media bytes in JS memory.
 *
 *   output = new Blob([ftyp, moov, mdatHeader, clip1.slice(a1, b1), clip2.slice(a2, b2), ...])
 *
 * Only each clip's `moov` (found by walking top-level box headers) is read and parsed. Each clip contributes
 * the byte range its chunks reference ([first chunk offset, end of last chunk)), as a Blob slice; chunk
 * offsets are rewritten to the new positions (stco, or co64 when any offset passes 4 GiB). Sample tables are
 * concatenated per track, `stsd` is copied verbatim from the first clip after checking every clip's decoder
 * configuration matches, and one edit list per track keeps audio and video in sync across joins (edits.ts).
 *
 * Pure: runs in a worker, on the main thread or in Node ≥ 20 (which has Blob).
 */
import { parseMoov, type ClipLayout, type ParsedMovie, type ParsedTrack } from './boxes.ts';
import { locateMoov, readWithLayout, type LocatedClip } from './locate.ts';
import { describeSampleEntry, sameKey, type SampleEntryInfo } from './codec.ts';
import { buildEditList, clipSegments, fitSegments, presentedSeconds, type Segment } from './edits.ts';
import { StitchError, type StitchErrorCode } from './errors.ts';
import { batchedReader, readDirect, readsAreRoundTrips, type ReadRange } from './read-batch.ts';
import {
  chunkExtent,
  compositionEnd,
  MAX_U32,
  mergeChunkOffsets,
  mergeCtts,
  mergeStsc,
  mergeStss,
  mergeStsz,
  mergeStts,
  sttsTotal,
} from './tables.ts';
import { ByteWriter, mdatHeader, writeElst, writeTimedBox } from './writer.ts';

export interface StitchOptions {
  /** Human names for the clips (e.g. take names), used in error messages. Defaults to File names. */
  labels?: (string | undefined)[];
  /** Always write co64 chunk offsets (tests). */
  forceCo64?: boolean;
  /** How many clips are located/parsed at once. Default: all of them (reads are cheap round trips). */
  concurrency?: number;
  /**
   * Per clip, where its boxes are (VideoRecord.layout, from `scanLayout` at save time): `moov` is then read
   * in one request. A layout that does not match the clip is ignored (the boxes are walked instead).
   */
  layouts?: (ClipLayout | undefined)[];
  /**
   * Coalesce the clips' reads of each round into one composite Blob read (read-batch.ts). Default: on in
   * browsers, where every read is a round trip to the browser process; off elsewhere.
   */
  batchReads?: boolean;
}

export interface StitchTrackInfo {
  trackId: number;
  kind: 'video' | 'audio';
  codec: string;
  summary: string;
  timescale: number;
  sampleCount: number;
  chunkCount: number;
  /** Presented duration in seconds (sum of the output edit list). */
  duration: number;
  editCount: number;
}

export interface StitchResult {
  blob: Blob;
  /** Movie duration in seconds. */
  duration: number;
  tracks: StitchTrackInfo[];
  /** Start of each clip on the output timeline, in seconds. */
  clipStarts: number[];
  /** Bytes of ftyp + moov + mdat header (the only bytes built in memory). */
  headerBytes: number;
  /** Bytes read from the input Blobs (box headers + ftyp + moov of each clip). */
  bytesRead: number;
  usedCo64: boolean;
  /** Tracks that were neither video nor audio and were left out (e.g. timecode), as "clip N: hdlr". */
  droppedTracks: string[];
  /** Where the time went (ms): reading + parsing the clips' moov boxes, then checking and writing. */
  timings: { readMs: number; parseMs: number; buildMs: number };
}

interface LoadedClip {
  index: number;
  label: string | undefined;
  blob: Blob;
  ftyp: Uint8Array | null;
  movie: ParsedMovie;
  tracks: ParsedTrack[];
  bytesRead: number;
  /** The mdat payload as a Blob slice, made while the moov read was in flight (used when it is the range). */
  media?: { start: number; end: number; blob: Blob };
}

const KIND_NAME: Record<string, 'video' | 'audio'> = { vide: 'video', soun: 'audio' };

function clipName(c: { index: number; label: string | undefined }): string {
  return c.label ? `Clip ${c.index + 1} (${c.label})` : `Clip ${c.index + 1}`;
}

function lowerName(c: { index: number; label: string | undefined }): string {
  return c.label ? `clip ${c.index + 1} (${c.label})` : `clip ${c.index + 1}`;
}

function labelOf(blob: Blob, i: number, opts: StitchOptions): string | undefined {
  const given = opts.labels?.[i];
  if (given) return given;
  const name = (blob as Partial<File>).name;
  return typeof name === 'string' && name ? name : undefined;
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function loadClip(
  blob: Blob,
  index: number,
  label: string | undefined,
  layout: ClipLayout | undefined,
  read: ReadRange,
  timing: { parseMs: number },
): Promise<LoadedClip> {
  const who = { index, label };
  const fail = (code: StitchErrorCode, why: string): StitchError =>
    new StitchError(
      code,
      `${clipName(who)} ${why}${code === 'fragmented' ? '; fragmented MP4 cannot be stitched — export it as a regular MP4' : ''}.`,
      [index],
      [label ?? ''],
    );
  let media: LoadedClip['media'];
  const sliceMedia = (start: number, end: number): void => {
    if (!media && end > start && end <= blob.size) media = { start, end, blob: blob.slice(start, end) };
  };
  let located: LocatedClip | undefined;
  if (layout) {
    const reading = readWithLayout(blob, layout, index === 0, read).catch(() => undefined);
    // Slicing costs a round trip of its own in browsers: do it while the read is in flight.
    if (Array.isArray(layout.mdat)) sliceMedia(layout.mdat[0], layout.mdat[1]);
    located = await reading;
  }
  located ??= await locateMoov(blob, fail, sliceMedia, read);
  let movie: ParsedMovie;
  const started = performance.now();
  try {
    movie = parseMoov(located.moov);
    timing.parseMs += performance.now() - started;
  } catch (err) {
    throw fail('corrupt', `has a damaged moov box (${(err as Error).message})`);
  }
  if (movie.fragmented) throw fail('fragmented', 'is a fragmented MP4 (mvex)');
  return {
    index,
    label,
    blob,
    ftyp: located.ftyp,
    movie,
    tracks: movie.tracks.filter((t) => t.handler in KIND_NAME),
    bytesRead: located.bytesRead,
    media,
  };
}

function trackSetSummary(tracks: ParsedTrack[]): string {
  const v = tracks.filter((t) => t.handler === 'vide').length;
  const a = tracks.filter((t) => t.handler === 'soun').length;
  const part = (n: number, what: string): string =>
    n === 0 ? `no ${what}` : `${n} ${what} track${n > 1 ? 's' : ''}`;
  return `${part(v, 'video')} and ${part(a, 'audio')}`;
}

/** The k-th track of each kind in a clip, so video matches video and audio matches audio. */
function trackKeyOrder(tracks: ParsedTrack[]): string[] {
  const seen: Record<string, number> = {};
  return tracks.map((t) => {
    seen[t.handler] = (seen[t.handler] ?? 0) + 1;
    return `${t.handler}#${seen[t.handler]}`;
  });
}

function refuse(code: StitchErrorCode, offenders: LoadedClip[], message: (c: LoadedClip) => string): never {
  const first = offenders[0]!;
  let text = message(first);
  if (offenders.length > 1) {
    const more = offenders.slice(1, 6).map((c) => c.index + 1);
    text += ` Clip${more.length > 1 ? 's' : ''} ${more.join(', ')}${offenders.length > 6 ? ' and more' : ''} differ${more.length > 1 ? '' : 's'} the same way.`;
  }
  throw new StitchError(
    code,
    text,
    offenders.map((c) => c.index),
    offenders.map((c) => c.label ?? ''),
  );
}

/** Checks track sets and decoder configurations; returns the per-output-track list of per-clip tracks. */
function matchTracks(clips: LoadedClip[]): ParsedTrack[][] {
  const ref = clips[0]!;
  if (ref.tracks.length === 0) {
    refuse('unsupported', [ref], (c) => `${clipName(c)} has no video or audio track.`);
  }
  const refKeys = trackKeyOrder(ref.tracks);
  const sorted = (keys: string[]): string => [...keys].sort().join(',');
  const badSet = clips.filter((c) => sorted(trackKeyOrder(c.tracks)) !== sorted(refKeys));
  if (badSet.length) {
    refuse(
      'track-mismatch',
      badSet,
      (c) =>
        `${clipName(c)} has ${trackSetSummary(c.tracks)}, but ${lowerName(ref)} has ${trackSetSummary(ref.tracks)}; ` +
        `every clip needs the same tracks — re-render it or stitch the groups separately.`,
    );
  }
  const out: ParsedTrack[][] = refKeys.map(() => []);
  for (const clip of clips) {
    const keys = trackKeyOrder(clip.tracks);
    refKeys.forEach((key, i) => out[i]!.push(clip.tracks[keys.indexOf(key)]!));
  }

  out.forEach((perClip) => {
    const refTrack = perClip[0]!;
    const kind = KIND_NAME[refTrack.handler]!;
    const refInfos = refTrack.sampleEntries.map((e) => describeSampleEntry(e, refTrack.handler));
    const infos: SampleEntryInfo[][] = perClip.map((t) =>
      t.sampleEntries.map((e) => describeSampleEntry(e, t.handler)),
    );
    const differs = (i: number): boolean =>
      infos[i]!.length !== refInfos.length ||
      infos[i]!.some((info, j) => !sameKey(info.key, refInfos[j]!.key));
    const badCodec = clips.filter((_, i) => differs(i));
    if (badCodec.length) {
      refuse('codec-mismatch', badCodec, (c) => {
        const mine = infos[c.index]!.map((x) => x.summary).join(' + ') || 'none';
        const theirs = refInfos.map((x) => x.summary).join(' + ');
        const diff = exactDifference(infos[c.index]![0], refInfos[0], perClip[c.index]!, refTrack);
        return (
          `${clipName(c)} uses a different ${kind} encoding than ${lowerName(ref)}: ${diff} ` +
          `(${mine}${mine === theirs ? ' in both' : ` vs ${theirs}`}); re-render it or stitch the groups separately.`
        );
      });
    }
    const badScale = clips.filter((_, i) => perClip[i]!.timescale !== refTrack.timescale);
    if (badScale.length) {
      refuse('timescale-mismatch', badScale, (c) => {
        const mine = perClip[c.index]!;
        const rate =
          kind === 'video' && Math.abs(trackFps(mine) - trackFps(refTrack)) > 0.01
            ? `${fpsText(trackFps(mine))} vs ${fpsText(trackFps(refTrack))}, `
            : '';
        return (
          `${clipName(c)} uses a different ${kind} timescale than ${lowerName(ref)}: ${rate}` +
          `${mine.timescale} vs ${refTrack.timescale} ticks per second; re-render it or stitch the groups separately.`
        );
      });
    }
  });
  return out;
}

/** Average frame rate of a track from its sample count and media duration. */
function trackFps(t: ParsedTrack): number {
  const seconds = t.mediaDuration / t.timescale;
  return seconds > 0 ? t.tables.sampleCount / seconds : 0;
}

const fpsText = (fps: number): string => `${Math.round(fps * 100) / 100} fps`;

const CODEC_FAMILY: Record<string, string> = {
  avc1: 'H.264',
  avc3: 'H.264',
  hvc1: 'H.265',
  hev1: 'H.265',
  vp09: 'VP9',
  av01: 'AV1',
  mp4a: 'AAC',
  Opus: 'Opus',
};

/** What exactly differs between a clip's sample entry and the first clip's: "24 fps vs 30 fps", "H.265 vs H.264". */
function exactDifference(
  mine: SampleEntryInfo | undefined,
  theirs: SampleEntryInfo | undefined,
  myTrack: ParsedTrack,
  refTrack: ParsedTrack,
): string {
  if (!mine || !theirs) return `${mine ? 1 : 0} vs ${theirs ? 1 : 0} sample descriptions`;
  const parts: string[] = [];
  const family = (i: SampleEntryInfo): string => CODEC_FAMILY[i.format] ?? i.format;
  if (family(mine) !== family(theirs)) parts.push(`${family(mine)} vs ${family(theirs)}`);
  else if (mine.codec !== theirs.codec) parts.push(`${mine.codec} vs ${theirs.codec} (codec profile/level)`);
  if (mine.kind === 'video') {
    if (mine.width !== theirs.width || mine.height !== theirs.height)
      parts.push(`${mine.width}x${mine.height} vs ${theirs.width}x${theirs.height}`);
    const [a, b] = [trackFps(myTrack), trackFps(refTrack)];
    if (Math.abs(a - b) > 0.01) parts.push(`${fpsText(a)} vs ${fpsText(b)}`);
  } else if (mine.kind === 'audio') {
    if (mine.sampleRate !== theirs.sampleRate)
      parts.push(`${mine.sampleRate! / 1000} kHz vs ${theirs.sampleRate! / 1000} kHz`);
    if (mine.channels !== theirs.channels) parts.push(`${mine.channels} vs ${theirs.channels} channels`);
  }
  if (!parts.length)
    parts.push(
      mine.kind === 'video'
        ? 'same codec, size and frame rate but different codec parameters (SPS/PPS)'
        : 'same codec and sample rate but a different decoder configuration',
    );
  return parts.join(', ');
}

const DEFAULT_FTYP = ((): Uint8Array => {
  const w = new ByteWriter(32);
  const s = w.begin('ftyp');
  w.fourcc('isom');
  w.u32(0x200);
  for (const b of ['isom', 'iso2', 'avc1', 'mp41']) w.fourcc(b);
  w.end(s);
  return w.result();
})();

export async function stitch(clips: Blob[], opts: StitchOptions = {}): Promise<StitchResult> {
  if (clips.length === 0) throw new StitchError('no-clips', 'There are no clips to stitch.');
  const t0 = performance.now();
  const timing = { readMs: 0, parseMs: 0, buildMs: 0 };
  const read = (opts.batchReads ?? readsAreRoundTrips()) ? batchedReader() : readDirect;
  const loaded = await mapLimit(clips, opts.concurrency ?? clips.length, (blob, i) =>
    loadClip(blob, i, labelOf(blob, i, opts), opts.layouts?.[i], read, timing),
  );
  const t1 = performance.now();
  const perTrack = matchTracks(loaded);
  const movieTimescale = loaded[0]!.movie.timescale || 1000;

  // --- Media byte ranges: what each clip contributes to the output mdat. ---
  const ranges = loaded.map((clip) => {
    let start = Infinity;
    let end = 0;
    for (const t of clip.tracks) {
      let ext: { start: number; end: number };
      try {
        ext = chunkExtent({ ...t.tables, chunkOffsets: t.tables.chunkOffsets });
      } catch (err) {
        throw new StitchError(
          'corrupt',
          `${clipName(clip)} has inconsistent sample tables (${(err as Error).message}).`,
          [clip.index],
          [clip.label ?? ''],
        );
      }
      if (ext.end > ext.start) {
        start = Math.min(start, ext.start);
        end = Math.max(end, ext.end);
      }
    }
    if (start === Infinity) start = end = 0;
    if (end > clip.blob.size) {
      throw new StitchError(
        'corrupt',
        `${clipName(clip)} is truncated: its samples end past the end of the file.`,
        [clip.index],
        [clip.label ?? ''],
      );
    }
    return { start, end };
  });
  const payloadPos: number[] = [];
  let payloadBytes = 0;
  for (const r of ranges) {
    payloadPos.push(payloadBytes);
    payloadBytes += r.end - r.start;
  }

  // --- Timeline: per-clip slots and per-track segments. ---
  const segments: Segment[][][] = perTrack.map((clipsOfTrack) =>
    clipsOfTrack.map((t) => clipSegments(t.edits, compositionEnd(t.tables), t.timescale, movieTimescale)),
  );
  const videoIndex = perTrack.findIndex((p) => p[0]!.handler === 'vide');
  const slots = loaded.map((_, c) =>
    videoIndex >= 0
      ? presentedSeconds(segments[videoIndex]![c]!)
      : Math.max(...segments.map((s) => presentedSeconds(s[c]!))),
  );
  const clipStarts: number[] = [];
  let cursor = 0;
  for (const s of slots) {
    clipStarts.push(cursor);
    cursor += s;
  }

  // --- moov ---
  const build = (
    co64: boolean,
  ): {
    moov: Uint8Array;
    patches: { at: number; count: number }[];
    infos: StitchTrackInfo[];
    movieDuration: number;
  } => {
    const w = new ByteWriter(1 << 16);
    const patches: { at: number; count: number }[] = [];
    const infos: StitchTrackInfo[] = [];
    const moovStart = w.begin('moov');
    const mvhdAt = w.pos;
    writeTimedBox(w, loaded[0]!.movie.mvhd, 0); // duration patched below
    let movieDuration = 0;
    perTrack.forEach((clipsOfTrack, ti) => {
      const ref = clipsOfTrack[0]!;
      const timescale = ref.timescale;
      const stts = mergeStts(
        clipsOfTrack.map((t) => ({ counts: t.tables.sttsCounts, deltas: t.tables.sttsDeltas })),
      );
      const mediaOffsets: number[] = [];
      let off = 0;
      for (const t of clipsOfTrack) {
        mediaOffsets.push(off);
        off += sttsTotal({ counts: t.tables.sttsCounts, deltas: t.tables.sttsDeltas });
      }
      const edits = buildEditList(
        clipsOfTrack.map((_, c) => ({
          segments: fitSegments(segments[ti]![c]!, slots[c]!),
          mediaOffset: mediaOffsets[c]!,
        })),
        timescale,
        movieTimescale,
      );
      const trackDuration = edits.reduce((s, e) => s + e.duration, 0);
      movieDuration = Math.max(movieDuration, trackDuration);
      const ctts = mergeCtts(
        clipsOfTrack.map((t) => ({
          sampleCount: t.tables.sampleCount,
          counts: t.tables.cttsCounts,
          offsets: t.tables.cttsOffsets,
        })),
      );
      const stss = mergeStss(
        clipsOfTrack.map((t) => ({ sampleCount: t.tables.sampleCount, stss: t.tables.stss })),
      );
      const stsz = mergeStsz(clipsOfTrack.map((t) => t.tables));
      const stsc = mergeStsc(
        clipsOfTrack.map((t) => ({
          chunkCount: t.tables.chunkOffsets.length,
          firstChunk: t.tables.stscFirstChunk,
          samplesPerChunk: t.tables.stscSamplesPerChunk,
          descriptionIndex: t.tables.stscDescriptionIndex,
        })),
      );
      const chunks = mergeChunkOffsets(
        clipsOfTrack.map((t, c) => ({
          offsets: t.tables.chunkOffsets,
          shift: payloadPos[c]! - ranges[c]!.start,
        })),
      );

      const trak = w.begin('trak');
      writeTimedBox(w, ref.tkhd, trackDuration);
      writeElst(w, edits);
      const mdia = w.begin('mdia');
      writeTimedBox(w, ref.mdhd, stts.total);
      w.bytes(ref.hdlr);
      const minf = w.begin('minf');
      for (const extra of ref.minfExtras) w.bytes(extra);
      const stbl = w.begin('stbl');
      w.bytes(ref.stsd);
      let s = w.begin('stts', 0);
      w.u32(stts.counts.length);
      for (let i = 0; i < stts.counts.length; i++) {
        w.u32(stts.counts[i]!);
        w.u32(stts.deltas[i]!);
      }
      w.end(s);
      if (ctts) {
        s = w.begin('ctts', ctts.version);
        w.u32(ctts.counts.length);
        for (let i = 0; i < ctts.counts.length; i++) {
          w.u32(ctts.counts[i]!);
          w.i32(ctts.offsets[i]!);
        }
        w.end(s);
      }
      if (stss) {
        s = w.begin('stss', 0);
        w.u32(stss.length);
        for (let i = 0; i < stss.length; i++) w.u32(stss[i]!);
        w.end(s);
      }
      s = w.begin('stsc', 0);
      w.u32(stsc.firstChunk.length);
      for (let i = 0; i < stsc.firstChunk.length; i++) {
        w.u32(stsc.firstChunk[i]!);
        w.u32(stsc.samplesPerChunk[i]!);
        w.u32(stsc.descriptionIndex[i]!);
      }
      w.end(s);
      s = w.begin('stsz', 0);
      w.u32(stsz.fixedSampleSize);
      w.u32(stsz.sampleCount);
      if (stsz.sampleSizes) for (let i = 0; i < stsz.sampleSizes.length; i++) w.u32(stsz.sampleSizes[i]!);
      w.end(s);
      s = w.begin(co64 ? 'co64' : 'stco', 0);
      w.u32(chunks.offsets.length);
      patches.push({ at: w.pos, count: chunks.offsets.length });
      for (let i = 0; i < chunks.offsets.length; i++) {
        if (co64) w.u64(chunks.offsets[i]!);
        else w.u32(chunks.offsets[i]!);
      }
      w.end(s);
      writeGroups(w, clipsOfTrack);
      w.end(stbl);
      w.end(minf);
      w.end(mdia);
      w.end(trak);
      infos.push({
        trackId: ref.trackId,
        kind: KIND_NAME[ref.handler]!,
        codec: describeSampleEntry(ref.sampleEntries[0]!, ref.handler).codec,
        summary: describeSampleEntry(ref.sampleEntries[0]!, ref.handler).summary,
        timescale,
        sampleCount: stsz.sampleCount,
        chunkCount: chunks.offsets.length,
        duration: trackDuration / movieTimescale,
        editCount: edits.length,
      });
    });
    w.end(moovStart);
    const moov = w.result();
    // Patch the mvhd duration now that every track is known.
    const patched = new ByteWriter(128);
    writeTimedBox(patched, loaded[0]!.movie.mvhd, movieDuration);
    const mvhd = patched.result();
    const mvhdLen = new DataView(moov.buffer, mvhdAt, 4).getUint32(0);
    if (mvhd.length !== mvhdLen) {
      // version changed (64-bit duration): rebuild around it
      const out = new Uint8Array(moov.length - mvhdLen + mvhd.length);
      out.set(moov.subarray(0, mvhdAt));
      out.set(mvhd, mvhdAt);
      out.set(moov.subarray(mvhdAt + mvhdLen), mvhdAt + mvhd.length);
      new DataView(out.buffer).setUint32(0, out.length);
      const shift = mvhd.length - mvhdLen;
      return {
        moov: out,
        patches: patches.map((p) => ({ at: p.at + shift, count: p.count })),
        infos,
        movieDuration,
      };
    }
    moov.set(mvhd, mvhdAt);
    return { moov, patches, infos, movieDuration };
  };

  const ftyp = loaded[0]!.ftyp ?? DEFAULT_FTYP;
  const mdatHead = mdatHeader(payloadBytes);
  let co64 = !!opts.forceCo64;
  let built = build(co64);
  if (!co64 && ftyp.length + built.moov.length + mdatHead.length + payloadBytes > MAX_U32) {
    co64 = true;
    built = build(true);
  }
  const base = ftyp.length + built.moov.length + mdatHead.length;
  const dv = new DataView(built.moov.buffer, built.moov.byteOffset, built.moov.byteLength);
  for (const p of built.patches) {
    for (let i = 0; i < p.count; i++) {
      if (co64) {
        const at = p.at + 8 * i;
        const v = dv.getUint32(at) * 2 ** 32 + dv.getUint32(at + 4) + base;
        dv.setUint32(at, Math.floor(v / 2 ** 32));
        dv.setUint32(at + 4, v >>> 0);
      } else {
        const at = p.at + 4 * i;
        dv.setUint32(at, dv.getUint32(at) + base);
      }
    }
  }

  const parts: BlobPart[] = [
    ftyp as Uint8Array<ArrayBuffer>,
    built.moov as Uint8Array<ArrayBuffer>,
    mdatHead as Uint8Array<ArrayBuffer>,
  ];
  loaded.forEach((clip, c) => {
    const r = ranges[c]!;
    const media = clip.media;
    if (media && media.start === r.start && media.end === r.end) parts.push(media.blob);
    else if (r.end > r.start) parts.push(clip.blob.slice(r.start, r.end));
  });
  const blob = new Blob(parts, { type: 'video/mp4' });
  timing.readMs = t1 - t0 - timing.parseMs;
  timing.buildMs = performance.now() - t1;
  return {
    timings: timing,
    blob,
    duration: built.movieDuration / movieTimescale,
    tracks: built.infos,
    clipStarts,
    headerBytes: base,
    bytesRead: loaded.reduce((n, c) => n + c.bytesRead, 0),
    usedCo64: co64,
    droppedTracks: loaded.flatMap((c) =>
      c.movie.tracks.filter((t) => !(t.handler in KIND_NAME)).map((t) => `clip ${c.index + 1}: ${t.handler}`),
    ),
  };
}

/**
 * Sample-to-group tables (e.g. AAC/Opus 'roll' recovery): kept when every clip has the same grouping with an
 * identical sgpd, concatenated; otherwise dropped (they are advisory for playback).
 */
function writeGroups(w: ByteWriter, clipsOfTrack: ParsedTrack[]): void {
  const first = clipsOfTrack[0]!.tables.groups;
  for (const g of first) {
    const all = clipsOfTrack.map((t) => t.tables.groups.find((x) => x.groupingType === g.groupingType));
    const sgpdSame = all.every(
      (x) => x && ((x.sgpd === null && g.sgpd === null) || (x.sgpd && g.sgpd && sameBytes(x.sgpd, g.sgpd))),
    );
    if (!sgpdSame) continue;
    const counts: number[] = [];
    const indexes: number[] = [];
    all.forEach((x, c) => {
      let covered = 0;
      x!.counts.forEach((n, i) => {
        const idx = x!.indexes[i]!;
        covered += n;
        if (counts.length && indexes[indexes.length - 1] === idx) counts[counts.length - 1]! += n;
        else {
          counts.push(n);
          indexes.push(idx);
        }
      });
      const missing = clipsOfTrack[c]!.tables.sampleCount - covered;
      if (missing > 0) {
        if (counts.length && indexes[indexes.length - 1] === 0) counts[counts.length - 1]! += missing;
        else {
          counts.push(missing);
          indexes.push(0);
        }
      }
    });
    if (g.sgpd) w.bytes(g.sgpd);
    const s = w.begin('sbgp', 0);
    w.fourcc(g.groupingType);
    w.u32(counts.length);
    for (let i = 0; i < counts.length; i++) {
      w.u32(counts[i]!);
      w.u32(indexes[i]!);
    }
    w.end(s);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
