/**
 * Sample-rate conversion and channel up/down-mixing for the mixer: every input is brought to the episode's
 * rate and channel count before it is placed.
 *
 * `resample` is a band-limited windowed-sinc converter (Kaiser window, beta 9, 16 zero crossings each side of
 * the cutoff): the cutoff sits at 0.475 of the lower of the two rates, so downsampling cannot alias and
 * upsampling adds no images. The kernel is tabulated per output phase: a rational ratio (48000/44100 =
 * 160/147) gets one row per phase, exact; ratios whose phase count would be huge share 4096 rows (phase
 * error <= 1/8192 sample, far below audibility). Each row is normalized to unit DC gain, so levels stay put.
 */
import type { Pcm } from './types.ts';

const ZERO_CROSSINGS = 16;
const KAISER_BETA = 9;
const ROLLOFF = 0.95;
const MAX_PHASES = 4096;

/** `pcm` at `sampleRate`: length round(n * rate / pcm.sampleRate). The same object when rates match. */
export function resample(pcm: Pcm, sampleRate: number): Pcm {
  if (pcm.sampleRate === sampleRate) return pcm;
  const inRate = pcm.sampleRate;
  const inLength = pcm.channels[0]?.length ?? 0;
  const outLength = Math.round((inLength * sampleRate) / inRate);
  const g = gcd(inRate, sampleRate);
  // Output n sits at input position n * step / up (step = inRate/g, up = sampleRate/g).
  const exact = sampleRate / g <= MAX_PHASES && Number.isInteger(inRate / g);
  const phases = exact ? sampleRate / g : MAX_PHASES;
  // Cutoff in cycles per input sample.
  const fc = (0.5 * ROLLOFF * Math.min(1, sampleRate / inRate)) as number;
  const half = Math.ceil(ZERO_CROSSINGS / (2 * fc));
  const taps = 2 * half;
  const table = kernelTable(phases, taps, half, fc);
  const channels = pcm.channels.map((x) => {
    const y = new Float32Array(outLength);
    const ratio = inRate / sampleRate;
    for (let n = 0; n < outLength; n++) {
      let base: number;
      let phase: number;
      if (exact) {
        const num = n * (inRate / g);
        const up = sampleRate / g;
        base = Math.floor(num / up);
        phase = num - base * up;
      } else {
        const pos = n * ratio;
        base = Math.floor(pos);
        phase = Math.round((pos - base) * phases);
        if (phase === phases) {
          base++;
          phase = 0;
        }
      }
      // Taps cover input samples base - half + 1 .. base + half.
      const first = base - half + 1;
      const row = phase * taps;
      let acc = 0;
      const k0 = Math.max(0, -first);
      const k1 = Math.min(taps, x.length - first);
      for (let k = k0; k < k1; k++) acc += table[row + k]! * x[first + k]!;
      y[n] = acc;
    }
    return y;
  });
  return { sampleRate, channels };
}

/** table[p * taps + k] = h(frac_p + half - 1 - k) for frac_p = p / phases, rows normalized to sum 1. */
function kernelTable(phases: number, taps: number, half: number, fc: number): Float32Array {
  const table = new Float32Array(phases * taps);
  const i0b = besselI0(KAISER_BETA);
  for (let p = 0; p < phases; p++) {
    const frac = p / phases;
    let sum = 0;
    for (let k = 0; k < taps; k++) {
      const d = frac + half - 1 - k; // distance from output position to input sample first + k
      const r = d / half;
      const w = Math.abs(r) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0b;
      const arg = 2 * fc * d;
      const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
      const h = 2 * fc * sinc * w;
      table[p * taps + k] = h;
      sum += h;
    }
    for (let k = 0; k < taps; k++) table[p * taps + k]! /= sum;
  }
  return table;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  a = Math.round(a);
  b = Math.round(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * `pcm` with `channelCount` channels. Mono to stereo duplicates the channel; stereo (or more) to mono
 * averages all channels; 5.1 (L R C LFE Ls Rs) to stereo uses the ITU downmix (centre and surrounds at
 * -3 dB, LFE dropped); other layouts keep their first two channels. The same object when nothing changes.
 */
export function remix(pcm: Pcm, channelCount: 1 | 2): Pcm {
  const src = pcm.channels;
  if (src.length === channelCount) return pcm;
  const n = src[0]?.length ?? 0;
  if (src.length === 0) {
    return {
      sampleRate: pcm.sampleRate,
      channels: Array.from({ length: channelCount }, () => new Float32Array(0)),
    };
  }
  if (channelCount === 2) {
    if (src.length === 1) return { sampleRate: pcm.sampleRate, channels: [src[0]!.slice(), src[0]!.slice()] };
    if (src.length === 6) {
      const [l, r, c, , ls, rs] = src as [
        Float32Array,
        Float32Array,
        Float32Array,
        Float32Array,
        Float32Array,
        Float32Array,
      ];
      const outL = new Float32Array(n);
      const outR = new Float32Array(n);
      const k = Math.SQRT1_2;
      for (let i = 0; i < n; i++) {
        outL[i] = l[i]! + k * c[i]! + k * ls[i]!;
        outR[i] = r[i]! + k * c[i]! + k * rs[i]!;
      }
      return { sampleRate: pcm.sampleRate, channels: [outL, outR] };
    }
    return { sampleRate: pcm.sampleRate, channels: [src[0]!.slice(), src[1]!.slice()] };
  }
  const out = new Float32Array(n);
  const k = 1 / src.length;
  for (const x of src) for (let i = 0; i < n; i++) out[i]! += x[i]! * k;
  return { sampleRate: pcm.sampleRate, channels: [out] };
}
