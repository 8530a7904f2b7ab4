import { hostOf } from './error-map.ts';
import { ProviderError } from './errors.ts';
import { MAX_STILL_BYTES, baseUrlOf, requestBlob, requestJson } from './http.ts';
import type { DownloadResult, PollResult, Provider, ProviderDeps, SubmitRequest } from './types.ts';
import type { RemoteHandle } from '../types.ts';
import { readHead, sniffType } from '../media/sniff.ts';

/**
 * Stills through `POST /images/generations` (GPT image models), e.g. a first frame for a clip.
 * `model` is always sent: without it the API falls back to dall-e-2.
 * There is nothing to reconcile for images: a timeout throws `outcomeUnknown` and must not be re-sent blindly.
 */

export interface ImageRequest {
  modelId: string;
  prompt: string;
  /** `WIDTHxHEIGHT`. */
  size: string;
  /** 1-10, default 1. */
  n?: number;
}

interface ImagesResponse {
  created?: number;
  data?: { b64_json?: string; url?: string }[];
  output_format?: string;
}

const STANDARD_SIZES: readonly string[] = ['1024x1024', '1536x1024', '1024x1536'];
const FORMATS: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};
const MAX_EDGE = 3840;
const MAX_PIXELS = 3840 * 2160;

/** `gpt-image-2` and its dated snapshots take any size; the others a fixed list. */
export function isFlexibleSizeModel(modelId: string): boolean {
  return /^gpt-image-2(-|$)/.test(modelId);
}

/**
 * Throws a validation ProviderError (field `size`) unless the model can make `size`:
 * gpt-image-2 → both sides divisible by 16, aspect between 1:3 and 3:1, within 3840x2160;
 * other models → 1024x1024, 1536x1024 or 1024x1536.
 */
export function checkImageSize(modelId: string, size: string): void {
  if (!isFlexibleSizeModel(modelId)) {
    if (!STANDARD_SIZES.includes(size)) {
      throw invalidSize(`${modelId} cannot make ${size} images.`, `Choose ${STANDARD_SIZES.join(', ')}.`);
    }
    return;
  }
  const match = /^(\d+)x(\d+)$/.exec(size);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width <= 0 || height <= 0) {
    throw invalidSize(`'${size}' is not a size (expected WIDTHxHEIGHT).`, 'Enter a size such as 1536x864.');
  }
  if (width % 16 !== 0 || height % 16 !== 0) {
    throw invalidSize(
      `${modelId} needs both sides of the size divisible by 16 (got ${size}).`,
      `Try ${roundTo16(width)}x${roundTo16(height)}.`,
    );
  }
  if (Math.max(width, height) / Math.min(width, height) > 3) {
    throw invalidSize(`${size} is wider than 3:1 or taller than 1:3.`, 'Choose a less extreme aspect ratio.');
  }
  if (Math.max(width, height) > MAX_EDGE || width * height > MAX_PIXELS) {
    throw invalidSize(`${size} is larger than ${modelId} can make (3840x2160).`, 'Choose a smaller size.');
  }
}

export async function generateImages(
  deps: ProviderDeps,
  request: ImageRequest,
  signal: AbortSignal,
  options: { timeoutMs?: number } = {},
): Promise<Blob[]> {
  const n = request.n ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > 10) {
    throw new ProviderError({
      kind: 'validation',
      field: 'n',
      message: 'Between 1 and 10 images can be made at once.',
      action: 'Choose a number from 1 to 10.',
      retryable: false,
    });
  }
  if (!request.prompt.trim()) {
    throw new ProviderError({
      kind: 'validation',
      field: 'prompt',
      message: 'The prompt is empty.',
      action: 'Describe the image.',
      retryable: false,
    });
  }
  checkImageSize(request.modelId, request.size);
  const host = hostOf(baseUrlOf(deps.connection));
  const { data } = await requestJson<ImagesResponse>(deps, {
    method: 'POST',
    path: '/images/generations',
    body: { model: request.modelId, prompt: request.prompt, size: request.size, n },
    signal,
    timeoutMs: options.timeoutMs ?? 180_000,
    context: { model: request.modelId, size: request.size, resource: 'image' },
  });
  const type = FORMATS[data?.output_format ?? ''] ?? 'image/png';
  const images: Blob[] = [];
  for (const item of data?.data ?? []) {
    if (item.b64_json) {
      if (item.b64_json.length > (MAX_STILL_BYTES * 4) / 3 + 4) throw stillTooLarge(host);
      images.push(new Blob([decodeBase64(item.b64_json)], { type }));
    } else if (item.url) {
      // Another origin (a CDN) gets no key: http.ts attaches it to the connection's own origin only.
      const { data: blob } = await requestBlob(deps, {
        method: 'GET',
        path: item.url,
        signal,
        context: { resource: 'image' },
        maxBytes: MAX_STILL_BYTES,
      });
      images.push(blob);
    }
  }
  if (images.length === 0) {
    throw new ProviderError({
      kind: 'server',
      message: `${host} answered without any image.`,
      action: 'Try again, perhaps with a different prompt.',
      retryable: true,
    });
  }
  return Promise.all(images.map((image) => asSniffedImage(image, host)));
}

/** A still is stored with the type its bytes show, never the declared one; only raster images pass. */
async function asSniffedImage(image: Blob, host: string): Promise<Blob> {
  const sniffed = sniffType(await readHead(image));
  if (!sniffed || sniffed.kind !== 'image') {
    throw new ProviderError({
      kind: 'server',
      message: `${host} sent a still that is not a PNG, JPEG, WebP, GIF or AVIF image (declared as ${image.type || 'nothing'}); it was not saved.`,
      action: 'Check the connection in Settings, then try again.',
      retryable: false,
    });
  }
  return image.type === sniffed.mime ? image : image.slice(0, image.size, sniffed.mime);
}

const stillTooLarge = (host: string): ProviderError =>
  new ProviderError({
    kind: 'server',
    message: `${host} sent a still over the ${MAX_STILL_BYTES / (1024 * 1024)} MB limit; it was not saved.`,
    action: 'Check the connection in Settings, then try again.',
    retryable: false,
  });

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function roundTo16(value: number): number {
  return Math.max(16, Math.round(value / 16) * 16);
}

function invalidSize(message: string, action: string): ProviderError {
  return new ProviderError({ kind: 'validation', field: 'size', message, action, retryable: false });
}

/** Prefix of the synthetic remote ids of image jobs (the Images API answers at once; there is no job). */
export const IMAGE_HANDLE_PREFIX = 'openai-image_';
/** Stills already downloaded stay this long in memory, in case saving them is retried. */
const KEEP_AFTER_DOWNLOAD_MS = 5 * 60_000;

/**
 * Puts `POST /images/generations` behind the job interface of `video`, for models with `mode: 'image'`:
 * submit makes the stills and holds them in memory under a synthetic id; poll says completed; download hands
 * them over. The API returns images once and keeps no copy, so if the tab closes before they are saved they
 * are gone: polling an unknown id says so (state `expired`, may have been billed) and nothing is re-sent.
 */
export function withOpenAIImages(video: Provider, deps: ProviderDeps): Provider {
  const held = new Map<string, Blob[]>();
  const isImage = (handle: RemoteHandle): boolean => handle.id.startsWith(IMAGE_HANDLE_PREFIX);
  const lost = (): ProviderError =>
    new ProviderError({
      kind: 'not-found',
      message:
        'The stills were made, but this tab closed or reloaded before they were saved, and OpenAI keeps no ' +
        'copy of generated images. They may have been billed. Reelwright did not send the request again.',
      action: 'Generate the stills again if you still want them.',
      retryable: false,
    });

  return {
    ...video,
    kind: video.kind,
    async submit(request: SubmitRequest, signal: AbortSignal): Promise<RemoteHandle> {
      if (request.model.mode !== 'image') return video.submit(request, signal);
      const stills = await generateImages(
        deps,
        { modelId: request.modelId, prompt: request.prompt, size: request.size, n: request.variants ?? 1 },
        signal,
      );
      const id = `${IMAGE_HANDLE_PREFIX}${crypto.randomUUID()}`;
      held.set(id, stills);
      return { id, data: { mode: 'image', count: String(stills.length) } };
    },
    async poll(handle: RemoteHandle, signal: AbortSignal): Promise<PollResult> {
      if (!isImage(handle)) return video.poll(handle, signal);
      return held.has(handle.id)
        ? { state: 'completed', progress: 100 }
        : { state: 'expired', error: lost().toInfo() };
    },
    async download(handle: RemoteHandle, signal: AbortSignal, onProgress): Promise<DownloadResult> {
      if (!isImage(handle)) return video.download(handle, signal, onProgress);
      const files = held.get(handle.id);
      if (!files) throw lost();
      setTimeout(() => held.delete(handle.id), KEEP_AFTER_DOWNLOAD_MS);
      return { files };
    },
    async cancel(handle: RemoteHandle, signal: AbortSignal): Promise<void> {
      if (isImage(handle)) held.delete(handle.id);
      else await video.cancel?.(handle, signal);
    },
    async remove(handle: RemoteHandle, signal: AbortSignal): Promise<void> {
      if (isImage(handle)) held.delete(handle.id);
      else await video.remove?.(handle, signal);
    },
    async reconcile(request, window, signal) {
      // Images leave no job to find: an unknown outcome stays unknown (and is explained), never re-sent.
      if (request.model.mode === 'image') return null;
      return video.reconcile ? video.reconcile(request, window, signal) : null;
    },
  };
}
