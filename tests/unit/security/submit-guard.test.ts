import { beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/providers/errors.ts';
import type { Provider, SubmitRequest } from '../../../src/providers/types.ts';
import type { JobRunner } from '../../../src/state/job-runner.ts';
import type { Budget } from '../../../src/state/spend.ts';
import { localDay } from '../../../src/state/spend.ts';
import { submitRefusal } from '../../../src/state/submit-guard.ts';
import type { Connection, JobRecord, RemoteHandle, SpendRecord } from '../../../src/types.ts';
import { FakeClock, MemoryLedger } from '../state/fakes.ts';
import { testRunner, waitingJob } from '../state/runner-fixture.ts';

class CountingProvider implements Provider {
  readonly kind = 'openai' as const;
  submits = 0;
  submitErrors: Error[] = [];
  async submit(_request: SubmitRequest, signal: AbortSignal): Promise<RemoteHandle> {
    signal.throwIfAborted();
    this.submits += 1;
    const error = this.submitErrors.shift();
    if (error) throw error;
    return { id: `video_${this.submits}` };
  }
  async poll() {
    return { state: 'completed' as const };
  }
  async download() {
    return { files: [new Blob(['mp4'])] };
  }
}

let clock: FakeClock;
let ledger: MemoryLedger;
let provider: CountingProvider;
let runner: JobRunner | undefined;
let budget: Budget;
let spend: SpendRecord[];
let connection: Connection;

const job = (id: string, patch: Partial<JobRecord> = {}): JobRecord =>
  waitingJob(id, { connectionId: 'conn', providerKind: 'openai', now: clock.now() }, patch);

const spent = (usd: number): SpendRecord => ({
  jobId: `old-${spend.length}`,
  connectionId: 'conn',
  providerKind: 'openai',
  model: 'm',
  estimated: usd,
  final: usd,
  day: localDay(clock.now()),
  created: clock.now(),
});

async function start(): Promise<void> {
  runner = testRunner({
    ledger,
    provider,
    clock,
    concurrency: () => 1,
    refuse: async (j) =>
      submitRefusal(j, {
        connection,
        budget,
        spend,
        jobs: await ledger.listActive(),
        now: clock.now(),
      }),
  });
  await runner.start();
  await clock.advance(5000);
}

beforeEach(() => {
  runner?.stop();
  clock = new FakeClock();
  ledger = new MemoryLedger();
  provider = new CountingProvider();
  budget = {};
  spend = [];
  connection = { id: 'conn', kind: 'openai', label: 'Mine', concurrency: 1, apiKey: 'sk-x' };
});

describe('the runner re-checks budget and connection before every submit', () => {
  it('refuses a resumed waiting job that would exceed the daily budget; nothing is sent', async () => {
    budget = { dailyCap: 1 };
    spend = [spent(0.8)];
    await ledger.put(job('j1'));
    await start();
    const row = await ledger.get('j1');
    expect(provider.submits).toBe(0);
    expect(row?.status).toBe('failed');
    expect(row?.error?.message).toMatch(/over your daily budget of \$1\.00.*It was not sent\./);
  });

  it('refuses a job over its project budget', async () => {
    budget = { projectCaps: { p1: 0.5 } };
    await ledger.put(job('j1'));
    runner = undefined;
    const refusal = submitRefusal(await ledger.get('j1').then((j) => j!), {
      connection,
      budget,
      spend,
      jobs: [],
      now: clock.now(),
      projectId: 'p1',
      projectSpent: 0.3,
    });
    expect(refusal?.message).toMatch(/over its budget of \$0\.50/);
  });

  it('checks again before a retried submit (spend grew meanwhile)', async () => {
    budget = { dailyCap: 1 };
    provider.submitErrors.push(
      new ProviderError({
        kind: 'rate-limit',
        message: 'Slow down.',
        action: '',
        retryable: true,
        retryAfterMs: 20_000,
      }),
    );
    await ledger.put(job('j1'));
    await start();
    expect(provider.submits).toBe(1);
    expect((await ledger.get('j1'))?.status).toBe('waiting');
    spend.push(spent(0.9));
    await clock.advance(20_000);
    expect(provider.submits).toBe(1);
    expect((await ledger.get('j1'))?.status).toBe('failed');
  });

  it('does not let estimatedCost 0 on a paid provider slip past a budget', async () => {
    budget = { dailyCap: 5 };
    await ledger.put(job('j1', { estimatedCost: 0 }));
    await start();
    expect(provider.submits).toBe(0);
    expect((await ledger.get('j1'))?.error?.message).toMatch(/no cost estimate/);
  });

  it('refuses a job on a connection that was imported and not confirmed here', async () => {
    connection = { ...connection, imported: true };
    await ledger.put(job('j1'));
    await start();
    expect(provider.submits).toBe(0);
    expect((await ledger.get('j1'))?.error?.message).toMatch(/came from an imported file/);
  });

  it('sends a job within budget on a connection made here', async () => {
    budget = { dailyCap: 1 };
    spend = [spent(0.5)];
    await ledger.put(job('j1'));
    await start();
    expect(provider.submits).toBe(1);
    expect((await ledger.get('j1'))?.status).toBe('done');
  });
});
