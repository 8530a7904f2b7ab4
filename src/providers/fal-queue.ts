import type { RemoteHandle } from '../types.ts';
import { ProviderError } from './errors.ts';
import { FAL_LABEL, isFalVerdict, mapFalError } from './fal-errors.ts';
import type { FalHttp } from './fal-http.ts';
import type { PollResult } from './types.ts';

/**
 * fal's queue protocol for clips, stills and speech alike (PROVIDERS.md §2): submit, the handle's URLs, the
 * status poll, the result reader and cancel. Only the messages differ: a clip or still is a "job" that is
 * sent again from the prompt, a line of dialogue is voiced again.
 */

/** `RemoteHandle.data` of a fal job. */
export interface FalHandleData extends Record<string, string> {
  endpoint: string;
  statusUrl: string;
  responseUrl: string;
  cancelUrl: string;
  mode: QueueMode;
}

export type QueueMode = 'video' | 'image' | 'speech';

const WORDS = {
  job: { noun: 'job', again: 'Send the prompt again.', file: 'file' },
  line: { noun: 'line', again: 'Voice the line again.', file: 'audio' },
} as const;
const wordsFor = (mode: string | undefined) => (mode === 'speech' ? WORDS.line : WORDS.job);

/** A status answer is a few bytes: one that has not come in 20 s is retried rather than waited on for a minute. */
const STATUS_TIMEOUT_MS = 20_000;

export interface QueueAnswer {
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
  audio?: { url?: string; content_type?: string; file_size?: number };
  audio_url?: { url?: string } | string;
}

/** What the result URL says: the files, not yet, or why not. */
export type FalOutcome =
  { urls: string[] } | { pending: true } | { failed: PollResult['error'] } | { expired: PollResult['error'] };

export async function queueSubmit(
  http: FalHttp,
  endpoint: string,
  input: Record<string, unknown>,
  mode: QueueMode,
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
      message: `${FAL_LABEL} accepted the ${wordsFor(mode).noun} but did not say where to follow it.`,
      action: 'Check the base URL of this connection in Settings.',
      retryable: false,
      outcomeUnknown: true,
    });
  }
  const data: FalHandleData = { endpoint, statusUrl, responseUrl, cancelUrl, mode };
  return { id, data };
}

export function handleData(handle: RemoteHandle): FalHandleData {
  const data = handle.data ?? {};
  for (const key of ['statusUrl', 'responseUrl', 'cancelUrl'] as const) {
    if (!data[key]) {
      throw new ProviderError({
        kind: 'local',
        message: `This ${wordsFor(data.mode).noun} was saved without its fal.ai addresses; it cannot be followed.`,
        action: wordsFor(data.mode).again,
        retryable: false,
      });
    }
  }
  return data as FalHandleData;
}

export function cachedUrls(handle: RemoteHandle): string[] | undefined {
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
  const audio =
    output.audio?.url ?? (typeof output.audio_url === 'string' ? output.audio_url : output.audio_url?.url);
  if (typeof audio === 'string' && audio !== '') return [audio];
  const images = output.images ?? (output.image ? [output.image] : []);
  return images
    .map((image) => image.url)
    .filter((url): url is string => typeof url === 'string' && url !== '');
}

export async function fetchResult(
  http: FalHttp,
  handle: RemoteHandle,
  signal: AbortSignal,
  timeoutMs: number | undefined,
  now: () => number,
): Promise<FalOutcome> {
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
      const words = wordsFor(data.mode);
      return {
        failed: {
          kind: 'server',
          code: 'no_media_generated',
          requestId: handle.id,
          message: `fal.ai finished the ${words.noun} but returned no ${words.file}.`,
          action: words.again,
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

/**
 * Asks the stored status URL how the job is doing: a poll result while it is queued, running, failed or
 * gone, or `undefined` once fal says COMPLETED (then read the result with `fetchResult`).
 */
export async function queueStatus(
  http: FalHttp,
  handle: RemoteHandle,
  signal: AbortSignal,
  timeoutMs: number | undefined,
  pollMs: number,
): Promise<PollResult | undefined> {
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
  if (state === 'IN_QUEUE') return { state: 'queued', progress: 0, pollAfterMs: pollMs };
  if (state === 'FAILED' || state === 'CANCELED' || state === 'CANCELLED') {
    const { noun, again } = wordsFor(data.mode);
    const error = new ProviderError({
      kind: 'server',
      code: state.toLowerCase(),
      requestId: handle.id,
      message:
        state === 'FAILED'
          ? `fal.ai reports the ${noun} failed${status.data?.error ? `: ${status.data.error}` : '.'}`
          : `This ${noun} was canceled on fal.ai.`,
      action: again,
      retryable: state === 'FAILED',
    });
    return { state: 'failed', error: error.toInfo() };
  }
  return state === 'COMPLETED' ? undefined : { state: 'running', pollAfterMs: pollMs };
}

/** The poll result for a result that has no files (yet): still running, failed or expired. */
export function outcomePoll(outcome: Exclude<FalOutcome, { urls: string[] }>, pollMs: number): PollResult {
  if ('expired' in outcome) return { state: 'expired', error: outcome.expired };
  if ('failed' in outcome) return { state: 'failed', error: outcome.failed };
  return { state: 'running', pollAfterMs: pollMs };
}

/** Why `download` has nothing to fetch: the job is still running, or the result says why not. */
export function notReady(
  handle: RemoteHandle,
  outcome: Exclude<FalOutcome, { urls: string[] }>,
): ProviderError {
  const { noun, again } = wordsFor(handle.data?.mode);
  if ('pending' in outcome) {
    return new ProviderError({
      kind: 'server',
      message: `The ${noun} has not finished on fal.ai yet.`,
      action: 'Wait for it to finish.',
      retryable: true,
    });
  }
  const info = 'expired' in outcome ? outcome.expired : outcome.failed;
  return new ProviderError(
    info ?? { kind: 'server', message: 'fal.ai has no result.', action: again, retryable: false },
  );
}

/** Cancels a queued or running job; one that already finished or is unknown leaves nothing to cancel. */
export async function queueCancel(
  http: FalHttp,
  handle: RemoteHandle,
  signal: AbortSignal,
  timeoutMs: number | undefined,
): Promise<void> {
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
}
