/**
 * Module worker of the local preview renderer: paints frames on an OffscreenCanvas, encodes them with
 * WebCodecs (H.264 + Opus) and muxes a faststart MP4 with mp4box. Speaks `preview-protocol.ts`.
 */
import { encodePreview } from './encode.ts';
import { PreviewError, type WorkerRequest, type WorkerResponse } from './preview-protocol.ts';

interface WorkerScope {
  postMessage(message: WorkerResponse, options?: StructuredSerializeOptions): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;

scope.addEventListener('message', (event) => {
  const request = event.data;
  if (request.type !== 'render') return;
  let lastSent = -1;
  encodePreview(request, (fraction) => {
    // At most ~100 progress messages per render.
    if (fraction - lastSent < 0.01 && fraction < 1) return;
    lastSent = fraction;
    scope.postMessage({ type: 'progress', fraction });
  })
    .then((result) => scope.postMessage({ type: 'done', ...result }))
    .catch((error: unknown) => {
      const code = error instanceof PreviewError ? error.code : 'encode';
      const message = error instanceof Error ? error.message : String(error);
      scope.postMessage({ type: 'error', code, message });
    });
});
