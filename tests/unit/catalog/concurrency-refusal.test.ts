import { afterEach, describe, expect, it } from 'vitest';
import { CONCURRENCY_CODE, mapFalError } from '../../../src/providers/fal-errors.ts';
import type { PollResult, Provider, SubmitRequest } from '../../../src/providers/types.ts';
import type { JobRunner } from '../../../src/state/job-runner.ts';
import type { RemoteHandle } from '../../../src/types.ts';
import { FakeClock, MemoryLedger, flush } from '../state/fakes.ts';
import { testRunner, waitingJob } from '../state/runner-fixture.ts';

const headers = (init: Record<string, string> = {}) => new Headers(init);

describe('fal concurrency refusal', () => {
  it('a 429 at submit is "waiting for a free slot", whatever its body or error type says', () => {
    const bodies: Array<[string, Headers]> = [
      ['{"detail": "Too many concurrent requests"}', headers({ 'retry-after': '3' })],
      [
        '{"detail": [{"loc": ["body"], "msg": "Concurrency limit reached", "type": "rate_limit"}]}',
        headers(),
      ],
      [
        '{"error_type": "concurrency_limit_exceeded"}',
        headers({ 'x-fal-error-type': 'concurrency_limit_exceeded' }),
      ],
      ['', headers()],
    ];
    for (const [body, h] of bodies) {
      const error = mapFalError(429, body, h, { resource: 'submit', now: 0 });
      expect(error).toMatchObject({
        kind: 'rate-limit',
        code: CONCURRENCY_CODE,
        retryable: true,
        status: 429,
      });
      expect(error.message).toMatch(/^Waiting for a free slot/);
    }
    expect(
      mapFalError(429, '', headers({ 'retry-after': '3' }), { resource: 'submit', now: 0 }).retryAfterMs,
    ).toBe(3000);
    // Elsewhere a 429 is an ordinary rate limit.
    expect(mapFalError(429, '', headers(), { resource: 'status', now: 0 }).code).not.toBe(CONCURRENCY_CODE);
  });
});

/** A provider whose first `refusals` submits are fal concurrency refusals. */
class RefusingProvider implements Provider {
  readonly kind = 'fal' as const;
  submits = 0;
  constructor(private refusals: number) {}
  async submit(_request: SubmitRequest, signal: AbortSignal): Promise<RemoteHandle> {
    signal.throwIfAborted();
    this.submits += 1;
    if (this.refusals-- > 0)
      throw mapFalError(429, '{"detail": "busy"}', new Headers(), { resource: 'submit' });
    return { id: `req_${this.submits}` };
  }
  async poll(): Promise<PollResult> {
    return { state: 'completed' };
  }
  async download(): Promise<{ files: Blob[] }> {
    return { files: [new Blob(['mp4'])] };
  }
  async cancel(): Promise<void> {}
}

let runner: JobRunner | undefined;
afterEach(() => runner?.stop());

describe('the job runner and a concurrency refusal', () => {
  it('waits for a free slot past the submit retry limit, then sends and finishes', async () => {
    const clock = new FakeClock();
    const ledger = new MemoryLedger();
    const provider = new RefusingProvider(10);
    await ledger.put(waitingJob('j1', { connectionId: 'fal', providerKind: 'fal', now: clock.now() }));
    runner = testRunner({
      ledger,
      provider,
      clock,
      policy: { maxSubmitAttempts: 3 },
    });
    await runner.start();
    await flush();
    const waiting = await ledger.get('j1');
    expect(waiting).toMatchObject({ status: 'waiting', attempts: 0 });
    expect(waiting?.detail).toMatch(/^Waiting for a free slot/);
    for (let i = 0; i < 12 && (await ledger.get('j1'))?.status !== 'done'; i += 1) await clock.advance(5000);
    expect(provider.submits).toBe(11);
    expect((await ledger.get('j1'))?.status).toBe('done');
  });
});
