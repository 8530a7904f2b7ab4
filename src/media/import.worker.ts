/// <reference lib="webworker" />
/**
 * Import worker: decoding, thumbnailing, probing and hashing off the main thread. The page posts a File
 * (structured clone, no copy of the bytes) and gets a small report back. Spoken to only through import-pool.ts.
 */
import { inspectFile } from './inspect.ts';
import type { ImportWorkerRequest, ImportWorkerResponse } from './import-pool.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener('message', (event: MessageEvent<ImportWorkerRequest>) => {
  const { id, file, thumbSide } = event.data;
  inspectFile(file, thumbSide).then(
    (report) => scope.postMessage({ id, ok: true, report } satisfies ImportWorkerResponse),
    (error: unknown) =>
      scope.postMessage({
        id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies ImportWorkerResponse),
  );
});
