/** Messages between the render bridge (index.ts) and render.worker.ts. */
import type { RenderClip, RenderError, RenderOptions, RenderProgress, RenderResult } from './types.ts';

export interface RenderRequest {
  clips: RenderClip[];
  options: RenderOptions;
}

export interface RenderErrorData {
  code: RenderError['code'];
  message: string;
  clip?: string;
}

export type RenderResponse =
  | { type: 'progress'; progress: RenderProgress }
  | { type: 'done'; result: RenderResult }
  | { type: 'error'; error: RenderErrorData };
