import { describe, expect, it } from 'vitest';
import {
  FIRST_LINE_S,
  episodeCaptions,
  episodeSpeech,
  syncLines,
  voiceOf,
  wavDuration,
} from '../../../src/state/voice-lines.ts';
import { createSpeechCatalog } from '../../../src/state/speech-catalog.ts';
import type { SegmentRecord } from '../../../src/types.ts';
import { wav } from './wav-fixture.ts';

const segment = (patch: Partial<SegmentRecord>): SegmentRecord => ({
  id: 's1',
  episodeId: 'e1',
  order: 0,
  title: 'One',
  prompt: '',
  caption: '',
  seconds: 8,
  continuity: 'cut',
  takeIds: [],
  created: 0,
  updated: 0,
  ...patch,
});

describe('voice lines', () => {
  it('parses the dialogue of a caption, keeps takes of unchanged lines and places new ones in order', () => {
    const first = syncLines(segment({ caption: 'MAYA: Where were you?\nShe waits.\nLEO: Out.' }));
    expect(first.map((l) => [l.speaker, l.text])).toEqual([
      ['MAYA', 'Where were you?'],
      ['LEO', 'Out.'],
    ]);
    expect(first[0]!.offset).toBe(FIRST_LINE_S);
    expect(first[1]!.offset).toBeGreaterThan(first[0]!.offset);
    const kept = syncLines(
      segment({
        caption: 'MAYA: Where were you?\nLEO: Nowhere.',
        lines: [{ ...first[0]!, takes: ['a1'], approved: 'a1', offset: 2 }],
      }),
    );
    expect(kept[0]).toMatchObject({ takes: ['a1'], approved: 'a1', offset: 2 });
    expect(kept[1]).toMatchObject({ text: 'Nowhere.', takes: [] });
  });

  it('gives two speakers different default local voices, and a set voice wins', () => {
    const local = createSpeechCatalog().modelsOf('local')[0];
    const a = voiceOf(undefined, 'MAYA', ['MAYA', 'LEO'], local);
    const b = voiceOf(undefined, 'LEO', ['MAYA', 'LEO'], local);
    expect(a.connectionId).toBe('local');
    const set = { connectionId: 'c1', model: 'tts-1', voice: 'nova', speed: 1 };
    expect(voiceOf({ voices: { MAYA: set } }, 'Maya', [], undefined)).toEqual(set);
    expect(a.voice).not.toBe(b.voice);
  });

  it('places approved takes at the segment start plus offset, skipping "model audio" segments', async () => {
    const line = { index: 0, speaker: 'MAYA', text: 'Hi.', takes: ['a1', 'a2'], approved: 'a1', offset: 0.5 };
    const segments = [
      segment({ id: 's1', lines: [line] }),
      segment({ id: 's2', speech: 'model', lines: [{ ...line, approved: 'a2' }] }),
      segment({ id: 's3', lines: [{ ...line, approved: undefined }] }),
    ];
    const sounds = await episodeSpeech(segments, [0, 4, 8], async (id) => new Blob([id]));
    expect(sounds.map((s) => [s.start, s.blob.size])).toEqual([
      [0.5, 2],
      [8.5, 2],
    ]);
    expect(await (sounds[1]!.blob as Blob).text()).toBe('a2');
  });

  it('captions voiced lines while they are heard and other segments from their script', () => {
    const segments = [
      segment({
        caption: 'MAYA: Hi.',
        lines: [{ index: 0, speaker: 'MAYA', text: 'Hi.', takes: ['a'], offset: 1 }],
      }),
      segment({ id: 's2', caption: 'The door opens.' }),
    ];
    expect(episodeCaptions(segments, [0, 4], 8, () => 1.5)).toEqual([
      { start: 1, end: 2.5, text: 'Hi.' },
      { start: 4, end: 8, text: 'The door opens.' },
    ]);
  });

  it('reads the length of a WAV', () => {
    expect(wavDuration(wav(1.5))).toBeCloseTo(1.5, 3);
    expect(wavDuration(new ArrayBuffer(8))).toBeUndefined();
  });
});
