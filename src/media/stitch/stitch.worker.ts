/** Runs `stitch` off the main thread. Blobs cross the boundary by reference; no media bytes are copied. */
import { serve } from '../../workers/bridge.ts';
import { StitchError } from './errors.ts';
import type { StitchProtocol } from './protocol.ts';
import { stitch } from './stitch.ts';

serve<StitchProtocol>({
  stitch: ({ clips, opts }) =>
    stitch(clips, opts).catch((err: unknown) => {
      if (err instanceof StitchError) throw err;
      throw new StitchError('worker', `Stitching failed: ${(err as Error)?.message ?? String(err)}`);
    }),
});
