import type { SpeechFormat } from '../types.ts';
import { hostOf, redact } from './error-map.ts';
import { ProviderError } from './errors.ts';
import { baseUrlOf, requestBlob } from './http.ts';
import {
  assertSpeechRequest,
  createHeldResults,
  type SpeechProvider,
  type SpeechSubmitRequest,
} from './speech-request.ts';
import type { DownloadResult, PollResult, ProviderDeps } from './types.ts';

/**
 * OpenAI-compatible text to speech: `POST {baseUrl}/audio/speech` with JSON
 * `{model, input, voice, response_format, speed, instructions?}`, answered with the audio bytes
 * (openai-node `src/resources/audio/speech.ts`). Same connection as the Videos API (base URL, Bearer or
 * Azure `api-key`, organization/project headers), same HTTP seam, retry policy and error taxonomy.
 *
 * The endpoint is synchronous, so it is put behind the job interface the way stills are: `submit` makes the
 * audio and holds it in memory under a synthetic id, `poll` says completed, `download` hands over the Blob.
 * OpenAI keeps no copy: a tab that closes in between loses the audio, and polling says so (state
 * `expired`, may have been billed) instead of sending the request again. A timeout or a dropped
 * connection throws `outcomeUnknown` (http.ts never re-sends a POST whose outcome is unknown); there is
 * nothing to reconcile with, so the runner marks such a job `unknown` and explains it.
 */

export interface OpenAISpeechOptions {
  /** Whole-exchange timeout of one request (default 120 s; 4096 characters take about 45 s). */
  timeoutMs?: number;
}

/** Prefix of the synthetic remote ids of speech jobs. */
export const SPEECH_HANDLE_PREFIX = 'openai-speech_';
const DEFAULT_TIMEOUT_MS = 120_000;

/** Custom voices are sent as an object (`{"id": "voice_1234"}`), built-in ones by name. */
export function speechVoiceParam(voice: string): string | { id: string } {
  const id = voice.trim();
  return /^voice_/.test(id) ? { id } : id;
}

/** The JSON body of `POST /audio/speech`. */
export function speechBody(request: SpeechSubmitRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.modelId,
    input: request.input,
    voice: speechVoiceParam(request.voice),
    response_format: request.format,
  };
  if (request.model.speed) body.speed = request.speed;
  const instructions = request.instructions?.trim();
  if (instructions && request.model.instructions) body.instructions = instructions;
  return body;
}

/** Makes one line of audio. Validates first; throws ProviderError. */
export async function synthesizeOpenAISpeech(
  deps: ProviderDeps,
  request: SpeechSubmitRequest,
  signal: AbortSignal,
  options: OpenAISpeechOptions = {},
): Promise<Blob> {
  assertSpeechRequest(request);
  const host = hostOf(baseUrlOf(deps.connection));
  let blob: Blob;
  try {
    ({ data: blob } = await requestBlob(deps, {
      method: 'POST',
      path: '/audio/speech',
      body: speechBody(request),
      signal,
      accept: '*/*',
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      context: { model: request.modelId, resource: 'create' },
    }));
  } catch (error) {
    throw error instanceof ProviderError ? speechError(error, host) : error;
  }
  return checkAudio(blob, request.format, host, deps.connection.apiKey);
}

/** The speech adapter for an OpenAI-compatible connection. */
export function createOpenAISpeechProvider(
  deps: ProviderDeps,
  options: OpenAISpeechOptions = {},
): SpeechProvider {
  const held = createHeldResults(SPEECH_HANDLE_PREFIX);
  const lost = (): ProviderError =>
    new ProviderError({
      kind: 'not-found',
      message:
        'The line was voiced, but this tab closed or reloaded before it was saved, and the provider keeps ' +
        'no copy of generated speech. It may have been billed. Reelwright did not send it again.',
      action: 'Voice the line again if you still want it.',
      retryable: false,
    });

  return {
    kind: 'openai',
    async submit(request, signal) {
      const audio = await synthesizeOpenAISpeech(deps, request, signal, options);
      return held.hold([audio], { mode: 'speech', format: request.format });
    },
    async poll(handle): Promise<PollResult> {
      return held.has(handle)
        ? { state: 'completed', progress: 100 }
        : { state: 'expired', error: lost().toInfo() };
    },
    async download(handle): Promise<DownloadResult> {
      const files = held.take(handle);
      if (!files) throw lost();
      return { files };
    },
    async cancel(handle) {
      held.drop(handle);
    },
    async remove(handle) {
      held.drop(handle);
    },
  };
}

/**
 * The shared mapping speaks of videos and reference images; say it for speech. A 413 is a long line (the
 * body is JSON, there is no image), `response_format` is our `format`, and a missing endpoint is named.
 */
function speechError(error: ProviderError, host: string): ProviderError {
  const info = { ...error.toInfo(), retryAfterMs: error.retryAfterMs, outcomeUnknown: error.outcomeUnknown };
  if (error.status === 413) {
    Object.assign(info, {
      field: 'input',
      message: `The line is too long for ${host}.`,
      action: 'Split the line into shorter ones.',
    });
  } else if (info.field === 'response_format') {
    info.field = 'format';
  } else if (error.kind === 'not-found' && info.field !== 'model') {
    Object.assign(info, {
      message: `${host} does not offer text to speech (POST /audio/speech) at this address.`,
      action:
        'Check the base URL in Settings (for OpenAI it is https://api.openai.com/v1), or use a connection whose service voices text.',
    });
  } else if (error.kind === 'content-policy') {
    info.action = 'Rephrase the line. Real people and copyrighted characters are common causes.';
  }
  return new ProviderError(info, { cause: error });
}

const SIGNATURES: ReadonlyArray<{ type: string; test: (b: Uint8Array) => boolean }> = [
  { type: 'audio/wav', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WAVE' },
  { type: 'audio/flac', test: (b) => ascii(b, 0, 4) === 'fLaC' },
  { type: 'audio/ogg', test: (b) => ascii(b, 0, 4) === 'OggS' },
  { type: 'audio/mpeg', test: (b) => ascii(b, 0, 3) === 'ID3' || (b[0] === 0xff && (b[1]! & 0xe6) === 0xe2) },
  { type: 'audio/aac', test: (b) => b[0] === 0xff && (b[1]! & 0xf6) === 0xf0 },
];

/** The audio bytes typed by what they are; anything that is not audio (a gateway's JSON or HTML) is refused. */
async function checkAudio(blob: Blob, format: SpeechFormat, host: string, key?: string): Promise<Blob> {
  const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  const match = SIGNATURES.find((s) => s.test(head));
  if (format !== 'pcm' && !match) {
    const sample = /json|text|html/.test(blob.type)
      ? redact((await blob.slice(0, 300).text()).trim(), key ? [key] : [])
      : '';
    throw new ProviderError({
      kind: 'server',
      message: sample
        ? `${host} answered the speech request with text instead of audio: ${sample}`
        : `${host} answered the speech request with something that is not ${format.toUpperCase()} audio.`,
      action: 'Check the base URL and the model of this connection in Settings.',
      retryable: false,
    });
  }
  const type = match?.type ?? 'audio/pcm';
  return blob.type === type ? blob : new Blob([blob], { type });
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}
