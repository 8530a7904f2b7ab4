import { afterEach, describe, expect, it } from 'vitest';
import type { PollResult, Provider, SubmitRequest } from '../../../src/providers/types.ts';
import { spendRecordOf } from '../../../src/state/generation.ts';
import type { JobRunner } from '../../../src/state/job-runner.ts';
import { amountOf, summariseSpend } from '../../../src/state/spend.ts';
import type { JobRecord, RemoteHandle } from '../../../src/types.ts';
import { MemoryLedger, flush } from '../state/fakes.ts';
import { testRunner, waitingJob } from '../state/runner-fixture.ts';

/** A provider that reports `cost` when the job completes (or nothing, like fal and OpenAI today). */
class CostingProvider implements Provider {
  readonly kind = 'fal' as const;
  constructor(private readonly cost?: number) {}
  async submit(_request: SubmitRequest): Promise<RemoteHandle> {
    return { id: 'req_1' };
  }
  async poll(): Promise<PollResult> {
    return { state: 'completed', ...(this.cost !== undefined ? { cost: this.cost } : {}) };
  }
  async download(): Promise<{ files: Blob[] }> {
    return { files: [new Blob(['mp4'])] };
  }
  async cancel(): Promise<void> {}
}

const job = (over: Partial<JobRecord> = {}): JobRecord => {
  const base = waitingJob('j1', { connectionId: 'fal', providerKind: 'fal' }, { estimatedCost: 0.8 });
  return { ...base, request: { ...base.request, segmentId: 's1' }, ...over };
};

let runner: JobRunner | undefined;
afterEach(() => runner?.stop());

async function run(provider: Provider): Promise<JobRecord[]> {
  const ledger = new MemoryLedger();
  const completed: JobRecord[] = [];
  await ledger.put(job());
  runner = testRunner({
    ledger,
    provider,
    complete: async (j) => (completed.push(j), ['clip']),
  });
  await runner.start();
  await flush(20);
  return completed;
}

describe('final cost', () => {
  it('a cost the provider reports on completion reaches the job and its spend row as `final`', async () => {
    const [done] = await run(new CostingProvider(0.72));
    expect(done?.finalCost).toBe(0.72);
    const row = spendRecordOf(done!, Date.UTC(2026, 0, 2, 12));
    expect(row).toMatchObject({ jobId: 'j1', estimated: 0.8, final: 0.72, segmentId: 's1' });
    expect(amountOf(row!)).toBe(0.72);
    expect(summariseSpend([row!]).total).toBe(0.72);
  });

  it('without a reported cost the estimate stands', async () => {
    const [done] = await run(new CostingProvider());
    expect(done?.finalCost).toBeUndefined();
    const row = spendRecordOf(done!, 0)!;
    expect(row.final).toBeUndefined();
    expect(amountOf(row)).toBe(0.8);
  });

  it('a free estimate with a billed final cost is still recorded; a free job is not', () => {
    expect(spendRecordOf(job({ estimatedCost: 0, finalCost: 0.1 }), 0)?.final).toBe(0.1);
    expect(spendRecordOf(job({ estimatedCost: 0 }), 0)).toBeUndefined();
  });
});
