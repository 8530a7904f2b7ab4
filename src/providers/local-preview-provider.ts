import type { RemoteHandle } from '../types.ts';
import { LOST_IN_MEMORY, ProviderError } from './errors.ts';
import type { DownloadResult, PollResult, Provider, SubmitRequest } from './types.ts';

/**
 * The local preview provider: renders a real MP4 on this device (through media/, injected) and goes
 * through the same lifecycle as a remote job. It is a placeholder for layout and timing, never AI output.
 * Renders live in memory: after a reload, polling an unknown job fails with code LOST_IN_MEMORY, and the job
 * runner (which owns the job) sends it again; it costs nothing and renders the same clip.
 */
export interface LocalRenderOptions {
  prompt: string;
  width: number;
  height: number;
  seconds: number;
  reference?: Blob;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export type LocalPace = 'realistic' | 'fast';

export interface LocalPreviewDeps {
  render(options: LocalRenderOptions): Promise<Blob>;
  renderStill?(options: { prompt: string; width: number; height: number; variant: number }): Promise<Blob>;
  pace(): LocalPace;
  now?: () => number;
}

interface Render {
  startedAt: number;
  progress: number;
  controller: AbortController;
  result: Promise<Blob[]>;
  files?: Blob[];
  error?: ProviderError;
}

/** A realistic pace: a short queue, then at least a second of "generation" per clip second. */
const QUEUE_MS = 1500;
const MS_PER_CLIP_SECOND = 1000;

export function createLocalPreviewProvider(deps: LocalPreviewDeps): Provider {
  const renders = new Map<string, Render>();
  const now = deps.now ?? Date.now;

  function start(id: string, request: SubmitRequest): Render {
    const controller = new AbortController();
    const [width, height] = request.size.split('x').map(Number) as [number, number];
    const render: Render = { startedAt: now(), progress: 0, controller, result: Promise.resolve([]) };
    const onProgress = (fraction: number): void => {
      render.progress = fraction;
    };
    render.result = (async () => {
      if (request.model.mode === 'image') {
        if (!deps.renderStill) throw new Error('Still rendering is not available.');
        const count = request.variants ?? 1;
        const stills: Blob[] = [];
        for (let variant = 0; variant < count; variant += 1) {
          stills.push(await deps.renderStill({ prompt: request.prompt, width, height, variant }));
          onProgress((variant + 1) / count);
        }
        return stills;
      }
      return [
        await deps.render({
          prompt: request.prompt,
          width,
          height,
          seconds: request.seconds,
          reference: request.reference?.blob,
          onProgress,
          signal: controller.signal,
        }),
      ];
    })();
    render.result.then(
      (files) => {
        render.files = files;
        render.progress = 1;
      },
      (error: unknown) => {
        render.error = new ProviderError({
          kind: 'local',
          message: `The local preview could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
          action: 'Try again. If it keeps failing, this browser may lack H.264 video encoding (WebCodecs).',
          retryable: false,
        });
      },
    );
    renders.set(id, render);
    return render;
  }

  function status(render: Render, seconds: number): PollResult {
    if (render.error) return { state: 'failed', error: render.error.toInfo() };
    if (deps.pace() === 'fast') {
      return render.files
        ? { state: 'completed' }
        : { state: 'running', progress: render.progress * 100, pollAfterMs: 100 };
    }
    const elapsed = now() - render.startedAt;
    const minimum = QUEUE_MS + seconds * MS_PER_CLIP_SECOND;
    if (elapsed < QUEUE_MS) return { state: 'queued', pollAfterMs: 500 };
    if (render.files && elapsed >= minimum) return { state: 'completed' };
    const progress = Math.min(render.progress, elapsed / minimum, 0.99) * 100;
    return { state: 'running', progress, pollAfterMs: 400 };
  }

  /** The render of a handle, or a typed "lost" when this tab never had it (it was started before a reload). */
  function known(handle: RemoteHandle): Render {
    const render = renders.get(handle.id);
    if (render) return render;
    throw new ProviderError({
      kind: 'not-found',
      code: LOST_IN_MEMORY,
      message: 'The local preview was lost with a reload.',
      action: 'It is rendered again.',
      retryable: false,
    });
  }

  return {
    kind: 'local',
    rerunsWhenLost: true,

    async submit(request, signal) {
      signal.throwIfAborted();
      const id = `local_${crypto.randomUUID()}`;
      start(id, request);
      return { id, data: { seconds: String(request.seconds) } };
    },

    async poll(handle: RemoteHandle) {
      return status(known(handle), Number(handle.data?.seconds ?? 4));
    },

    async download(handle, signal): Promise<DownloadResult> {
      const render = known(handle);
      signal.throwIfAborted();
      const files = await render.result.catch(() => {
        throw render.error;
      });
      renders.delete(handle.id);
      return { files };
    },

    async cancel(handle) {
      renders.get(handle.id)?.controller.abort();
      renders.delete(handle.id);
    },
  };
}
