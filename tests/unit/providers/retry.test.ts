import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  parseRetryAfter,
  pollDelay,
  retryDelay,
  shouldRetry,
} from '../../../src/providers/retry.ts';

const h = (init: Record<string, string>) => new Headers(init);

describe('shouldRetry (openai-node policy)', () => {
  it.each([408, 409, 429, 500, 502, 503, 504])('retries %i', (status) => {
    expect(shouldRetry(status)).toBe(true);
  });

  it.each([400, 401, 403, 404, 422])('does not retry %i', (status) => {
    expect(shouldRetry(status)).toBe(false);
  });

  it('obeys x-should-retry in both directions', () => {
    expect(shouldRetry(400, h({ 'x-should-retry': 'true' }))).toBe(true);
    expect(shouldRetry(503, h({ 'x-should-retry': 'false' }))).toBe(false);
  });
});

describe('retryDelay', () => {
  const now = Date.UTC(2026, 0, 1, 0, 0, 0);

  it('prefers retry-after-ms', () => {
    expect(retryDelay(0, h({ 'retry-after-ms': '1500', 'retry-after': '30' }), { now })).toBe(1500);
  });

  it('reads retry-after in seconds', () => {
    expect(retryDelay(0, h({ 'retry-after': '12' }), { now })).toBe(12_000);
  });

  it('reads retry-after as an HTTP date', () => {
    const date = new Date(now + 7_000).toUTCString();
    expect(retryDelay(0, h({ 'retry-after': date }), { now })).toBe(7_000);
  });

  it('falls back to backoff when the hint is over 60 s', () => {
    expect(retryDelay(0, h({ 'retry-after': '120' }), { now, random: () => 0 })).toBe(500);
    // …but the raw hint stays available for the runner.
    expect(parseRetryAfter(h({ 'retry-after': '120' }), now)).toBe(120_000);
  });

  it('accepts exactly 60 s', () => {
    expect(retryDelay(0, h({ 'retry-after': '60' }), { now })).toBe(60_000);
  });

  it('ignores garbage headers', () => {
    expect(parseRetryAfter(h({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryDelay(1, h({ 'retry-after-ms': 'x' }), { now, random: () => 0 })).toBe(1000);
  });

  it('backs off 0.5 s * 2^n, capped at 8 s', () => {
    const delays = [0, 1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, () => 0));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('takes off at most 25 % jitter', () => {
    expect(backoffDelay(2, () => 0)).toBe(2000);
    expect(backoffDelay(2, () => 0.999999)).toBeGreaterThan(1500);
    expect(backoffDelay(2, () => 1)).toBe(1500);
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelay(3);
      expect(delay).toBeGreaterThanOrEqual(3000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });
});

describe('pollDelay', () => {
  it('polls every 10-20 s while healthy', () => {
    expect(pollDelay(0, undefined, { random: () => 0 })).toBe(10_000);
    expect(pollDelay(0, undefined, { random: () => 1 })).toBe(20_000);
  });

  it('honours the server hint, but never below the floor', () => {
    expect(pollDelay(0, 2_500)).toBe(2_500);
    expect(pollDelay(3, 2_500)).toBe(2_500);
    expect(pollDelay(0, 0)).toBe(1_000);
  });

  it('backs off exponentially with jitter on errors, up to the cap', () => {
    const opts = { random: () => 0, baseMs: 10_000, capMs: 60_000 };
    expect([1, 2, 3, 4].map((n) => pollDelay(n, undefined, opts))).toEqual([20_000, 40_000, 60_000, 60_000]);
    expect(pollDelay(2, undefined, { ...opts, random: () => 1 })).toBe(30_000);
  });

  it('is configurable', () => {
    expect(pollDelay(0, undefined, { baseMs: 3_000, spreadMs: 0 })).toBe(3_000);
  });
});
