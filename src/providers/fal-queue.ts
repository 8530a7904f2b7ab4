import type { RemoteHandle } from '../types.ts';
import { ProviderError } from './errors.ts';
import { FAL_LABEL, isFalVerdict, mapFalError } from './fal-errors.ts';
import type { FalHttp } from './fal-http.ts';
import type { PollResult } from './types.ts';

/** fal's queue protocol: submit, the handle's URLs, and the result reader (PROVIDERS.md §2). */

/** `RemoteHandle.data` of a fal job. */
export interface FalHandleData extends Record<string, string> {
  endpoint: string;
  statusUrl: string;
  responseUrl: string;
  cancelUrl: string;
  mode: 'video' | 'image';
}

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
}

/** What the result URL says: the files, not yet, or why not. */
export type FalOutcome =
  { urls: string[] } | { pending: true } | { failed: PollResult['error'] } | { expired: PollResult['error'] };

export async function queueSubmit(
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

export function handleData(handle: RemoteHandle): FalHandleData {
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
