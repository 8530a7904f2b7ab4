/**
 * Import worker: decoding, thumbnailing, probing and hashing off the main thread. The page posts a File
 * (structured clone, no copy of the bytes) and gets a small report back. Spoken to only through import-pool.ts.
 */
import { serve } from '../workers/bridge.ts';
import type { ImportProtocol } from './import-pool.ts';
import { inspectFile } from './inspect.ts';

serve<ImportProtocol>({ inspect: ({ file, thumbSide }) => inspectFile(file, thumbSide) });
