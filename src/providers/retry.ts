/**
 * The retry policy of the official openai-node client (`src/client.ts`), as pure functions,
 * plus the status-aware poll delay the job runner uses between polls.
 */

/** Retries the official SDK makes by default after the first attempt. */
export const DEFAULT_MAX_RETRIES = 2;
/** A server hint longer than this is not honoured inline; the default backoff is used instead. */
export const MAX_HINT_MS = 60_000;
/** Any provider hint (`retry-after`, `openai-poll-after-ms`) is clamped to this range before it is used. */
export const HINT_MIN_MS = 1_000;
export const HINT_MAX_MS = 120_000;
const INITIAL_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 8_000;

/** Statuses the SDK retries: request timeout, lock timeout, rate limit, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** `x-should-retry: true|false` wins; otherwise the status decides. */
export function shouldRetry(status: number, headers?: Headers): boolean {
  const override = headers?.get('x-should-retry');
  if (override === 'true') return true;
  if (override === 'false') return false;
  return isRetryableStatus(status);
}

/**
 * What the server asked for, uncapped: `retry-after-ms`, else `retry-after` in seconds or as an HTTP date.
 * Undefined when neither header is present or parseable. Never negative.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value)) return Math.max(0, value);
  }
  const retryAfter = headers?.get('retry-after');
  if (retryAfter) {
    const seconds = Number.parseFloat(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  return undefined;
}

/** A provider's hint clamped to 1–120 s; undefined stays undefined (a hostile 10-year hint waits 120 s). */
export function clampHint(ms: number | undefined): number | undefined {
  if (ms === undefined || Number.isNaN(ms)) return undefined;
  return Math.min(HINT_MAX_MS, Math.max(HINT_MIN_MS, ms));
}

/** `retry-after-ms` / `retry-after`, clamped for use as a wait (see `clampHint`). */
export function retryAfterHint(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  return clampHint(parseRetryAfter(headers, now));
}

/** `min(0.5 s * 2^retry, 8 s)` minus up to 25 % jitter; `retry` counts retries already made (0 first). */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** Math.max(0, retry), MAX_RETRY_DELAY_MS);
  return base * (1 - clamp01(random()) * 0.25);
}

/**
 * How long to wait before retry number `retry` (0 for the first): the server's hint when it is present and
 * within (0, 60 s], otherwise the exponential backoff.
 */
export function retryDelay(
  retry: number,
  headers?: Headers,
  options: { random?: () => number; now?: number } = {},
): number {
  const hint = parseRetryAfter(headers, options.now);
  if (hint !== undefined && hint > 0 && hint <= MAX_HINT_MS) return hint;
  return backoffDelay(retry, options.random);
}

export interface PollDelayOptions {
  /** Base interval while the job is healthy (the guide says 10-20 s). */
  baseMs?: number;
  /** Random spread added to the base interval, so many tabs/jobs do not poll in lockstep. */
  spreadMs?: number;
  /** Upper bound of the error backoff. */
  capMs?: number;
  /** A server hint is honoured, but never below this. */
  minMs?: number;
  random?: () => number;
}

/**
 * Delay before the next poll. `errors` is the number of failed polls in a row (0 after a good poll).
 * A server hint (`openai-poll-after-ms`, `retry-after`) wins, clamped to at least `minMs`.
 * Healthy: `baseMs + random * spreadMs` (10-20 s by default). After errors: `baseMs * 2^errors`, capped,
 * minus up to 25 % jitter.
 */
export function pollDelay(errors: number, hintMs?: number, options: PollDelayOptions = {}): number {
  const {
    baseMs = 10_000,
    spreadMs = 10_000,
    capMs = 120_000,
    minMs = 1_000,
    random = Math.random,
  } = options;
  if (hintMs !== undefined && !Number.isNaN(hintMs) && hintMs >= 0)
    return Math.min(HINT_MAX_MS, Math.max(minMs, hintMs));
  if (errors <= 0) return baseMs + clamp01(random()) * spreadMs;
  const backoff = Math.min(baseMs * 2 ** errors, capMs);
  return Math.max(minMs, backoff * (1 - clamp01(random()) * 0.25));
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
