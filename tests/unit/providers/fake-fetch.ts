import type { Connection } from '../../../src/types.ts';
import type { ProviderDeps, RetryNotice } from '../../../src/providers/types.ts';

/** One request as the fake saw it. */
export interface SeenRequest {
  url: URL;
  method: string;
  headers: Headers;
  /** The body as sent: a FormData, a JSON string, or undefined. */
  body: unknown;
  init: RequestInit;
}

/** What a scripted step does: answer, hang until aborted, or fail like a dropped connection. */
export type Step = Response | 'hang' | 'drop' | ((request: SeenRequest) => Response | 'hang' | 'drop');

/**
 * A scripted fetch: each call takes the next step. Running past the script fails the test loudly.
 * `hang` never answers and rejects with the signal's reason when it aborts, like a real fetch.
 */
export function scriptedFetch(...steps: Step[]) {
  const calls: SeenRequest[] = [];
  const queue = [...steps];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const seen: SeenRequest = {
      url: new URL(String(input)),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: init.body,
      init,
    };
    calls.push(seen);
    const next = queue.shift();
    if (next === undefined) throw new Error(`Unexpected request: ${seen.method} ${seen.url.href}`);
    const outcome = typeof next === 'function' ? next(seen) : next;
    if (outcome === 'drop') throw new TypeError('Failed to fetch');
    if (outcome === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        const signal = init.signal;
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    return outcome;
  }) as typeof globalThis.fetch;
  return { fetch, calls, remaining: () => queue.length };
}

export function json(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
}

/** An OpenAI error envelope. */
export function apiError(
  status: number,
  error: { message: string; type?: string; param?: string | null; code?: string | null },
  headers: Record<string, string> = {},
): Response {
  return json(
    { error: { type: 'invalid_request_error', param: null, code: null, ...error } },
    { status, headers: { 'x-request-id': 'req_123', ...headers } },
  );
}

export const KEY = 'sk-test-SECRET-0123456789abcdef';

export function openaiConnection(patch: Partial<Connection> = {}): Connection {
  return {
    id: 'c1',
    kind: 'openai',
    label: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    apiKey: KEY,
    concurrency: 2,
    ...patch,
  };
}

/** Where the fake clock starts (epoch ms). */
export const CLOCK_START = Date.UTC(2026, 0, 10, 12, 0, 0);

/** Deps with a fake clock: sleeps are recorded and return at once; jitter is fixed. */
export function fakeDeps(fetch: typeof globalThis.fetch, patch: Partial<ProviderDeps> = {}) {
  const sleeps: number[] = [];
  const retries: RetryNotice[] = [];
  let clock = CLOCK_START;
  const deps: ProviderDeps = {
    fetch,
    connection: openaiConnection(),
    sleep: async (ms, signal) => {
      if (signal.aborted) throw signal.reason;
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0,
    now: () => clock,
    online: () => true,
    onRetry: (notice) => retries.push(notice),
    ...patch,
  };
  return { deps, sleeps, retries, advance: (ms: number) => (clock += ms), now: () => clock };
}

export function video(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'video_123',
    object: 'video',
    model: 'sora-2',
    status: 'queued',
    progress: 0,
    created_at: 1_768_046_400,
    completed_at: null,
    expires_at: null,
    prompt: 'A calico cat playing a piano on stage',
    size: '720x1280',
    seconds: '8',
    remixed_from_video_id: null,
    error: null,
    ...patch,
  };
}

/** Bytes that look like an MP4 (`ftyp` box at offset 4). */
export function mp4Bytes(): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(64);
  bytes.set([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]);
  return bytes;
}

/** Collects what a rejected promise threw. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject');
}
