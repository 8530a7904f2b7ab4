/**
 * K-weighting (ITU-R BS.1770-4, §2.1): a high-shelf "pre-filter" (the head's acoustic effect, about +4 dB
 * above 2 kHz) followed by the "RLB" high-pass (revised low-frequency B-curve, about -3 dB at 40 Hz).
 *
 * BS.1770 tabulates both biquads only for 48 kHz. To meter 44.1 kHz (or any other rate) correctly the analog
 * prototypes behind those tables are re-derived with the bilinear transform at the actual rate — the same
 * parameters libebur128 uses (f0, gain and Q fitted to the 48 kHz tables, which they reproduce to 1e-10).
 */

/** One direct-form biquad, a0 normalized to 1. */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** The two K-weighting stages for `sampleRate`. */
export function kWeightingFilters(sampleRate: number): [Biquad, Biquad] {
  // Stage 1: high shelf.
  const f0 = 1681.974450955533;
  const gainDb = 3.999843853973347;
  const q = 0.7071752369554196;
  const k = Math.tan((Math.PI * f0) / sampleRate);
  const vh = Math.pow(10, gainDb / 20);
  const vb = Math.pow(vh, 0.4996667741545416);
  const a0 = 1 + k / q + k * k;
  const shelf: Biquad = {
    b0: (vh + (vb * k) / q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / q + k * k) / a0,
  };
  // Stage 2: RLB high-pass. BS.1770 keeps the numerator at [1, -2, 1] (unnormalized), as here.
  const f1 = 38.13547087602444;
  const q1 = 0.5003270373238773;
  const k1 = Math.tan((Math.PI * f1) / sampleRate);
  const a01 = 1 + k1 / q1 + k1 * k1;
  const highPass: Biquad = {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: (2 * (k1 * k1 - 1)) / a01,
    a2: (1 - k1 / q1 + k1 * k1) / a01,
  };
  return [shelf, highPass];
}

/**
 * K-weights `x` and sums the squared result over consecutive sub-blocks: `bounds` holds sub-block edges in
 * samples (bounds[0] = 0, ascending); `out[j]` receives the sum of squares over [bounds[j], bounds[j+1]).
 * The filter state runs across sub-blocks; nothing is allocated per sample.
 */
export function kWeightedEnergy(
  x: Float32Array,
  sampleRate: number,
  bounds: Int32Array,
  out: Float64Array,
): void {
  const [s, h] = kWeightingFilters(sampleRate);
  // Direct form II transposed, in doubles (the RLB pole sits very close to z = 1).
  let s1 = 0;
  let s2 = 0;
  let h1 = 0;
  let h2 = 0;
  for (let j = 0; j + 1 < bounds.length; j++) {
    const end = bounds[j + 1]!;
    let sum = 0;
    for (let n = bounds[j]!; n < end; n++) {
      const v = x[n]!;
      const y = s.b0 * v + s1;
      s1 = s.b1 * v - s.a1 * y + s2;
      s2 = s.b2 * v - s.a2 * y;
      const z = h.b0 * y + h1;
      h1 = h.b1 * y - h.a1 * z + h2;
      h2 = h.b2 * y - h.a2 * z;
      sum += z * z;
    }
    out[j] = sum;
  }
}
