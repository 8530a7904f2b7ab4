import { describe, expect, it } from 'vitest';
import type { Provider } from '../../../src/providers/types.ts';
import { JobRunner, NO_DEADLINE } from '../../../src/state/job-runner.ts';
import { LOCKED_DETAIL } from '../../../src/state/key-vault.ts';
import type { JobRecord, ModelSpec } from '../../../src/types.ts';
import { FakeClock, FakeNetwork, MemoryLedger, flush } from '../state/fakes.ts';

describe('a job on a locked connection', () => {
  it('stays waiting with "Unlock your keys to send", and is sent once unlocked', async () => {
    const clock = new FakeClock();
    const ledger = new MemoryLedger();
    let submits = 0;
    const provider = {
      kind: 'openai',
      submit: async () => ((submits += 1), { id: 'remote_1' }),
      poll: async () => ({ state: 'completed' }),
      download: async () => ({ files: [new Blob(['mp4'])] }),
    } as unknown as Provider;
    let locked = true;
    const job: JobRecord = {
      id: 'j1',
      request: { prompt: 'p', connectionId: 'gw', model: 'm', size: '720x1280', seconds: 4 },
      providerKind: 'openai',
      status: 'waiting',
      progress: 0,
      created: clock.now(),
      updated: clock.now(),
      deadline: NO_DEADLINE,
      attempts: 0,
      estimatedCost: 0,
    };
    await ledger.put(job);
    const runner = new JobRunner({
      ledger,
      provider: () => (locked ? undefined : provider),
      hold: (j) => (locked && j.request.connectionId === 'gw' ? LOCKED_DETAIL : undefined),
      prepare: async (j) => ({
        model: { id: 'm' } as ModelSpec,
        modelId: 'm',
        prompt: j.request.prompt,
        size: j.request.size,
        seconds: 4,
      }),
      complete: async () => ['clip'],
      concurrency: () => 1,
      clock,
      network: new FakeNetwork(),
      random: () => 0,
      onChange: () => undefined,
      policy: { pollMs: 1000, deadlineMs: 60_000 },
    });
    await runner.start();
    await clock.advance(5000);
    expect(await ledger.get('j1')).toMatchObject({ status: 'waiting', detail: 'Unlock your keys to send' });
    expect(submits).toBe(0);

    locked = false;
    runner.kick();
    await flush();
    await clock.advance(5000);
    expect((await ledger.get('j1'))?.status).toBe('done');
    expect(submits).toBe(1);
    runner.stop();
  });
});
