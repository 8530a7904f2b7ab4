// Speech jobs through the existing durable JobRunner: the speech providers fit its lifecycle unchanged.
import { beforeEach, describe, expect, it } from 'vitest';
import { synthesizeSpeech } from '../../../src/media/voice/synth.ts';
import { createLocalSpeechProvider } from '../../../src/providers/local-speech-provider.ts';
import { createOpenAISpeechProvider } from '../../../src/providers/openai-speech.ts';
import type { SpeechProvider, SpeechSubmitRequest } from '../../../src/providers/speech-request.ts';
import type { DownloadResult, Provider, SubmitRequest } from '../../../src/providers/types.ts';
import { JobRunner, NO_DEADLINE } from '../../../src/state/job-runner.ts';
import type { JobRecord } from '../../../src/types.ts';
import { FakeClock, FakeNetwork, MemoryLedger, flush } from '../state/fakes.ts';
import { fakeDeps, scriptedFetch } from '../providers/fake-fetch';
import { readWav } from './audio';
import { bytesOf, line } from './helpers';

let clock: FakeClock;
let ledger: MemoryLedger;
let results: DownloadResult[];
let runner: JobRunner | undefined;

/**
 * Today RunnerDeps says `Provider` / `SubmitRequest`; a speech job needs `Provider<SpeechSubmitRequest>`.
 * Widening RunnerDeps to `Provider<SubmitRequest | SpeechSubmitRequest>` (the lead's wiring) removes this cast.
 */
const asRunnerProvider = (speech: SpeechProvider): Provider => speech as unknown as Provider;

function speechJob(id: string, patch: Partial<JobRecord> = {}): JobRecord {
  return {
    id,
    // The ledger row of a speech job; its request shape is the lead's to define (SpeechRequest + ids).
    request: { prompt: 'line', connectionId: 'conn', model: 'tts-1', size: '720x1280', seconds: 0 },
    providerKind: 'openai',
    status: 'waiting',
    progress: 0,
    created: clock.now(),
    updated: clock.now(),
    deadline: NO_DEADLINE,
    attempts: 0,
    estimatedCost: 0.0004,
    ...patch,
  };
}

function start(provider: SpeechProvider, request: SpeechSubmitRequest): JobRunner {
  runner = new JobRunner({
    ledger,
    provider: () => asRunnerProvider(provider),
    prepare: async () => request as unknown as SubmitRequest,
    complete: async (_job, result) => {
      results.push(result);
      return ['take_1'];
    },
    concurrency: () => 2,
    needsNetwork: () => provider.kind !== 'local',
    clock,
    network: new FakeNetwork(),
    random: () => 0,
    onChange: () => undefined,
    policy: { pollMs: 1000, deadlineMs: 60_000 },
  });
  return runner;
}

function wav(): Response {
  const bytes = new Uint8Array(48);
  bytes.set([...'RIFF'].map((c) => c.charCodeAt(0)));
  bytes.set(
    [...'WAVE'].map((c) => c.charCodeAt(0)),
    8,
  );
  return new Response(bytes, { headers: { 'content-type': 'audio/wav' } });
}

beforeEach(() => {
  runner?.stop();
  clock = new FakeClock();
  ledger = new MemoryLedger();
  results = [];
});

describe('speech jobs on the JobRunner', () => {
  it('voices a line with the local voice, offline, from waiting to done', async () => {
    const provider = createLocalSpeechProvider({
      synthesize: ({ input, voice, speed }) => synthesizeSpeech(input, { voice, speed }).blob,
    });
    await ledger.put(speechJob('s1', { providerKind: 'local' }));
    await start(provider, line('local', 'local-voice', { voice: 'nova' })).start();
    await clock.advance(5000);
    expect((await ledger.get('s1'))?.status).toBe('done');
    expect(ledger.statusesOf('s1')).toEqual(['submitting', 'queued', 'downloading', 'done']);
    const pcm = readWav(await bytesOf(results[0]!.files[0]!));
    expect(pcm.sampleRate).toBe(48_000);
  });

  it('voices a line on an OpenAI-compatible connection', async () => {
    const { fetch, calls } = scriptedFetch(wav());
    await ledger.put(speechJob('s1'));
    await start(createOpenAISpeechProvider(fakeDeps(fetch).deps), line('openai', 'tts-1')).start();
    await clock.advance(5000);
    expect((await ledger.get('s1'))?.status).toBe('done');
    expect(results[0]!.files[0]!.type).toBe('audio/wav');
    expect(calls).toHaveLength(1);
  });

  it('marks a line whose answer was lost "unknown" and never sends it again', async () => {
    const { fetch, calls } = scriptedFetch('drop');
    await ledger.put(speechJob('s1'));
    await start(createOpenAISpeechProvider(fakeDeps(fetch).deps), line('openai', 'tts-1')).start();
    await clock.advance(60_000);
    const row = await ledger.get('s1');
    expect(row?.status).toBe('unknown');
    expect(row?.error?.message).toMatch(/did not send it again/);
    expect(calls).toHaveLength(1);
  });

  it('explains a line lost with a reload (expired), without re-sending', async () => {
    const { fetch, calls } = scriptedFetch();
    await ledger.put(
      speechJob('s1', {
        status: 'queued',
        remote: { id: 'openai-speech_from-before-the-reload', data: { mode: 'speech' } },
        deadline: clock.now() + 60_000,
      }),
    );
    await start(createOpenAISpeechProvider(fakeDeps(fetch).deps), line('openai', 'tts-1')).start();
    await flush();
    const row = await ledger.get('s1');
    expect(row?.status).toBe('expired');
    expect(row?.error?.message).toMatch(/may have been billed/);
    expect(calls).toHaveLength(0);
  });

  it('retries a definite refusal (429) later, as for clips', async () => {
    const limited = () =>
      new Response(
        JSON.stringify({ error: { message: 'Rate limit', type: 'requests', code: 'rate_limit_exceeded' } }),
        {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after-ms': '2000' },
        },
      );
    // http.ts retries twice inside the call; the third refusal goes back to the runner, which waits.
    const { fetch, calls } = scriptedFetch(limited(), limited(), limited(), wav());
    await ledger.put(speechJob('s1'));
    await start(createOpenAISpeechProvider(fakeDeps(fetch).deps), line('openai', 'tts-1')).start();
    await flush();
    expect(await ledger.get('s1')).toMatchObject({ status: 'waiting', error: { kind: 'rate-limit' } });
    await clock.advance(3000);
    expect((await ledger.get('s1'))?.status).toBe('done');
    expect(calls).toHaveLength(4);
  });
});
