// The OpenAI-compatible speech adapter: against the mock (real HTTP) and against a scripted fetch (edge cases).
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/providers/errors.ts';
import {
  createOpenAISpeechProvider,
  speechBody,
  synthesizeOpenAISpeech,
} from '../../../src/providers/openai-speech.ts';
import { createSpeechProvider } from '../../../src/providers/speech-registry.ts';
import type { ProviderDeps } from '../../../src/providers/types.ts';
import { voiceFrequency } from '../../mocks/openai/app.mjs';
import { useMock } from '../mock-openai/helpers';
import {
  apiError,
  caught,
  fakeDeps,
  json,
  KEY,
  openaiConnection,
  scriptedFetch,
} from '../providers/fake-fetch';
import { readWav, strongest } from './audio';
import { bytesOf, line } from './helpers';

const ctx = useMock();
const signal = () => new AbortController().signal;

function mockDeps(patch: Partial<ProviderDeps['connection']> = {}): ProviderDeps {
  return {
    fetch: (input, init) => fetch(input, init),
    connection: openaiConnection({ baseUrl: ctx.mock.url, apiKey: ctx.mock.key, ...patch }),
    online: () => true,
  };
}

function wavBytes(): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(48);
  bytes.set([...'RIFF'].map((c) => c.charCodeAt(0)));
  bytes.set(
    [...'WAVE'].map((c) => c.charCodeAt(0)),
    8,
  );
  return bytes;
}

describe('OpenAI speech adapter against the mock', () => {
  it('voices a line through submit → poll → download, and the audio is the voice', async () => {
    const provider = createOpenAISpeechProvider(mockDeps());
    const request = line('openai', 'tts-1', {
      voice: 'nova',
      input: 'I waited until the candles burned out.',
    });
    const handle = await provider.submit(request, signal());
    expect(handle.id).toMatch(/^openai-speech_/);
    expect(await provider.poll(handle, signal())).toEqual({ state: 'completed', progress: 100 });
    const { files } = await provider.download(handle, signal());
    expect(files).toHaveLength(1);
    expect(files[0]!.type).toBe('audio/wav');
    const wav = readWav(await bytesOf(files[0]!));
    expect(strongest(wav.samples, wav.sampleRate, [220, 330, 400, 520])).toBe(voiceFrequency('nova'));
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(request.input.length / 16, 2);
    const sent = ctx.mock.state().speech.at(-1);
    expect(sent).toMatchObject({
      model: 'tts-1',
      voice: 'nova',
      format: 'wav',
      speed: 1,
      instructions: null,
    });
  });

  it('is built by the speech registry for each connection kind (remote adapters load lazily)', async () => {
    const local = createSpeechProvider(
      { id: 'local', kind: 'local', label: 'Local', concurrency: 1 },
      { synthesize: () => new Blob() },
    );
    expect(local.kind).toBe('local');
    const remote = createSpeechProvider(openaiConnection({ baseUrl: ctx.mock.url, apiKey: ctx.mock.key }), {
      synthesize: () => new Blob(),
    });
    expect(remote.kind).toBe('openai');
    const handle = await remote.submit(line('openai', 'tts-1', { voice: 'shimmer' }), signal());
    const { files } = await remote.download(handle, signal());
    expect(files[0]!.type).toBe('audio/wav');
    expect(ctx.mock.state().speech.at(-1)?.voice).toBe('shimmer');
  });

  it('sends instructions and speed to gpt-4o-mini-tts, FLAC when asked', async () => {
    const blob = await synthesizeOpenAISpeech(
      mockDeps(),
      line('openai', 'gpt-4o-mini-tts', {
        voice: 'verse',
        speed: 1.5,
        format: 'flac',
        instructions: 'Whisper',
      }),
      signal(),
    );
    expect(blob.type).toBe('audio/flac');
    expect(ctx.mock.state().speech.at(-1)).toMatchObject({
      voice: 'verse',
      speed: 1.5,
      instructions: 'Whisper',
    });
  });

  it('uses the api-key header for an Azure-style connection', async () => {
    ctx.mock.configure({ azure: true, azureDeployments: { 'my-tts': 'tts-1' } });
    const blob = await synthesizeOpenAISpeech(
      mockDeps({ authStyle: 'api-key' }),
      line('openai', 'tts-1', { modelId: 'my-tts', voice: 'alloy' }),
      signal(),
    );
    expect(blob.type).toBe('audio/wav');
    expect(ctx.mock.state().lastRequests.at(-1)).toMatchObject({
      route: 'speech',
      status: 200,
      model: 'my-tts',
    });
  });

  it("maps the mock's refusal of mp3 to the request's format field", async () => {
    const error = await caught(
      synthesizeOpenAISpeech(mockDeps(), line('openai', 'tts-1', { format: 'mp3' }), signal()),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'validation', field: 'format', status: 400 });
  });

  it('maps a wrong key to auth without leaking the key', async () => {
    const error = await caught(
      synthesizeOpenAISpeech(
        mockDeps({ apiKey: 'sk-wrong-but-long-key-123456' }),
        line('openai', 'tts-1'),
        signal(),
      ),
    );
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(JSON.stringify((error as ProviderError).toInfo())).not.toContain('sk-wrong-but-long-key-123456');
  });

  it('retries a rate limit with the server hint, then voices the line once', async () => {
    ctx.mock.setFaults({ type: 'rate_limit', route: 'speech', retryAfterMs: 20, count: 1 });
    const retries: number[] = [];
    const blob = await synthesizeOpenAISpeech(
      { ...mockDeps(), onRetry: (notice) => retries.push(notice.delayMs) },
      line('openai', 'tts-1'),
      signal(),
    );
    expect(blob.size).toBeGreaterThan(44);
    expect(retries).toEqual([20]);
    expect(ctx.mock.state()).toMatchObject({ speechRequests: 2, speechAccepted: 1 });
  });

  it('does not re-send a line whose answer was cut off: the outcome is unknown', async () => {
    ctx.mock.setFaults({ type: 'drop_after_accept', route: 'speech' });
    const error = await caught(synthesizeOpenAISpeech(mockDeps(), line('openai', 'tts-1'), signal()));
    expect(error).toMatchObject({ kind: 'network', outcomeUnknown: true, retryable: false });
    expect(ctx.mock.state()).toMatchObject({ speechRequests: 1, speechAccepted: 1 });
  });
});

describe('OpenAI speech adapter edge cases (scripted fetch)', () => {
  it('builds the JSON body from the catalog entry', () => {
    expect(
      speechBody(line('openai', 'tts-1', { voice: 'onyx', speed: 0.5, instructions: 'ignored' })),
    ).toEqual({
      model: 'tts-1',
      input: 'Where were you last night?',
      voice: 'onyx',
      response_format: 'wav',
      speed: 0.5,
    });
    expect(
      speechBody(line('openai', 'gpt-4o-mini-tts', { voice: 'voice_x1', instructions: ' Softly ' })),
    ).toMatchObject({
      voice: { id: 'voice_x1' },
      instructions: 'Softly',
    });
  });

  it('refuses an illegal line before sending anything', async () => {
    const { fetch, calls } = scriptedFetch();
    const { deps } = fakeDeps(fetch);
    for (const [patch, field] of [
      [{ speed: 5 }, 'speed'],
      [{ input: 'x'.repeat(4097) }, 'input'],
      [{ voice: 'ballad' }, 'voice'],
      [{ format: 'pcm' as const }, 'format'],
      [{ instructions: 'Whisper' }, 'instructions'],
    ] as const) {
      const error = await caught(synthesizeOpenAISpeech(deps, line('openai', 'tts-1', patch), signal()));
      expect(error).toMatchObject({ kind: 'validation', field, retryable: false });
    }
    expect(calls).toHaveLength(0);
  });

  it('sends Bearer auth, JSON, to {baseUrl}/audio/speech, and types the bytes by their signature', async () => {
    const { fetch, calls } = scriptedFetch(
      new Response(wavBytes(), { headers: { 'content-type': 'application/octet-stream' } }),
    );
    const blob = await synthesizeOpenAISpeech(fakeDeps(fetch).deps, line('openai', 'tts-1'), signal());
    expect(blob.type).toBe('audio/wav');
    expect(calls[0]!.url.href).toBe('https://api.openai.com/v1/audio/speech');
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(calls[0]!.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(String(calls[0]!.body))).toMatchObject({ model: 'tts-1', response_format: 'wav' });
  });

  it('refuses an answer that is not audio (a gateway page or JSON)', async () => {
    const { fetch } = scriptedFetch(
      new Response('<html>Welcome to nginx</html>', { headers: { 'content-type': 'text/html' } }),
      json({ detail: 'speech disabled' }),
    );
    const deps = fakeDeps(fetch).deps;
    const html = await caught(synthesizeOpenAISpeech(deps, line('openai', 'tts-1'), signal()));
    expect(html).toMatchObject({ kind: 'server', retryable: false });
    expect((html as Error).message).toMatch(/text instead of audio/);
    const body = await caught(synthesizeOpenAISpeech(deps, line('openai', 'tts-1'), signal()));
    expect((body as Error).message).toContain('speech disabled');
  });

  it('words 404, 413 and the format field for speech', async () => {
    const { fetch } = scriptedFetch(
      apiError(404, { message: 'Invalid URL (POST /v1/audio/speech)' }),
      new Response('too big', { status: 413 }),
      apiError(400, { message: "Invalid value: 'x'.", param: 'response_format', code: 'invalid_value' }),
    );
    const deps = fakeDeps(fetch).deps;
    const missing = await caught(synthesizeOpenAISpeech(deps, line('openai', 'tts-1'), signal()));
    expect(missing).toMatchObject({ kind: 'not-found', status: 404 });
    expect((missing as Error).message).toMatch(/does not offer text to speech/);
    const large = await caught(synthesizeOpenAISpeech(deps, line('openai', 'tts-1'), signal()));
    expect(large).toMatchObject({ kind: 'validation', field: 'input', status: 413 });
    const format = await caught(synthesizeOpenAISpeech(deps, line('openai', 'tts-1'), signal()));
    expect(format).toMatchObject({ kind: 'validation', field: 'format' });
  });

  it('times out as outcome unknown and keeps no result', async () => {
    const { fetch, calls } = scriptedFetch('hang');
    const provider = createOpenAISpeechProvider(fakeDeps(fetch).deps, { timeoutMs: 20 });
    const error = await caught(provider.submit(line('openai', 'tts-1'), signal()));
    expect(error).toMatchObject({ kind: 'timeout', outcomeUnknown: true });
    expect(calls).toHaveLength(1);
  });

  it('says plainly when the audio was lost with a reload, and never re-sends', async () => {
    const { fetch, calls } = scriptedFetch();
    const provider = createOpenAISpeechProvider(fakeDeps(fetch).deps);
    const lost = { id: 'openai-speech_gone', data: { mode: 'speech' } };
    const poll = await provider.poll(lost, signal());
    expect(poll.state).toBe('expired');
    expect(poll.error).toMatchObject({ kind: 'not-found', retryable: false });
    expect(poll.error?.message).toMatch(/did not send it again/);
    expect(await caught(provider.download(lost, signal()))).toMatchObject({ kind: 'not-found' });
    expect(calls).toHaveLength(0);
  });
});
