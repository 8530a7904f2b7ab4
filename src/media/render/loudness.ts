/**
 * Loudness metering and normalization for the rendered episode track (ITU-R BS.1770-4 / EBU R128).
 *
 * Integrated loudness: each channel is K-weighted (k-weighting.ts, coefficients for the actual sample rate),
 * mean squares are taken over 400 ms blocks with 75 % overlap (a 100 ms hop), channels are summed with weight
 * 1.0 (L, R; a mono signal counts once), and the blocks are gated twice: absolute at -70 LUFS, then relative
 * at 10 LU below the loudness of the blocks that passed the first gate. A 1 kHz sine at -20 dBFS in one
 * channel reads -23.0 LUFS; the same sine in both channels of a stereo signal reads -20.0 LUFS (EBU Tech 3341
 * case 1: -23 dBFS in both channels reads -23.0). A program shorter than one block is measured as one block.
 *
 * True peak: 4x oversampling per BS.1770 Annex 2 (true-peak.ts), reported in dBTP.
 *
 * Normalization applies one gain to reach the target, then — only when that gain pushes the true peak over
 * the ceiling — a look-ahead true-peak limiter (limiter.ts). Silence (or a program entirely below the
 * absolute gate) is returned unchanged.
 */
import { kWeightedEnergy } from './k-weighting.ts';
import { limitTruePeak } from './limiter.ts';
import { truePeak } from './true-peak.ts';
import type { Pcm } from './types.ts';

export interface LoudnessReading {
  /** Integrated loudness, LUFS; -Infinity for silence (or nothing above the -70 LUFS gate). */
  integratedLufs: number;
  /** True peak, dBTP; -Infinity for digital silence. */
  truePeakDb: number;
}

const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = -10;

const toDb = (linear: number): number => (linear > 0 ? 20 * Math.log10(linear) : -Infinity);
const energyToLufs = (z: number): number => (z > 0 ? -0.691 + 10 * Math.log10(z) : -Infinity);

/** Integrated loudness (gated) and true peak of `pcm`. */
export function measureLoudness(pcm: Pcm): LoudnessReading {
  return { integratedLufs: integratedLoudness(pcm), truePeakDb: toDb(truePeak(pcm.channels)) };
}

function integratedLoudness(pcm: Pcm): number {
  const { sampleRate, channels } = pcm;
  const length = channels[0]?.length ?? 0;
  if (length === 0) return -Infinity;
  // 100 ms sub-blocks (edges rounded from exact times, so 11.025 kHz works too); a block is 4 of them.
  const hop = sampleRate / 10;
  const subCount = Math.floor(length / hop);
  if (subCount < 4) {
    // Shorter than one gating block: one block over the whole program.
    const bounds = Int32Array.of(0, length);
    const e = new Float64Array(1);
    let z = 0;
    for (const x of channels) {
      kWeightedEnergy(x, sampleRate, bounds, e);
      z += e[0]! / length;
    }
    const l = energyToLufs(z);
    return l > ABSOLUTE_GATE_LUFS ? l : -Infinity;
  }
  const bounds = new Int32Array(subCount + 1);
  for (let j = 0; j <= subCount; j++) bounds[j] = Math.round(j * hop);
  const sub = new Float64Array(subCount);
  const summed = new Float64Array(subCount);
  for (const x of channels) {
    kWeightedEnergy(x, sampleRate, bounds, sub);
    for (let j = 0; j < subCount; j++) summed[j]! += sub[j]!;
  }
  // Block energies z_j (channel-weighted mean square over 400 ms).
  const blockCount = subCount - 3;
  const z = new Float64Array(blockCount);
  for (let j = 0; j < blockCount; j++) {
    const e = summed[j]! + summed[j + 1]! + summed[j + 2]! + summed[j + 3]!;
    z[j] = e / (bounds[j + 4]! - bounds[j]!);
  }
  const absoluteGate = Math.pow(10, (ABSOLUTE_GATE_LUFS + 0.691) / 10);
  let sum = 0;
  let count = 0;
  for (let j = 0; j < blockCount; j++) {
    if (z[j]! > absoluteGate) {
      sum += z[j]!;
      count++;
    }
  }
  if (count === 0) return -Infinity;
  const relativeGate = (sum / count) * Math.pow(10, RELATIVE_GATE_LU / 10);
  const gate = Math.max(absoluteGate, relativeGate);
  sum = 0;
  count = 0;
  for (let j = 0; j < blockCount; j++) {
    if (z[j]! > gate) {
      sum += z[j]!;
      count++;
    }
  }
  return count === 0 ? -Infinity : energyToLufs(sum / count);
}

/** The outcome of `normalizeLoudness`: new audio, the gain applied, and readings before and after. */
export interface NormalizedAudio {
  pcm: Pcm;
  /** The make-up gain applied before limiting, dB (0 for silence). */
  gainDb: number;
  before: LoudnessReading;
  after: LoudnessReading;
}

/**
 * Brings `pcm` to `targetLufs` integrated with its true peak at or below `truePeakDb` (dBTP). Returns new
 * arrays; the input is never modified. When no limiting is needed, `after` follows from `before` exactly
 * (a pure gain shifts both readings by `gainDb`); otherwise `after` is measured on the limited result.
 * When the limiter costs loudness (hot transients), the gain is raised until the target is met.
 */
export function normalizeLoudness(pcm: Pcm, targetLufs: number, truePeakDb: number): NormalizedAudio {
  const before = measureLoudness(pcm);
  if (!Number.isFinite(before.integratedLufs)) {
    return { pcm: copyPcm(pcm), gainDb: 0, before, after: before };
  }
  let gainDb = targetLufs - before.integratedLufs;
  if (before.truePeakDb + gainDb <= truePeakDb) {
    return {
      pcm: scaled(pcm, Math.pow(10, gainDb / 20)),
      gainDb,
      before,
      after: { integratedLufs: before.integratedLufs + gainDb, truePeakDb: before.truePeakDb + gainDb },
    };
  }
  let out = limited(pcm, gainDb, truePeakDb);
  let after = measureLoudness(out);
  // Limiting took loudness away (hot transients carry part of it): more gain from the original wins it
  // back; the limiter's loss grows slower than the gain, so this converges in a pass or two.
  for (let pass = 0; pass < 3; pass++) {
    const shortfall = targetLufs - after.integratedLufs;
    if (!(shortfall > 0.1)) break;
    gainDb += shortfall;
    out = limited(pcm, gainDb, truePeakDb);
    after = measureLoudness(out);
  }
  return { pcm: out, gainDb, before, after };
}

/** Gain, then the limiter; a pass that still leaves an over (rare) is repeated with the excess taken off. */
function limited(pcm: Pcm, gainDb: number, ceilingDb: number): Pcm {
  const out = scaled(pcm, Math.pow(10, gainDb / 20));
  // A small internal margin: limiting on a smooth gain curve is exact only up to the interpolator's span.
  let ceiling = Math.pow(10, (ceilingDb - 0.05) / 20);
  for (let pass = 0; pass < 3; pass++) {
    limitTruePeak(out.channels, out.sampleRate, ceiling);
    const peak = truePeak(out.channels);
    if (peak <= Math.pow(10, ceilingDb / 20)) break;
    ceiling *= Math.pow(10, ceilingDb / 20) / peak;
  }
  return out;
}

function scaled(pcm: Pcm, gain: number): Pcm {
  return {
    sampleRate: pcm.sampleRate,
    channels: pcm.channels.map((x) => {
      const y = new Float32Array(x.length);
      for (let n = 0; n < x.length; n++) y[n] = x[n]! * gain;
      return y;
    }),
  };
}

function copyPcm(pcm: Pcm): Pcm {
  return { sampleRate: pcm.sampleRate, channels: pcm.channels.map((x) => x.slice()) };
}
