// The speech catalog as data: every entry is coherent, requests are validated per model, costs estimated.
import { describe, expect, it } from 'vitest';
import {
  createSpeechCatalog,
  estimateSpeechCost,
  estimateSpeechSeconds,
  validateSpeechRequest,
} from '../../../src/state/speech-catalog.ts';
import { SPEECH_FORMATS, type SpeechRequest } from '../../../src/types.ts';
import { MAX_SPEECH_INPUT, SPEECH_MODELS, SPEECH_VOICES, TTS1_VOICES } from '../../mocks/openai/speech.mjs';

const catalog = createSpeechCatalog();
const request = (patch: Partial<SpeechRequest> = {}): SpeechRequest => ({
  connectionId: 'c1',
  model: 'tts-1',
  input: 'Where were you?',
  voice: 'alloy',
  ...patch,
});

describe('config/voices/*.json', () => {
  it('loads every provider, each entry coherent', () => {
    expect(new Set(catalog.models.map((m) => m.provider))).toEqual(new Set(['openai', 'fal', 'local']));
    for (const m of catalog.models) {
      expect(
        m.voices.some((v) => v.id === m.defaultVoice),
        `${m.id} default voice`,
      ).toBe(true);
      expect(m.formats.length, m.id).toBeGreaterThan(0);
      for (const f of m.formats) expect(SPEECH_FORMATS).toContain(f);
      expect(m.formats, `${m.id}: raw PCM is not playable`).not.toContain('pcm');
      if (m.speed) {
        expect(m.speed.min).toBeLessThanOrEqual(m.speed.default);
        expect(m.speed.default).toBeLessThanOrEqual(m.speed.max);
      }
      expect(m.maxChars).toBeGreaterThan(0);
      expect(m.price.perMillionChars ?? m.price.perMinute, `${m.id} price`).toBeTypeOf('number');
      expect(m.note.length, `${m.id} cites its source`).toBeGreaterThan(20);
      if (m.provider === 'fal') {
        expect(m.endpoint).toMatch(/^fal-ai\//);
        expect(m.fields?.text).toBeTruthy();
      }
    }
    expect(new Set(catalog.models.map((m) => `${m.provider}/${m.id}`)).size).toBe(catalog.models.length);
  });

  it('agrees with the OpenAI mock on models, voices and limits', () => {
    for (const m of catalog.modelsOf('openai')) {
      expect(SPEECH_MODELS).toContain(m.id);
      expect(m.maxChars).toBe(MAX_SPEECH_INPUT);
      const legal = m.id.startsWith('tts-1') ? TTS1_VOICES : SPEECH_VOICES;
      expect(m.voices.map((v) => v.id).sort()).toEqual([...legal].sort());
      expect(m.speed).toEqual({ min: 0.25, max: 4, default: 1 });
    }
  });

  it('finds models per connection kind; a gateway id borrows the first OpenAI rules', () => {
    expect(catalog.find({ kind: 'fal' }, 'kokoro-american-english')?.endpoint).toBe(
      'fal-ai/kokoro/american-english',
    );
    expect(catalog.find({ kind: 'fal' }, 'tts-1')).toBeUndefined();
    const custom = catalog.find({ kind: 'openai' }, 'my-gateway-tts');
    expect(custom).toMatchObject({
      id: 'my-gateway-tts',
      customVoices: true,
      verified: false,
      maxChars: 4096,
    });
    expect(custom?.label).toMatch(/custom/);
    expect(catalog.find({ kind: 'openai' }, ' ')).toBeUndefined();
  });
});

describe('validateSpeechRequest', () => {
  const tts1 = catalog.find({ kind: 'openai' }, 'tts-1');
  const mini = catalog.find({ kind: 'openai' }, 'gpt-4o-mini-tts');
  const kokoro = catalog.find({ kind: 'fal' }, 'kokoro-american-english');
  const v3 = catalog.find({ kind: 'fal' }, 'elevenlabs-v3');
  const fields = (model: typeof tts1, patch: Partial<SpeechRequest>) =>
    validateSpeechRequest(model, request(patch)).map((p) => p.field);

  it('accepts a legal line', () => {
    expect(validateSpeechRequest(tts1, request())).toEqual([]);
    expect(
      validateSpeechRequest(mini, request({ model: 'gpt-4o-mini-tts', instructions: 'Whisper', speed: 4 })),
    ).toEqual([]);
  });

  it('names the field of every problem, per provider', () => {
    expect(fields(tts1, { input: '  ' })).toEqual(['input']);
    expect(fields(tts1, { input: 'x'.repeat(4097) })).toEqual(['input']);
    expect(fields(mini, { input: 'x'.repeat(4096) })).toEqual([]);
    expect(fields(tts1, { voice: 'ballad' })).toEqual(['voice']);
    expect(fields(mini, { voice: 'ballad' })).toEqual([]);
    expect(fields(mini, { voice: 'voice_custom1' })).toEqual([]);
    expect(fields(tts1, { voice: '' })).toEqual(['voice']);
    expect(fields(tts1, { speed: 4.01 })).toEqual(['speed']);
    expect(fields(tts1, { speed: 0.2 })).toEqual(['speed']);
    expect(fields(tts1, { speed: Number.NaN })).toEqual(['speed']);
    expect(fields(tts1, { format: 'pcm' })).toEqual(['format']);
    expect(fields(tts1, { instructions: 'Whisper' })).toEqual(['instructions']);
    expect(fields(kokoro, { voice: 'alloy' })).toEqual(['voice']);
    expect(fields(kokoro, { voice: 'af_heart', speed: 5 })).toEqual([]);
    expect(fields(kokoro, { voice: 'af_heart', speed: 5.5 })).toEqual(['speed']);
    expect(fields(kokoro, { voice: 'af_heart', format: 'mp3' })).toEqual(['format']);
    expect(fields(v3, { voice: 'Rachel', speed: 1.2 })).toEqual(['speed']);
    expect(fields(v3, { voice: 'MyClonedVoiceId' })).toEqual([]);
    expect(fields(undefined, {})).toEqual(['model']);
    expect(fields(tts1, { input: '', voice: 'zed', speed: 9, instructions: 'x' })).toEqual([
      'input',
      'voice',
      'speed',
      'instructions',
    ]);
  });

  it('says what to do in plain words', () => {
    const [speed] = validateSpeechRequest(kokoro, request({ voice: 'af_heart', speed: 7 }));
    expect(speed?.message).toBe('Kokoro (American English) speaks at 0.1× to 5×; not 7×.');
    const [format] = validateSpeechRequest(tts1, request({ format: 'pcm' }));
    expect(format?.message).toMatch(/cannot be played in the browser/);
    const [long] = validateSpeechRequest(tts1, request({ input: 'x'.repeat(5000) }));
    expect(long?.message).toBe('TTS-1 speaks at most 4,096 characters; this line has 5,000. Split it.');
  });

  it('validates through the catalog per connection', () => {
    expect(catalog.validate({ kind: 'openai' }, request({ speed: 10 }))).toMatchObject([{ field: 'speed' }]);
    expect(catalog.validate({ kind: 'fal' }, request())).toMatchObject([{ field: 'model' }]);
  });
});

describe('estimateSpeechCost', () => {
  const get = (kind: 'openai' | 'fal' | 'local', id: string) => catalog.find({ kind }, id)!;
  const thousand = 'x'.repeat(1000);

  it('prices per character where the model is billed per character', () => {
    expect(estimateSpeechCost(get('openai', 'tts-1'), { input: thousand })).toBe(0.015);
    expect(estimateSpeechCost(get('openai', 'tts-1-hd'), { input: thousand })).toBe(0.03);
    expect(estimateSpeechCost(get('fal', 'kokoro-american-english'), { input: thousand })).toBe(0.02);
    expect(estimateSpeechCost(get('fal', 'elevenlabs-v3'), { input: thousand })).toBe(0.1);
    expect(estimateSpeechCost(get('local', 'local-voice'), { input: thousand })).toBe(0);
  });

  it('prices per minute of expected audio for gpt-4o-mini-tts, so speed matters', () => {
    const model = get('openai', 'gpt-4o-mini-tts');
    const oneMinute = 'x'.repeat(15 * 60);
    expect(estimateSpeechSeconds(oneMinute)).toBe(60);
    expect(estimateSpeechCost(model, { input: oneMinute })).toBe(0.015);
    expect(estimateSpeechCost(model, { input: oneMinute, speed: 2 })).toBe(0.0075);
  });
});
