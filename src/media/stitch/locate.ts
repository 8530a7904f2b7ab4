/**
 * Finding a clip's `moov` through tiny `Blob.slice` reads (box headers only, never the media bytes), the
 * layout scan that lets a later read skip the walk, and the table check other parsers run first.
 */
import type { ClipLayout } from '../../types.ts';
import { fourcc, parseMoov, u64, view } from './boxes.ts';
import { StitchError } from './errors.ts';
import { readDirect, type ReadRange } from './read-batch.ts';

export interface LocatedClip {
  ftyp: Uint8Array | null;
  moov: Uint8Array;
  moovOffset: number;
  /** Bytes this function read from the Blob (headers + ftyp + moov). */
  bytesRead: number;
}

const TOP_LEVEL_OK = new Set([
  'ftyp',
  'styp',
  'free',
  'skip',
  'wide',
  'mdat',
  'moov',
  'uuid',
  'pdin',
  'meta',
  'sidx',
  'junk',
  'pnot',
]);
/** Boxes up to this size (ftyp, free ...) are read whole, together with the next box header. */
const SMALL_BOX = 4096;
/**
 * The first read of a clip: exactly a typical (ffmpeg/libavformat) ftyp (32 B) + free (8 B) + a 16-byte mdat
 * header, so the usual layout is walked in two reads (this one, then everything after mdat) without reading
 * more than the 16 header bytes of mdat that a separate header read would.
 */
const HEAD_READ = 56;
/** After the last mdat, a remainder up to this size is read in one go (it is moov plus small boxes). */
const TAIL_READ = 16 << 20;

/**
 * Walks the top-level boxes of `blob` until `moov` is found and returns it. Reads are few and never touch the
 * media: small boxes are read whole together with the following header, `mdat` is skipped by its header, and
 * the remainder after it (typically just `moov`) is read in one request. Blob reads are asynchronous round
 * trips in a browser, so this matters more than the byte count: a typical clip costs two reads.
 */
export async function locateMoov(
  blob: Blob,
  fail: (code: 'not-mp4' | 'fragmented' | 'corrupt', why: string) => StitchError,
  onMdat?: (payloadStart: number, end: number) => void,
  read: ReadRange = readDirect,
): Promise<LocatedClip> {
  const size = blob.size;
  let offset = 0;
  let bytesRead = 0;
  let ftyp: Uint8Array | null = null;
  let buf: Uint8Array = new Uint8Array(0);
  let bufAt = 0;
  const have = (from: number, to: number): boolean => from >= bufAt && to <= bufAt + buf.length;
  const fill = async (from: number, to: number): Promise<void> => {
    buf = await read(blob, from, Math.min(size, to));
    bufAt = from;
    bytesRead += buf.length;
  };
  let first = true;
  while (offset + 8 <= size) {
    if (!have(offset, Math.min(size, offset + 16))) await fill(offset, offset + (first ? HEAD_READ : 16));
    const h = buf.subarray(offset - bufAt);
    const dv = view(h);
    let boxSize = dv.getUint32(0);
    const type = fourcc(h, 4);
    if (first && !TOP_LEVEL_OK.has(type)) throw fail('not-mp4', 'is not an MP4 file');
    first = false;
    let headerSize = 8;
    if (boxSize === 1) {
      if (h.length < 16) throw fail('corrupt', 'has a truncated box header');
      boxSize = dv.getUint32(8) * 2 ** 32 + dv.getUint32(12);
      headerSize = 16;
    } else if (boxSize === 0) {
      boxSize = size - offset;
    }
    if (boxSize < headerSize || offset + boxSize > size) throw fail('corrupt', `has a broken '${type}' box`);
    if (type === 'moof') throw fail('fragmented', 'is a fragmented MP4 (moof)');
    const end = offset + boxSize;
    if (type === 'moov') {
      if (!have(offset, end)) await fill(offset, end);
      const moov = buf.subarray(offset - bufAt, end - bufAt);
      return { ftyp, moov, moovOffset: offset, bytesRead };
    }
    if (type !== 'mdat' && boxSize <= SMALL_BOX && !have(offset, end)) await fill(offset, end + 16);
    if (type === 'ftyp' && have(offset, end)) ftyp = buf.slice(offset - bufAt, end - bufAt);
    offset = end;
    if (type === 'mdat' && size - offset <= TAIL_READ && !have(offset, size)) {
      const tail = fill(offset, size);
      // Work for the caller while the read is in flight (the stitcher slices the media range here).
      onMdat?.(end - boxSize + headerSize, end);
      await tail;
    } else if (type === 'mdat') onMdat?.(end - boxSize + headerSize, end);
  }
  throw fail('not-mp4', 'has no moov box');
}

/**
 * Where `ftyp`, `moov` and the first `mdat` of an MP4 are, from its top-level box headers only (typically two
 * tiny reads). Undefined when the file is not a plain MP4 with both (fragmented, broken, no moov).
 */
export async function scanLayout(blob: Blob, read: ReadRange = readDirect): Promise<ClipLayout | undefined> {
  const size = blob.size;
  let buf: Uint8Array = new Uint8Array(0);
  let bufAt = 0;
  let offset = 0;
  let ftyp: [number, number] | undefined;
  let moov: [number, number] | undefined;
  let mdat: [number, number] | undefined;
  while (offset + 8 <= size && !(moov && mdat)) {
    const want = Math.min(size, offset + 16);
    if (!(offset >= bufAt && want <= bufAt + buf.length)) {
      buf = await read(blob, offset, Math.min(size, offset + (offset === 0 ? HEAD_READ : 16)));
      bufAt = offset;
    }
    const h = buf.subarray(offset - bufAt);
    const dv = view(h);
    let boxSize = dv.getUint32(0);
    const type = fourcc(h, 4);
    if (offset === 0 && !TOP_LEVEL_OK.has(type)) return undefined;
    let headerSize = 8;
    if (boxSize === 1) {
      if (h.length < 16) return undefined;
      boxSize = dv.getUint32(8) * 2 ** 32 + dv.getUint32(12);
      headerSize = 16;
    } else if (boxSize === 0) boxSize = size - offset;
    if (boxSize < headerSize || offset + boxSize > size || type === 'moof') return undefined;
    if (type === 'ftyp' && !ftyp) ftyp = [offset, boxSize];
    if (type === 'moov' && !moov) moov = [offset, boxSize];
    if (type === 'mdat' && !mdat) mdat = [offset + headerSize, offset + boxSize];
    offset += boxSize;
  }
  return moov && mdat ? { moov, mdat, ...(ftyp ? { ftyp } : {}) } : undefined;
}

const isRange = (r: unknown): r is [number, number] =>
  Array.isArray(r) &&
  r.length === 2 &&
  Number.isSafeInteger(r[0]) &&
  Number.isSafeInteger(r[1]) &&
  r[0] >= 0 &&
  r[1] >= 0;

/**
 * Reads `moov` (and, with `wantFtyp`, `ftyp`) where a cached layout says they are: one read each, issued
 * together. Undefined when the layout does not match the blob (the caller then walks the boxes).
 */
export async function readWithLayout(
  blob: Blob,
  layout: ClipLayout,
  wantFtyp: boolean,
  read: ReadRange = readDirect,
): Promise<LocatedClip | undefined> {
  const size = blob.size;
  const { moov: m, ftyp: f } = layout;
  if (!isRange(m) || m[1] < 8 || m[0] + m[1] > size) return undefined;
  if (wantFtyp && (!isRange(f) || f[1] < 8 || f[0] + f[1] > size)) return undefined;
  const [moov, ftyp] = await Promise.all([
    read(blob, m[0], m[0] + m[1]),
    wantFtyp ? read(blob, f![0], f![0] + f![1]) : Promise.resolve(null),
  ]);
  const boxOk = (bytes: Uint8Array | null, type: string, boxSize: number): boolean => {
    if (!bytes || bytes.length !== boxSize || fourcc(bytes, 4) !== type) return false;
    const declared = view(bytes).getUint32(0);
    if (declared === 1) return bytes.length >= 16 && u64(view(bytes), 8) === boxSize;
    return declared === boxSize || (declared === 0 && m[0] + boxSize === size);
  };
  if (!boxOk(moov, 'moov', m[1])) return undefined;
  if (wantFtyp && !boxOk(ftyp, 'ftyp', f![1])) return undefined;
  return {
    ftyp,
    moov,
    moovOffset: m[0],
    bytesRead: moov.length + (ftyp?.length ?? 0),
  };
}

/**
 * Checks the sample tables of an MP4 before another parser (mediabunny) reads it: every table count must
 * fit in its box. Returns why the file is a corrupt MP4, or undefined when the tables are sound or the file
 * is not a plain MP4 at all (the other parser then says what it is).
 */
export async function mp4TableProblem(blob: Blob): Promise<string | undefined> {
  let located: LocatedClip;
  try {
    located = await locateMoov(blob, (code, why) => new StitchError(code, why));
  } catch (err) {
    return err instanceof StitchError && err.code === 'corrupt'
      ? `corrupt MP4: it ${err.message}`
      : undefined;
  }
  try {
    parseMoov(located.moov);
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    return message.startsWith('corrupt MP4') ? message : `corrupt MP4: ${message}`;
  }
}
