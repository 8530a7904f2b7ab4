/**
 * The one retry loop of the HTTP seams (http.ts for OpenAI-style APIs, fal-http.ts for fal.ai): offline
 * check, a timeout per attempt, the SDK's retry policy (retry.ts) for HTTP answers, and for transport
 * failures a retry only where the request is idempotent (a POST whose outcome is unknown is never re-sent).
 */
import {
  connectionError,
  errorFromUnknown,
  offlineError,
  timeoutError,
  type ErrorContext,
} from './error-map.ts';
import { ProviderError } from './errors.ts';
import { backoffDelay, retryDelay } from './retry.ts';
import type { ProviderDeps } from './types.ts';

/** What one attempt came to: a result, or an HTTP answer that failed (retried when `retry` says so). */
export type AttemptOutcome<T> =
  { done: true; value: T } | { done: false; failure: ProviderError; retry: boolean; headers: Headers };

export interface RetryOptions {
  /** The caller's signal: its abort rethrows `signal.reason` untouched. */
  signal: AbortSignal;
  timeoutMs: number;
  maxRetries: number;
  /** GET, DELETE, PUT: transport failures are retried; a POST's are not (its outcome is unknown). */
  idempotent: boolean;
  ctx: ErrorContext;
}

/** Resolves after `ms`; rejects with `signal.reason` when the signal aborts. */
export function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function defaultOnline(): boolean {
  return (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine !== false;
}

/**
 * Runs `attempt` (given a signal that also aborts at the per-attempt timeout) until it succeeds, fails for
 * good, or the retries run out; waits between attempts as the policy says and reports each retry.
 */
export async function withRetries<T>(
  deps: ProviderDeps,
  options: RetryOptions,
  attempt: (signal: AbortSignal) => Promise<AttemptOutcome<T>>,
): Promise<T> {
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const online = deps.online ?? defaultOnline;
  const { signal: callerSignal, timeoutMs, maxRetries, idempotent, ctx } = options;
  for (let retry = 0; ; retry += 1) {
    if (callerSignal.aborted) throw callerSignal.reason;
    if (!online()) throw offlineError();
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new DOMException(`No answer within ${timeoutMs} ms`, 'TimeoutError')),
      timeoutMs,
    );
    const signal = AbortSignal.any([callerSignal, timeout.signal]);
    let failure: ProviderError;
    let delayMs: number;
    try {
      const outcome = await attempt(signal);
      if (outcome.done) return outcome.value;
      failure = outcome.failure;
      if (!outcome.retry || retry >= maxRetries) throw failure;
      delayMs = retryDelay(retry, outcome.headers, { random, now: now() });
    } catch (error) {
      failure = transportFailure(error, {
        callerSignal,
        timedOut: timeout.signal.aborted,
        ctx,
        timeoutMs,
        idempotent,
        online,
      });
      if (!idempotent || retry >= maxRetries) throw failure;
      delayMs = backoffDelay(retry, random);
    } finally {
      clearTimeout(timer);
    }
    deps.onRetry?.({ retry: retry + 1, delayMs, error: failure });
    await sleep(delayMs, callerSignal);
  }
}

/**
 * A fetch that ended without an HTTP answer. The caller's abort, an already-mapped ProviderError and
 * anything unexpected are thrown; a timeout or a dropped/refused connection is returned to be retried
 * (idempotent requests) or thrown — for a POST it carries `outcomeUnknown`.
 */
export function transportFailure(
  error: unknown,
  options: {
    callerSignal: AbortSignal;
    timedOut: boolean;
    ctx: ErrorContext;
    timeoutMs: number;
    idempotent: boolean;
    online: () => boolean;
  },
): ProviderError {
  const { callerSignal, timedOut, ctx, timeoutMs, idempotent, online } = options;
  if (callerSignal.aborted) throw callerSignal.reason;
  if (error instanceof ProviderError) throw error;
  if (timedOut) return timeoutError(ctx, { timeoutMs, outcomeUnknown: !idempotent });
  if (error instanceof TypeError) {
    return connectionError(ctx, { outcomeUnknown: !idempotent, offline: !online(), cause: error });
  }
  throw errorFromUnknown(error, ctx);
}
