// fal.ai text to speech: the mock's TTS endpoints (validation, queue, CDN audio) and the adapter over them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFalSpeechProvider, speechInput } from '../../../src/providers/fal-speech.ts';
import type { SpeechProvider } from '../../../src/providers/speech-request.ts';
import type { RemoteHandle } from '../../../src/types.ts';
import { createFalMock, TEST_KEY, type FalMock } from '../../mocks/fal/mock.mjs';
import { checkSpeechCatalog, loadSpeechCatalog, validateSpeechInput } from '../../mocks/fal/speech-rules.mjs';
import { voiceFrequency } from '../../mocks/openai/app.mjs';
import { caught } from '../providers/fake-fetch';
import { readWav, tonePower } from './audio';
import { bytesOf, line } from './helpers';

let mock: FalMock;
const signal = () => new AbortController().signal;

beforeAll(async () => {
  mock = await createFalMock({ jobDurationMs: 3000, frozenClock: true });
});
afterEach(() => mock.reset());
afterAll(async () => {
  await mock.close();
});

function provider(apiKey: string = TEST_KEY): SpeechProvider {
  return createFalSpeechProvider({
    fetch: globalThis.fetch,
    connection: { id: 'fal', kind: 'fal', label: 'fal mock', baseUrl: mock.queueUrl, apiKey, concurrency: 2 },
    sleep: async () => undefined,
    random: () => 0,
    online: () => true,
  });
}

async function pollToEnd(p: SpeechProvider, handle: RemoteHandle) {
  for (let i = 0; i < 20; i += 1) {
    const result = await p.poll(handle, signal());
    if (result.state !== 'queued' && result.state !== 'running') return result;
    mock.advance(1000);
  }
  throw new Error('the line never finished');
}

describe('fal TTS rules', () => {
  it('agree with config/voices/fal.json', () => {
    expect(checkSpeechCatalog(loadSpeechCatalog())).toEqual([]);
  });

  it('catch a catalog that drifts from the endpoints', () => {
    const [kokoro] = loadSpeechCatalog();
    const drifted = [
      { ...kokoro!, fields: { text: 'text', voice: 'voice', speed: 'speed' } },
      { ...kokoro!, voices: [{ id: 'af_nope', label: 'x' }] },
      { ...kokoro!, speed: { min: 0.05, max: 5, default: 1 } },
      { ...kokoro!, endpoint: 'fal-ai/unknown-tts' },
    ];
    expect(checkSpeechCatalog(drifted)).toEqual([
      'kokoro-american-english: text field text is not prompt',
      'kokoro-american-english: fal-ai/kokoro/american-english has no voice af_nope',
      'kokoro-american-english: fal-ai/kokoro/american-english takes speed 0.1-5',
      'kokoro-american-english: endpoint fal-ai/unknown-tts is unknown to the mock',
    ]);
  });

  it('reject bad input with pydantic messages', () => {
    expect(validateSpeechInput('fal-ai/kokoro/american-english', { voice: 'alloy', speed: 9 })).toEqual([
      expect.objectContaining({ loc: ['body', 'prompt'], type: 'missing' }),
      expect.objectContaining({ loc: ['body', 'voice'], type: 'literal_error' }),
      expect.objectContaining({
        loc: ['body', 'speed'],
        type: 'less_than_equal',
        msg: 'Input should be less than or equal to 5',
      }),
    ]);
    expect(
      validateSpeechInput('fal-ai/elevenlabs/tts/eleven-v3', { text: 'x'.repeat(5001), voice: 'Anyone' }),
    ).toEqual([expect.objectContaining({ loc: ['body', 'text'], type: 'string_too_long' })]);
    expect(validateSpeechInput('fal-ai/elevenlabs/tts/multilingual-v2', { text: 'Hi', speed: '1' })).toEqual([
      expect.objectContaining({ loc: ['body', 'speed'], type: 'float_type' }),
    ]);
  });
});

describe('fal speech adapter against the mock', () => {
  it('builds the input from the catalog fields', () => {
    expect(speechInput(line('fal', 'kokoro-american-english', { voice: 'am_adam', speed: 1.2 }))).toEqual({
      prompt: 'Where were you last night?',
      voice: 'am_adam',
      speed: 1.2,
    });
    expect(speechInput(line('fal', 'elevenlabs-v3', { voice: 'Aria' }))).toEqual({
      text: 'Where were you last night?',
      voice: 'Aria',
    });
  });

  it('voices a line: queue → status → result → CDN audio, key only where it belongs', async () => {
    const p = provider();
    const request = line('fal', 'kokoro-american-english', {
      voice: 'af_bella',
      speed: 2,
      input: 'I waited all night for you.',
    });
    const handle = await p.submit(request, signal());
    expect(handle.data).toMatchObject({ endpoint: 'fal-ai/kokoro/american-english', mode: 'speech' });
    expect(handle.data?.statusUrl).toContain('/queue/fal-ai/kokoro/requests/');
    expect(await pollToEnd(p, handle)).toMatchObject({ state: 'completed', progress: 100 });
    const { files } = await p.download(handle, signal());
    expect(files[0]!.type).toBe('audio/wav');
    const wav = readWav(await bytesOf(files[0]!));
    const hz = voiceFrequency('af_bella');
    expect(tonePower(wav.samples, wav.sampleRate, hz)).toBeGreaterThan(
      100 * tonePower(wav.samples, wav.sampleRate, 330),
    );
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(request.input.length / 16 / 2, 3);
    const state = mock.state();
    expect(state.speech).toEqual([
      expect.objectContaining({
        endpoint: 'fal-ai/kokoro/american-english',
        voice: 'af_bella',
        speed: 2,
        frequency: hz,
      }),
    ]);
    const cdn = state.requests.filter((r) => r.route === 'cdn');
    expect(cdn).toHaveLength(1);
    expect(cdn[0]!.authorization).toBeNull();
    expect(state.requests.filter((r) => r.route === 'submit')[0]!.authorization).toBe(`Key ${TEST_KEY}`);
  });

  it('voices ElevenLabs v3 without a speed field', async () => {
    const p = provider();
    const handle = await p.submit(line('fal', 'elevenlabs-v3', { voice: 'Rachel' }), signal());
    await pollToEnd(p, handle);
    await p.download(handle, signal());
    expect(mock.state().jobs[0]!.input).toEqual({ text: 'Where were you last night?', voice: 'Rachel' });
  });

  it('reports an input the model refuses as a failed job naming the field', async () => {
    const p = provider();
    // The catalog allows custom ElevenLabs voices; a text over the model limit is caught by the model.
    const request = line('fal', 'elevenlabs-v3', { voice: 'Rachel' });
    const handle = await p.submit(
      { ...request, model: { ...request.model, maxChars: 9000 }, input: 'x'.repeat(6000) },
      signal(),
    );
    const result = await pollToEnd(p, handle);
    expect(result).toMatchObject({ state: 'failed', error: { kind: 'validation', field: 'text' } });
  });

  it('refuses an illegal line before queueing anything', async () => {
    const error = await caught(
      provider().submit(line('fal', 'kokoro-american-english', { voice: 'alloy' }), signal()),
    );
    expect(error).toMatchObject({ kind: 'validation', field: 'voice' });
    expect(mock.state().counters.submits).toBe(0);
  });

  it('maps a bad key, a rate limit and an expired result', async () => {
    const bad = await caught(provider('wrong-key').submit(line('fal', 'kokoro-american-english'), signal()));
    expect(bad).toMatchObject({ kind: 'auth' });

    mock.setFaults([{ kind: 'rate-limit', route: 'submit', retryAfter: 1 }]);
    const handle = await provider().submit(line('fal', 'kokoro-american-english'), signal());
    expect(mock.state().counters.submits).toBe(3);

    mock.advance(3000);
    mock.advance(3_600_001);
    expect(await provider().poll(handle, signal())).toMatchObject({
      state: 'expired',
      error: { kind: 'not-found' },
    });
  });

  it('cancels a queued line', async () => {
    const p = provider();
    const handle = await p.submit(line('fal', 'kokoro-american-english'), signal());
    await p.cancel?.(handle, signal());
    expect(mock.state().jobs[0]!.status).toBe('CANCELED');
    expect(await pollToEnd(p, handle)).toMatchObject({
      state: 'failed',
      error: { kind: 'server', code: 'client_cancelled' },
    });
  });
});
