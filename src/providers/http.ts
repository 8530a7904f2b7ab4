import type { Connection } from '../types.ts';
import { hostOf, mapHttpError, requestIdOf, type ErrorContext } from './error-map.ts';
import { ProviderError } from './errors.ts';
import { withRetries } from './http-retry.ts';
import { DEFAULT_MAX_RETRIES, shouldRetry } from './retry.ts';
import type { ProgressSink, ProviderDeps } from './types.ts';

export { defaultSleep, transportFailure } from './http-retry.ts';

/**
 * The HTTP seam every OpenAI-style adapter goes through: auth per connection (to its own origin only),
 * a timeout per request, the SDK's retry policy, and one error type.
 *
 * Idempotent requests (GET, DELETE) are retried on 408/409/429/5xx, on connection failures and timeouts.
 * A POST is retried only after a definite answer that created nothing (429, 5xx…); when the outcome is
 * unknown (timeout, connection lost after sending) it throws `outcomeUnknown: true` and is never re-sent.
 * A caller abort rethrows `signal.reason` untouched (a DOMException `AbortError` by default).
 */

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_BLOB_TIMEOUT_MS = 300_000;
/** The most a provider download may be (a clip); stills pass a smaller cap. */
export const MAX_DOWNLOAD_BYTES = 1024 * 1024 * 1024;
export const MAX_STILL_BYTES = 50 * 1024 * 1024;

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** A path under the connection's base URL (`/videos/abc`), or an absolute URL. */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** FormData is sent as multipart/form-data; any other value as JSON. */
  body?: unknown;
  signal: AbortSignal;
  /** Covers the whole exchange, body included. */
  timeoutMs?: number;
  /** Retries after the first attempt (default 2, as the SDK). */
  maxRetries?: number;
  /** Extra facts for error messages (model/deployment, size, what was fetched). */
  context?: Omit<ErrorContext, 'host' | 'secrets'>;
  accept?: string;
  /**
   * A content download: a redirect is not followed with the key; the target is requested again without
   * any auth header. Every other request that carries auth refuses redirects (`redirect: 'error'`).
   */
  download?: boolean;
  /** Byte cap of a downloaded body (default `MAX_DOWNLOAD_BYTES`), checked before and while reading. */
  maxBytes?: number;
}

export interface HttpResult<T> {
  data: T;
  status: number;
  headers: Headers;
  requestId?: string;
}

/** The connection's base URL without a trailing slash. */
export function baseUrlOf(connection: Connection): string {
  return (connection.baseUrl?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
}

export function buildUrl(connection: Connection, path: string, query?: HttpRequest['query']): URL {
  const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(`${baseUrlOf(connection)}${path}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

/**
 * The auth headers for `url`: `Authorization: Bearer` (or Azure's `api-key`), plus organization and project.
 * Empty for any URL outside the connection's own origin, so the key never leaves for another host.
 */
export function authHeaders(connection: Connection, url: URL): Record<string, string> {
  if (url.origin !== new URL(baseUrlOf(connection)).origin) return {};
  const headers: Record<string, string> = {};
  const key = connection.apiKey?.trim();
  if (key) {
    if (connection.authStyle === 'api-key') headers['api-key'] = key;
    else headers.Authorization = `Bearer ${key}`;
  }
  if (connection.organization) headers['OpenAI-Organization'] = connection.organization;
  if (connection.project) headers['OpenAI-Project'] = connection.project;
  return headers;
}

export function requestJson<T>(deps: ProviderDeps, request: HttpRequest): Promise<HttpResult<T>> {
  return send(deps, { accept: 'application/json', ...request }, async (response, ctx) => {
    const text = await response.text();
    if (!text.trim()) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new ProviderError(
        {
          kind: 'server',
          status: response.status,
          requestId: requestIdOf(response.headers),
          message: `${ctx.host} answered with something that is not the Videos API.`,
          action: 'Check the base URL in Settings.',
          retryable: false,
        },
        { cause },
      );
    }
  });
}

export function requestBlob(
  deps: ProviderDeps,
  request: HttpRequest,
  onProgress?: ProgressSink,
): Promise<HttpResult<Blob>> {
  return send(deps, { timeoutMs: DEFAULT_BLOB_TIMEOUT_MS, download: true, ...request }, (response) =>
    readBlob(response, onProgress, request.maxBytes),
  );
}

async function send<T>(
  deps: ProviderDeps,
  request: HttpRequest,
  read: (response: Response, ctx: ErrorContext) => Promise<T>,
): Promise<HttpResult<T>> {
  const { connection } = deps;
  // Never call fetch as a method of `deps`: browsers throw "Illegal invocation" for a foreign `this`.
  const fetchFn = deps.fetch;
  const now = deps.now ?? Date.now;
  const idempotent = request.method !== 'POST';
  const maxRetries = Math.max(0, request.maxRetries ?? DEFAULT_MAX_RETRIES);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = connection.apiKey ? [connection.apiKey, connection.apiKey.trim()] : [];
  const ctx: ErrorContext = { ...request.context, host: hostOf(baseUrlOf(connection)), secrets };

  let url: URL;
  try {
    url = buildUrl(connection, request.path, request.query);
  } catch (cause) {
    throw new ProviderError(
      {
        kind: 'validation',
        field: 'baseUrl',
        message: 'The base URL of this connection is not a valid address.',
        action: 'Fix the base URL in Settings (for OpenAI it is https://api.openai.com/v1).',
        retryable: false,
      },
      { cause },
    );
  }
  const headers: Record<string, string> = { ...authHeaders(connection, url) };
  if (request.accept) headers.Accept = request.accept;
  let body: BodyInit | undefined;
  if (request.body instanceof FormData) body = request.body;
  else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['Content-Type'] = 'application/json';
  }

  const authed = Object.keys(authHeaders(connection, url)).length > 0;
  const download = request.download === true && request.method === 'GET';
  const options = { signal: request.signal, timeoutMs, maxRetries, idempotent, ctx };
  return withRetries(deps, options, async (signal) => {
    let response = await abortable(
      fetchFn(url.href, {
        method: request.method,
        headers,
        body,
        signal,
        credentials: 'omit',
        redirect: !authed ? 'follow' : download ? 'manual' : 'error',
      }),
      signal,
    );
    if (authed && download && isRedirect(response)) {
      response = await abortable(refetchWithoutAuth(fetchFn, url, response, request, signal), signal);
    }
    if (response.ok) {
      const data = await abortable(read(response, ctx), signal);
      const result = {
        data,
        status: response.status,
        headers: response.headers,
        requestId: requestIdOf(response.headers),
      };
      return { done: true, value: result };
    }
    const text = await abortable(
      response.text().catch(() => ''),
      signal,
    );
    const failure = mapHttpError(response.status, text, response.headers, { ...ctx, now: now() });
    const retry =
      shouldRetry(response.status, response.headers) &&
      (failure.kind !== 'quota' || response.headers.get('x-should-retry') === 'true');
    return { done: false, failure, retry, headers: response.headers };
  });
}

const isRedirect = (response: Response): boolean =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);

/**
 * A download that redirected (to a CDN, say): the target is fetched with no auth header at all. Where
 * the browser hides the target (an opaque redirect), the same URL is requested again without auth and
 * the browser follows it.
 */
function refetchWithoutAuth(
  fetchFn: ProviderDeps['fetch'],
  url: URL,
  redirect: Response,
  request: HttpRequest,
  signal: AbortSignal,
): Promise<Response> {
  const location = redirect.headers.get('location');
  const target = location ? new URL(location, url) : url;
  if (target.protocol !== 'https:' && target.protocol !== url.protocol) {
    throw new ProviderError({
      kind: 'server',
      message: `${url.host} redirected the download to an address that is not https.`,
      action: 'Check the base URL of this connection in Settings.',
      retryable: false,
    });
  }
  return fetchFn(target.href, {
    method: 'GET',
    headers: request.accept ? { Accept: request.accept } : {},
    signal,
    credentials: 'omit',
    redirect: 'follow',
  });
}

/** Settles with `promise`, or rejects with `signal.reason` as soon as the signal aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The body as a Blob typed by its content-type (parameters dropped), reporting progress when it can. */
export async function readBlob(
  response: Response,
  onProgress?: ProgressSink,
  maxBytes: number = MAX_DOWNLOAD_BYTES,
): Promise<Blob> {
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const total = Number(response.headers.get('content-length'));
  const host = hostOfUrl(response.url);
  if (total > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(host, total, maxBytes);
  }
  if (!response.body) {
    const blob = await response.blob();
    if (blob.size > maxBytes) throw tooLarge(host, blob.size, maxBytes);
    onProgress?.(100);
    return blob.type === type ? blob : new Blob([blob], { type });
  }
  const reader = response.body.getReader();
  const chunks: BlobPart[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loaded += value.byteLength;
    if (loaded > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(host, loaded, maxBytes);
    }
    chunks.push(value as Uint8Array<ArrayBuffer>);
    if (total > 0) onProgress?.(Math.min(100, Math.round((loaded / total) * 100)));
  }
  onProgress?.(100);
  return new Blob(chunks, { type });
}

const hostOfUrl = (url: string): string => {
  try {
    return new URL(url).host || 'The provider';
  } catch {
    return 'The provider';
  }
};

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

function tooLarge(host: string, bytes: number, maxBytes: number): ProviderError {
  return new ProviderError({
    kind: 'server',
    message: `${host} sent a download of at least ${megabytes(bytes)}, over the ${megabytes(maxBytes)} limit, so Reelwright stopped reading it. Nothing was saved.`,
    action: 'Check the connection in Settings; a real clip or still is far smaller.',
    retryable: false,
  });
}
