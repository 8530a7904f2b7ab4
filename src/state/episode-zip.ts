/**
 * The zip seam of the episode export (loaded on demand, so zip.js stays out of the shell's first script).
 * Entries are stored (level 0: video and music are compressed already) and streamed: each Blob is read in
 * slices through zip.js's BlobReader and written straight to `writable` with a data descriptor after it,
 * so no entry is ever held whole in memory.
 */
import { BlobReader, ZipWriter } from '@zip.js/zip.js';

export interface ZipEntry {
  name: string;
  blob: Blob;
}

/** Writes `entries` into `writable` as one stored zip; `onProgress(done, total)` counts bytes. Closes it. */
export async function writeZip(
  entries: readonly ZipEntry[],
  writable: WritableStream<Uint8Array>,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<void> {
  const total = entries.reduce((sum, e) => sum + e.blob.size, 0);
  // No web workers (stored entries need no codec, and inline workers would need `blob:` scripts under the CSP).
  const zip = new ZipWriter(writable, {
    level: 0,
    useWebWorkers: false,
    useCompressionStream: false,
    keepOrder: true,
    signal: options.signal,
  });
  let done = 0;
  try {
    for (const entry of entries) {
      // One at a time: a concurrent add would be buffered in memory until the writer is free.
      await zip.add(entry.name, new BlobReader(entry.blob), {
        lastModDate: new Date(),
        onprogress: (progress) => options.onProgress?.(done + progress, total),
      });
      done += entry.blob.size;
      options.onProgress?.(done, total);
    }
    await zip.close();
  } catch (error) {
    await writable.abort(error).catch(() => undefined);
    throw error;
  }
}
