/** Synthetic reference signals for the DSP tests (deterministic: a fixed-seed PRNG for noise). */
import type { Pcm } from '../../../../src/media/render/types.ts';

export function sine(rate: number, seconds: number, freq: number, amp: number, phase = 0): Float32Array {
  const n = Math.round(rate * seconds);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate + phase);
  return x;
}

/** Uniform white noise in [-amp, amp], seeded (mulberry32). */
export function noise(rate: number, seconds: number, amp: number, seed = 1): Float32Array {
  const n = Math.round(rate * seconds);
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    x[i] = amp * (2 * (((t ^ (t >>> 14)) >>> 0) / 4294967296) - 1);
  }
  return x;
}

export function pcm(rate: number, ...channels: Float32Array[]): Pcm {
  return { sampleRate: rate, channels };
}

export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, to - from));
}

export const db = (v: number): number => 20 * Math.log10(v);

/**
 * The cosine and sine amplitudes of `freq` in x[from, to) by a single-bin DFT (an integer number of
 * periods): x ≈ cos·cos(wi) + sin·sin(wi).
 */
export function toneFit(
  x: Float32Array,
  rate: number,
  freq: number,
  from: number,
  to: number,
): { cos: number; sin: number } {
  let re = 0;
  let im = 0;
  for (let i = from; i < to; i++) {
    const w = (2 * Math.PI * freq * i) / rate;
    re += x[i]! * Math.cos(w);
    im += x[i]! * Math.sin(w);
  }
  return { cos: (2 * re) / (to - from), sin: (2 * im) / (to - from) };
}

/** Amplitude of `freq` in x[from, to) (see toneFit). */
export function toneAmplitude(x: Float32Array, rate: number, freq: number, from: number, to: number): number {
  const fit = toneFit(x, rate, freq, from, to);
  return Math.hypot(fit.cos, fit.sin);
}
