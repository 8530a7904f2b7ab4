import type { ModelSpec, Size } from '../types.ts';
import { ProviderError } from './errors.ts';
import { upload } from './fal-files.ts';
import { createFalHttp, falBases } from './fal-http.ts';
import { buildFalInput, endpointFor, type FalMode } from './fal-input.ts';
import { createFalProvider, type FalPollResult, type FalProviderDeps } from './fal-provider.ts';
import { queueSubmit } from './fal-queue.ts';
import { defaultSleep } from './http.ts';
import type { SubmitFile } from './types.ts';

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
