/**
 * Object URLs for stored bytes (thumbnails, clips), outside the store state: asked for by blob id, read
 * in batches (one transaction per frame), published in short slices, revoked when the bytes are deleted.
 * Every change makes a new `snapshot` object, so an element given it as a property re-renders.
 */

/** Longest run of object-URL creation in one task (ms). */
const URL_SLICE_MS = 8;

export interface BlobReader {
  getBlob(id: string): Promise<Blob | undefined>;
  getBlobs?(ids: readonly string[]): Promise<(Blob | undefined)[]>;
}

interface Waiter {
  resolve: (url: string | undefined) => void;
  reject: (error: unknown) => void;
}

export class ObjectUrls {
  private known: Readonly<Record<string, string>> = {};
  private readonly loading = new Map<string, Promise<string | undefined>>();
  /** Blob ids asked for since the last flush (a screen of thumbnails): read together, one change for all. */
  private batch = new Map<string, Waiter>();

  constructor(
    private readonly db: BlobReader,
    /** Called after every change (the store emits its change event). */
    private readonly onChange: () => void,
  ) {}

  /** Every URL made so far, by blob id; a new object after each change. */
  get snapshot(): Readonly<Record<string, string>> {
    return this.known;
  }

  /** The URL of a blob; undefined until it is loaded, then a change fires. */
  get(blobId: string | undefined): string | undefined {
    if (!blobId) return undefined;
    const known = this.known[blobId];
    if (known) return known;
    void this.load(blobId);
    return undefined;
  }

  async load(blobId: string): Promise<string | undefined> {
    const known = this.known[blobId];
    if (known) return known;
    let loading = this.loading.get(blobId);
    if (!loading) {
      loading = new Promise<string | undefined>((resolve, reject) => {
        if (!this.batch.size) {
          // Collect the ids asked for during this frame; the timer covers hidden tabs (no frames there).
          let flushed = false;
          const flush = (): void => {
            if (flushed) return;
            flushed = true;
            void this.flush();
          };
          if (typeof requestAnimationFrame === 'function') {
            requestAnimationFrame(flush);
            setTimeout(flush, 100);
          } else setTimeout(flush, 0);
        }
        this.batch.set(blobId, { resolve, reject });
      });
      this.loading.set(blobId, loading);
    }
    return loading;
  }

  /** Revokes the URLs of deleted bytes. */
  forget(blobIds: readonly (string | undefined)[]): void {
    const urls = { ...this.known };
    let changed = false;
    for (const id of blobIds) {
      if (!id || !urls[id]) continue;
      URL.revokeObjectURL(urls[id]);
      delete urls[id];
      changed = true;
    }
    if (!changed) return;
    this.known = urls;
    this.onChange();
  }

  dispose(): void {
    for (const url of Object.values(this.known)) URL.revokeObjectURL(url);
    this.known = {};
  }

  /** Reads the batched blobs in one transaction and publishes all their object URLs with one change. */
  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = new Map();
    const ids = [...batch.keys()];
    const { db } = this;
    let blobs: (Blob | undefined)[];
    try {
      blobs = db.getBlobs ? await db.getBlobs(ids) : await Promise.all(ids.map((id) => db.getBlob(id)));
    } catch (error) {
      for (const id of ids) this.loading.delete(id);
      for (const waiter of batch.values()) waiter.reject(error);
      return;
    }
    // createObjectURL is a synchronous round trip in browsers (~1 ms): publish in slices of a few ms so a
    // screenful of thumbnails never makes one long task.
    let started = performance.now();
    let added: Record<string, string> = {};
    const publish = (): void => {
      const ready = Object.entries(added);
      added = {};
      if (ready.length) {
        this.known = { ...this.known, ...Object.fromEntries(ready) };
        this.onChange();
      }
      for (const [id, url] of ready) {
        this.loading.delete(id);
        batch.get(id)!.resolve(url);
      }
    };
    for (const [i, id] of ids.entries()) {
      const blob = blobs[i];
      if (!blob) {
        this.loading.delete(id);
        batch.get(id)!.resolve(undefined);
        continue;
      }
      added[id] = URL.createObjectURL(blob);
      if (performance.now() - started > URL_SLICE_MS && i < ids.length - 1) {
        publish();
        await new Promise((resolve) => setTimeout(resolve, 0));
        started = performance.now();
      }
    }
    publish();
  }
}
