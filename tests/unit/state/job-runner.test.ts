import { beforeEach, describe, expect, it } from 'vitest';
import { LOST_IN_MEMORY, ProviderError } from '../../../src/providers/errors.ts';
import type { PollResult, Provider, SubmitRequest } from '../../../src/providers/types.ts';
import { JobRunner, NO_DEADLINE, type RunnerDeps } from '../../../src/state/job-runner.ts';
import type { JobRecord, ModelSpec, RemoteHandle } from '../../../src/types.ts';
import { FakeClock, FakeNetwork, MemoryLedger, flush } from './fakes.ts';

const model = { id: 'm', provider: 'openai' } as ModelSpec;

/** A scripted provider: each remote job walks through `script` one poll at a time. */
class FakeProvider implements Provider {
  readonly kind = 'openai' as const;
  submits = 0;
  polls = 0;
  downloads = 0;
  cancels: string[] = [];
  script: PollResult[] = [{ state: 'queued' }, { state: 'running', progress: 50 }, { state: 'completed' }];
  submitErrors: Error[] = [];
  pollErrors: Error[] = [];
  downloadErrors: Error[] = [];
  reconcileResult: RemoteHandle | null = null;
  reconciles = 0;
  /** Like the local preview: free, on this device (set per test). */
  rerunsWhenLost = false;
  /** Handles this provider no longer holds in memory (as after a reload). */
  lost = new Set<string>();
  private cursor = new Map<string, number>();

  async submit(_request: SubmitRequest, signal: AbortSignal): Promise<RemoteHandle> {
    signal.throwIfAborted();
    this.submits += 1;
    const error = this.submitErrors.shift();
    if (error) throw error;
    return { id: `video_${this.submits}` };
  }

  async poll(handle: RemoteHandle): Promise<PollResult> {
    this.polls += 1;
    if (this.lost.has(handle.id)) throw lostError();
    const error = this.pollErrors.shift();
    if (error) throw error;
    const at = this.cursor.get(handle.id) ?? 0;
    this.cursor.set(handle.id, at + 1);
    return this.script[Math.min(at, this.script.length - 1)]!;
  }

  async download(handle: RemoteHandle): Promise<{ files: Blob[] }> {
    this.downloads += 1;
    if (this.lost.has(handle.id)) throw lostError();
    const error = this.downloadErrors.shift();
    if (error) throw error;
    return { files: [new Blob(['mp4'])] };
  }

  async cancel(handle: RemoteHandle): Promise<void> {
    this.cancels.push(handle.id);
  }

  async reconcile(): Promise<RemoteHandle | null> {
    this.reconciles += 1;
    return this.reconcileResult;
  }
}

const providerError = (
  kind: ProviderError['kind'],
  extra: Partial<ConstructorParameters<typeof ProviderError>[0]> = {},
) =>
  new ProviderError({
    kind,
    message: `${kind} happened.`,
    action: 'Do something.',
    retryable: false,
    ...extra,
  });

const lostError = () =>
  new ProviderError({
    kind: 'not-found',
    code: LOST_IN_MEMORY,
    message: 'The local preview was lost with a reload.',
    action: 'It is rendered again.',
    retryable: false,
  });

let clock: FakeClock;
let ledger: MemoryLedger;
let network: FakeNetwork;
let provider: FakeProvider;
let completed: string[];
let runner: JobRunner | undefined;

function job(id: string, patch: Partial<JobRecord> = {}): JobRecord {
  return {
    id,
    request: { prompt: `prompt ${id}`, connectionId: 'conn', model: 'm', size: '720x1280', seconds: 4 },
    providerKind: 'openai',
    status: 'waiting',
    progress: 0,
    created: clock.now() + Number(id.replace(/\D/g, '') || 0),
    updated: clock.now(),
    deadline: NO_DEADLINE,
    attempts: 0,
    estimatedCost: 0.4,
    ...patch,
  };
}

function makeRunner(overrides: Partial<RunnerDeps> = {}): JobRunner {
  runner = new JobRunner({
    ledger,
    provider: () => provider,
    prepare: async (j) => ({
      model,
      modelId: 'm',
      prompt: j.request.prompt,
      size: j.request.size,
      seconds: j.request.seconds,
    }),
    complete: async (j) => {
      completed.push(j.id);
      return [`clip_${j.id}`];
    },
    concurrency: () => 2,
    clock,
    network,
    random: () => 0,
    onChange: () => undefined,
    policy: { pollMs: 1000, deadlineMs: 60_000 },
    ...overrides,
  });
  return runner;
}

beforeEach(() => {
  runner?.stop();
  clock = new FakeClock();
  ledger = new MemoryLedger();
  network = new FakeNetwork();
  provider = new FakeProvider();
  completed = [];
});

describe('JobRunner lifecycle', () => {
  it('drives a job from waiting to done, persisting every transition', async () => {
    await ledger.put(job('j1'));
    await makeRunner().start();
    await clock.advance(5000);
    const row = await ledger.get('j1');
    expect(row?.status).toBe('done');
    expect(row?.resultIds).toEqual(['clip_j1']);
    expect(ledger.statusesOf('j1')).toEqual(['submitting', 'queued', 'running', 'downloading', 'done']);
    expect(provider.submits).toBe(1);
  });

  it('writes submitting before the create leaves', async () => {
    await ledger.put(job('j1'));
    let statusAtSubmit: string | undefined;
    provider.submit = async () => {
      statusAtSubmit = (await ledger.get('j1'))?.status;
      return { id: 'video_x' };
    };
    await makeRunner().start();
    await flush();
    expect(statusAtSubmit).toBe('submitting');
  });

  it('resumes a polling job after a restart without submitting again', async () => {
    await ledger.put(
      job('j1', {
        status: 'running',
        remote: { id: 'video_9' },
        progress: 30,
        deadline: clock.now() + 60_000,
      }),
    );
    await makeRunner().start();
    await clock.advance(5000);
    expect((await ledger.get('j1'))?.status).toBe('done');
    expect(provider.submits).toBe(0);
  });

  it('resumes a download that was interrupted', async () => {
    await ledger.put(
      job('j1', { status: 'downloading', remote: { id: 'video_9' }, deadline: clock.now() + 60_000 }),
    );
    await makeRunner().start();
    await flush();
    expect((await ledger.get('j1'))?.status).toBe('done');
    expect(provider.downloads).toBe(1);
  });
});

describe('unknown outcomes are never re-sent blindly', () => {
  it('a job found in submitting on start-up is reconciled, not re-submitted', async () => {
    provider.reconcileResult = { id: 'video_adopted' };
    await ledger.put(
      job('j1', { status: 'submitting', submittedAt: clock.now(), deadline: clock.now() + 60_000 }),
    );
    await makeRunner().start();
    await clock.advance(5000);
    const row = await ledger.get('j1');
    expect(provider.submits).toBe(0);
    expect(provider.reconciles).toBe(1);
    expect(row?.remote?.id).toBe('video_adopted');
    expect(row?.status).toBe('done');
  });

  it('a dropped create that the provider does not know becomes unknown, with an explanation', async () => {
    provider.submitErrors.push(providerError('network', { outcomeUnknown: true }));
    await ledger.put(job('j1'));
    await makeRunner().start();
    await clock.advance(1000);
    const row = await ledger.get('j1');
    expect(row?.status).toBe('unknown');
    expect(row?.error?.message).toMatch(/did not send it again/);
    expect(provider.submits).toBe(1);
  });

  it('a timed-out create found by reconcile is adopted and finishes', async () => {
    provider.submitErrors.push(providerError('timeout', { outcomeUnknown: true, retryable: true }));
    provider.reconcileResult = { id: 'video_found' };
    await ledger.put(job('j1'));
    await makeRunner().start();
    await clock.advance(5000);
    expect((await ledger.get('j1'))?.status).toBe('done');
    expect(provider.submits).toBe(1);
  });
});

describe('errors, backoff and deadlines', () => {
  it('a rate-limited create waits for retry-after, then goes out again', async () => {
    provider.submitErrors.push(providerError('rate-limit', { retryable: true, retryAfterMs: 12_000 }));
    await ledger.put(job('j1'));
    await makeRunner().start();
    await flush();
    let row = await ledger.get('j1');
    expect(row?.status).toBe('waiting');
    expect(row?.detail).toMatch(/Retrying in 12 s/);
    await clock.advance(11_000);
    expect(provider.submits).toBe(1);
    await clock.advance(6_000);
    row = await ledger.get('j1');
    expect(provider.submits).toBe(2);
    expect(row?.status).toBe('done');
  });

  it('quota errors fail at once', async () => {
    provider.submitErrors.push(providerError('quota'));
    await ledger.put(job('j1'));
    await makeRunner().start();
    await flush();
    const row = await ledger.get('j1');
    expect(row?.status).toBe('failed');
    expect(row?.error?.kind).toBe('quota');
  });

  it('poll errors back off exponentially, then recover', async () => {
    provider.pollErrors.push(
      providerError('server', { retryable: true }),
      providerError('server', { retryable: true }),
    );
    await ledger.put(job('j1'));
    await makeRunner().start();
    await flush();
    expect(provider.polls).toBe(1);
    await clock.advance(999);
    expect(provider.polls).toBe(1); // first backoff is 1 s
    await clock.advance(1);
    expect(provider.polls).toBe(2);
    await clock.advance(1999);
    expect(provider.polls).toBe(2); // second backoff is 2 s
    await clock.advance(10_000);
    expect((await ledger.get('j1'))?.status).toBe('done');
  });

  it('a provider that never finishes hits the deadline and is explained', async () => {
    provider.script = [{ state: 'running', progress: 10 }];
    await ledger.put(job('j1'));
    await makeRunner().start();
    await clock.advance(61_000);
    const row = await ledger.get('j1');
    expect(row?.status).toBe('failed');
    expect(row?.error?.kind).toBe('timeout');
    expect(row?.error?.message).toMatch(/did not finish within 1 minutes/);
  });

  it('an expired download is marked expired, not failed or done', async () => {
    provider.downloadErrors.push(providerError('not-found'));
    await ledger.put(job('j1'));
    await makeRunner().start();
    await clock.advance(5000);
    expect((await ledger.get('j1'))?.status).toBe('expired');
    expect(completed).toEqual([]);
  });

  it('a download that cannot be saved fails the job', async () => {
    await ledger.put(job('j1'));
    await makeRunner({
      complete: async () => {
        throw providerError('validation');
      },
    }).start();
    await clock.advance(5000);
    expect((await ledger.get('j1'))?.status).toBe('failed');
  });
});

describe('offline, concurrency and cancel', () => {
  it('waits while offline and sends the moment the connection returns', async () => {
    network.isOnline = false;
    await ledger.put(job('j1'));
    await makeRunner().start();
    await clock.advance(10_000);
    expect(provider.submits).toBe(0);
    expect((await ledger.get('j1'))?.detail).toMatch(/Offline/);
    network.set(true);
    await clock.advance(5000);
    expect((await ledger.get('j1'))?.status).toBe('done');
  });

  it('runs jobs of on-device providers while offline', async () => {
    network.isOnline = false;
    await ledger.put(job('j1'));
    await makeRunner({ needsNetwork: () => false }).start();
    await clock.advance(5000);
    expect((await ledger.get('j1'))?.status).toBe('done');
  });

  it('pauses polling while offline', async () => {
    await ledger.put(job('j1'));
    await makeRunner().start();
    await flush();
    network.set(false);
    const polls = provider.polls;
    await clock.advance(30_000);
    expect(provider.polls).toBe(polls);
    network.set(true);
    await clock.advance(5000);
    expect((await ledger.get('j1'))?.status).toBe('done');
  });

  it('runs at most the concurrency limit per connection, the rest wait in order', async () => {
    provider.script = [{ state: 'running' }, { state: 'running' }, { state: 'completed' }];
    for (const id of ['j1', 'j2', 'j3', 'j4']) await ledger.put(job(id));
    await makeRunner().start();
    await flush();
    const active = [...ledger.rows.values()].filter((j) => j.status !== 'waiting').map((j) => j.id);
    expect(active).toEqual(['j1', 'j2']);
    expect((await ledger.get('j3'))?.detail).toMatch(/free slot/);
    await clock.advance(20_000);
    expect([...ledger.rows.values()].every((j) => j.status === 'done')).toBe(true);
  });

  it('cancels a waiting job without contacting the provider', async () => {
    network.isOnline = false;
    await ledger.put(job('j1'));
    const r = makeRunner();
    await r.start();
    await r.cancel('j1');
    expect((await ledger.get('j1'))?.status).toBe('canceled');
    network.set(true);
    await clock.advance(5000);
    expect(provider.submits).toBe(0);
  });

  it('cancels a running job and tells the provider', async () => {
    provider.script = [{ state: 'running' }];
    await ledger.put(job('j1'));
    const r = makeRunner();
    await r.start();
    await clock.advance(2000);
    await r.cancel('j1');
    await clock.advance(5000);
    expect((await ledger.get('j1'))?.status).toBe('canceled');
    expect(provider.cancels).toEqual(['video_1']);
  });
});

describe('a job the provider lost from memory (reload during a local preview)', () => {
  const resumed = (status: 'running' | 'downloading') =>
    job('j1', { status, remote: { id: 'local_old' }, attempts: 1, deadline: clock.now() + 60_000 });

  it('a free in-memory provider gets the job prepared from its record and sent again, and it finishes', async () => {
    provider.rerunsWhenLost = true;
    provider.lost.add('local_old');
    const prepared: string[] = [];
    await ledger.put(resumed('running'));
    await makeRunner({
      prepare: async (j) => {
        prepared.push(j.id);
        return { model, modelId: 'm', prompt: j.request.prompt, size: j.request.size, seconds: 4 };
      },
    }).start();
    await clock.advance(5000);
    const row = await ledger.get('j1');
    expect(row?.status).toBe('done');
    expect(row?.remote).toEqual({ id: 'video_1' });
    expect(prepared).toEqual(['j1']);
    expect(provider.submits).toBe(1);
    expect(ledger.statusesOf('j1').slice(0, 3)).toEqual(['waiting', 'submitting', 'queued']);
  });

  it('a download the provider lost is rendered again too', async () => {
    provider.rerunsWhenLost = true;
    provider.lost.add('local_old');
    await ledger.put(resumed('downloading'));
    await makeRunner().start();
    await clock.advance(5000);
    expect((await ledger.get('j1'))?.status).toBe('done');
    expect(provider.submits).toBe(1);
    expect(completed).toEqual(['j1']);
  });

  it('a provider that does not declare itself free and in-memory is never sent again: the job fails', async () => {
    provider.lost.add('local_old');
    await ledger.put(resumed('running'));
    await makeRunner().start();
    await clock.advance(5000);
    const row = await ledger.get('j1');
    expect(row?.status).toBe('failed');
    expect(row?.error?.code).toBe(LOST_IN_MEMORY);
    expect(provider.submits).toBe(0);
  });
});
