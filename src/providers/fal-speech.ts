import type { RemoteHandle } from '../types.ts';
import { ProviderError } from './errors.ts';
import { createFalHttp, falBases } from './fal-http.ts';
import type { FalProviderDeps } from './fal-provider.ts';
import { fetchResult, notReady, outcomePoll, queueCancel, queueStatus, queueSubmit } from './fal-queue.ts';
import { assertSpeechRequest, type SpeechProvider, type SpeechSubmitRequest } from './speech-request.ts';
import type { DownloadResult, PollResult, ProgressSink } from './types.ts';

/**
 * fal.ai text to speech over the queue (PROVIDERS.md §2), for the models in config/voices/fal.json:
 * submit `{[fields.text]: line, [fields.voice]: voice, [fields.speed]?: speed, ...defaults}` to
 * `POST {queue}/{endpoint}` → poll the returned status URL → fetch the result `{audio: {url, content_type}}`
 * → download the public CDN file at once, without the key. The queue protocol (fal-queue.ts), HTTP seam
 * (fal-http.ts), error mapping (fal-errors.ts) and retry policy are the clip adapter's; the status/result/
 * cancel URLs fal returns are kept in the handle and used as given.
 */

const POLL_MS = 1000;
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
    return queueSubmit(http, endpoint, speechInput(request), 'speech', signal, timeoutMs);
  }

  async function poll(handle: RemoteHandle, signal: AbortSignal): Promise<PollResult> {
    const status = await queueStatus(http, handle, signal, timeoutMs, POLL_MS);
    if (status) return status;
    const outcome = await fetchResult(http, handle, signal, timeoutMs, now);
    if (!('urls' in outcome)) return outcomePoll(outcome, POLL_MS);
    results.set(handle.id, outcome.urls[0]!);
    return { state: 'completed', progress: 100, expiresAt: now() + RESULT_LIFETIME_MS };
  }

  async function download(
    handle: RemoteHandle,
    signal: AbortSignal,
    onProgress?: ProgressSink,
  ): Promise<DownloadResult> {
    let url = results.get(handle.id);
    if (!url) {
      const outcome = await fetchResult(http, handle, signal, timeoutMs, now);
      if (!('urls' in outcome)) throw notReady(handle, outcome);
      url = outcome.urls[0]!;
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
    await queueCancel(http, handle, signal, timeoutMs);
    results.delete(handle.id);
  }

  return { kind: 'fal', submit, poll, download, cancel };
}
