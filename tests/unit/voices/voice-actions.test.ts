import { describe, expect, it } from 'vitest';
import { openReelwrightDb } from '../../../src/db/index.ts';
import { createLibraryDb } from '../../../src/db/library-db.ts';
import { ProviderError } from '../../../src/providers/errors.ts';
import type { SpeechProvider, SpeechSubmitRequest } from '../../../src/providers/speech-request.ts';
import type { PollResult } from '../../../src/providers/types.ts';
import { initialState, type AppState, type Notice } from '../../../src/state/app-state.ts';
import type { BudgetCheck } from '../../../src/state/spend.ts';
import { VoiceActions, speechProviders, type VoiceHost } from '../../../src/state/voices.ts';
import type { Connection, ProjectRecord, SegmentRecord } from '../../../src/types.ts';
import { wav } from './wav-fixture.ts';

const OPENAI: Connection = {
  id: 'oa',
  kind: 'openai',
  label: 'My gateway',
  baseUrl: 'http://127.0.0.1:1/v1',
  apiKey: 'sk-test',
} as Connection;
const LOCAL: Connection = { id: 'local', kind: 'local', label: 'Local preview' } as Connection;

const project: ProjectRecord = {
  id: 'p1',
  title: 'Series',
  created: 0,
  updated: 0,
  voices: { MAYA: { connectionId: 'oa', model: 'tts-1', voice: 'nova', speed: 1.25 } },
} as ProjectRecord;

const segment: SegmentRecord = {
  id: 's1',
  episodeId: 'e1',
  order: 0,
  title: 'The call',
  prompt: 'a phone rings',
  caption: 'MAYA: Who is this?\nThe phone buzzes.\nLEO (whispering): Someone you trust.',
  seconds: 8,
  continuity: 'cut',
  takeIds: [],
  created: 0,
  updated: 0,
};

/** A speech provider that records what it is sent and answers from a script of outcomes. */
class FakeSpeech implements SpeechProvider {
  readonly kind = 'openai' as const;
  readonly sent: SpeechSubmitRequest[] = [];
  /** Errors thrown by the next submits, in order. */
  submitErrors: Error[] = [];
  polls: PollResult[] = [];

  async submit(request: SpeechSubmitRequest) {
    const error = this.submitErrors.shift();
    if (error) throw error;
    this.sent.push(request);
    return { id: `speech-${this.sent.length}` };
  }
  async poll(): Promise<PollResult> {
    return this.polls.shift() ?? { state: 'completed' };
  }
  async download() {
    return { files: [new Blob([wav(1.5)], { type: 'audio/wav' })] };
  }
}

let dbCount = 0;

async function setup(
  options: {
    provider?: SpeechProvider;
    budget?: BudgetCheck;
    locked?: boolean;
    realProviders?: boolean;
  } = {},
) {
  const db = createLibraryDb(await openReelwrightDb(`voices-test-${++dbCount}`));
  await db.putProject(project);
  let state: AppState = {
    ...initialState(),
    connections: [LOCAL, OPENAI],
    projects: [project],
    episodes: [{ id: 'e1', projectId: 'p1' } as AppState['episodes'][number]],
    segments: [segment],
  };
  const notices: Array<{ tone: Notice['tone']; message: string }> = [];
  const sleeps: number[] = [];
  const budgets: number[] = [];
  const provider = options.provider ?? new FakeSpeech();
  const real = speechProviders(() => !!options.locked);
  const host: VoiceHost = {
    db,
    state: () => state,
    set: (patch) => (state = { ...state, ...patch }),
    notify: (tone, message) => notices.push({ tone, message }),
    now: () => 1_700_000_000_000,
    connection: (id) => state.connections.find((c) => c.id === id),
    budgetCheck: (cost) => (budgets.push(cost), options.budget ?? { ok: true }) as BudgetCheck,
    saveSegments: async (_episodeId, changed) => {
      state = { ...state, segments: state.segments.map((s) => changed.find((c) => c.id === s.id) ?? s) };
    },
    speechProvider: async (connection) =>
      options.realProviders || connection.kind === 'local'
        ? real(connection)
        : options.locked
          ? undefined
          : provider,
    // A macrotask per wait, so a provider rendering on this machine (the local voice) gets to finish.
    sleep: (ms) => (sleeps.push(ms), new Promise((resolve) => setImmediate(resolve))),
  };
  const voices = new VoiceActions(host);
  return { voices, db, notices, sleeps, budgets, provider, state: () => state };
}

describe('VoiceActions', () => {
  it('voices a line with the speaker’s voice, records the spend and keeps the take in IndexedDB', async () => {
    const { voices, db, provider, state, budgets } = await setup();
    const outcome = await voices.voiceLine('s1', 0);
    expect(outcome.ok).toBe(true);
    const sent = (provider as FakeSpeech).sent;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ modelId: 'tts-1', voice: 'nova', speed: 1.25, input: 'Who is this?' });
    expect(budgets[0]).toBeGreaterThan(0);

    const line = state().segments[0]!.lines![0]!;
    expect(line.speaker).toBe('MAYA');
    expect(line.takes).toHaveLength(1);
    expect(line.approved).toBe(line.takes[0]);
    const asset = await db.getAsset(line.takes[0]!);
    expect(asset).toMatchObject({
      kind: 'audio',
      origin: { kind: 'voiced-line' },
      tags: ['dialogue', 'voice'],
    });
    expect(asset!.duration).toBeCloseTo(1.5, 3);
    expect((await db.getBlob(asset!.blobId))?.size).toBe(44 + 1.5 * 24_000 * 2);

    const spend = await db.listSpend();
    expect(spend).toHaveLength(1);
    expect(spend[0]).toMatchObject({ connectionId: 'oa', model: 'tts-1', segmentId: 's1' });
    expect(state().spend).toHaveLength(1);
  });

  it('refuses a line over the budget unless overridden, and sends nothing', async () => {
    const budget = { ok: false, message: 'Over today’s cap.' } as BudgetCheck;
    const { voices, provider, notices, db } = await setup({ budget });
    const refused = await voices.voiceLine('s1', 0);
    expect(refused).toEqual({ ok: false, reason: 'Over today’s cap. Nothing was sent.' });
    expect((provider as FakeSpeech).sent).toHaveLength(0);
    expect(await db.listSpend()).toHaveLength(0);
    expect(notices.at(-1)?.tone).toBe('error');
    expect((await voices.voiceLine('s1', 0, { override: true })).ok).toBe(true);
    expect((provider as FakeSpeech).sent).toHaveLength(1);
  });

  it('retries a retryable refusal with the provider’s hint, and gives up on a final one', async () => {
    const speech = new FakeSpeech();
    const limited = () =>
      new ProviderError({
        kind: 'rate-limit',
        message: 'Slow down.',
        action: 'Wait.',
        status: 429,
        retryable: true,
        retryAfterMs: 3_000,
      });
    speech.submitErrors = [limited(), limited()];
    const { voices, sleeps, state, db } = await setup({ provider: speech });
    expect((await voices.voiceLine('s1', 0)).ok).toBe(true);
    expect(sleeps.slice(0, 2)).toEqual([3_000, 3_000]);
    expect(state().segments[0]!.lines![0]!.takes).toHaveLength(1);

    speech.submitErrors = [limited(), limited(), limited()];
    const outcome = await voices.voiceLine('s1', 0);
    expect(outcome.ok).toBe(false);
    expect(speech.sent).toHaveLength(1);
    expect(await db.listSpend()).toHaveLength(1);

    speech.submitErrors = [
      new ProviderError({
        kind: 'auth',
        message: 'Bad key.',
        action: 'Fix it.',
        status: 401,
        retryable: false,
      }),
    ];
    const before = sleeps.length;
    const auth = await voices.voiceLine('s1', 0);
    expect(auth).toMatchObject({ ok: false });
    expect(!auth.ok && auth.reason).toContain('Bad key.');
    expect(sleeps.length).toBe(before);
  });

  it('polls until the audio is ready, waiting as the provider asks', async () => {
    const speech = new FakeSpeech();
    speech.polls = [
      { state: 'queued', pollAfterMs: 700 },
      { state: 'running' },
      { state: 'completed', cost: 0.002 },
    ];
    const { voices, sleeps, db } = await setup({ provider: speech });
    expect((await voices.voiceLine('s1', 0)).ok).toBe(true);
    expect(sleeps).toEqual([700, 500]);
    expect((await db.listSpend())[0]).toMatchObject({ final: 0.002 });
  });

  it('voices every line without a take on the keyless local voice (no spend), at distinct default pitches', async () => {
    const { voices, db, state } = await setup({ realProviders: true });
    // MAYA's voice is on the OpenAI connection: move it to the local voice, LEO keeps the default.
    await voices.setVoice('p1', 'MAYA', {
      connectionId: 'local',
      model: 'local-voice',
      voice: 'high',
      speed: 1,
    });
    await voices.voiceAll('s1');
    const lines = state().segments[0]!.lines!;
    expect(lines.map((l) => [l.speaker, l.text])).toEqual([
      ['MAYA', 'Who is this?'],
      ['LEO', 'Someone you trust.'],
    ]);
    expect(lines.every((l) => l.takes.length === 1)).toBe(true);
    const assets = await Promise.all(lines.map((l) => db.getAsset(l.takes[0]!)));
    expect(assets.every((a) => a?.mime === 'audio/wav' && (a.duration ?? 0) > 0.3)).toBe(true);
    expect(await db.listSpend()).toHaveLength(0);
    const view = voices.view(state().segments[0]!);
    expect(view.lines.map((l) => l.voice.voice)).toEqual(['high', 'bright']);
    expect(view.lines.every((l) => l.synthetic)).toBe(true);
    expect((await db.listProjects()).find((p) => p.id === 'p1')?.voices?.MAYA?.voice).toBe('high');
  });

  it('refuses while the key is locked, an invalid voice, and a bad offset', async () => {
    const locked = await setup({ locked: true });
    const outcome = await locked.voices.voiceLine('s1', 0);
    expect(!outcome.ok && outcome.reason).toContain('locked');

    const { voices, provider, state, notices } = await setup();
    await voices.setVoice('p1', 'MAYA', { connectionId: 'oa', model: 'tts-1', voice: 'nova', speed: 9 });
    const slow = await voices.voiceLine('s1', 0);
    expect(!slow.ok && slow.reason).toContain('0.25× to 4×');
    expect((provider as FakeSpeech).sent).toHaveLength(0);

    await voices.changeLine('s1', 1, { offset: -1 });
    expect(notices.at(-1)?.message).toBe('A line starts at 0 s or later.');
    await voices.changeLine('s1', 1, { offset: 3.25 });
    await voices.setSpeech('s1', 'voices');
    const saved = state().segments[0]!;
    expect(saved.lines![1]!.offset).toBe(3.25);
    expect(saved.speech).toBe('voices');
  });
});
