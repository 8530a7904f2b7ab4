/** Messages between the stitch bridge (index.ts) and stitch.worker.ts. */
import type { StitchErrorData } from './errors.ts';
import type { StitchOptions, StitchResult } from './stitch.ts';

export interface StitchRequest {
  id: number;
  clips: Blob[];
  opts: StitchOptions;
}

export type StitchResponse =
  | { id: number; ok: true; result: StitchResult; ms: number }
  | { id: number; ok: false; error: StitchErrorData };
