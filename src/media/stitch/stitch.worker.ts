/// <reference lib="webworker" />
/** Runs `stitch` off the main thread. Blobs cross the boundary by reference; no media bytes are copied. */
import { StitchError } from './errors.ts';
import type { StitchRequest, StitchResponse } from './protocol.ts';
import { stitch } from './stitch.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<StitchRequest>) => {
  const { id, clips, opts } = event.data;
  const started = performance.now();
  let response: StitchResponse;
  try {
    const result = await stitch(clips, opts);
    response = { id, ok: true, result, ms: performance.now() - started };
  } catch (err) {
    const error =
      err instanceof StitchError
        ? err.toJSON()
        : {
            code: 'worker' as const,
            message: `Stitching failed: ${(err as Error)?.message ?? String(err)}`,
            clipIndexes: [],
            clipLabels: [],
          };
    response = { id, ok: false, error };
  }
  scope.postMessage(response);
};
