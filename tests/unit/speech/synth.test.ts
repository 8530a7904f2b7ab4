// The local placeholder voice: length follows the words and the speed, energy sits where the words are.
import { describe, expect, it } from 'vitest';
import {
  SYNTH_SAMPLE_RATE,
  countSyllables,
  planSpeech,
  renderSpeech,
  synthesizeSpeech,
  voicePitch,
} from '../../../src/media/voice/synth.ts';
import { decodeWithFfmpeg, readWav, rms, tonePower } from './audio';

const LINE = 'Where were you last night? I waited, and the candles burned out.';

/** Expected length at speed 1: lead 0.15 + tail 0.25 + 0.2 per syllable + 0.08 per gap + pauses. */
function expectedSeconds(syllables: number, words: number, commas: number, sentences: number): number {
  return 0.15 + 0.25 + 0.2 * syllables + 0.08 * (words - 1) + 0.25 * commas + 0.5 * sentences;
}

describe('planSpeech', () => {
  it('times a line from its syllables, word gaps and pauses', () => {
    const plan = planSpeech(LINE, { voice: 'mid' });
    const syllables = plan.words.reduce((n, w) => n + w.syllables, 0);
    expect(plan.words.map((w) => w.text)).toEqual([
      'Where',
      'were',
      'you',
      'last',
      'night',
      'I',
      'waited',
      'and',
      'the',
      'candles',
      'burned',
      'out',
    ]);
    // One sentence break (after "night?") and one comma inside the line; the final stop adds nothing.
    expect(plan.duration).toBeCloseTo(expectedSeconds(syllables, 12, 1, 1), 6);
    expect(plan.words[0]!.start).toBeCloseTo(0.15, 6);
    for (let i = 1; i < plan.words.length; i += 1) {
      expect(plan.words[i]!.start).toBeGreaterThan(plan.words[i - 1]!.end);
    }
  });

  it('divides every length by the speed', () => {
    const normal = planSpeech(LINE, { voice: 'mid', speed: 1 });
    const fast = planSpeech(LINE, { voice: 'mid', speed: 2 });
    const slow = planSpeech(LINE, { voice: 'mid', speed: 0.5 });
    expect(fast.duration).toBeCloseTo(normal.duration / 2, 6);
    expect(slow.duration).toBeCloseTo(normal.duration * 2, 6);
    expect(fast.words[5]!.start).toBeCloseTo(normal.words[5]!.start / 2, 6);
  });

  it('grows with the number of words', () => {
    const one = planSpeech('Go.', { voice: 'mid' }).duration;
    const three = planSpeech('Go go go.', { voice: 'mid' }).duration;
    expect(three - one).toBeCloseTo(2 * (0.2 + 0.08), 6);
  });

  it('counts syllables roughly, for any script', () => {
    expect(['cat', 'candle', 'make', 'waited', 'beautiful', '2026', '你好'].map(countSyllables)).toEqual([
      1, 2, 1, 2, 3, 4, 2,
    ]);
  });
});

describe('renderSpeech / synthesizeSpeech', () => {
  it('puts the energy in the words and silence in the gaps', () => {
    const { samples, sampleRate, plan } = renderSpeech(LINE, { voice: 'warm' });
    expect(samples.length).toBe(Math.ceil(plan.duration * sampleRate));
    const at = (s: number) => s * sampleRate;
    for (const word of plan.words) {
      expect(rms(samples, at(word.start), at(word.end))).toBeGreaterThan(0.1);
    }
    for (let i = 1; i < plan.words.length; i += 1) {
      expect(rms(samples, at(plan.words[i - 1]!.end) + 1, at(plan.words[i]!.start) - 1)).toBe(0);
    }
    expect(rms(samples, 0, at(plan.words[0]!.start) - 1)).toBe(0);
    expect(rms(samples, at(plan.words.at(-1)!.end) + 1)).toBe(0);
    expect(Math.max(...samples.map(Math.abs))).toBeLessThanOrEqual(0.5);
  });

  it('sets the pitch by the voice id', () => {
    const low = renderSpeech('Ah.', { voice: 'deep' });
    const high = renderSpeech('Ah.', { voice: 'high' });
    const { start, end } = low.plan.words[0]!;
    const window = [start * SYNTH_SAMPLE_RATE, end * SYNTH_SAMPLE_RATE] as const;
    const f0 = (samples: Float32Array, hz: number) => tonePower(samples, SYNTH_SAMPLE_RATE, hz, ...window);
    // Single-word sentence: the contour sits at 1.0 (midpoint), the wobble at +0 on the first syllable.
    expect(f0(low.samples, 95 * 1)).toBeGreaterThan(10 * f0(low.samples, 250));
    expect(f0(high.samples, 250 * 1)).toBeGreaterThan(10 * f0(high.samples, 95));
    expect(voicePitch('nova')).toBe(voicePitch('NOVA'));
    expect(voicePitch('nova')).not.toBe(voicePitch('alloy'));
    expect(voicePitch('anything at all')).toBeGreaterThanOrEqual(90);
    expect(voicePitch('anything at all')).toBeLessThanOrEqual(260);
  });

  it('is deterministic', () => {
    const a = renderSpeech(LINE, { voice: 'nova', speed: 1.3 }).samples;
    const b = renderSpeech(LINE, { voice: 'nova', speed: 1.3 }).samples;
    expect(a.length).toBe(b.length);
    expect(a.every((v, i) => v === b[i])).toBe(true);
  });

  it('writes a labelled PCM16 48 kHz mono WAV that a real decoder reads', async () => {
    const { blob, duration } = synthesizeSpeech(LINE, { voice: 'bright', speed: 1.5 });
    expect(blob.type).toBe('audio/wav');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const wav = readWav(bytes);
    expect(wav).toMatchObject({ sampleRate: 48_000, channels: 1, chunks: ['fmt ', 'LIST', 'data'] });
    expect(wav.samples.length / 48_000).toBeCloseTo(duration, 6);
    expect(new TextDecoder().decode(bytes)).toContain('not speech and not AI');
    const decoded = decodeWithFfmpeg(bytes, 48_000);
    expect(decoded.length).toBe(wav.samples.length);
    expect(rms(decoded)).toBeCloseTo(rms(wav.samples), 3);
  });

  it('renders an empty line as a short silence', () => {
    const { samples, plan } = renderSpeech('  ', { voice: 'mid' });
    expect(plan.words).toEqual([]);
    expect(plan.duration).toBeCloseTo(0.4, 6);
    expect(rms(samples)).toBe(0);
  });
});
