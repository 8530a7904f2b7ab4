import type { RemoteHandle, SpeechFormat, SpeechModelSpec, SpeechRequest } from '../types.ts';
import { ProviderError } from './errors.ts';
import type { Provider } from './types.ts';

/**
 * The speech side of the provider layer: what a speech adapter is sent, the interface it fits, and the
 * per-model checks every request passes before anything is sent (pure, shared by the catalog in state/
 * and by the adapters, which refuse an illegal request themselves too).
 */

/** A line ready to send: checked against its catalog entry. */
export interface SpeechSubmitRequest {
  /** The job this line belongs to (the local voice keeps it in its handle). */
  jobId?: string;
  model: SpeechModelSpec;
  /** The id to send (a gateway may name the model differently). */
  modelId: string;
  input: string;
  voice: string;
  speed: number;
  format: SpeechFormat;
  instructions?: string;
}

/**
 * A speech provider is a Provider whose submit takes a line instead of a clip request: same poll, download
 * (one audio Blob in `files[0]`), cancel, errors and job lifecycle, so speech jobs run through the JobRunner.
 */
export type SpeechProvider = Provider<SpeechSubmitRequest>;

/** A problem with a request, naming the request field it is about. */
export interface SpeechProblem {
  field: keyof SpeechRequest;
  message: string;
}

type Checked = Pick<SpeechRequest, 'input' | 'voice' | 'speed' | 'format' | 'instructions'>;

/** Characters per second of speech at speed 1 (OpenAI tts-1: 4096 characters made 256 s). */
export const CHARS_PER_SECOND = 15;

/** Every problem with `request` for `model`; empty when it may be sent. */
export function validateSpeechRequest(
  model: SpeechModelSpec | undefined,
  request: Checked & { model?: string },
): SpeechProblem[] {
  if (!model) {
    return [{ field: 'model', message: `The voice model "${request.model ?? ''}" is not offered here.` }];
  }
  const problems: SpeechProblem[] = [];
  const input = typeof request.input === 'string' ? request.input : '';
  if (!input.trim()) problems.push({ field: 'input', message: 'There is no line to speak.' });
  if (input.length > model.maxChars) {
    problems.push({
      field: 'input',
      message: `${model.label} speaks at most ${model.maxChars.toLocaleString('en-US')} characters; this line has ${input.length.toLocaleString('en-US')}. Split it.`,
    });
  }
  const voice = typeof request.voice === 'string' ? request.voice.trim() : '';
  if (!voice) problems.push({ field: 'voice', message: 'Choose a voice.' });
  else if (!model.customVoices && !model.voices.some((v) => v.id === voice)) {
    problems.push({
      field: 'voice',
      message: `${model.label} has no voice "${voice}"; choose one of ${model.voices.map((v) => v.id).join(', ')}.`,
    });
  }
  const speed = request.speed ?? 1;
  if (typeof speed !== 'number' || !Number.isFinite(speed)) {
    problems.push({ field: 'speed', message: 'The speed must be a number.' });
  } else if (!model.speed) {
    if (speed !== 1)
      problems.push({ field: 'speed', message: `${model.label} speaks at one speed only (1×).` });
  } else if (speed < model.speed.min || speed > model.speed.max) {
    problems.push({
      field: 'speed',
      message: `${model.label} speaks at ${model.speed.min}× to ${model.speed.max}×; not ${speed}×.`,
    });
  }
  if (request.format !== undefined && !model.formats.includes(request.format)) {
    problems.push({
      field: 'format',
      message:
        request.format === 'pcm'
          ? 'Raw PCM cannot be played in the browser; choose WAV.'
          : `${model.label} returns ${model.formats.join(', ')}; not ${request.format}.`,
    });
  }
  if (request.instructions?.trim() && !model.instructions) {
    problems.push({
      field: 'instructions',
      message: `${model.label} does not take delivery notes; remove the note or choose a model that does.`,
    });
  }
  return problems;
}

/** Seconds of speech `input` is expected to make at `speed` (for estimates and the local voice's pace). */
export function estimateSpeechSeconds(input: string, speed = 1): number {
  const rate = Number.isFinite(speed) && speed > 0 ? speed : 1;
  return input.trim().length / CHARS_PER_SECOND / rate;
}

/** Throws a validation ProviderError for the first problem (adapters call this before sending). */
export function assertSpeechRequest(request: SpeechSubmitRequest): void {
  const [problem] = validateSpeechRequest(request.model, { ...request, model: request.modelId });
  if (!problem) return;
  throw new ProviderError({
    kind: 'validation',
    field: problem.field,
    message: problem.message,
    action: 'Change the line or its voice settings, then try again.',
    retryable: false,
  });
}

/**
 * Keeps results of a synchronous endpoint (OpenAI speech) in memory under synthetic ids between `submit`
 * and `download`, like the image stills: the API answers with the bytes and keeps no copy.
 */
export function createHeldResults(prefix: string): {
  hold(files: Blob[], data?: Record<string, string>): RemoteHandle;
  has(handle: RemoteHandle): boolean;
  take(handle: RemoteHandle): Blob[] | undefined;
  drop(handle: RemoteHandle): void;
  owns(handle: RemoteHandle): boolean;
} {
  const held = new Map<string, Blob[]>();
  /** Downloaded results stay a little, in case saving them is retried. */
  const KEEP_AFTER_DOWNLOAD_MS = 5 * 60_000;
  return {
    hold(files, data = {}) {
      const id = `${prefix}${crypto.randomUUID()}`;
      held.set(id, files);
      return { id, data };
    },
    has: (handle) => held.has(handle.id),
    take(handle) {
      const files = held.get(handle.id);
      if (files) setTimeout(() => held.delete(handle.id), KEEP_AFTER_DOWNLOAD_MS);
      return files;
    },
    drop: (handle) => void held.delete(handle.id),
    owns: (handle) => handle.id.startsWith(prefix),
  };
}
