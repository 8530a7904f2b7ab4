import { toBase64 } from '../state/base64.ts';
import type { ModelSpec, RemoteHandle } from '../types.ts';
import { ProviderError } from './errors.ts';
import type { FalHttp } from './fal-http.ts';
import type { FalInputFiles, FalMode } from './fal-input.ts';
import { cachedUrls } from './fal-queue.ts';
import type { ProgressSink, SubmitFile } from './types.ts';

/** The files of a fal job: uploads to fal storage, the clip to extend, and CDN downloads. */

/** Stand-in file URLs, to validate a request before anything is uploaded. */
export function placeholders(mode: FalMode): FalInputFiles {
  const url = 'about:blank';
  return { first: url, last: url, references: mode === 'reference' ? [url] : undefined, video: url };
}

function cannotExtend(model: ModelSpec): ProviderError {
  return new ProviderError({
    kind: 'validation',
    field: 'remixOf',
    message: `${model.label} cannot extend a clip.`,
    action: 'Choose a model that can extend clips.',
    retryable: false,
  });
}

/** The stored clip as a base64 `data:` URI, fal's inline form of a file input. */
export async function inlineClip(clip: SubmitFile, model: ModelSpec, signal: AbortSignal): Promise<string> {
  if (!model.extend) throw cannotExtend(model);
  const bytes = new Uint8Array(await clip.blob.arrayBuffer());
  signal.throwIfAborted();
  return `data:${clip.blob.type || 'video/mp4'};base64,${toBase64(bytes)}`;
}

export function sourceClipUrl(source: RemoteHandle, model: ModelSpec): string {
  if (!model.extend) throw cannotExtend(model);
  const url = cachedUrls(source)?.[0];
  if (!url) {
    throw new ProviderError({
      kind: 'validation',
      field: 'remixOf',
      message: 'Only a clip made on fal.ai within the last hour can be extended.',
      action: 'Make the clip on fal.ai first, then extend it within the hour.',
      retryable: false,
    });
  }
  return url;
}

/** Storage upload: initiate with the key, then PUT the bytes to the signed upload URL without it. */
export async function upload(
  http: FalHttp,
  file: SubmitFile,
  signal: AbortSignal,
  timeoutMs?: number,
): Promise<string> {
  const contentType = file.blob.type || 'application/octet-stream';
  const initiated = await http.json<{ upload_url?: string; file_url?: string }>({
    method: 'POST',
    url: `${http.bases.rest}/storage/upload/initiate?storage_type=fal-cdn-v3`,
    body: { content_type: contentType, file_name: file.name },
    auth: true,
    resource: 'upload',
    signal,
    timeoutMs,
  });
  const { upload_url: uploadUrl, file_url: fileUrl } = initiated.data ?? {};
  if (!uploadUrl || !fileUrl) {
    throw new ProviderError({
      kind: 'server',
      message: 'fal.ai storage did not return an upload address.',
      action: 'Send the prompt again.',
      retryable: true,
    });
  }
  const blob = file.blob.type ? file.blob : new Blob([file.blob], { type: contentType });
  // The signed upload URL may answer XML or nothing: read it as bytes and ignore them.
  await http.blob({ method: 'PUT', url: uploadUrl, body: blob, auth: false, resource: 'upload', signal });
  return fileUrl;
}

/** A public CDN file, without the key, straight into a Blob. Expired → not-found; empty → failure. */
export async function downloadFile(
  http: FalHttp,
  url: string,
  signal: AbortSignal,
  onProgress?: ProgressSink,
): Promise<Blob> {
  const blob = await http.blob({ method: 'GET', url, auth: false, resource: 'download', signal }, onProgress);
  if (blob.size === 0) {
    throw new ProviderError({
      kind: 'server',
      message: 'fal.ai sent an empty file.',
      action: 'Send the prompt again.',
      retryable: true,
    });
  }
  return blob;
}
