import { toBase64 } from '../state/base64.ts';
import type { ModelSpec, RemoteHandle, Size } from '../types.ts';
import { ProviderError } from './errors.ts';
import { FAL_LABEL, isFalVerdict, mapFalError } from './fal-errors.ts';
import { createFalHttp, falBases, type FalHttp } from './fal-http.ts';
import { buildFalInput, endpointFor, modeFor, type FalInputFiles, type FalMode } from './fal-input.ts';
import { defaultSleep } from './http.ts';
import type {
  ConnectionHealth,
  DownloadResult,
  PollResult,
  ProgressSink,
  Provider,
  ProviderDeps,
  SubmitFile,
  SubmitRequest,
} from './types.ts';

/**
 * fal.ai's queue API (PROVIDERS.md §2) behind the Provider interface, for every fal model in
 * config/models/fal.json: submit → poll the returned status URL → fetch the result → download the public
 * CDN file at once. The status/response/cancel URLs fal returns are stored in `RemoteHandle.data` and used
 * as given (they drop the endpoint's sub-path; never rebuild them).
 *
 * Connection: `baseUrl` is the queue base (default https://queue.fal.run; the mock: http://127.0.0.1:4020/queue),
 * `apiKey` the fal key. Storage uploads go to https://rest.fal.ai, or to the base URL's origin for any other
 * host (see `falBases`).
 */

export interface FalProviderDeps extends ProviderDeps {
  /** Queue base, overriding `connection.baseUrl`. */
  queueBase?: string;
  /** Storage REST base, overriding the one derived from the queue base. */
  restBase?: string;
  /** Per-request timeout of JSON calls (default 60 s). */
  timeoutMs?: number;
}

/** `RemoteHandle.data` of a fal job. */
export interface FalHandleData extends Record<string, string> {
  endpoint: string;
  statusUrl: string;
  responseUrl: string;
  cancelUrl: string;
  mode: 'video' | 'image';
}

/** `poll` adds the handle with the result URLs cached (`resultUrls`, JSON array) once a job completes. */
export interface FalPollResult extends PollResult {
  remote?: RemoteHandle;
}

interface QueueAnswer {
  request_id?: string;
  status?: string;
  status_url?: string;
  response_url?: string;
  cancel_url?: string;
  queue_position?: number;
  error?: string;
}

interface FalOutput {
  video?: { url?: string; content_type?: string; file_size?: number };
  images?: { url?: string; content_type?: string }[];
  image?: { url?: string };
}

/** Results are kept for 1 hour after completion; we see completion a poll late, so count a bit less. */
const RESULT_LIFETIME_MS = 50 * 60_000;
/**
 * Between status polls. fal-js polls every 0.5 s; a browser app with several jobs asks less often, but often
 * enough that a finished clip is downloaded within seconds (results live one hour).
 */
const POLL_MS = 2000;
/** A status answer is a few bytes: one that has not come in 20 s is retried rather than waited on for a minute. */
const STATUS_TIMEOUT_MS = 20_000;
const HEALTH_ID = '00000000-0000-4000-8000-000000000000';

export function createFalProvider(deps: FalProviderDeps): Provider {
  const http = createFalHttp(deps, falBases(deps.connection, deps));
  const now = deps.now ?? Date.now;
  const timeoutMs = deps.timeoutMs;
  /** Result URLs seen by `poll`, so `download` need not fetch the result again. */
  const results = new Map<string, string[]>();

  async function submit(request: SubmitRequest, signal: AbortSignal): Promise<RemoteHandle> {
    const { model } = request;
    // The clip to extend goes inline as a data: URI (fal accepts those for file inputs); else a fresh fal result.
    const videoUrl = request.sourceClip
      ? await inlineClip(request.sourceClip, model, signal)
      : request.remixOf
        ? sourceClipUrl(request.remixOf, model)
        : undefined;
    const mode = modeFor({
      first: request.reference !== undefined,
      last: request.lastFrame !== undefined,
      references: request.references?.length ?? 0,
      video: videoUrl !== undefined,
    });
    const endpoint = endpointFor(model, mode);
    // Validate before uploading anything: buildFalInput throws on an illegal size, duration or mode.
    const probe: FalInputFiles = placeholders(mode);
    buildFalInput(model, mode, inputRequest(request), probe);

    const files: FalInputFiles = { video: videoUrl };
    if (mode === 'reference') {
      const list = request.references ?? [];
      files.references = [];
      for (const file of list) files.references.push(await upload(http, file, signal, timeoutMs));
    } else {
      if (request.reference) files.first = await upload(http, request.reference, signal, timeoutMs);
      if (request.lastFrame) files.last = await upload(http, request.lastFrame, signal, timeoutMs);
    }
    const input = buildFalInput(model, mode, inputRequest(request), files);
    return queueSubmit(http, endpoint, input, model.mode, signal, timeoutMs);
  }

  async function poll(handle: RemoteHandle, signal: AbortSignal): Promise<FalPollResult> {
    const data = handleData(handle);
    const status = await http.json<QueueAnswer>({
      method: 'GET',
      url: data.statusUrl,
      auth: true,
      resource: 'status',
      signal,
      timeoutMs: timeoutMs ?? STATUS_TIMEOUT_MS,
      settle: (code) => code === 404 || code === 410,
    });
    if (status.status === 404 || status.status === 410) {
      return {
        state: 'expired',
        error: mapFalError(status.status, status.text, status.headers, { resource: 'status' }).toInfo(),
      };
    }
    const state = (status.data?.status ?? '').toUpperCase();
    if (state === 'IN_QUEUE') return { state: 'queued', progress: 0, pollAfterMs: POLL_MS };
    if (state === 'FAILED' || state === 'CANCELED' || state === 'CANCELLED') {
      const error = new ProviderError({
        kind: 'server',
        code: state.toLowerCase(),
        requestId: handle.id,
        message:
          state === 'FAILED'
            ? `fal.ai reports the job failed${status.data?.error ? `: ${status.data.error}` : '.'}`
            : 'This job was canceled on fal.ai.',
        action: 'Send the prompt again.',
        retryable: state === 'FAILED',
      });
      return { state: 'failed', error: error.toInfo() };
    }
    if (state !== 'COMPLETED') return { state: 'running', pollAfterMs: POLL_MS };

    const outcome = await fetchResult(handle, signal);
    if ('expired' in outcome) return { state: 'expired', error: outcome.expired };
    if ('failed' in outcome) return { state: 'failed', error: outcome.failed };
    if ('pending' in outcome) return { state: 'running', pollAfterMs: POLL_MS };
    results.set(handle.id, outcome.urls);
    return {
      state: 'completed',
      progress: 100,
      expiresAt: now() + RESULT_LIFETIME_MS,
      remote: { id: handle.id, data: { ...data, resultUrls: JSON.stringify(outcome.urls) } },
    };
  }

  type Outcome =
    | { urls: string[] }
    | { pending: true }
    | { failed: PollResult['error'] }
    | { expired: PollResult['error'] };

  async function fetchResult(handle: RemoteHandle, signal: AbortSignal): Promise<Outcome> {
    const data = handleData(handle);
    const answer = await http.json<FalOutput>({
      method: 'GET',
      url: data.responseUrl,
      auth: true,
      resource: 'result',
      signal,
      timeoutMs,
      // A failed run answers its verdict here (422 detail[], 5xx with error_type): final, not retried.
      settle: (code, text, headers) =>
        code === 404 ||
        code === 410 ||
        (code === 400 && /in progress/i.test(text)) ||
        isFalVerdict(code, text, headers),
    });
    if (answer.ok) {
      const urls = outputUrls(answer.data);
      if (urls.length === 0) {
        return {
          failed: {
            kind: 'server',
            code: 'no_media_generated',
            requestId: handle.id,
            message: 'fal.ai finished the job but returned no file.',
            action: 'Send the prompt again.',
            retryable: true,
          },
        };
      }
      return { urls };
    }
    if (answer.status === 400 && /in progress/i.test(answer.text)) return { pending: true };
    const error = mapFalError(answer.status, answer.text, answer.headers, {
      resource: 'result',
      now: now(),
    }).toInfo();
    error.requestId ??= handle.id;
    if (answer.status === 404 || answer.status === 410) return { expired: error };
    return { failed: error };
  }

  async function download(
    handle: RemoteHandle,
    signal: AbortSignal,
    onProgress?: ProgressSink,
  ): Promise<DownloadResult> {
    let urls = cachedUrls(handle) ?? results.get(handle.id);
    if (!urls || urls.length === 0) {
      const outcome = await fetchResult(handle, signal);
      if ('pending' in outcome) {
        throw new ProviderError({
          kind: 'server',
          message: 'The job has not finished on fal.ai yet.',
          action: 'Wait for it to finish.',
          retryable: true,
        });
      }
      if (!('urls' in outcome)) {
        const info = 'expired' in outcome ? outcome.expired : outcome.failed;
        throw new ProviderError(
          info ?? {
            kind: 'server',
            message: 'fal.ai has no result.',
            action: 'Send the prompt again.',
            retryable: false,
          },
        );
      }
      urls = outcome.urls;
    }
    const files: Blob[] = [];
    for (const [i, url] of urls.entries()) {
      const share = (p: number): void => onProgress?.(Math.round(((i + p / 100) / urls.length) * 100));
      files.push(await downloadFile(http, url, signal, share));
    }
    results.delete(handle.id);
    return { files };
  }

  async function cancel(handle: RemoteHandle, signal: AbortSignal): Promise<void> {
    const data = handleData(handle);
    // 400 ALREADY_COMPLETED and 404 NOT_FOUND leave nothing to cancel: not an error.
    await http.json({
      method: 'PUT',
      url: data.cancelUrl,
      auth: true,
      resource: 'cancel',
      signal,
      timeoutMs,
      settle: (code) => code === 400 || code === 404,
    });
  }

  async function test(signal: AbortSignal): Promise<ConnectionHealth> {
    // The status of a request that does not exist: 404 with a good key, 401 without one. Costs nothing.
    try {
      const answer = await http.json({
        method: 'GET',
        url: `${http.bases.queue}/fal-ai/veo3.1/requests/${HEALTH_ID}/status`,
        auth: true,
        resource: 'health',
        signal,
        timeoutMs,
        maxRetries: 0,
        settle: (code) => code === 404 || code === 400,
      });
      return { state: 'ok', detail: `fal.ai answered (${answer.status}); the key was accepted.` };
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'auth')
        return { state: 'auth', detail: error.message };
      if (error instanceof ProviderError && error.kind === 'unreachable')
        return { state: 'cors', detail: error.message };
      if (error instanceof ProviderError) return { state: 'unreachable', detail: error.message };
      throw error;
    }
  }

  return { kind: 'fal', submit, poll, download, cancel, test };
}

export interface FalImageRequest {
  model: ModelSpec;
  prompt: string;
  size: Size;
  /** Stills wanted (1-4). */
  n?: number;
  /** Image to edit: an uploaded fal URL … */
  imageUrl?: string;
  /** … or bytes to upload first. */
  image?: SubmitFile;
}

export interface FalImageOptions {
  /** Between status polls (default 1.5 s). */
  pollMs?: number;
  /** Give up after this long (default 5 min). */
  deadlineMs?: number;
}

/**
 * Still images through the same queue flow (FLUX, Kontext): submit, poll until COMPLETED, fetch the
 * result, download every image at once.
 */
export async function generateFalImages(
  deps: FalProviderDeps,
  request: FalImageRequest,
  signal: AbortSignal,
  options: FalImageOptions = {},
): Promise<Blob[]> {
  const { pollMs = 1500, deadlineMs = 300_000 } = options;
  const http = createFalHttp(deps, falBases(deps.connection, deps));
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.now ?? Date.now;
  const { model } = request;
  const mode: FalMode = request.imageUrl || request.image ? 'image' : 'text';
  const endpoint = endpointFor(model, mode);
  const wanted = { prompt: request.prompt, size: request.size, count: request.n ?? 1 };
  buildFalInput(model, mode, wanted, mode === 'image' ? { first: 'about:blank' } : {});
  const first = request.image ? await upload(http, request.image, signal, deps.timeoutMs) : request.imageUrl;
  const input = buildFalInput(model, mode, wanted, { first });
  const handle = await queueSubmit(http, endpoint, input, 'image', signal, deps.timeoutMs);
  const provider = createFalProvider(deps);
  const started = now();
  for (;;) {
    const result = await provider.poll(handle, signal);
    if (result.state === 'completed') {
      const { files } = await provider.download((result as FalPollResult).remote ?? handle, signal);
      return files;
    }
    if (result.state === 'failed' || result.state === 'expired') {
      throw new ProviderError(
        result.error ?? {
          kind: 'server',
          message: 'fal.ai could not make the image.',
          action: 'Try again.',
          retryable: true,
        },
      );
    }
    if (now() - started > deadlineMs) {
      throw new ProviderError({
        kind: 'timeout',
        requestId: handle.id,
        message: `fal.ai did not finish the image within ${Math.round(deadlineMs / 1000)} s.`,
        action: 'Try again later.',
        retryable: true,
      });
    }
    await sleep(pollMs, signal);
  }
}

function inputRequest(request: SubmitRequest): {
  prompt: string;
  size: Size;
  seconds: number;
  audio?: boolean;
  count?: number;
} {
  return {
    prompt: request.prompt,
    size: request.size,
    seconds: request.seconds,
    audio: request.audio,
    count: request.variants,
  };
}

/** Stand-in file URLs, to validate a request before anything is uploaded. */
function placeholders(mode: FalMode): FalInputFiles {
  const url = 'about:blank';
  return { first: url, last: url, references: mode === 'reference' ? [url] : undefined, video: url };
}

function cannotExtend(model: ModelSpec): ProviderError {
  return new ProviderError({
    kind: 'validation',
    field: 'remixOf',
    message: `${model.label} cannot extend a clip.`,
    action: 'Choose a model that can extend clips.',
    retryable: false,
  });
}

/** The stored clip as a base64 `data:` URI, fal's inline form of a file input. */
async function inlineClip(clip: SubmitFile, model: ModelSpec, signal: AbortSignal): Promise<string> {
  if (!model.extend) throw cannotExtend(model);
  const bytes = new Uint8Array(await clip.blob.arrayBuffer());
  signal.throwIfAborted();
  return `data:${clip.blob.type || 'video/mp4'};base64,${toBase64(bytes)}`;
}

function sourceClipUrl(source: RemoteHandle, model: ModelSpec): string {
  if (!model.extend) throw cannotExtend(model);
  const url = cachedUrls(source)?.[0];
  if (!url) {
    throw new ProviderError({
      kind: 'validation',
      field: 'remixOf',
      message: 'Only a clip made on fal.ai within the last hour can be extended.',
      action: 'Make the clip on fal.ai first, then extend it within the hour.',
      retryable: false,
    });
  }
  return url;
}

function handleData(handle: RemoteHandle): FalHandleData {
  const data = handle.data ?? {};
  for (const key of ['statusUrl', 'responseUrl', 'cancelUrl'] as const) {
    if (!data[key]) {
      throw new ProviderError({
        kind: 'local',
        message: 'This job was saved without its fal.ai addresses; it cannot be followed.',
        action: 'Send the prompt again.',
        retryable: false,
      });
    }
  }
  return data as FalHandleData;
}

function cachedUrls(handle: RemoteHandle): string[] | undefined {
  const raw = handle.data?.resultUrls;
  if (!raw) return undefined;
  try {
    const list: unknown = JSON.parse(raw);
    return Array.isArray(list) ? list.filter((url): url is string => typeof url === 'string') : undefined;
  } catch {
    return undefined;
  }
}

function outputUrls(output: FalOutput | undefined): string[] {
  if (!output) return [];
  if (output.video?.url) return [output.video.url];
  const images = output.images ?? (output.image ? [output.image] : []);
  return images
    .map((image) => image.url)
    .filter((url): url is string => typeof url === 'string' && url !== '');
}

async function queueSubmit(
  http: FalHttp,
  endpoint: string,
  input: Record<string, unknown>,
  mode: 'video' | 'image',
  signal: AbortSignal,
  timeoutMs?: number,
): Promise<RemoteHandle> {
  const answer = await http.json<QueueAnswer>({
    method: 'POST',
    url: `${http.bases.queue}/${endpoint}`,
    body: input,
    auth: true,
    resource: 'submit',
    endpoint,
    signal,
    timeoutMs,
  });
  const {
    request_id: id,
    status_url: statusUrl,
    response_url: responseUrl,
    cancel_url: cancelUrl,
  } = answer.data ?? {};
  if (!id || !statusUrl || !responseUrl || !cancelUrl) {
    throw new ProviderError({
      kind: 'server',
      status: answer.status,
      message: `${FAL_LABEL} accepted the job but did not say where to follow it.`,
      action: 'Check the base URL of this connection in Settings.',
      retryable: false,
      outcomeUnknown: true,
    });
  }
  const data: FalHandleData = { endpoint, statusUrl, responseUrl, cancelUrl, mode };
  return { id, data };
}

/** Storage upload: initiate with the key, then PUT the bytes to the signed upload URL without it. */
async function upload(
  http: FalHttp,
  file: SubmitFile,
  signal: AbortSignal,
  timeoutMs?: number,
): Promise<string> {
  const contentType = file.blob.type || 'application/octet-stream';
  const initiated = await http.json<{ upload_url?: string; file_url?: string }>({
    method: 'POST',
    url: `${http.bases.rest}/storage/upload/initiate?storage_type=fal-cdn-v3`,
    body: { content_type: contentType, file_name: file.name },
    auth: true,
    resource: 'upload',
    signal,
    timeoutMs,
  });
  const { upload_url: uploadUrl, file_url: fileUrl } = initiated.data ?? {};
  if (!uploadUrl || !fileUrl) {
    throw new ProviderError({
      kind: 'server',
      message: 'fal.ai storage did not return an upload address.',
      action: 'Send the prompt again.',
      retryable: true,
    });
  }
  const blob = file.blob.type ? file.blob : new Blob([file.blob], { type: contentType });
  // The signed upload URL may answer XML or nothing: read it as bytes and ignore them.
  await http.blob({ method: 'PUT', url: uploadUrl, body: blob, auth: false, resource: 'upload', signal });
  return fileUrl;
}

/** A public CDN file, without the key, straight into a Blob. Expired → not-found; empty → failure. */
async function downloadFile(
  http: FalHttp,
  url: string,
  signal: AbortSignal,
  onProgress?: ProgressSink,
): Promise<Blob> {
  const blob = await http.blob({ method: 'GET', url, auth: false, resource: 'download', signal }, onProgress);
  if (blob.size === 0) {
    throw new ProviderError({
      kind: 'server',
      message: 'fal.ai sent an empty file.',
      action: 'Send the prompt again.',
      retryable: true,
    });
  }
  return blob;
}
