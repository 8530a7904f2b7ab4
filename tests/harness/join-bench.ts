/**
 * Join bench: what a user waits for when an episode is stitched and exported in the app, not just the
 * in-memory stitch (stitch-bench.ts). For each count, the takes are stored first, one IndexedDB record per
 * take (as the app's `blobs` store holds them), then each timed run does what the app does:
 *   Stitch button: read every take's Blob from IndexedDB → stitch through the worker bridge (stitchClips, with
 *                  the layouts VideoRecord caches) → save the result into IndexedDB;
 *   Export:        read the saved episode back from IndexedDB → stream it into a file (an OPFS file handle, the
 *                  same FileSystemWritableFileStream that Save as… writes).
 * Rows (console JSON and window.__benchResults):
 *   {"bench":"join-30-stitch-from-idb","value":<ms>,...}   {"bench":"join-30-export-to-file","value":<ms>,...}
 *   {"bench":"join-30-peak-extra-memory","value":<MB>,...} (the page's JS heap over the headline run: the run
 *   whose times are reported; the worker's own heap is not visible to performance.memory)
 * Run it in a persistent browser profile (bench.mjs does): an incognito profile keeps IndexedDB in memory.
 */
import { emit, heapSampler, loadClips, params, round, runBench } from './bench-page.ts';
import { scanLayout, stitchClips, type ClipLayout } from '../../src/media/stitch/index.ts';

const counts = (params.get('counts') ?? '30,240').split(',').map(Number);
const runs = Number(params.get('runs') ?? 3);
const base = params.get('clips') ?? '/bench-results/clips';
const DB = 'rw-join-bench';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

async function openDb(): Promise<IDBDatabase> {
  await request(indexedDB.deleteDatabase(DB));
  const open = indexedDB.open(DB, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('blobs', { keyPath: 'id' });
  return request(open);
}

async function run(db: IDBDatabase, n: number, layouts: ClipLayout[], file: FileSystemFileHandle) {
  const stop = heapSampler();
  const t0 = performance.now();
  // Stitch button: the takes come out of IndexedDB as disk-backed Blobs…
  const read = db.transaction('blobs').objectStore('blobs');
  const takes = await Promise.all(
    Array.from({ length: n }, (_, i) => request(read.get(`take-${i}`)) as Promise<{ blob: Blob }>),
  );
  const t1 = performance.now();
  const result = await stitchClips(
    takes.map((t) => t.blob),
    { layouts },
  );
  const t2 = performance.now();
  // …and the episode is saved beside them.
  const save = db.transaction('blobs', 'readwrite');
  save.objectStore('blobs').put({ id: 'episode', blob: result.blob });
  await done(save);
  const t3 = performance.now();
  // Export: the saved episode is streamed into a file.
  const saved = (await request(db.transaction('blobs').objectStore('blobs').get('episode'))) as {
    blob: Blob;
  };
  await saved.blob.stream().pipeTo(await file.createWritable());
  const t4 = performance.now();
  const peakExtraMB = stop();
  const written = (await file.getFile()).size;
  if (written !== result.blob.size) throw new Error(`wrote ${written} bytes of ${result.blob.size}`);
  return {
    bytes: result.blob.size,
    readMs: t1 - t0,
    stitchMs: t2 - t1,
    saveMs: t3 - t2,
    stitchTotalMs: t3 - t0,
    exportMs: t4 - t3,
    peakExtraMB,
  };
}

async function main(): Promise<void> {
  const distinct = await loadClips(base);
  const distinctLayouts = await Promise.all(distinct.map((blob) => scanLayout(blob)));
  const root = await navigator.storage.getDirectory();
  await stitchClips(distinct.slice(0, 2)); // warm-up: worker start-up and JIT are not what is measured
  for (const n of counts) {
    const db = await openDb();
    // One record per take, written before anything is timed.
    for (let at = 0; at < n; at += 20) {
      const tx = db.transaction('blobs', 'readwrite');
      for (let i = at; i < Math.min(n, at + 20); i++)
        tx.objectStore('blobs').put({ id: `take-${i}`, blob: distinct[i % distinct.length]!.slice() });
      await done(tx);
    }
    const layouts = Array.from({ length: n }, (_, i) => distinctLayouts[i % distinct.length]!);
    const reps = n >= 100 ? 1 : runs;
    const all = [];
    for (let r = 0; r < reps; r++) {
      const file = await root.getFileHandle(`join-bench-${n}.mp4`, { create: true });
      all.push(await run(db, n, layouts, file));
      await root.removeEntry(`join-bench-${n}.mp4`);
    }
    db.close();
    await request(indexedDB.deleteDatabase(DB));
    // The median run (by what the user waits for in all: stitch and export) gives every figure.
    const mid = [...all].sort((a, b) => a.stitchTotalMs + a.exportMs - (b.stitchTotalMs + b.exportMs))[
      Math.floor(all.length / 2)
    ]!;
    const mb = mid.bytes / 2 ** 20;
    emit({
      bench: `join-${n}-stitch-from-idb`,
      value: round(mid.stitchTotalMs),
      unit: 'ms',
      clips: n,
      bytes: mid.bytes,
      readMs: round(mid.readMs),
      stitchMs: round(mid.stitchMs),
      saveToIdbMs: round(mid.saveMs),
      saveMBps: round(mb / (mid.saveMs / 1000)),
      runs: all.length,
    });
    emit({
      bench: `join-${n}-export-to-file`,
      value: round(mid.exportMs),
      unit: 'ms',
      clips: n,
      bytes: mid.bytes,
      MBps: round(mb / (mid.exportMs / 1000)),
      runs: all.length,
    });
    emit({
      bench: `join-${n}-peak-extra-memory`,
      value: Math.round(mid.peakExtraMB * 100) / 100,
      unit: 'MB',
      clips: n,
      of: 'the page heap over the headline run (read, stitch, save, export)',
    });
  }
}

runBench(main);
