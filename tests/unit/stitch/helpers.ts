import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/stitch');

export function fixtureBytes(name: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(join(FIXTURES, `${name}.mp4`)));
}

export function fixture(name: string): Blob {
  return new Blob([fixtureBytes(name)], { type: 'video/mp4' });
}

let dir: string | undefined;
export function tempFile(name: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'reelwright-stitch-'));
  return join(dir, name);
}

export async function writeBlob(blob: Blob, name: string): Promise<string> {
  const path = tempFile(name);
  writeFileSync(path, new Uint8Array(await blob.arrayBuffer()));
  return path;
}

export interface ProbeStream {
  index: number;
  codec_type: string;
  codec_name: string;
  duration?: string;
  nb_frames?: string;
  width?: number;
  height?: number;
}

export function ffprobe(path: string): { streams: ProbeStream[]; format: { duration: string } } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as { streams: ProbeStream[]; format: { duration: string } };
}

export interface Packet {
  stream: number;
  pts: number;
  discard: boolean;
}

export function packets(path: string): Packet[] {
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'packet=stream_index,pts_time,flags', '-of', 'csv=p=0', path],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const [stream, pts, flags] = line.split(',');
      return { stream: Number(stream), pts: Number(pts), discard: (flags ?? '').includes('D') };
    });
}

/** `ffmpeg -v error -i path -f null -`: returns stderr (empty when the file decodes cleanly). */
export function decodeErrors(path: string): string {
  try {
    execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-'], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return '';
  } catch (err) {
    return String((err as { stderr?: string }).stderr ?? err);
  }
}

/**
 * Every video frame of a file as ffmpeg decodes it (rgb24, presentation order, no frame dropped or
 * duplicated: `-fps_mode passthrough`), as the MD5 of its RGB bytes (ffmpeg's framemd5 muxer).
 */
export function frameDigests(path: string): string[] {
  const out = execFileSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      path,
      '-map',
      '0:v:0',
      '-fps_mode',
      'passthrough',
      '-pix_fmt',
      'rgb24',
      '-f',
      'framemd5',
      '-',
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  return out
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(',').at(-1)!.trim());
}

/** Frame `index` (0-based, presentation order) of a file as packed RGB bytes. */
export function rgbFrameAt(path: string, index: number): Buffer {
  return execFileSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      path,
      '-map',
      '0:v:0',
      '-vf',
      `select=eq(n\\,${index})`,
      '-fps_mode',
      'passthrough',
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    { maxBuffer: 64 << 20 },
  );
}

/** Mean absolute difference of two same-sized RGB pictures, 0–255 per channel. */
export function meanDifference(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error(`pictures differ in size: ${a.length} vs ${b.length} bytes`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

export interface FrameMismatch {
  /** Index in the stitched output. */
  index: number;
  /** Which source clip and frame should be there (or `missing` past the end of either side). */
  expected: string;
  got: string;
}

/**
 * Compares the stitched output's frames with its sources' frames, in order: the output must be exactly the
 * sources' frames one after another. Returns the first mismatch (a shifted, dropped, duplicated or damaged
 * frame), or undefined when every frame matches.
 */
export function firstFrameMismatch(output: string[], sources: string[][]): FrameMismatch | undefined {
  const expected = sources.flatMap((frames, clip) =>
    frames.map((digest, frame) => ({ digest, clip, frame })),
  );
  const name = (e?: { clip: number; frame: number }): string =>
    e ? `clip ${e.clip + 1} frame ${e.frame}` : 'missing';
  const where = (digest: string | undefined): string => {
    if (digest === undefined) return 'missing';
    const found = expected.find((e) => e.digest === digest);
    return found ? name(found) : 'a frame no source has';
  };
  for (let index = 0; index < Math.max(output.length, expected.length); index++) {
    if (output[index] !== expected[index]?.digest)
      return { index, expected: name(expected[index]), got: where(output[index]) };
  }
  return undefined;
}

export function ffmpegAvailable(): boolean {
  try {
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Top-level boxes of an MP4 file: [type, start, size]. */
export function topLevelBoxes(bytes: Uint8Array): { type: string; start: number; size: number }[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { type: string; start: number; size: number }[] = [];
  let at = 0;
  while (at + 8 <= bytes.length) {
    let size = dv.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (size === 1) size = dv.getUint32(at + 8) * 2 ** 32 + dv.getUint32(at + 12);
    if (size === 0) size = bytes.length - at;
    out.push({ type, start: at, size });
    at += size;
  }
  return out;
}

/** A Blob that records every byte range actually read (arrayBuffer/bytes/text/stream) from it or its slices. */
export class CountingBlob extends Blob {
  constructor(
    parts: BlobPart[],
    readonly log: { start: number; end: number }[] = [],
    readonly base = 0,
  ) {
    super(parts, { type: 'video/mp4' });
  }
  override slice(start = 0, end = this.size, contentType?: string): Blob {
    const s = Math.max(0, Math.min(this.size, start < 0 ? this.size + start : start));
    const e = Math.max(s, Math.min(this.size, end < 0 ? this.size + end : end));
    return new CountingBlob([super.slice(s, e, contentType)], this.log, this.base + s);
  }
  private record(): void {
    this.log.push({ start: this.base, end: this.base + this.size });
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    this.record();
    return super.arrayBuffer();
  }
  override text(): Promise<string> {
    this.record();
    return super.text();
  }
  override bytes(): ReturnType<Blob['bytes']> {
    this.record();
    return super.bytes();
  }
  override stream(): ReturnType<Blob['stream']> {
    this.record();
    return super.stream();
  }
}
