// Drives POST /audio/speech with the official `openai` SDK: if the SDK is happy, the mock speaks the wire format.
import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { SPEECH_SAMPLE_RATE, voiceFrequency } from '../../mocks/openai/app.mjs';
import { KEY, useMock } from '../mock-openai/helpers';
import { readWav, strongest } from './audio';

const ctx = useMock();
const client = () => new OpenAI({ apiKey: KEY, baseURL: ctx.mock.url, maxRetries: 0 });

describe('openai SDK audio.speech against the mock', () => {
  it('creates speech and reads the WAV body', async () => {
    const input = 'The tide is coming in.';
    const response = await client().audio.speech.create({
      model: 'gpt-4o-mini-tts',
      voice: 'coral',
      input,
      response_format: 'wav',
      speed: 1.25,
      instructions: 'Speak softly.',
    });
    expect(response.headers.get('content-type')).toBe('audio/wav');
    const wav = readWav(new Uint8Array(await response.arrayBuffer()));
    expect(wav.sampleRate).toBe(SPEECH_SAMPLE_RATE);
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(input.length / 16 / 1.25, 3);
    expect(strongest(wav.samples, wav.sampleRate, [220, 330, 370, 400])).toBe(voiceFrequency('coral'));
    expect(ctx.mock.state().speech.at(-1)).toMatchObject({ instructions: 'Speak softly.', speed: 1.25 });
  });

  it('sends a custom voice object the SDK way', async () => {
    const response = await client().audio.speech.create({
      model: 'gpt-4o-mini-tts',
      voice: { id: 'voice_abc123' },
      input: 'Hi.',
      response_format: 'pcm',
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.length).toBe(Math.round(0.25 * SPEECH_SAMPLE_RATE) * 2);
    expect(ctx.mock.state().speech.at(-1)?.voice).toBe('voice_abc123');
  });

  it('surfaces validation errors as the SDK error classes with param and code', async () => {
    const error = await client()
      .audio.speech.create({ model: 'tts-1', voice: 'nova', input: 'x'.repeat(4097), response_format: 'wav' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: 'input', code: 'string_above_max_length' });
    const auth = await new OpenAI({
      apiKey: 'sk-wrong-key-000000000',
      baseURL: ctx.mock.url,
      maxRetries: 0,
    }).audio.speech
      .create({ model: 'tts-1', voice: 'nova', input: 'Hi', response_format: 'wav' })
      .catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('is retried by the SDK on a rate limit, as the real API', async () => {
    ctx.mock.setFaults({ type: 'rate_limit', route: 'speech', retryAfterMs: 10 });
    const response = await new OpenAI({
      apiKey: KEY,
      baseURL: ctx.mock.url,
      maxRetries: 1,
    }).audio.speech.create({
      model: 'tts-1',
      voice: 'alloy',
      input: 'Again.',
      response_format: 'flac',
    });
    expect(response.headers.get('content-type')).toBe('audio/flac');
    expect(ctx.mock.state()).toMatchObject({ speechRequests: 2, speechAccepted: 1 });
  });
});
