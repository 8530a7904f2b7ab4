// POST /audio/speech on the OpenAI mock: validation like the real API, measurable audio, faults, CORS, Azure.
import { describe, expect, it } from 'vitest';
import {
  SPEECH_SAMPLE_RATE,
  VOICE_FREQUENCIES,
  speechSeconds,
  voiceFrequency,
} from '../../mocks/openai/app.mjs';
import { api, postJson, useMock } from '../mock-openai/helpers';
import { decodeWithFfmpeg, readPcm16, readWav, rms, strongest, tonePower } from './audio';

const ctx = useMock();
const LINE = 'Where were you last night? I waited until the candles burned out.';
const CANDIDATES = Object.values(VOICE_FREQUENCIES);

const sameSamples = (a: Float32Array, b: Float32Array): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

async function speech(body: Record<string, unknown>, init: { key?: string | null } = {}) {
  const res = await fetch(`${ctx.mock.url}/audio/speech`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(init.key === null ? {} : { authorization: `Bearer ${init.key ?? ctx.mock.key}` }),
    },
    body: JSON.stringify(body),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let json: any = undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    json = JSON.parse(text);
  } catch {
    /* audio */
  }
  return { status: res.status, headers: res.headers, bytes, json };
}

describe('POST /audio/speech: the audio', () => {
  it('answers WAV: 24 kHz mono PCM16, a tone at the voice frequency, one second per 16 characters', async () => {
    const r = await speech({ model: 'tts-1', input: LINE, voice: 'nova', response_format: 'wav' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('audio/wav');
    expect(r.headers.get('x-mock-tone-hz')).toBe('330');
    const wav = readWav(r.bytes);
    expect(wav).toMatchObject({ sampleRate: SPEECH_SAMPLE_RATE, channels: 1 });
    const seconds = wav.samples.length / wav.sampleRate;
    expect(seconds).toBeCloseTo(LINE.length / 16, 3);
    expect(seconds).toBeCloseTo(speechSeconds(LINE), 3);
    expect(strongest(wav.samples, wav.sampleRate, CANDIDATES)).toBe(330);
    expect(rms(wav.samples)).toBeGreaterThan(0.2);
    expect(ctx.mock.state()).toMatchObject({
      speechRequests: 1,
      speechAccepted: 1,
      speechCharacters: LINE.length,
    });
    expect(ctx.mock.state().speech).toEqual([
      expect.objectContaining({ voice: 'nova', input: LINE, format: 'wav', frequency: 330, speed: 1 }),
    ]);
  });

  it('gives every built-in voice its own tone, and speed shortens the line', async () => {
    expect(new Set(CANDIDATES).size).toBe(CANDIDATES.length);
    for (const voice of ['alloy', 'onyx', 'shimmer']) {
      const r = await speech({
        model: 'gpt-4o-mini-tts',
        input: LINE,
        voice,
        response_format: 'wav',
        speed: 2,
      });
      const wav = readWav(r.bytes);
      expect(strongest(wav.samples, wav.sampleRate, CANDIDATES)).toBe(voiceFrequency(voice));
      expect(wav.samples.length / wav.sampleRate).toBeCloseTo(LINE.length / 16 / 2, 3);
    }
  });

  it('answers raw PCM and FLAC with the same samples as WAV', async () => {
    const body = { model: 'tts-1-hd', input: LINE, voice: 'echo' };
    const wav = readWav((await speech({ ...body, response_format: 'wav' })).bytes).samples;
    const pcm = await speech({ ...body, response_format: 'pcm' });
    expect(pcm.headers.get('content-type')).toBe('audio/pcm');
    expect(sameSamples(readPcm16(pcm.bytes), wav)).toBe(true);
    const flac = await speech({ ...body, response_format: 'flac' });
    expect(flac.headers.get('content-type')).toBe('audio/flac');
    expect(sameSamples(decodeWithFfmpeg(flac.bytes, SPEECH_SAMPLE_RATE), wav)).toBe(true);
  });

  it('voices a custom voice ({"id": "voice_…"}) on gpt-4o-mini-tts with a hashed tone', async () => {
    const r = await speech({
      model: 'gpt-4o-mini-tts',
      input: 'Hello.',
      voice: { id: 'voice_1234' },
      response_format: 'wav',
      instructions: 'Whisper.',
    });
    expect(r.status).toBe(200);
    const wav = readWav(r.bytes);
    const hz = voiceFrequency('voice_1234');
    expect(hz).toBeGreaterThanOrEqual(700);
    expect(tonePower(wav.samples, wav.sampleRate, hz)).toBeGreaterThan(
      100 * tonePower(wav.samples, wav.sampleRate, 330),
    );
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(0.375, 3);
  });

  it('refuses formats it cannot encode, with the API error envelope and x-mock-limitation', async () => {
    for (const response_format of ['mp3', 'opus', 'aac', undefined]) {
      const r = await speech({ model: 'tts-1', input: 'Hi', voice: 'alloy', response_format });
      expect(r.status).toBe(400);
      expect(r.headers.get('x-mock-limitation')).toBe('response_format');
      expect(r.json.error).toMatchObject({
        type: 'invalid_request_error',
        param: 'response_format',
        code: 'invalid_value',
      });
      expect(r.json.error.message).toContain("'wav', 'pcm', 'flac'");
    }
    expect(ctx.mock.state().speechAccepted).toBe(0);
  });
});

describe('POST /audio/speech: validation', () => {
  const ok = { model: 'tts-1', input: 'Hi', voice: 'alloy', response_format: 'wav' };
  const cases: Array<
    [string, Record<string, unknown>, number, { param: string | null; code: string | null }, RegExp]
  > = [
    [
      'missing input',
      { ...ok, input: undefined },
      400,
      { param: 'input', code: 'missing_required_parameter' },
      /Missing required parameter: 'input'/,
    ],
    [
      'input not a string',
      { ...ok, input: 42 },
      400,
      { param: 'input', code: 'invalid_type' },
      /expected a string, but got an integer/,
    ],
    [
      'empty input',
      { ...ok, input: '' },
      400,
      { param: 'input', code: 'string_below_min_length' },
      /string too short/,
    ],
    [
      'input over 4096',
      { ...ok, input: 'a'.repeat(4097) },
      400,
      { param: 'input', code: 'string_above_max_length' },
      /maximum length 4096, but got a string with length 4097/,
    ],
    [
      'missing voice',
      { ...ok, voice: undefined },
      400,
      { param: 'voice', code: 'missing_required_parameter' },
      /'voice'/,
    ],
    [
      'unknown voice',
      { ...ok, voice: 'bob' },
      400,
      { param: 'voice', code: 'invalid_value' },
      /Invalid value: 'bob'. Supported values are: 'alloy'/,
    ],
    [
      'voice tts-1 lacks',
      { ...ok, voice: 'ballad' },
      400,
      { param: 'voice', code: 'invalid_value' },
      /'ballad'/,
    ],
    [
      'voice as a number',
      { ...ok, voice: 7 },
      400,
      { param: 'voice', code: 'invalid_type' },
      /a string or an object/,
    ],
    [
      'custom voice on tts-1',
      { ...ok, voice: { id: 'voice_1' } },
      400,
      { param: 'voice', code: 'invalid_value' },
      /custom voice/,
    ],
    [
      'speed too high',
      { ...ok, speed: 5 },
      400,
      { param: 'speed', code: 'decimal_above_max_value' },
      /Expected a value <= 4, but got 5/,
    ],
    [
      'speed too low',
      { ...ok, speed: 0.1 },
      400,
      { param: 'speed', code: 'decimal_below_min_value' },
      /Expected a value >= 0.25/,
    ],
    [
      'speed as a string',
      { ...ok, speed: '1' },
      400,
      { param: 'speed', code: 'invalid_type' },
      /expected a number, but got a string/,
    ],
    [
      'unknown format',
      { ...ok, response_format: 'ogg' },
      400,
      { param: 'response_format', code: 'invalid_value' },
      /Invalid value: 'ogg'/,
    ],
    [
      'instructions on tts-1',
      { ...ok, instructions: 'Whisper' },
      400,
      { param: 'instructions', code: 'unsupported_parameter' },
      /tts-1/,
    ],
    [
      'sse on tts-1',
      { ...ok, stream_format: 'sse' },
      400,
      { param: 'stream_format', code: 'invalid_value' },
      /not supported/,
    ],
    [
      'unknown parameter',
      { ...ok, pitch: 2 },
      400,
      { param: 'pitch', code: 'unknown_parameter' },
      /Unknown parameter: 'pitch'/,
    ],
    [
      'missing model',
      { ...ok, model: undefined },
      400,
      { param: 'model', code: 'missing_required_parameter' },
      /'model'/,
    ],
    [
      'a video model',
      { ...ok, model: 'sora-2' },
      404,
      { param: 'model', code: 'model_not_found' },
      /The model `sora-2` does not exist/,
    ],
  ];
  for (const [name, body, status, fields, message] of cases) {
    it(`refuses ${name}`, async () => {
      const r = await speech(body);
      expect(r.status).toBe(status);
      expect(r.json.error).toMatchObject({ type: 'invalid_request_error', ...fields });
      expect(r.json.error.message).toMatch(message);
    });
  }

  it('counts every request and voices none of the refused ones', async () => {
    await speech({ ...ok, speed: 9 });
    await speech(ok);
    expect(ctx.mock.state()).toMatchObject({ speechRequests: 2, speechAccepted: 1, speechCharacters: 2 });
  });

  it('refuses a body that is not JSON', async () => {
    const r = await api(ctx.mock, '/audio/speech', {
      method: 'POST',
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/Unsupported content type/);
  });
});

describe('POST /audio/speech: auth, CORS, faults, Azure', () => {
  it('needs a key like every route', async () => {
    const none = await speech(
      { model: 'tts-1', input: 'Hi', voice: 'alloy', response_format: 'wav' },
      { key: null },
    );
    expect(none.status).toBe(401);
    expect(none.json.error.message).toMatch(/You didn't provide an API key/);
    const wrong = await speech(
      { model: 'tts-1', input: 'Hi', voice: 'alloy', response_format: 'wav' },
      { key: 'sk-nope-nope' },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('invalid_api_key');
  });

  it('answers the preflight and exposes the tone headers', async () => {
    const pre = await fetch(`${ctx.mock.url}/audio/speech`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:4186',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    const r = await speech({ model: 'tts-1', input: 'Hi', voice: 'alloy', response_format: 'wav' });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-expose-headers')).toMatch(/x-mock-tone-hz/);
    expect(r.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('rate-limits, fails and drops on the speech route', async () => {
    const body = { model: 'tts-1', input: 'Hi', voice: 'alloy', response_format: 'wav' };
    ctx.mock.setFaults([
      { type: 'rate_limit', route: 'speech', retryAfterSec: 3 },
      { type: 'server_error', route: 'speech', status: 503 },
      { type: 'sentinel_block', route: 'speech' },
      { type: 'drop_after_accept', route: 'speech' },
    ]);
    const limited = await speech(body);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.json.error.code).toBe('rate_limit_exceeded');
    expect(limited.json.error.message).toMatch(/tts-1/);
    expect((await speech(body)).status).toBe(503);
    const blocked = await speech(body);
    expect(blocked.status).toBe(400);
    expect(blocked.json.error.code).toBe('sentinel_block');
    await expect(speech(body)).rejects.toThrow();
    expect(ctx.mock.state()).toMatchObject({ speechRequests: 4, speechAccepted: 1, droppedConnections: 1 });
  });

  it('in Azure mode takes api-key and maps the deployment to its model', async () => {
    ctx.mock.configure({ azure: true, azureDeployments: { voices: 'gpt-4o-mini-tts' } });
    const send = (model: string) =>
      fetch(`${ctx.mock.origin}/v1/audio/speech`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': ctx.mock.key },
        body: JSON.stringify({ model, input: 'Hi', voice: 'verse', response_format: 'wav' }),
      });
    const ok = await send('voices');
    expect(ok.status).toBe(200);
    expect(readWav(new Uint8Array(await ok.arrayBuffer())).sampleRate).toBe(SPEECH_SAMPLE_RATE);
    const missing = await send('tts-1');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('DeploymentNotFound');
  });

  it('is unaffected for the video routes (existing behaviour kept)', async () => {
    const r = await postJson(ctx.mock, '/videos', { prompt: 'A lighthouse', seconds: '4' });
    expect(r.status).toBe(200);
    expect(ctx.mock.state()).toMatchObject({ creates: 1, speechRequests: 0 });
  });
});
