import type { RemoteHandle, Size } from '../types.ts';
import { ProviderError } from './errors.ts';
import { downloadFile, inlineClip, placeholders, sourceClipUrl, upload } from './fal-files.ts';
import { createFalHttp, falBases } from './fal-http.ts';
import { buildFalInput, endpointFor, modeFor, type FalInputFiles } from './fal-input.ts';
import {
  cachedUrls,
  fetchResult,
  handleData,
  notReady,
  outcomePoll,
  queueCancel,
  queueStatus,
  queueSubmit,
} from './fal-queue.ts';
import type {
  ConnectionHealth,
  DownloadResult,
  PollResult,
  ProgressSink,
  Provider,
  ProviderDeps,
  SubmitRequest,
} from './types.ts';

export type { FalHandleData } from './fal-queue.ts';

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

/** `poll` adds the handle with the result URLs cached (`resultUrls`, JSON array) once a job completes. */
export interface FalPollResult extends PollResult {
  remote?: RemoteHandle;
}

/** Results are kept for 1 hour after completion; we see completion a poll late, so count a bit less. */
const RESULT_LIFETIME_MS = 50 * 60_000;
/**
 * Between status polls. fal-js polls every 0.5 s; a browser app with several jobs asks less often, but often
 * enough that a finished clip is downloaded within seconds (results live one hour).
 */
const POLL_MS = 2000;
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
    const status = await queueStatus(http, handle, signal, timeoutMs, POLL_MS);
    if (status) return status;
    const outcome = await fetchResult(http, handle, signal, timeoutMs, now);
    if (!('urls' in outcome)) return outcomePoll(outcome, POLL_MS);
    results.set(handle.id, outcome.urls);
    return {
      state: 'completed',
      progress: 100,
      expiresAt: now() + RESULT_LIFETIME_MS,
      remote: { id: handle.id, data: { ...handleData(handle), resultUrls: JSON.stringify(outcome.urls) } },
    };
  }

  async function download(
    handle: RemoteHandle,
    signal: AbortSignal,
    onProgress?: ProgressSink,
  ): Promise<DownloadResult> {
    let urls = cachedUrls(handle) ?? results.get(handle.id);
    if (!urls || urls.length === 0) {
      const outcome = await fetchResult(http, handle, signal, timeoutMs, now);
      if (!('urls' in outcome)) throw notReady(handle, outcome);
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

  const cancel = (handle: RemoteHandle, signal: AbortSignal): Promise<void> =>
    queueCancel(http, handle, signal, timeoutMs);

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
