import { describe, expect, it } from 'vitest';
import {
  duckEnvelope,
  mixEpisode,
  MUSIC_FADE_OUT_S,
  MUSIC_LOOP_CROSSFADE_S,
  type MixClip,
} from '../../../../src/media/render/mixer.ts';
import type { Pcm } from '../../../../src/media/render/types.ts';
import { concat, db, noise, pcm, rms, sine, toneAmplitude } from './signals.ts';

const R = 48000;
const mono = (x: Float32Array, rate = R): Pcm => pcm(rate, x);
const clip = (label: string, duration: number, audio: Pcm | null): MixClip => ({ label, duration, audio });

describe('mixEpisode: timeline', () => {
  it('output length is round(sum of durations × rate) exactly, for several durations and rates', () => {
    const cases: Array<[number[], number]> = [
      [[1, 2, 3], 48000],
      [[1.001, 2.0333333, 0.5], 44100],
      [[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 48000],
      [[4.004, 3.003, 2.0021], 22050],
      [[7.5], 16000],
    ];
    for (const [durations, rate] of cases) {
      // Clips with audio longer, shorter and at other rates than their slot.
      const clips = durations.map((d, i) =>
        clip(
          `c${i}`,
          d,
          i % 2 ? mono(noise(44100, d * 1.3, 0.1, i), 44100) : mono(noise(rate, d * 0.7, 0.1, i), rate),
        ),
      );
      const out = mixEpisode(clips, { sampleRate: rate, channelCount: 2, crossfadeMs: 30 });
      const expected = Math.round(durations.reduce((a, b) => a + b, 0) * rate);
      expect(out.sampleRate).toBe(rate);
      expect(out.channels).toHaveLength(2);
      expect(out.channels[0]!.length).toBe(expected);
      expect(out.channels[1]!.length).toBe(expected);
    }
  });

  it('a click at the start of clip 3 lands at sum(durations 1–2) ±1 sample, also across a resample', () => {
    const durations = [1.2345, 0.98765, 2];
    for (const rate of [48000, 44100]) {
      const c3 = new Float32Array(rate * 2);
      c3[0] = 1;
      const clips = [
        clip('a', durations[0]!, mono(new Float32Array(rate * 2), rate)),
        clip('b', durations[1]!, null),
        clip('c', durations[2]!, mono(c3, rate)),
      ];
      const out = mixEpisode(clips, { sampleRate: R, channelCount: 1, crossfadeMs: 0 }).channels[0]!;
      let peakAt = 0;
      for (let i = 0; i < out.length; i++) if (Math.abs(out[i]!) > Math.abs(out[peakAt]!)) peakAt = i;
      expect(Math.abs(peakAt - (durations[0]! + durations[1]!) * R)).toBeLessThanOrEqual(1);
    }
  });

  it('a clip without audio is silence: exact zeros in its slot away from the crossfades', () => {
    const clips = [
      clip('a', 1, mono(noise(R, 1, 0.5, 1))),
      clip('silent', 1, null),
      clip('c', 1, mono(noise(R, 1, 0.5, 2))),
    ];
    const out = mixEpisode(clips, { sampleRate: R, channelCount: 2, crossfadeMs: 30 });
    const half = Math.round(0.015 * R);
    for (const ch of out.channels) {
      for (let i = R + half; i < 2 * R - half; i++) expect(ch[i]).toBe(0);
      // The neighbours are not silent, and fade out/in across the joins instead of stopping dead.
      expect(rms(ch, 0, R - half)).toBeGreaterThan(0.2);
      expect(Math.abs(ch[R - half - 1]!)).toBeGreaterThan(0);
      expect(Math.abs(ch[R + half - 1]!)).toBeLessThan(0.05);
    }
  });

  it('audio longer than the slot is cut at the slot; shorter is padded with silence', () => {
    const a = new Float32Array(R * 2).fill(0.5);
    const b = new Float32Array(R / 2).fill(-0.25);
    const out = mixEpisode([clip('a', 1, mono(a)), clip('b', 1, mono(b))], {
      sampleRate: R,
      channelCount: 1,
      crossfadeMs: 0,
    }).channels[0]!;
    expect(out.length).toBe(2 * R);
    expect(out[R - 1]).toBe(0.5);
    expect(out[R]).toBe(-0.25);
    expect(out[R + R / 2 - 1]).toBe(-0.25);
    expect(out[R + R / 2]).toBe(0);
  });
});

describe('mixEpisode: crossfade', () => {
  it('joins two sines without a discontinuity and without moving the join', () => {
    // 440 Hz ending wherever it ends, 660 Hz starting at the opposite peak — a butt join steps hard.
    const a = sine(R, 1.0007, 440, 0.5);
    const end = a[a.length - 1]!;
    const b = sine(R, 1, 660, 0.5, end > 0 ? -Math.PI / 2 : Math.PI / 2); // starts at ∓0.5: opposite sign
    const clips = [clip('a', 1.0007, mono(a)), clip('b', 1, mono(b))];
    const maxJump = (x: Float32Array, from: number, to: number): number => {
      let m = 0;
      for (let i = from + 1; i < to; i++) m = Math.max(m, Math.abs(x[i]! - x[i - 1]!));
      return m;
    };
    const join = Math.round(1.0007 * R);
    const butt = mixEpisode(clips, { sampleRate: R, channelCount: 1, crossfadeMs: 0 }).channels[0]!;
    const faded = mixEpisode(clips, { sampleRate: R, channelCount: 1, crossfadeMs: 30 }).channels[0]!;
    const toneStep = 0.5 * 2 * Math.sin((Math.PI * 660) / R); // largest step of the 660 Hz tone itself
    expect(maxJump(butt, join - 50, join + 50)).toBeGreaterThan(0.3);
    expect(maxJump(faded, join - 2000, join + 2000)).toBeLessThan(toneStep * 1.5);
    // Timing unchanged: well past the fade, clip b is sample-identical to its source.
    const off = join + R / 10;
    expect(faded[off]).toBe(b[off - join]);
    expect(faded[join - R / 10]).toBe(a[join - R / 10]);
  });

  it('is equal-power: uncorrelated material keeps its level through the join (±1 dB)', () => {
    const a = noise(R, 1, 0.5, 11);
    const b = noise(R, 1, 0.5, 12);
    const out = mixEpisode([clip('a', 1, mono(a)), clip('b', 1, mono(b))], {
      sampleRate: R,
      channelCount: 1,
      crossfadeMs: 100,
    }).channels[0]!;
    const level = rms(a);
    // The centre of the fade: both at -3 dB; a linear (equal-gain) fade would dip 3 dB here.
    const centre = rms(out, R - 600, R + 600);
    expect(Math.abs(db(centre / level))).toBeLessThan(1);
    const whole = rms(out, R - 2400, R + 2400);
    expect(Math.abs(db(whole / level))).toBeLessThan(1);
  });
});

describe('mixEpisode: music, ducking, speech', () => {
  const bedLevel = (x: Float32Array, from: number, to: number): number =>
    db(toneAmplitude(x, R, 100, Math.round(from), Math.round(to)) / 0.1);

  it('ducks the music by duckDb (±1 dB) while clip audio plays and recovers in silence', () => {
    // Clip 1: 2 s of 1 kHz; clip 2: 2 s silent; clip 3: 2 s of 1 kHz. Music: a 100 Hz tone at 0.1.
    const tone = sine(R, 2, 1000, 0.2);
    const music = sine(R, 6, 100, 0.1);
    const out = mixEpisode([clip('a', 2, mono(tone)), clip('b', 2, null), clip('c', 2, mono(tone))], {
      sampleRate: R,
      channelCount: 1,
      crossfadeMs: 30,
      music: { audio: mono(music), start: 0, gain: 1 },
      duckDb: -12,
    }).channels[0]!;
    // Settled windows (integer periods of both tones: 0.5 s).
    expect(Math.abs(bedLevel(out, 1.0 * R, 1.5 * R) + 12)).toBeLessThan(1);
    expect(Math.abs(bedLevel(out, 3.4 * R, 3.9 * R))).toBeLessThan(1);
    expect(Math.abs(bedLevel(out, 4.9 * R, 5.4 * R) + 12)).toBeLessThan(1);
  });

  it('speech is placed at its start and ducks the music too', () => {
    const line = new Float32Array(R).fill(0);
    line[0] = 0.8;
    for (let i = 1; i < R; i++) line[i] = 0.2 * Math.sin((2 * Math.PI * 300 * i) / R);
    const music = sine(R, 4, 100, 0.1);
    const out = mixEpisode([clip('a', 4, null)], {
      sampleRate: R,
      channelCount: 1,
      crossfadeMs: 30,
      speech: [{ audio: mono(line), start: 1.5, gain: 1 }],
      music: { audio: mono(music), start: 0, gain: 1 },
    }).channels[0]!;
    // The click at the line's first sample stands out above everything else.
    let peakAt = 0;
    for (let i = 0; i < out.length; i++) if (Math.abs(out[i]!) > Math.abs(out[peakAt]!)) peakAt = i;
    expect(peakAt).toBe(1.5 * R);
    expect(Math.abs(bedLevel(out, 0.5 * R, 1.0 * R))).toBeLessThan(1);
    expect(Math.abs(bedLevel(out, 2.0 * R, 2.5 * R) + 12)).toBeLessThan(1);
  });

  it('music starts at its start, is cut at the episode end with a fade-out, and never runs past it', () => {
    const music = new Float32Array(R * 10).fill(0.5);
    const out = mixEpisode([clip('a', 3, null)], {
      sampleRate: R,
      channelCount: 2,
      crossfadeMs: 30,
      music: { audio: mono(music), start: 1, gain: 0.5 },
    });
    const x = out.channels[0]!;
    expect(x.length).toBe(3 * R);
    expect(x[R - 1]).toBe(0);
    expect(x[R]).toBeCloseTo(0.25, 6);
    const fadeFrom = 3 * R - Math.round(MUSIC_FADE_OUT_S * R);
    expect(x[fadeFrom - 1]).toBeCloseTo(0.25, 6);
    expect(x[fadeFrom + Math.round((MUSIC_FADE_OUT_S * R) / 2)]).toBeCloseTo(0.25 * Math.SQRT1_2, 2);
    expect(Math.abs(x[3 * R - 1]!)).toBeLessThan(1e-6);
    // Monotonic fade: no step.
    for (let i = fadeFrom + 1; i < 3 * R; i++) expect(x[i]!).toBeLessThanOrEqual(x[i - 1]!);
  });

  it('speech ducks the clip audio (speechDuckDb) and the music, and plays at its own level on top', () => {
    // Clip: 4 s of 1 kHz at 0.2. Line: 1 s of 300 Hz at 0.2 from 1.5 s. Music: 100 Hz at 0.1.
    const out = mixEpisode([clip('a', 4, mono(sine(R, 4, 1000, 0.2)))], {
      sampleRate: R,
      channelCount: 1,
      crossfadeMs: 30,
      speech: [{ audio: mono(sine(R, 1, 300, 0.2)), start: 1.5, gain: 1 }],
      music: { audio: mono(sine(R, 4, 100, 0.1)), start: 0, gain: 1 },
      speechDuckDb: -12,
      duckDb: -12,
    }).channels[0]!;
    const level = (freq: number, amp: number, from: number, to: number): number =>
      db(toneAmplitude(out, R, freq, Math.round(from * R), Math.round(to * R)) / amp);
    // Before the line: the clip at full level; the music ducked under the clip audio.
    expect(Math.abs(level(1000, 0.2, 0.6, 1.0))).toBeLessThan(1);
    expect(Math.abs(level(100, 0.1, 0.6, 1.0) + 12)).toBeLessThan(1);
    // During the line: clip audio down 12 dB, the line itself untouched, the music still ducked.
    expect(Math.abs(level(1000, 0.2, 2.0, 2.4) + 12)).toBeLessThan(1);
    expect(Math.abs(level(300, 0.2, 2.0, 2.4))).toBeLessThan(0.1);
    expect(Math.abs(level(100, 0.1, 2.0, 2.4) + 12)).toBeLessThan(1);
    // After the line: the clip audio comes back.
    expect(Math.abs(level(1000, 0.2, 3.4, 3.4 + 0.4))).toBeLessThan(1);
    // Without speech nothing ducks the clip audio.
    const plain = mixEpisode([clip('a', 4, mono(sine(R, 4, 1000, 0.2)))], {
      sampleRate: R,
      channelCount: 1,
      crossfadeMs: 30,
    }).channels[0]!;
    expect(Math.abs(db(toneAmplitude(plain, R, 1000, 2 * R, 2.4 * R) / 0.2))).toBeLessThan(0.01);
  });

  it('a music bed shorter than the episode loops to the end: no gap, no level dip at the seams, then fades out', () => {
    // A 1 s noise bed under a 3.5 s episode of silent clips: seams near 0.95 s, 1.9 s and 2.85 s.
    const bed = noise(R, 1, 0.3, 7);
    const level = rms(bed);
    const episode = [clip('a', 2, null), clip('b', 1.5, null)];
    const out = mixEpisode(episode, {
      sampleRate: R,
      channelCount: 1,
      crossfadeMs: 30,
      music: { audio: mono(bed), start: 0, gain: 1 },
    }).channels[0]!;
    expect(out.length).toBe(3.5 * R);
    // Every 20 ms window up to the fade-out holds the bed at its level (±1.5 dB): no gap, no dip, no bump.
    const win = Math.round(0.02 * R);
    const fadeFrom = out.length - Math.round(MUSIC_FADE_OUT_S * R);
    for (let at = 0; at + win <= fadeFrom; at += win)
      expect(Math.abs(db(rms(out, at, at + win) / level)), `window at ${at / R} s`).toBeLessThan(1.5);
    // The repeats really are the bed again: past the seam the samples are the bed's from its start.
    const period = R - Math.round(MUSIC_LOOP_CROSSFADE_S * R);
    const seam = Math.round(MUSIC_LOOP_CROSSFADE_S * R);
    for (const k of [period + seam, period + seam + 1000, 2 * period + seam + 17])
      expect(out[k]).toBeCloseTo(bed[k % period]!, 6);
    // Faded out to silence at the very end.
    expect(Math.abs(out[out.length - 1]!)).toBeLessThan(1e-3);
    expect(rms(out, out.length - win, out.length)).toBeLessThan(0.1 * level);
    // loopMusic: false plays it once, then silence.
    const once = mixEpisode(episode, {
      sampleRate: R,
      channelCount: 1,
      crossfadeMs: 30,
      music: { audio: mono(bed), start: 0, gain: 1 },
      loopMusic: false,
    }).channels[0]!;
    expect(once[R - 1]).toBeCloseTo(bed[R - 1]!, 6);
    expect(once.subarray(R).every((v) => v === 0)).toBe(true);
  });

  it('upmixes mono clips and resamples 44.1 kHz music into a stereo 48 kHz episode', () => {
    const out = mixEpisode([clip('a', 1, mono(sine(44100, 1, 1000, 0.3), 44100))], {
      sampleRate: R,
      channelCount: 2,
      crossfadeMs: 30,
    });
    for (const ch of out.channels) {
      expect(Math.abs(db(toneAmplitude(ch, R, 1000, R / 4, (3 * R) / 4) / 0.3))).toBeLessThan(0.1);
    }
  });
});

describe('duckEnvelope (issue 17)', () => {
  const opts = { duckDb: -12, attackMs: 80, releaseMs: 400 };

  it('is exactly 1 where the key is silent', () => {
    const env = duckEnvelope(pcm(R, new Float32Array(R), new Float32Array(R)), opts);
    expect(env.length).toBe(R);
    expect(env.every((v) => v === 1)).toBe(true);
  });

  it('falls to duckDb with the attack time, holds, and returns with the release time', () => {
    const key = concat(new Float32Array(R), sine(R, 2, 500, 0.1), new Float32Array(R * 3));
    const env = duckEnvelope(pcm(R, key), opts);
    const target = Math.pow(10, -12 / 20);
    expect(env[R - 0.05 * R]).toBe(1); // before the key (beyond the centred 50 ms window)
    // One attack time constant after the onset: ~63 % of the way down (the centred window starts it ~25 ms early).
    const a = env[R + 0.08 * R]!;
    expect(a).toBeLessThan(1 - 0.5 * (1 - target));
    expect(a).toBeGreaterThan(target);
    expect(db(env[2.5 * R]!)).toBeCloseTo(-12, 1);
    // One release time constant after the key stops: ~63 % of the way back up, then fully back.
    const r = env[3 * R + 0.4 * R]!;
    expect(r).toBeGreaterThan(target + 0.5 * (1 - target));
    expect(r).toBeLessThan(1 - 0.2 * (1 - target));
    expect(db(env[6 * R - 1]!)).toBeGreaterThan(-0.1);
    // Smooth: no step anywhere.
    for (let i = 1; i < env.length; i++) expect(Math.abs(env[i]! - env[i - 1]!)).toBeLessThan(0.001);
  });

  it('ignores a key below the threshold (-45 dBFS RMS by default)', () => {
    const quiet = sine(R, 1, 500, Math.pow(10, -50 / 20));
    expect(duckEnvelope(pcm(R, quiet), opts).every((v) => v === 1)).toBe(true);
    const loud = sine(R, 1, 500, Math.pow(10, -30 / 20));
    expect(duckEnvelope(pcm(R, loud), opts)[R - 1]).toBeLessThan(0.3);
    expect(duckEnvelope(pcm(R, loud), { ...opts, thresholdDb: -20 }).every((v) => v === 1)).toBe(true);
  });
});
