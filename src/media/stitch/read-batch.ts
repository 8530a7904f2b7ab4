/**
 * Blob range reads for the stitcher. In a browser every `arrayBuffer()` is a round trip to the browser
 * process (about a millisecond each under load, and they do not overlap well), so reads issued in the same
 * turn — one per clip while all clips are located together — are coalesced into ONE read of a composite
 * Blob made of their slices, then split. Only the requested ranges are read; no media bytes.
 */
export type ReadRange = (blob: Blob, start: number, end: number) => Promise<Uint8Array>;

export const readDirect: ReadRange = async (blob, start, end) =>
  new Uint8Array(await blob.slice(start, end).arrayBuffer());

interface Request {
  blob: Blob;
  start: number;
  end: number;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: unknown) => void;
}

/** A reader that batches the reads issued before the next task into one composite read. */
export function batchedReader(): ReadRange {
  let queue: Request[] = [];
  const flush = async (): Promise<void> => {
    const batch = queue;
    queue = [];
    if (batch.length === 1) {
      const only = batch[0]!;
      readDirect(only.blob, only.start, only.end).then(only.resolve, only.reject);
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await new Blob(batch.map((r) => r.blob.slice(r.start, r.end))).arrayBuffer());
    } catch {
      // One unreadable Blob fails the composite: read each alone so only its own request fails.
      for (const r of batch) readDirect(r.blob, r.start, r.end).then(r.resolve, r.reject);
      return;
    }
    let at = 0;
    for (const r of batch) {
      r.resolve(bytes.subarray(at, at + r.end - r.start));
      at += r.end - r.start;
    }
  };
  return (blob, start, end) =>
    new Promise<Uint8Array>((resolve, reject) => {
      // The ranges Blob.slice would give, so the composite splits at the right places.
      const e = Math.max(0, Math.min(blob.size, end));
      const s = Math.max(0, Math.min(e, start));
      if (!queue.length) setTimeout(() => void flush(), 0);
      queue.push({ blob, start: s, end: e, resolve, reject });
    });
}

/** Whether Blob reads are inter-process round trips here (browsers), where batching pays off. */
export const readsAreRoundTrips = (): boolean =>
  typeof document !== 'undefined' ||
  typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
