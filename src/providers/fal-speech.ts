import type { RemoteHandle } from '../types.ts';
import { ProviderError } from './errors.ts';
import { FAL_LABEL, isFalVerdict, mapFalError } from './fal-errors.ts';
import { createFalHttp, falBases } from './fal-http.ts';
import type { FalProviderDeps } from './fal-provider.ts';
import { assertSpeechRequest, type SpeechProvider, type SpeechSubmitRequest } from './speech-request.ts';
import type { DownloadResult, PollResult, ProgressSink } from './types.ts';

/**
 * fal.ai text to speech over the queue (PROVIDERS.md §2), for the models in config/voices/fal.json:
 * submit `{[fields.text]: line, [fields.voice]: voice, [fields.speed]?: speed, ...defaults}` to
 * `POST {queue}/{endpoint}` → poll the returned status URL → fetch the result `{audio: {url, content_type}}`
 * → download the public CDN file at once, without the key. Same HTTP seam (fal-http.ts), error mapping
 * (fal-errors.ts) and retry policy as the video adapter; the status/result/cancel URLs fal returns are kept
 * in the handle and used as given.
 *
 * (fal-provider.ts does the same for clips, but its result reader (fal-queue.ts) knows `video`/`images`
 * only; this file reads `audio`. If that reader learns `audio`, this adapter can shrink to `speechInput` + submit.)
 */

/** `RemoteHandle.data` of a fal speech job. */
export interface FalSpeechHandleData extends Record<string, string> {
  endpoint: string;
  statusUrl: string;
  responseUrl: string;
  cancelUrl: string;
  mode: 'speech';
}

interface QueueAnswer {
  request_id?: string;
  status?: string;
  status_url?: string;
  response_url?: string;
  cancel_url?: string;
  error?: string;
}

interface SpeechOutput {
  audio?: { url?: string; content_type?: string; file_size?: number };
  audio_url?: { url?: string } | string;
}

const POLL_MS = 1000;
const STATUS_TIMEOUT_MS = 20_000;
/** Results are kept 1 hour after completion; we see completion a poll late, so count a bit less. */
const RESULT_LIFETIME_MS = 50 * 60_000;

/** The model input fal expects for this line, from the catalog's field names and defaults. */
export function speechInput(request: SpeechSubmitRequest): Record<string, unknown> {
  const { model } = request;
  const fields = model.fields ?? { text: 'text', voice: 'voice' };
  const input: Record<string, unknown> = { ...model.defaults };
  input[fields.text] = request.input;
  input[fields.voice] = request.voice.trim();
  if (model.speed && fields.speed) input[fields.speed] = request.speed;
  return input;
}

export function createFalSpeechProvider(deps: FalProviderDeps): SpeechProvider {
  const http = createFalHttp(deps, falBases(deps.connection, deps));
  const now = deps.now ?? Date.now;
  const timeoutMs = deps.timeoutMs;
  const results = new Map<string, string>();

  async function submit(request: SpeechSubmitRequest, signal: AbortSignal): Promise<RemoteHandle> {
    assertSpeechRequest(request);
    const endpoint = request.model.endpoint;
    if (!endpoint) {
      throw new ProviderError({
        kind: 'local',
        message: `${request.model.label} has no fal.ai endpoint in the catalog.`,
        action: 'Choose another voice model.',
        retryable: false,
      });
    }
    const answer = await http.json<QueueAnswer>({
      method: 'POST',
      url: `${http.bases.queue}/${endpoint}`,
      body: speechInput(request),
      auth: true,
      resource: 'submit',
      endpoint,
      signal,
      timeoutMs,
    });
    const { request_id: id, status_url, response_url, cancel_url } = answer.data ?? {};
    if (!id || !status_url || !response_url || !cancel_url) {
      throw new ProviderError({
        kind: 'server',
        status: answer.status,
        message: `${FAL_LABEL} accepted the line but did not say where to follow it.`,
        action: 'Check the base URL of this connection in Settings.',
        retryable: false,
        outcomeUnknown: true,
      });
    }
    const data: FalSpeechHandleData = {
      endpoint,
      statusUrl: status_url,
      responseUrl: response_url,
      cancelUrl: cancel_url,
      mode: 'speech',
    };
    return { id, data };
  }

  async function poll(handle: RemoteHandle, signal: AbortSignal): Promise<PollResult> {
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
      return {
        state: 'failed',
        error: {
          kind: 'server',
          code: state.toLowerCase(),
          requestId: handle.id,
          message:
            state === 'FAILED'
              ? `fal.ai reports the line failed${status.data?.error ? `: ${status.data.error}` : '.'}`
              : 'This line was canceled on fal.ai.',
          action: 'Voice the line again.',
          retryable: state === 'FAILED',
        },
      };
    }
    if (state !== 'COMPLETED') return { state: 'running', pollAfterMs: POLL_MS };
    const outcome = await fetchResult(handle, signal);
    if ('url' in outcome) {
      results.set(handle.id, outcome.url);
      return { state: 'completed', progress: 100, expiresAt: now() + RESULT_LIFETIME_MS };
    }
    if ('pending' in outcome) return { state: 'running', pollAfterMs: POLL_MS };
    return outcome;
  }

  type Outcome =
    { url: string } | { pending: true } | { state: 'failed' | 'expired'; error: PollResult['error'] };

  async function fetchResult(handle: RemoteHandle, signal: AbortSignal): Promise<Outcome> {
    const data = handleData(handle);
    const answer = await http.json<SpeechOutput>({
      method: 'GET',
      url: data.responseUrl,
      auth: true,
      resource: 'result',
      signal,
      timeoutMs,
      settle: (code, text, headers) =>
        code === 404 ||
        code === 410 ||
        (code === 400 && /in progress/i.test(text)) ||
        isFalVerdict(code, text, headers),
    });
    if (answer.ok) {
      const url = audioUrl(answer.data);
      if (url) return { url };
      return {
        state: 'failed',
        error: {
          kind: 'server',
          code: 'no_media_generated',
          requestId: handle.id,
          message: 'fal.ai finished the line but returned no audio.',
          action: 'Voice the line again.',
          retryable: true,
        },
      };
    }
    if (answer.status === 400 && /in progress/i.test(answer.text)) return { pending: true };
    const error = mapFalError(answer.status, answer.text, answer.headers, {
      resource: 'result',
      now: now(),
    }).toInfo();
    error.requestId ??= handle.id;
    return { state: answer.status === 404 || answer.status === 410 ? 'expired' : 'failed', error };
  }

  async function download(
    handle: RemoteHandle,
    signal: AbortSignal,
    onProgress?: ProgressSink,
  ): Promise<DownloadResult> {
    let url = results.get(handle.id);
    if (!url) {
      const outcome = await fetchResult(handle, signal);
      if (!('url' in outcome)) {
        throw new ProviderError(
          'pending' in outcome
            ? {
                kind: 'server',
                message: 'The line has not finished on fal.ai yet.',
                action: 'Wait for it to finish.',
                retryable: true,
              }
            : (outcome.error ?? {
                kind: 'server',
                message: 'fal.ai has no result for this line.',
                action: 'Voice the line again.',
                retryable: false,
              }),
        );
      }
      url = outcome.url;
    }
    // A public CDN file: never send the key there.
    const blob = await http.blob(
      { method: 'GET', url, auth: false, resource: 'download', signal },
      onProgress,
    );
    if (blob.size === 0) {
      throw new ProviderError({
        kind: 'server',
        message: 'fal.ai sent an empty audio file.',
        action: 'Voice the line again.',
        retryable: true,
      });
    }
    results.delete(handle.id);
    return { files: [blob] };
  }

  async function cancel(handle: RemoteHandle, signal: AbortSignal): Promise<void> {
    // 400 ALREADY_COMPLETED and 404 NOT_FOUND leave nothing to cancel: not an error.
    await http.json({
      method: 'PUT',
      url: handleData(handle).cancelUrl,
      auth: true,
      resource: 'cancel',
      signal,
      timeoutMs,
      settle: (code) => code === 400 || code === 404,
    });
    results.delete(handle.id);
  }

  return { kind: 'fal', submit, poll, download, cancel };
}

function handleData(handle: RemoteHandle): FalSpeechHandleData {
  const data = handle.data ?? {};
  for (const key of ['statusUrl', 'responseUrl', 'cancelUrl'] as const) {
    if (!data[key]) {
      throw new ProviderError({
        kind: 'local',
        message: 'This line was saved without its fal.ai addresses; it cannot be followed.',
        action: 'Voice the line again.',
        retryable: false,
      });
    }
  }
  return data as FalSpeechHandleData;
}

function audioUrl(output: SpeechOutput | undefined): string | undefined {
  const url =
    output?.audio?.url ?? (typeof output?.audio_url === 'string' ? output.audio_url : output?.audio_url?.url);
  return typeof url === 'string' && url !== '' ? url : undefined;
}
