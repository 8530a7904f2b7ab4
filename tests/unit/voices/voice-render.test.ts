import { describe, expect, it } from 'vitest';
import { mixEpisode } from '../../../src/media/render/mixer.ts';
import type { Pcm } from '../../../src/media/render/types.ts';
import { renderSpeech, synthesizeSpeech } from '../../../src/media/voice/synth.ts';
import { episodeVoices, hasVoicedLines, plannedSpeech, voicesKey } from '../../../src/state/voice-render.ts';
import type { AssetRecord, SegmentRecord } from '../../../src/types.ts';

const segment = (id: string, patch: Partial<SegmentRecord>): SegmentRecord => ({
  id,
  episodeId: 'e1',
  order: 0,
  title: id,
  prompt: '',
  caption: '',
  seconds: 4,
  continuity: 'cut',
  takeIds: [],
  created: 0,
  updated: 0,
  ...patch,
});

/** A library port holding one voiced take per id (the local placeholder voice). */
function fakeDb(takes: Record<string, string>) {
  const assets = new Map<string, AssetRecord>();
  const blobs = new Map<string, Blob>();
  for (const [id, text] of Object.entries(takes)) {
    const { blob, duration } = synthesizeSpeech(text, { voice: 'mid' });
    assets.set(id, { id, blobId: `asset-${id}`, duration, kind: 'audio' } as AssetRecord);
    blobs.set(`asset-${id}`, blob);
  }
  return {
    getAsset: async (id: string) => assets.get(id),
    getBlob: async (id: string) => blobs.get(id),
  };
}

const segments = [
  segment('s1', {
    caption: 'MAYA: Who is this?',
    lines: [{ index: 0, speaker: 'MAYA', text: 'Who is this?', takes: ['a1'], approved: 'a1', offset: 0.5 }],
  }),
  segment('s2', { caption: 'The phone goes dead.' }),
  segment('s3', {
    caption: 'LEO: Someone you trust.',
    speech: 'voices',
    lines: [
      {
        index: 0,
        speaker: 'LEO',
        text: 'Someone you trust.',
        takes: ['b1', 'b2'],
        approved: 'b1',
        offset: 1,
      },
    ],
  }),
];

describe('voice render inputs', () => {
  it('places each heard take at its segment start plus offset, and times the captions to it', async () => {
    const db = fakeDb({ a1: 'Who is this?', b1: 'Someone you trust.', b2: 'x' });
    const { speech, captions } = await episodeVoices(db, segments, [0, 4, 8], 12);
    expect(speech.map((s) => s.start)).toEqual([0.5, 9]);
    expect(speech[1]!.blob).toBe(await db.getBlob('asset-b1'));
    const a1 = (await db.getAsset('a1'))!.duration!;
    expect(captions[0]).toEqual({
      start: 0.5,
      end: Math.round((0.5 + a1) * 1000) / 1000,
      text: 'Who is this?',
    });
    expect(captions[1]).toMatchObject({ start: 4, end: 8, text: 'The phone goes dead.' });
    expect(captions[2]).toMatchObject({ start: 9, text: 'Someone you trust.' });
  });

  it('leaves out lines of a segment set to "model audio", and re-plans when a take or offset changes', async () => {
    const db = fakeDb({ a1: 'Who is this?', b1: 'Someone you trust.' });
    const model = segments.map((s) => ({ ...s, speech: 'model' as const }));
    expect((await episodeVoices(db, model, [0, 4, 8], 12)).speech).toEqual([]);
    expect(hasVoicedLines(model)).toBe(false);
    expect(plannedSpeech(model)).toBeUndefined();
    expect(plannedSpeech(segments)).toHaveLength(1);
    // "Our voices" with no take yet still needs the render: the clip's own audio is left out.
    const silent = [{ ...segments[1]!, speech: 'voices' as const }];
    expect(hasVoicedLines(silent)).toBe(false);
    expect(plannedSpeech(silent)).toHaveLength(1);
    const moved = segments.map((s, i) =>
      i === 0 ? { ...s, lines: s.lines!.map((l) => ({ ...l, offset: 1.5 })) } : s,
    );
    expect(voicesKey(moved)).not.toBe(voicesKey(segments));
  });

  it('ducks the music bed under the voiced lines (the mixer’s sidechain, fed the voices path)', () => {
    const rate = 48_000;
    const seconds = 6;
    const tone = new Float32Array(rate * seconds).map(
      (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / rate),
    );
    const music: Pcm = { sampleRate: rate, channels: [tone] };
    const line = renderSpeech('Someone you trust, always and forever.', { voice: 'mid' });
    const start = 2;
    const mixed = mixEpisode([{ label: 'clip', audio: null, duration: seconds }], {
      sampleRate: rate,
      channelCount: 1,
      crossfadeMs: 0,
      music: { audio: music, start: 0, gain: 1 },
      speech: [{ audio: { sampleRate: rate, channels: [line.samples] }, start, gain: 1 }],
    });
    // Music alone is what is left after the speech is subtracted at its place.
    const out = mixed.channels[0]!;
    const musicOnly = out.map((v, i) => {
      const j = i - start * rate;
      return v - (j >= 0 && j < line.samples.length ? line.samples[j]! : 0);
    });
    const rms = (from: number, to: number) => {
      let sum = 0;
      for (let i = Math.round(from * rate); i < Math.round(to * rate); i++) sum += musicOnly[i]! ** 2;
      return Math.sqrt(sum / ((to - from) * rate));
    };
    const before = rms(0.5, 1.5);
    const firstWord = line.plan.words[0]!;
    const during = rms(start + firstWord.start + 0.3, start + line.plan.words.at(-1)!.end - 0.1);
    expect(20 * Math.log10(during / before)).toBeLessThan(-6);
  });
});
