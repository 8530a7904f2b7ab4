/** The typed message protocol between `render-preview.ts` (main thread) and `preview.worker.ts`. */

export interface RenderRequest {
  type: 'render';
  prompt: string;
  width: number;
  height: number;
  seconds: number;
  fps: number;
  /** Already fitted to width x height by the caller; drawn to fill the frame. */
  reference?: Blob;
}

export type WorkerRequest = RenderRequest;

/** What went wrong, in words a person can act on. */
export type PreviewErrorCode = 'unsupported' | 'invalid' | 'reference' | 'encode' | 'mux';

export type WorkerResponse =
  | { type: 'progress'; fraction: number }
  | {
      type: 'done';
      blob: Blob;
      /** RFC 6381 codec string read from the produced avcC. */
      codec: string;
      /** Milliseconds spent in the worker, painting to muxing. */
      elapsedMs: number;
    }
  | { type: 'error'; code: PreviewErrorCode; message: string };

/** A local preview failure; `code` says which step failed. */
export class PreviewError extends Error {
  readonly code: PreviewErrorCode;
  constructor(code: PreviewErrorCode, message: string) {
    super(message);
    this.name = 'PreviewError';
    this.code = code;
  }
}
