/** The methods stitch.worker.ts serves to the stitch bridge (index.ts). */
import type { Method } from '../../workers/bridge.ts';
import type { StitchOptions, StitchResult } from './stitch.ts';

export type StitchProtocol = {
  stitch: Method<{ clips: Blob[]; opts: StitchOptions }, StitchResult>;
};
