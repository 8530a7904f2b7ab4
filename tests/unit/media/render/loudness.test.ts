import { describe, expect, it } from 'vitest';
import { measureLoudness, normalizeLoudness } from '../../../../src/media/render/loudness.ts';
import { kWeightingFilters } from '../../../../src/media/render/k-weighting.ts';
import { interSamplePeaks, overEnvelope, truePeak } from '../../../../src/media/render/true-peak.ts';
import { concat, db, noise, pcm, sine } from './signals.ts';

describe('K-weighting coefficients', () => {
  it('reproduce the BS.1770-4 48 kHz tables', () => {
    const [shelf, hp] = kWeightingFilters(48000);
    expect(shelf.b0).toBeCloseTo(1.53512485958697, 9);
    expect(shelf.b1).toBeCloseTo(-2.69169618940638, 9);
    expect(shelf.b2).toBeCloseTo(1.19839281085285, 9);
    expect(shelf.a1).toBeCloseTo(-1.69065929318241, 9);
    expect(shelf.a2).toBeCloseTo(0.73248077421585, 9);
    expect(hp.a1).toBeCloseTo(-1.99004745483398, 9);
    expect(hp.a2).toBeCloseTo(0.99007225036621, 9);
  });
});

describe('measureLoudness (BS.1770-4 / EBU R128)', () => {
  for (const rate of [48000, 44100]) {
    it(`1 kHz sine at -20 dBFS in one channel reads -23.0 LUFS at ${rate} Hz (mono and left-only stereo)`, () => {
      const tone = sine(rate, 10, 1000, 0.1);
      expect(measureLoudness(pcm(rate, tone)).integratedLufs).toBeCloseTo(-23.0, 1);
      const left = measureLoudness(pcm(rate, tone, new Float32Array(tone.length))).integratedLufs;
      expect(Math.abs(left + 23.0)).toBeLessThan(0.1);
    });

    it(`the same sine in both stereo channels reads 3.01 LU louder (-20.0 LUFS) at ${rate} Hz`, () => {
      const tone = sine(rate, 10, 1000, 0.1);
      const mono = measureLoudness(pcm(rate, tone)).integratedLufs;
      const stereo = measureLoudness(pcm(rate, tone, tone)).integratedLufs;
      expect(Math.abs(stereo + 20.0)).toBeLessThan(0.1);
      expect(stereo - mono).toBeCloseTo(10 * Math.log10(2), 2);
    });
  }

  it('EBU Tech 3341 case 1 and 2: stereo 1 kHz at -23 / -33 dBFS reads -23.0 / -33.0 LUFS', () => {
    const a = sine(48000, 20, 1000, Math.pow(10, -23 / 20));
    expect(Math.abs(measureLoudness(pcm(48000, a, a)).integratedLufs + 23)).toBeLessThan(0.1);
    const b = sine(48000, 20, 1000, Math.pow(10, -33 / 20));
    expect(Math.abs(measureLoudness(pcm(48000, b, b)).integratedLufs + 33)).toBeLessThan(0.1);
  });

  it('EBU Tech 3341 case 3: -36 / -23 / -36 dBFS (10 s / 60 s / 10 s) reads -23.0 (relative gate)', () => {
    const q = sine(48000, 10, 1000, Math.pow(10, -36 / 20));
    const l = sine(48000, 60, 1000, Math.pow(10, -23 / 20));
    const x = concat(q, l, q);
    expect(Math.abs(measureLoudness(pcm(48000, x, x)).integratedLufs + 23)).toBeLessThan(0.1);
  });

  it('EBU Tech 3341 case 5: -26 / -20 / -26 dBFS (20 s / 20.1 s / 20 s) reads -23.0 (both parts count)', () => {
    const a = sine(48000, 20, 1000, Math.pow(10, -26 / 20));
    const b = sine(48000, 20.1, 1000, Math.pow(10, -20 / 20));
    const x = concat(a, b, a);
    expect(Math.abs(measureLoudness(pcm(48000, x, x)).integratedLufs + 23)).toBeLessThan(0.1);
  });

  it('relative gate: 10 s at -20 dBFS + 10 s at -60 dBFS reads as the loud part alone', () => {
    const loud = sine(48000, 10, 1000, 0.1);
    const quiet = sine(48000, 10, 1000, 0.001);
    const gated = measureLoudness(pcm(48000, concat(loud, quiet))).integratedLufs;
    // Ungated, the quiet half would pull the mean energy down by 3 dB (to about -26 LUFS).
    expect(Math.abs(gated + 23.0)).toBeLessThan(0.1);
  });

  it('absolute gate: a program entirely below -70 LUFS reads -Infinity', () => {
    const r = measureLoudness(pcm(48000, sine(48000, 5, 1000, 1e-4)));
    expect(r.integratedLufs).toBe(-Infinity);
    expect(r.truePeakDb).toBeCloseTo(-80, 0);
  });

  it('silence (and an empty buffer) reads -Infinity for loudness and peak, no NaN', () => {
    for (const x of [new Float32Array(48000 * 3), new Float32Array(0)]) {
      const r = measureLoudness(pcm(48000, x, x));
      expect(r.integratedLufs).toBe(-Infinity);
      expect(r.truePeakDb).toBe(-Infinity);
    }
  });

  it('a program shorter than one 400 ms block is measured as one block', () => {
    const r = measureLoudness(pcm(48000, sine(48000, 0.3, 1000, 0.1)));
    expect(Math.abs(r.integratedLufs + 23)).toBeLessThan(0.15);
  });
});

describe('true peak (4x oversampling, BS.1770 Annex 2)', () => {
  it('an fs/4 sine phased at 45° (sample peak 0.707) reads about 0 dBTP, well above its sample peak', () => {
    const x = sine(48000, 1, 12000, 1, Math.PI / 4);
    let samplePeak = 0;
    for (const v of x) samplePeak = Math.max(samplePeak, Math.abs(v));
    expect(db(samplePeak)).toBeCloseTo(-3.01, 1);
    const tp = measureLoudness(pcm(48000, x)).truePeakDb;
    // A 4x interpolator reads an fs/4 over at most ~0.7 dB low (its phases straddle the crest).
    expect(tp).toBeGreaterThan(-0.8);
    expect(tp).toBeLessThan(0.2);
  });

  it('skipping quiet blocks changes nothing: equals a full 4x scan, and finds an over anywhere', () => {
    for (const at of [0, 1000, 48000 * 2 + 517, 48000 * 3 - 3]) {
      const x = concat(noise(48000, 1, 0.05, 3), noise(48000, 2, 0.3, 4));
      const over = sine(48000, 0.002, 12000, 0.9, Math.PI / 4);
      x.set(over.subarray(0, Math.min(over.length, x.length - at)), at);
      const full = interSamplePeaks(x, null);
      expect(truePeak([new Float32Array(x.length), x])).toBe(full);
      expect(full).toBeGreaterThan(0.85); // samples of the over reach only 0.64
    }
  });

  it("the limiter's over envelope matches the full scan wherever the signal exceeds the threshold", () => {
    const x = concat(noise(48000, 1, 0.05, 5), noise(48000, 1, 0.6, 6), noise(48000, 1, 0.05, 7));
    const full = new Float32Array(x.length);
    interSamplePeaks(x, full);
    const over = new Float32Array(x.length);
    overEnvelope(x, over, 0.5);
    let checked = 0;
    for (let i = 0; i < x.length; i++) {
      if (full[i]! > 0.5) {
        expect(over[i]).toBe(full[i]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('a low-frequency sine reads its own peak (±0.05 dB)', () => {
    const tp = truePeak([sine(48000, 1, 997, 0.5)]);
    expect(Math.abs(db(tp) - db(0.5))).toBeLessThan(0.05);
  });
});

describe('normalizeLoudness', () => {
  it('a -30 LUFS sine program is brought to -14 LUFS with true peak <= -1 dBTP', () => {
    const x = sine(48000, 10, 1000, Math.pow(10, -30 / 20)); // stereo 1 kHz at -30 dBFS = -30 LUFS
    const input = pcm(48000, x, x.slice());
    const copy = x.slice();
    const r = normalizeLoudness(input, -14, -1);
    expect(Math.abs(r.before.integratedLufs + 30)).toBeLessThan(0.2);
    expect(Math.abs(r.after.integratedLufs + 14)).toBeLessThan(0.5);
    expect(r.after.truePeakDb).toBeLessThanOrEqual(-1 + 0.1);
    // Measured independently, and the input untouched.
    const m = measureLoudness(r.pcm);
    expect(Math.abs(m.integratedLufs + 14)).toBeLessThan(0.5);
    expect(m.truePeakDb).toBeLessThanOrEqual(-0.9);
    expect(input.channels[0]).toEqual(copy);
    expect(r.pcm.channels[0]).not.toBe(input.channels[0]);
  });

  it('a -30 LUFS noise program reaches -14 LUFS; the limiter holds the -1 dBTP ceiling', () => {
    const a = noise(48000, 10, 1, 7);
    const b = noise(48000, 10, 1, 8);
    const level = measureLoudness(pcm(48000, a, b)).integratedLufs;
    const g = Math.pow(10, (-30 - level) / 20);
    for (let i = 0; i < a.length; i++) {
      a[i]! *= g;
      b[i]! *= g;
    }
    const r = normalizeLoudness(pcm(48000, a, b), -14, -1);
    const m = measureLoudness(r.pcm);
    expect(Math.abs(m.integratedLufs + 14)).toBeLessThan(0.5);
    expect(m.truePeakDb).toBeLessThanOrEqual(-1 + 0.1);
    expect(r.after.truePeakDb).toBeCloseTo(m.truePeakDb, 6);
  });

  it('a hot transient program is limited: no over, no clicks, still on target', () => {
    const rate = 48000;
    const x = sine(rate, 8, 220, Math.pow(10, -30 / 20));
    // Full-scale clicks every second (1 ms bursts) — +16 dB of gain would put them 16 dB over the ceiling.
    for (let s = 1; s < 8; s++) for (let i = 0; i < 48; i++) x[s * rate + i] = i % 2 ? -0.95 : 0.95;
    const r = normalizeLoudness(pcm(rate, x), -14, -1);
    expect(r.before.truePeakDb + r.gainDb).toBeGreaterThan(5);
    const m = measureLoudness(r.pcm);
    expect(m.truePeakDb).toBeLessThanOrEqual(-1 + 0.1);
    expect(Math.abs(m.integratedLufs + 14)).toBeLessThan(0.5);
    // The gain moves smoothly: away from the bursts, consecutive samples differ no more than the tone allows.
    const y = r.pcm.channels[0]!;
    const toneAmp = Math.pow(10, (-30 + r.gainDb) / 20);
    const maxStep = toneAmp * 2 * Math.sin((Math.PI * 220) / rate) * 1.05;
    let worst = 0;
    for (let i = 1; i < y.length; i++) {
      const nearBurst = Math.abs(((i + rate / 2) % rate) - rate / 2) < 60;
      if (!nearBurst) worst = Math.max(worst, Math.abs(y[i]! - y[i - 1]!));
    }
    expect(worst).toBeLessThan(maxStep);
  });

  it('silence stays silence: no gain, no NaN', () => {
    const x = new Float32Array(48000 * 2);
    const r = normalizeLoudness(pcm(48000, x, x), -14, -1);
    expect(r.gainDb).toBe(0);
    expect(r.after.integratedLufs).toBe(-Infinity);
    expect(r.pcm.channels.every((c) => c.every((v) => v === 0))).toBe(true);
    expect(r.pcm.channels[0]).not.toBe(x);
  });
});
