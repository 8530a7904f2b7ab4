import type { Provider } from '../../../src/providers/types.ts';
import { JobRunner, NO_DEADLINE, type RunnerDeps } from '../../../src/state/job-runner.ts';
import type { JobRecord, ModelSpec, ProviderKind } from '../../../src/types.ts';
import { FakeClock, FakeNetwork, MemoryLedger } from './fakes.ts';

/**
 * The job-runner setup the runner-level unit tests share (catalog, security): a waiting job and a
 * runner over a memory ledger, a fake clock and network, with a `prepare` that sends the job as it is.
 */

/** A waiting 4 s job for model `m` on `connectionId`, created at `now`. */
export function waitingJob(
  id: string,
  options: { connectionId: string; providerKind: ProviderKind; now?: number },
  patch: Partial<JobRecord> = {},
): JobRecord {
  const now = options.now ?? 0;
  return {
    id,
    request: { prompt: 'p', connectionId: options.connectionId, model: 'm', size: '720x1280', seconds: 4 },
    providerKind: options.providerKind,
    status: 'waiting',
    progress: 0,
    created: now,
    updated: now,
    deadline: NO_DEADLINE,
    attempts: 0,
    estimatedCost: 0.4,
    ...patch,
  };
}

export interface TestRunnerOptions extends Partial<Omit<RunnerDeps, 'provider'>> {
  provider: Provider;
}

/** A runner driving `provider` (not started); every dependency not given is a fake. */
export function testRunner(options: TestRunnerOptions): JobRunner {
  const { provider, ...deps } = options;
  return new JobRunner({
    ledger: new MemoryLedger(),
    prepare: async (j) => ({
      model: { id: 'm', provider: provider.kind } as ModelSpec,
      modelId: 'm',
      prompt: j.request.prompt,
      size: j.request.size,
      seconds: j.request.seconds,
    }),
    complete: async () => ['clip'],
    concurrency: () => 2,
    clock: new FakeClock(),
    network: new FakeNetwork(),
    random: () => 0,
    onChange: () => undefined,
    ...deps,
    provider: () => provider,
    policy: { pollMs: 1000, deadlineMs: 60_000, ...deps.policy },
  });
}
