import type { Connection } from '../types.ts';
import { hostOf, type ErrorContext } from './error-map.ts';
import { ProviderError } from './errors.ts';
import { mapFalError, type FalResource } from './fal-errors.ts';
import { readBlob } from './http.ts';
import { withRetries } from './http-retry.ts';
import { DEFAULT_MAX_RETRIES, shouldRetry } from './retry.ts';
import type { ProgressSink, ProviderDeps } from './types.ts';

/**
 * The fal.ai HTTP seam. Same timeout and retry policy as `http.ts` (retry.ts, error-map.ts), but fal's
 * auth (`Authorization: Key <key>`), PUT, and a per-call decision on the key: it goes only to the queue
 * and storage REST origins, and only on calls that need it (never to the CDN or an upload URL, even when
 * they share an origin, as with the mock).
 */

export const DEFAULT_QUEUE_BASE = 'https://queue.fal.run';
export const DEFAULT_REST_BASE = 'https://rest.fal.ai';
const TIMEOUT_MS = 60_000;
const BLOB_TIMEOUT_MS = 300_000;

export interface FalBases {
  /** `POST {queue}/{endpoint_id}` */
  queue: string;
  /** `POST {rest}/storage/upload/initiate` */
  rest: string;
}

/**
 * Where a connection's requests go. `connection.baseUrl` is the queue base (default https://queue.fal.run);
 * the storage REST base is https://rest.fal.ai for the real queue host and the base URL's own origin for
 * any other (the mock serves `/storage/...` at its root). Explicit `queueBase` / `restBase` win.
 */
export function falBases(
  connection: Connection,
  overrides: { queueBase?: string; restBase?: string } = {},
): FalBases {
  const trim = (url: string): string => url.trim().replace(/\/+$/, '');
  const queue = trim(overrides.queueBase ?? (connection.baseUrl?.trim() || DEFAULT_QUEUE_BASE));
  let rest = overrides.restBase;
  if (!rest) {
    try {
      const origin = new URL(queue).origin;
      rest = origin === new URL(DEFAULT_QUEUE_BASE).origin ? DEFAULT_REST_BASE : origin;
    } catch {
      rest = DEFAULT_REST_BASE;
    }
  }
  return { queue, rest: trim(rest) };
}

export interface FalRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  /** A Blob is sent as is (upload); anything else as JSON. */
  body?: unknown;
  /** Send the key. Refused for a URL outside the queue and REST origins. */
  auth: boolean;
  resource: FalResource;
  endpoint?: string;
  signal: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
  /** Return this non-2xx answer to the caller instead of retrying or throwing (e.g. a failed run's result). */
  settle?: (status: number, text: string, headers: Headers) => boolean;
}

export interface FalResponse {
  ok: boolean;
  status: number;
  headers: Headers;
  /** The body as text (JSON calls) … */
  text: string;
  /** … or as a Blob (`falBlob`). */
  blob?: Blob;
}

export interface FalHttp {
  bases: FalBases;
  json<T>(
    request: FalRequest,
  ): Promise<{ status: number; headers: Headers; data: T; ok: boolean; text: string }>;
  blob(request: FalRequest, onProgress?: ProgressSink): Promise<Blob>;
}

export function createFalHttp(deps: ProviderDeps, bases: FalBases): FalHttp {
  return {
    bases,
    async json<T>(request: FalRequest) {
      const response = await send(deps, bases, request, async (r) => ({ text: await r.text() }));
      let data: T;
      try {
        data = (response.text.trim() ? JSON.parse(response.text) : undefined) as T;
      } catch (cause) {
        throw new ProviderError(
          {
            kind: 'server',
            status: response.status,
            message: `${hostOf(request.url)} answered with something that is not the fal.ai API.`,
            action: 'Check the base URL of this connection in Settings.',
            retryable: false,
          },
          { cause },
        );
      }
      return {
        status: response.status,
        headers: response.headers,
        data,
        ok: response.ok,
        text: response.text,
      };
    },
    async blob(request: FalRequest, onProgress?: ProgressSink) {
      const response = await send(deps, bases, { timeoutMs: BLOB_TIMEOUT_MS, ...request }, async (r) => ({
        text: '',
        blob: await readBlob(r, onProgress),
      }));
      return response.blob as Blob;
    },
  };
}

/** `Authorization: Key …` for `url`, or a refusal when the URL is not on the queue/REST origins. */
function authHeader(connection: Connection, bases: FalBases, url: URL): Record<string, string> {
  const allowed = [bases.queue, bases.rest].map((base) => new URL(base).origin);
  if (!allowed.includes(url.origin)) {
    throw new ProviderError({
      kind: 'local',
      message: `The job points at ${url.host}, which is not this connection's fal.ai address; the key is not sent there.`,
      action:
        'The base URL changed after the job was sent: restore it in Settings, or send the prompt again.',
      retryable: false,
    });
  }
  const key = connection.apiKey?.trim();
  return key ? { Authorization: `Key ${key}` } : {};
}

async function send(
  deps: ProviderDeps,
  bases: FalBases,
  request: FalRequest,
  read: (response: Response) => Promise<{ text: string; blob?: Blob }>,
): Promise<FalResponse> {
  const fetchFn = deps.fetch;
  const now = deps.now ?? Date.now;
  const key = deps.connection.apiKey;
  const secrets = key ? [key, key.trim()] : [];
  const idempotent = request.method !== 'POST';
  const maxRetries = Math.max(0, request.maxRetries ?? DEFAULT_MAX_RETRIES);
  const timeoutMs = request.timeoutMs ?? TIMEOUT_MS;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch (cause) {
    throw new ProviderError(
      {
        kind: 'validation',
        field: 'baseUrl',
        message: 'The base URL of this fal.ai connection is not a valid address.',
        action: `Fix the base URL in Settings (for fal.ai it is ${DEFAULT_QUEUE_BASE}).`,
        retryable: false,
      },
      { cause },
    );
  }
  const ctx: ErrorContext = { host: url.host, secrets };
  const headers: Record<string, string> = request.auth ? authHeader(deps.connection, bases, url) : {};
  let body: BodyInit | undefined;
  if (request.body instanceof Blob) {
    body = request.body;
    headers['Content-Type'] = request.body.type || 'application/octet-stream';
  } else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['Content-Type'] = 'application/json';
  }

  // A request that carries the key never follows a redirect (the key could go with it).
  const redirect = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization') ? 'error' : 'follow';
  const options = { signal: request.signal, timeoutMs, maxRetries, idempotent, ctx };
  return withRetries<FalResponse>(deps, options, async (signal) => {
    const response = await fetchFn(url.href, {
      method: request.method,
      headers,
      body,
      signal,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect,
    });
    if (response.ok) {
      const content = await read(response);
      return {
        done: true,
        value: { ok: true, status: response.status, headers: response.headers, ...content },
      };
    }
    const text = await response.text().catch(() => '');
    if (request.settle?.(response.status, text, response.headers)) {
      return { done: true, value: { ok: false, status: response.status, headers: response.headers, text } };
    }
    const failure = mapFalError(response.status, text, response.headers, {
      resource: request.resource,
      endpoint: request.endpoint,
      secrets,
      now: now(),
    });
    return {
      done: false,
      failure,
      retry: shouldRetry(response.status, response.headers),
      headers: response.headers,
    };
  });
}
