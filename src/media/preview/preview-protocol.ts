/** The methods `preview.worker.ts` serves to `render-preview.ts` (main thread), and the preview error. */
import type { Method } from '../../workers/bridge.ts';

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

/** What went wrong, in words a person can act on. */
export type PreviewErrorCode = 'unsupported' | 'invalid' | 'reference' | 'encode' | 'mux';

export interface PreviewRender {
  blob: Blob;
  /** RFC 6381 codec string read from the produced avcC. */
  codec: string;
  /** Milliseconds spent in the worker, painting to muxing. */
  elapsedMs: number;
}

/** `render` reports progress as a fraction 0..1. */
export type PreviewProtocol = {
  render: Method<RenderRequest, PreviewRender, number>;
};

/** A local preview failure; `code` says which step failed. */
export class PreviewError extends Error {
  readonly code: PreviewErrorCode;
  constructor(code: PreviewErrorCode, message: string) {
    super(message);
    this.name = 'PreviewError';
    this.code = code;
  }
}
