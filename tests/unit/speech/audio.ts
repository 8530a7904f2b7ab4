// Measuring audio in tests: read PCM16 WAV, energy in a window, and how strong a frequency is.
import { spawnSync } from 'node:child_process';

export interface Pcm {
  sampleRate: number;
  channels: number;
  samples: Float32Array;
  /** The RIFF chunk ids in order (fmt , LIST, data…). */
  chunks: string[];
}

/** Reads a PCM16 WAV (any chunk order); throws on anything else. */
export function readWav(bytes: Uint8Array): Pcm {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file');
  let at = 12;
  let sampleRate = 0;
  let channels = 0;
  let samples: Float32Array | undefined;
  const chunks: string[] = [];
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    chunks.push(id);
    if (id === 'fmt ') {
      if (view.getUint16(at + 8, true) !== 1 || view.getUint16(at + 22, true) !== 16) {
        throw new Error('not PCM16');
      }
      channels = view.getUint16(at + 10, true);
      sampleRate = view.getUint32(at + 12, true);
    } else if (id === 'data') {
      samples = new Float32Array(size / 2);
      for (let i = 0; i < samples.length; i += 1) samples[i] = view.getInt16(at + 8 + i * 2, true) / 32768;
    }
    at += 8 + size + (size % 2);
  }
  if (!samples || !sampleRate) throw new Error('WAV without fmt or data');
  return { sampleRate, channels, samples, chunks };
}

/** Raw PCM16 LE → floats. */
export function readPcm16(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = view.getInt16(i * 2, true) / 32768;
  return out;
}

/** Decodes any audio file with ffmpeg to mono PCM16 at `sampleRate`. */
export function decodeWithFfmpeg(bytes: Uint8Array, sampleRate: number): Float32Array {
  const run = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-xerror',
      '-i',
      'pipe:0',
      '-f',
      's16le',
      '-ac',
      '1',
      '-ar',
      String(sampleRate),
      'pipe:1',
    ],
    { input: bytes, maxBuffer: 256 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr.toString()}`);
  return readPcm16(new Uint8Array(run.stdout));
}

/** Root-mean-square level of samples[from, to). */
export function rms(samples: Float32Array, from = 0, to = samples.length): number {
  const a = Math.max(0, Math.floor(from));
  const b = Math.min(samples.length, Math.ceil(to));
  if (b <= a) return 0;
  let sum = 0;
  for (let i = a; i < b; i += 1) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / (b - a));
}

/** Normalised power of one frequency (Goertzel) over samples[from, to). */
export function tonePower(
  samples: Float32Array,
  sampleRate: number,
  frequency: number,
  from = 0,
  to = samples.length,
): number {
  const a = Math.max(0, Math.floor(from));
  const b = Math.min(samples.length, Math.ceil(to));
  const n = b - a;
  if (n <= 0) return 0;
  const coeff = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = a; i < b; i += 1) {
    const s0 = samples[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (n * n);
}

/** The candidate frequency with the most power over the window. */
export function strongest(
  samples: Float32Array,
  sampleRate: number,
  candidates: readonly number[],
  from = 0,
  to = samples.length,
): number {
  let best = candidates[0]!;
  let power = -1;
  for (const f of candidates) {
    const p = tonePower(samples, sampleRate, f, from, to);
    if (p > power) {
      power = p;
      best = f;
    }
  }
  return best;
}
