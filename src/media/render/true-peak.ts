/**
 * True-peak detection (ITU-R BS.1770-4, Annex 2): the signal is oversampled 4x with the 48-tap polyphase FIR
 * interpolator the annex specifies (four phases of 12 taps) and the largest absolute value is the true peak.
 * A sample peak misses the overs a DAC's reconstruction produces between samples (a sine at fs/4 phased at
 * 45° has sample peak -3 dBFS but a true peak of 0 dBFS); this meter catches them.
 *
 * The filter's phases sit at +1/8, 3/8, 5/8 and 7/8 of a sample, so none reproduces the samples themselves;
 * the sample peak is taken as well (a true peak is never below it). Float input needs no -12.04 dB pre-gain.
 */

/* Annex 2 coefficients, phase 0..3 (phase 3 is phase 0 reversed, phase 2 is phase 1 reversed). */
const P0 = [
  0.001708984375, 0.010986328125, -0.0196533203125, 0.033203125, -0.0594482421875, 0.1373291015625,
  0.97216796875, -0.102294921875, 0.047607421875, -0.026611328125, 0.014892578125, -0.00830078125,
] as const;
const P1 = [
  -0.0291748046875, 0.029296875, -0.0517578125, 0.089111328125, -0.16650390625, 0.465087890625, 0.77978515625,
  -0.2003173828125, 0.1015625, -0.0582275390625, 0.0330810546875, -0.0189208984375,
] as const;

/** Samples of delay between an input sample and the interpolated values computed from it (taps 5–6). */
export const TRUE_PEAK_DELAY = 6;

/**
 * Scans one channel at 4x. Returns the largest absolute value (sample or interpolated). When `env` is given,
 * `env[n]` is raised to the largest absolute value in the interval [n, n+1) of the input's own time axis
 * (the interpolator's 6-sample delay is compensated), so a limiter can see where each over is.
 */
export function interSamplePeaks(x: Float32Array, env: Float32Array | null): number {
  const [c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11] = P0;
  const [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11] = P1;
  // x0 = x[m], x1 = x[m-1], … x11 = x[m-11]; zero before the start.
  let x1 = 0,
    x2 = 0,
    x3 = 0,
    x4 = 0,
    x5 = 0,
    x6 = 0,
    x7 = 0,
    x8 = 0,
    x9 = 0,
    x10 = 0,
    x11 = 0;
  let peak = 0;
  const n = x.length;
  // Run TRUE_PEAK_DELAY samples past the end (zeros) so the last interval is interpolated too.
  const end = n + TRUE_PEAK_DELAY;
  for (let m = 0; m < end; m++) {
    const x0 = m < n ? x[m]! : 0;
    const y0 =
      c0 * x0 +
      c1 * x1 +
      c2 * x2 +
      c3 * x3 +
      c4 * x4 +
      c5 * x5 +
      c6 * x6 +
      c7 * x7 +
      c8 * x8 +
      c9 * x9 +
      c10 * x10 +
      c11 * x11;
    const y1 =
      d0 * x0 +
      d1 * x1 +
      d2 * x2 +
      d3 * x3 +
      d4 * x4 +
      d5 * x5 +
      d6 * x6 +
      d7 * x7 +
      d8 * x8 +
      d9 * x9 +
      d10 * x10 +
      d11 * x11;
    const y2 =
      d11 * x0 +
      d10 * x1 +
      d9 * x2 +
      d8 * x3 +
      d7 * x4 +
      d6 * x5 +
      d5 * x6 +
      d4 * x7 +
      d3 * x8 +
      d2 * x9 +
      d1 * x10 +
      d0 * x11;
    const y3 =
      c11 * x0 +
      c10 * x1 +
      c9 * x2 +
      c8 * x3 +
      c7 * x4 +
      c6 * x5 +
      c5 * x6 +
      c4 * x7 +
      c3 * x8 +
      c2 * x9 +
      c1 * x10 +
      c0 * x11;
    let v = Math.abs(x0);
    const a0 = Math.abs(y0);
    const a1 = Math.abs(y1);
    const a2 = Math.abs(y2);
    const a3 = Math.abs(y3);
    if (a0 > v) v = a0;
    if (a1 > v) v = a1;
    if (a2 > v) v = a2;
    if (a3 > v) v = a3;
    if (v > peak) peak = v;
    if (env) {
      // The interpolated values lie in [m-6, m-5); the raw sample belongs at m.
      const t = m - TRUE_PEAK_DELAY;
      let w = a0;
      if (a1 > w) w = a1;
      if (a2 > w) w = a2;
      if (a3 > w) w = a3;
      if (t >= 0 && t < n && w > env[t]!) env[t] = w;
      if (m < n && Math.abs(x0) > env[m]!) env[m] = Math.abs(x0);
    }
    x11 = x10;
    x10 = x9;
    x9 = x8;
    x8 = x7;
    x7 = x6;
    x6 = x5;
    x5 = x4;
    x4 = x3;
    x3 = x2;
    x2 = x1;
    x1 = x0;
  }
  return peak;
}

/** The largest gain any phase can have: |y| <= BOUND × max|x| over the 12 samples it reads. */
const BOUND = Math.max(
  P0.reduce((a, c) => a + Math.abs(c), 0),
  P1.reduce((a, c) => a + Math.abs(c), 0),
);
const BLOCK = 1024;

/** The largest |sample| the interpolator reads for outputs in [start, end): the block and its reach around it. */
function blockReach(x: Float32Array, start: number, end: number): number {
  let local = 0;
  const hi = Math.min(x.length, end + TRUE_PEAK_DELAY);
  for (let i = Math.max(0, start - TRUE_PEAK_DELAY); i < hi; i++) {
    const v = Math.abs(x[i]!);
    if (v > local) local = v;
  }
  return local;
}

/**
 * True peak over all channels, linear (0 for silence). Exact (the same value as a full 4x scan), but blocks
 * that cannot hold the peak are skipped: an interpolated value is at most BOUND (~1.55) times the largest
 * sample it is computed from, so a block whose samples (and the interpolator's reach around it) stay below
 * peak / BOUND needs no interpolation. Dynamic programs (speech, music with quiet parts) skip most blocks.
 */
export function truePeak(channels: readonly Float32Array[]): number {
  let peak = 0;
  for (const x of channels) for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i]!));
  if (peak === 0) return 0;
  for (const x of channels) {
    const n = x.length;
    for (let start = 0; start < n; start += BLOCK) {
      const end = Math.min(n, start + BLOCK);
      if (blockReach(x, start, end) * BOUND <= peak) continue;
      peak = Math.max(peak, interpolatedPeak(x, start + TRUE_PEAK_DELAY, end + TRUE_PEAK_DELAY));
    }
  }
  return peak;
}

/**
 * Raises `env[t]` to the largest |value| (sample or interpolated) in [t, t+1), like
 * `interSamplePeaks(x, env)`, but only where it can exceed `threshold`: blocks whose samples (with the
 * interpolator's reach) stay below threshold / BOUND are left alone. For a limiter, which only cares where
 * the signal goes over its ceiling.
 */
export function overEnvelope(x: Float32Array, env: Float32Array, threshold: number): void {
  const n = x.length;
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    if (blockReach(x, start, end) * BOUND <= threshold) continue;
    for (let t = start; t < end; t++) if (Math.abs(x[t]!) > env[t]!) env[t] = Math.abs(x[t]!);
    interpolatedPeak(x, start + TRUE_PEAK_DELAY, end + TRUE_PEAK_DELAY, env);
  }
}

/**
 * Largest interpolated |value| for interpolator steps m in [from, to) (times [m-6, m-5)); with `env`, also
 * raises env[m - 6] to each step's value.
 */
function interpolatedPeak(x: Float32Array, from: number, to: number, env?: Float32Array): number {
  const n = x.length;
  let peak = 0;
  for (let m = from; m < to; m++) {
    let y0 = 0;
    let y1 = 0;
    let y2 = 0;
    let y3 = 0;
    for (let k = 0; k < 12; k++) {
      const i = m - k;
      if (i < 0 || i >= n) continue;
      const v = x[i]!;
      y0 += P0[k]! * v;
      y1 += P1[k]! * v;
      y2 += P1[11 - k]! * v;
      y3 += P0[11 - k]! * v;
    }
    const a = Math.max(Math.abs(y0), Math.abs(y1), Math.abs(y2), Math.abs(y3));
    if (a > peak) peak = a;
    if (env) {
      const t = m - TRUE_PEAK_DELAY;
      if (t < n && a > env[t]!) env[t] = a;
    }
  }
  return peak;
}
