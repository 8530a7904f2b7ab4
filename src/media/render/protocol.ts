/** The methods render.worker.ts serves to the render bridge (index.ts). */
import type { Method } from '../../workers/bridge.ts';
import type { RenderClip, RenderOptions, RenderProgress, RenderResult } from './types.ts';

export type RenderProtocol = {
  render: Method<{ clips: RenderClip[]; options: RenderOptions }, RenderResult, RenderProgress>;
};
