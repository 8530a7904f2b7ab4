import { describe, expect, it } from 'vitest';
import { remix, resample } from '../../../../src/media/render/mixer.ts';
import { db, noise, pcm, rms, sine, toneAmplitude, toneFit } from './signals.ts';

/** THD+N of a sine at `freq`: everything that is not the tone, relative to the tone, dB. */
function thdN(x: Float32Array, rate: number, freq: number, amp: number, from: number, to: number): number {
  // Fit amplitude and phase at `freq`, subtract, compare residual power.
  const { cos: a, sin: b } = toneFit(x, rate, freq, from, to);
  let residual = 0;
  for (let i = from; i < to; i++) {
    const w = (2 * Math.PI * freq * i) / rate;
    const e = x[i]! - a * Math.cos(w) - b * Math.sin(w);
    residual += e * e;
  }
  return 10 * Math.log10(residual / (to - from) / ((amp * amp) / 2));
}

describe('resample', () => {
  it('44.1 kHz -> 48 kHz keeps a 1 kHz sine clean: level ±0.1 dB, same frequency, THD+N < -80 dB', () => {
    const x = sine(44100, 2, 1000, 0.5);
    const y = resample(pcm(44100, x), 48000);
    expect(y.sampleRate).toBe(48000);
    expect(y.channels[0]!.length).toBe(96000);
    // One second from the middle: an integer number of periods at 1 kHz.
    const out = y.channels[0]!;
    const amp = toneAmplitude(out, 48000, 1000, 24000, 72000);
    expect(Math.abs(db(amp / 0.5))).toBeLessThan(0.1);
    expect(thdN(out, 48000, 1000, 0.5, 24000, 72000)).toBeLessThan(-80);
    // A wrong frequency (e.g. 1000 × 44.1/48 = 918.75 Hz) would put nearly all power in the residual.
    expect(toneAmplitude(out, 48000, 918.75, 24000, 72000)).toBeLessThan(0.01);
  });

  it('48 kHz -> 44.1 kHz and 16 kHz keep the tone; 16 kHz removes content above its Nyquist', () => {
    const x = sine(48000, 2, 1000, 0.5);
    const y = resample(pcm(48000, x), 44100).channels[0]!;
    expect(y.length).toBe(88200);
    expect(Math.abs(db(toneAmplitude(y, 44100, 1000, 22050, 66150) / 0.5))).toBeLessThan(0.1);
    // A 10 kHz tone cannot exist at 16 kHz: it must be filtered out, not aliased to 6 kHz.
    const hi = sine(48000, 2, 10000, 0.5);
    const z = resample(pcm(48000, hi), 16000).channels[0]!;
    expect(db(rms(z, 8000, 24000) / (0.5 / Math.SQRT2))).toBeLessThan(-60);
    const lo = resample(pcm(48000, x), 16000).channels[0]!;
    expect(Math.abs(db(toneAmplitude(lo, 16000, 1000, 8000, 24000) / 0.5))).toBeLessThan(0.1);
  });

  it('an awkward ratio (22050 -> 48000 and 47999 -> 48000) keeps length and level', () => {
    for (const from of [22050, 47999]) {
      const x = sine(from, 1, 1000, 0.25);
      const y = resample(pcm(from, x), 48000).channels[0]!;
      expect(y.length).toBe(Math.round((x.length * 48000) / from));
      expect(Math.abs(db(toneAmplitude(y, 48000, 1000, 12000, 36000) / 0.25))).toBeLessThan(0.1);
    }
  });

  it('returns the input when the rate already matches, and never mutates it', () => {
    const p = pcm(48000, noise(48000, 0.1, 0.5));
    expect(resample(p, 48000)).toBe(p);
    const copy = p.channels[0]!.slice();
    resample(p, 44100);
    expect(p.channels[0]).toEqual(copy);
  });
});

describe('remix', () => {
  it('mono -> stereo duplicates; stereo -> mono averages', () => {
    const m = pcm(48000, Float32Array.of(0.5, -0.25, 1));
    const s = remix(m, 2);
    expect(s.channels).toHaveLength(2);
    expect(Array.from(s.channels[0]!)).toEqual([0.5, -0.25, 1]);
    expect(Array.from(s.channels[1]!)).toEqual([0.5, -0.25, 1]);
    const back = remix(pcm(48000, Float32Array.of(1, 0.5), Float32Array.of(0, -0.5)), 1);
    expect(Array.from(back.channels[0]!)).toEqual([0.5, 0]);
    expect(remix(m, 1)).toBe(m);
  });

  it('5.1 -> stereo uses the ITU downmix (centre and surrounds at -3 dB, LFE dropped)', () => {
    const ch = [0.1, 0.2, 0.4, 0.9, 0.3, 0.5].map((v) => Float32Array.of(v));
    const s = remix(pcm(48000, ...ch), 2);
    expect(s.channels[0]![0]).toBeCloseTo(0.1 + Math.SQRT1_2 * (0.4 + 0.3), 6);
    expect(s.channels[1]![0]).toBeCloseTo(0.2 + Math.SQRT1_2 * (0.4 + 0.5), 6);
  });
});
