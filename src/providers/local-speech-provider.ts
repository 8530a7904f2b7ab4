import type { RemoteHandle } from '../types.ts';
import { ProviderError } from './errors.ts';
import { assertSpeechRequest, type SpeechProvider } from './speech-request.ts';
import type { DownloadResult, PollResult } from './types.ts';

/**
 * The keyless, offline voice: renders a synthetic placeholder on this device (media/voice/synth.ts, injected)
 * through the same job lifecycle as a remote speech provider. It is never passed off as speech or AI.
 * The render is deterministic, so a line lost with a reload is rendered again from the text kept in the
 * handle; nothing is billed and nothing leaves the device.
 */

export const LOCAL_VOICE_LABEL = 'Local voice (placeholder, not AI)';

export interface LocalSpeechLine {
  input: string;
  voice: string;
  speed: number;
}

export interface LocalSpeechDeps {
  /** Renders a line to a WAV Blob (media/voice/synth.ts `synthesizeSpeech(...).blob`). */
  synthesize(line: LocalSpeechLine): Blob | Promise<Blob>;
}

interface Render {
  result: Promise<Blob>;
  blob?: Blob;
  error?: ProviderError;
}

export function createLocalSpeechProvider(deps: LocalSpeechDeps): SpeechProvider {
  const renders = new Map<string, Render>();

  function start(id: string, line: LocalSpeechLine): Render {
    const render: Render = { result: Promise.resolve(new Blob()) };
    render.result = (async () => deps.synthesize(line))();
    render.result.then(
      (blob) => {
        render.blob = blob;
      },
      (error: unknown) => {
        render.error = new ProviderError({
          kind: 'local',
          message: `The local voice could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
          action: 'Try again; if it keeps failing, reload the app.',
          retryable: false,
        });
      },
    );
    renders.set(id, render);
    return render;
  }

  /** The render of a handle, started again from the handle's own line after a reload. */
  function renderOf(handle: RemoteHandle): Render | undefined {
    const known = renders.get(handle.id);
    if (known) return known;
    const data = handle.data;
    if (!data?.input || !data.voice) return undefined;
    return start(handle.id, { input: data.input, voice: data.voice, speed: Number(data.speed ?? 1) || 1 });
  }

  return {
    kind: 'local',

    async submit(request, signal) {
      signal.throwIfAborted();
      assertSpeechRequest(request);
      const id = `local-speech_${crypto.randomUUID()}`;
      const line = { input: request.input, voice: request.voice, speed: request.speed };
      start(id, line);
      const data: Record<string, string> = { mode: 'speech', ...line, speed: String(line.speed) };
      if (request.jobId) data.jobId = request.jobId;
      return { id, data };
    },

    async poll(handle): Promise<PollResult> {
      const render = renderOf(handle);
      if (!render) return { state: 'expired' };
      if (render.error) return { state: 'failed', error: render.error.toInfo() };
      return render.blob ? { state: 'completed', progress: 100 } : { state: 'running', pollAfterMs: 50 };
    },

    async download(handle, signal): Promise<DownloadResult> {
      const render = renderOf(handle);
      if (!render) {
        throw new ProviderError({
          kind: 'not-found',
          message: 'The local voice was lost before it was saved.',
          action: 'Voice the line again.',
          retryable: false,
        });
      }
      signal.throwIfAborted();
      const blob = await render.result.catch(() => {
        throw render.error;
      });
      renders.delete(handle.id);
      return { files: [blob] };
    },

    async cancel(handle) {
      renders.delete(handle.id);
    },
  };
}
