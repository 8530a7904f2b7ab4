import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export {
  decodeErrors,
  firstFrameMismatch,
  frameDigests,
  meanDifference,
  rgbFrameAt,
  type FrameMismatch,
} from '../../e2e/support/frames.ts';

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
