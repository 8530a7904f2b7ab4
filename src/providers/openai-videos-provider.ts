import type { RemoteHandle, Size } from '../types.ts';
import { errorFromUnknown, hostOf, mapVideoFailure } from './error-map.ts';
import { ProviderError } from './errors.ts';
import { baseUrlOf, buildUrl, requestBlob, requestJson } from './http.ts';
import { pollDelay } from './retry.ts';
import type {
  ConnectionHealth,
  DownloadResult,
  PollResult,
  Provider,
  ProviderDeps,
  RemoteState,
  SubmitRequest,
} from './types.ts';

/**
 * The OpenAI Videos API ("the Sora 2 contract"), spoken to any base URL: api.openai.com, Azure OpenAI v1,
 * or an OpenAI-compatible gateway. Model ids come from the connection and the catalog; nothing is listed.
 *
 * Cancel: the contract has no cancel endpoint, and DELETE is documented for completed or failed videos
 * only, so `cancel` is left undefined (the runner just stops polling) and `remove` deletes the remote copy.
 */

/** The Video object as the contract describes it; every field optional because gateways vary. */
export interface VideoResource {
  id: string;
  object?: string;
  model?: string;
  status?: string;
  progress?: number | null;
  created_at?: number | null;
  completed_at?: number | null;
  expires_at?: number | null;
  prompt?: string | null;
  size?: string | null;
  seconds?: string | number | null;
  remixed_from_video_id?: string | null;
  error?: { code?: string; message?: string } | null;
}

interface VideoList {
  object?: string;
  data?: VideoResource[];
  first_id?: string | null;
  last_id?: string | null;
  has_more?: boolean;
}

export interface OpenAIVideosOptions {
  /** Timeout of the create (an upload with a reference image can be slow). */
  createTimeoutMs?: number;
  /** Page size of the reconcile listing (0-100). */
  listLimit?: number;
  /** Pages reconcile reads at most before giving up. */
  maxListPages?: number;
  /** Automatic retries inside one call (default 2, as the SDK; the runner has its own backoff on top). */
  maxRetries?: number;
}

const STATES: Readonly<Record<string, RemoteState>> = {
  queued: 'queued',
  in_progress: 'running',
  completed: 'completed',
  failed: 'failed',
};
const REFERENCE_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};
const MAX_PROMPT = 32_000;

export function createOpenAIVideosProvider(deps: ProviderDeps, options: OpenAIVideosOptions = {}): Provider {
  const { createTimeoutMs = 120_000, listLimit = 100, maxListPages = 10, maxRetries } = options;
  const now = deps.now ?? Date.now;
  const host = hostOf(baseUrlOf(deps.connection));
  const path = (id: string, suffix = ''): string => `/videos/${encodeURIComponent(id)}${suffix}`;

  async function submit(request: SubmitRequest, signal: AbortSignal): Promise<RemoteHandle> {
    const context = { model: request.modelId, size: request.size, resource: 'create' as const };
    checkPrompt(request.prompt);
    if (request.remixOf) {
      if (!request.model.remix) {
        throw invalid(
          'remixOf',
          `${request.model.label} cannot remix clips.`,
          'Choose a model that can remix.',
        );
      }
      const { data } = await requestJson<VideoResource>(deps, {
        method: 'POST',
        path: path(request.remixOf.id, '/remix'),
        body: { prompt: request.prompt },
        signal,
        timeoutMs: createTimeoutMs,
        maxRetries,
        context,
      });
      return handleOf(data, host);
    }
    checkSize(request);
    checkSeconds(request);
    const fields: Record<string, unknown> = {
      ...request.model.defaults,
      model: request.modelId,
      prompt: request.prompt,
      seconds: encodeSeconds(request),
      size: deps.connection.sizeFormat === 'aspect' ? aspectOf(request.size) : request.size,
    };
    const body = request.reference ? toForm(fields, request.reference) : fields;
    const { data } = await requestJson<VideoResource>(deps, {
      method: 'POST',
      path: '/videos',
      body,
      signal,
      timeoutMs: createTimeoutMs,
      maxRetries,
      context,
    });
    return handleOf(data, host);
  }

  async function poll(handle: RemoteHandle, signal: AbortSignal): Promise<PollResult> {
    const { data, headers } = await requestJson<VideoResource>(deps, {
      method: 'GET',
      path: path(handle.id),
      signal,
      maxRetries,
      context: { resource: 'job' },
    });
    const hint = Number.parseFloat(headers.get('openai-poll-after-ms') ?? '');
    const result: PollResult = {
      state: STATES[data?.status ?? ''] ?? 'running',
      progress: typeof data?.progress === 'number' ? Math.max(0, Math.min(100, data.progress)) : undefined,
      pollAfterMs: Number.isFinite(hint) ? pollDelay(0, hint) : undefined,
      expiresAt: toMs(data?.expires_at),
    };
    if (result.state === 'completed' && result.expiresAt !== undefined && result.expiresAt <= now()) {
      result.state = 'expired';
    }
    if (result.state === 'failed') {
      result.error = mapVideoFailure(data?.error, { host, secrets: secretsOf(deps) });
    }
    return result;
  }

  async function download(
    handle: RemoteHandle,
    signal: AbortSignal,
    onProgress?: (progress: number) => void,
  ): Promise<DownloadResult> {
    const content = (variant: 'video' | 'thumbnail' | 'spritesheet', maxRetriesOf?: number) =>
      requestBlob(
        deps,
        {
          method: 'GET',
          path: path(handle.id, '/content'),
          query: { variant },
          accept: 'application/binary',
          signal,
          maxRetries: maxRetriesOf ?? maxRetries,
          context: { resource: 'content' },
        },
        variant === 'video' ? onProgress : undefined,
      );
    const video = await content('video');
    const file = await checkVideo(video.data, host, video.status, video.requestId);
    // Previews are best-effort: a missing thumbnail never costs the user the clip.
    const optional = async (variant: 'thumbnail' | 'spritesheet'): Promise<Blob | undefined> => {
      try {
        const { data } = await content(variant, 1);
        return data.size > 0 ? data : undefined;
      } catch (error) {
        if (signal.aborted) throw error;
        return undefined;
      }
    };
    const thumbnail = await optional('thumbnail');
    const spritesheet = await optional('spritesheet');
    return { files: [file], thumbnail, spritesheet };
  }

  async function remove(handle: RemoteHandle, signal: AbortSignal): Promise<void> {
    try {
      await requestJson(deps, {
        method: 'DELETE',
        path: path(handle.id),
        signal,
        context: { resource: 'delete' },
      });
    } catch (error) {
      // Already gone is what we wanted.
      if (error instanceof ProviderError && error.status === 404) return;
      throw error;
    }
  }

  async function reconcile(
    request: SubmitRequest,
    window: { from: number; to: number },
    signal: AbortSignal,
  ): Promise<RemoteHandle | null> {
    let after: string | undefined;
    for (let page = 0; page < maxListPages; page += 1) {
      const { data } = await requestJson<VideoList>(deps, {
        method: 'GET',
        path: '/videos',
        query: { order: 'desc', limit: listLimit, after },
        signal,
        maxRetries,
        context: { resource: 'list' },
      });
      const items = Array.isArray(data?.data) ? data.data : [];
      let oldest = Infinity;
      for (const item of items) {
        const created = toMs(item.created_at);
        if (created === undefined) continue;
        oldest = Math.min(oldest, created);
        if (created >= window.from && created <= window.to && sameRequest(item, request))
          return { id: item.id };
      }
      if (!data?.has_more || items.length === 0 || oldest < window.from) return null;
      after = data.last_id ?? items[items.length - 1].id;
    }
    return null;
  }

  async function test(signal: AbortSignal): Promise<ConnectionHealth> {
    try {
      await requestJson(deps, {
        method: 'GET',
        path: '/videos',
        query: { limit: 1 },
        signal,
        maxRetries: 0,
        timeoutMs: 15_000,
        context: { resource: 'list' },
      });
      return { state: 'ok', detail: `Connected to ${host}.` };
    } catch (error) {
      if (signal.aborted) throw error;
      const failure = errorFromUnknown(error, { host });
      switch (failure.kind) {
        case 'auth':
        case 'quota':
          return { state: 'auth', detail: failure.message };
        case 'rate-limit':
          return { state: 'ok', detail: `Connected to ${host}; it is rate limiting requests right now.` };
        case 'unreachable':
          return (await reachableWithoutCors(signal))
            ? {
                state: 'cors',
                detail: `${host} answers, but does not allow requests from this app (CORS). Use a gateway that allows browser requests.`,
              }
            : { state: 'unreachable', detail: failure.message };
        default:
          return { state: 'unreachable', detail: failure.message };
      }
    }
  }

  /**
   * A `no-cors` request carries no key and its answer is opaque, but it resolves whenever the server
   * answers at all: so a failure that a no-cors request does not share is CORS.
   */
  async function reachableWithoutCors(signal: AbortSignal): Promise<boolean> {
    const fetchFn = deps.fetch;
    const timeout = AbortSignal.timeout(10_000);
    try {
      const url = buildUrl(deps.connection, '/videos', { limit: 1 });
      await fetchFn(url.href, {
        method: 'GET',
        mode: 'no-cors',
        credentials: 'omit',
        signal: AbortSignal.any([signal, timeout]),
      });
      return true;
    } catch {
      return false;
    }
  }

  return { kind: 'openai', submit, poll, download, remove, reconcile, test };
}

function handleOf(data: VideoResource | undefined, host: string): RemoteHandle {
  if (data && typeof data.id === 'string' && data.id) return { id: data.id };
  // The create was answered, so something may exist; the runner reconciles instead of re-sending.
  throw new ProviderError({
    kind: 'server',
    message: `${host} accepted the request but did not say which job it created.`,
    action: 'Reelwright checks for the job before sending anything again.',
    retryable: false,
    outcomeUnknown: true,
  });
}

function checkPrompt(prompt: string): void {
  if (!prompt.trim())
    throw invalid('prompt', 'The prompt is empty.', 'Write what should happen in the clip.');
  if (prompt.length > MAX_PROMPT) {
    throw invalid('prompt', `The prompt is longer than ${MAX_PROMPT} characters.`, 'Shorten the prompt.');
  }
}

function checkSize(request: SubmitRequest): void {
  const sizes = request.model.sizes.map((option) => option.size);
  if (!sizes.includes(request.size)) {
    throw invalid(
      'size',
      `${request.model.label} cannot make ${request.size} videos.`,
      `Choose one of ${sizes.join(', ')}.`,
    );
  }
}

function checkSeconds(request: SubmitRequest): void {
  const { durations, label } = request.model;
  if (durations.length > 0 && !durations.includes(request.seconds)) {
    throw invalid(
      'seconds',
      `${label} cannot make ${request.seconds}-second clips.`,
      `Choose ${durations.join(', ')} seconds.`,
    );
  }
}

/** The contract wants a string (`"8"`); the catalog says when a gateway wants `8` or `"8s"`. */
/** The aspect strings gateways take in place of pixels. */
const ASPECTS = ['9:16', '16:9', '1:1', '3:4', '4:3', '2:3', '3:2', '9:21', '21:9'] as const;

/**
 * `720x1280` → `9:16`, for gateways that take the size as an aspect string (`Connection.sizeFormat`):
 * the nearest common aspect (`1024x1792` → `9:16`); the gateway picks the resolution.
 */
export function aspectOf(size: Size): string {
  const [width = 0, height = 0] = size.split('x').map(Number);
  const ratio = width / (height || 1);
  const value = (aspect: string): number => {
    const [w = 1, h = 1] = aspect.split(':').map(Number);
    return w / h;
  };
  return ASPECTS.reduce((best, a) =>
    Math.abs(Math.log(value(a) / ratio)) < Math.abs(Math.log(value(best) / ratio)) ? a : best,
  );
}

function encodeSeconds(request: SubmitRequest): string | number {
  switch (request.model.durationEncoding) {
    case 'integer':
      return request.seconds;
    case 'string-s':
      return `${request.seconds}s`;
    default:
      return String(request.seconds);
  }
}

function toForm(fields: Record<string, unknown>, reference: { blob: Blob; name: string }): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    form.append(
      key,
      typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value),
    );
  }
  const extension = /\.([a-z0-9]+)$/i.exec(reference.name)?.[1]?.toLowerCase() ?? '';
  const type = reference.blob.type || REFERENCE_TYPES[extension] || '';
  if (!Object.values(REFERENCE_TYPES).includes(type)) {
    throw invalid(
      'input_reference',
      'The reference image must be a JPEG, PNG or WebP file.',
      'Convert the reference image, or let Reelwright fit it for you.',
    );
  }
  const name = extension ? reference.name : `${reference.name || 'reference'}.${type.split('/')[1]}`;
  form.append('input_reference', new File([reference.blob], name, { type }));
  return form;
}

/** The clip must be non-empty video bytes; an MP4 served as octet-stream is accepted and retyped. */
async function checkVideo(blob: Blob, host: string, status: number, requestId?: string): Promise<Blob> {
  const reject = (got: string): never => {
    throw new ProviderError({
      kind: 'validation',
      status,
      requestId,
      message: `${host} returned no video (${got}).`,
      action: 'Try downloading again; if it keeps happening, send the prompt again.',
      retryable: true,
    });
  };
  if (blob.size === 0) return reject('an empty file');
  if (blob.type.startsWith('video/')) return blob;
  if (!blob.type || blob.type === 'application/octet-stream' || blob.type === 'application/binary') {
    const head = new Uint8Array(await blob.slice(4, 8).arrayBuffer());
    if (String.fromCharCode(...head) === 'ftyp') return new Blob([blob], { type: 'video/mp4' });
  }
  return reject(blob.type || 'untyped data');
}

function sameRequest(item: VideoResource, request: SubmitRequest): boolean {
  if ((item.prompt ?? '').trim() !== request.prompt.trim()) return false;
  if (request.remixOf) {
    return item.remixed_from_video_id == null || item.remixed_from_video_id === request.remixOf.id;
  }
  if (item.size && item.size !== request.size && item.size !== aspectOf(request.size)) return false;
  if (item.seconds != null && Number.parseFloat(String(item.seconds)) !== request.seconds) return false;
  return true;
}

/** Unix seconds → epoch ms (a value already in ms, from a lax gateway, is kept). */
function toMs(value: number | null | undefined): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return value > 1e12 ? value : value * 1000;
}

function invalid(field: string, message: string, action: string): ProviderError {
  return new ProviderError({ kind: 'validation', field, message, action, retryable: false });
}

function secretsOf(deps: ProviderDeps): string[] {
  return deps.connection.apiKey ? [deps.connection.apiKey] : [];
}
