/**
 * Stitch bench (in memory), run in Chromium through the Vite dev server by scripts/bench.mjs (or
 * scripts/bench-stitch.mjs). For each count it logs one JSON line to the console and pushes it to
 * `window.__benchResults`:
 *   {"bench":"stitch-30","value":<median ms>,"unit":"ms","peakExtraMB":<of that same run>,"workerBridgeMs":…,…}
 *   {"bench":"stitch-30-peak-extra-memory","value":<MB, the headline run's>,"unit":"MB",…}
 * The headline runs call `stitch` on this thread with cached layouts (what VideoRecord.layout holds): the very
 * function the stitch worker runs, so the JS heap sampled meanwhile (performance.memory, which workers do not
 * have) is the memory of the run whose time is reported. "workerBridgeMs" is the same stitch through the worker
 * bridge the app uses (stitchClips), "discoveryMs" the bridge without layouts (clips saved before layouts
 * existed walk the box headers). Needs --enable-precise-memory-info (and --js-flags=--expose-gc for a GC first).
 * The largest count is also loaded into a <video> to check its duration ("stitch-<n>-video-duration").
 */
import { emit, heap, loadClips, params, round, runBench } from './bench-page.ts';
import {
  scanLayout,
  stitch,
  stitchClips,
  type ClipLayout,
  type StitchResult,
} from '../../src/media/stitch/index.ts';

const counts = (params.get('counts') ?? '3,10,30,240').split(',').map(Number);
const runs = Number(params.get('runs') ?? 5);
const base = params.get('clips') ?? '/bench-results/clips';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One run of `stitch` on this thread, its time and the peak JS heap above the pre-run baseline. */
async function measured(
  clips: Blob[],
  layouts: (ClipLayout | undefined)[],
): Promise<{ result: StitchResult; ms: number; peakExtraMB: number }> {
  window.gc?.();
  const before = heap();
  let peak = before;
  let sampling = true;
  const sample = (): void => {
    peak = Math.max(peak, heap());
    if (sampling) setTimeout(sample, 0);
  };
  sample();
  const t0 = performance.now();
  const result = await stitch(clips, { layouts });
  const ms = performance.now() - t0;
  peak = Math.max(peak, heap());
  sampling = false;
  return { result, ms, peakExtraMB: (peak - before) / 2 ** 20 };
}

async function videoDuration(blob: Blob): Promise<number> {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'metadata';
  const url = URL.createObjectURL(blob);
  video.src = url;
  try {
    return await new Promise<number>((resolve, reject) => {
      video.onloadedmetadata = () => resolve(video.duration);
      video.onerror = () => reject(new Error(`video error ${video.error?.code}: ${video.error?.message}`));
    });
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function main(): Promise<void> {
  const distinct = await loadClips(base);
  // Every position gets its own Blob object (a full slice), as clips from IndexedDB would be.
  const clipsFor = (n: number): Blob[] =>
    Array.from({ length: n }, (_, i) => distinct[i % distinct.length]!.slice());
  // What VideoRecord.layout holds for each clip (found once, when the clip was saved).
  const distinctLayouts = await Promise.all(distinct.map((blob) => scanLayout(blob)));
  const layoutsFor = (n: number): (ClipLayout | undefined)[] =>
    Array.from({ length: n }, (_, i) => distinctLayouts[i % distinct.length]);
  await stitchClips(clipsFor(3)); // warm-up: worker module compile, JIT
  await stitch(clipsFor(3));
  for (const n of counts) {
    const layouts = layoutsFor(n);
    const reps = n >= 100 ? Math.max(3, Math.ceil(runs / 2)) : runs;
    const headline: { ms: number; peakExtraMB: number }[] = [];
    const bridge: number[] = [];
    const discovery: number[] = [];
    let last: StitchResult | undefined;
    // Fresh Blob objects per run so nothing is cached between runs; the three paths interleave.
    for (let r = 0; r < reps; r++) {
      const run = await measured(clipsFor(n), layouts);
      headline.push(run);
      last = run.result;
      let t0 = performance.now();
      await stitchClips(clipsFor(n), { layouts });
      bridge.push(performance.now() - t0);
      t0 = performance.now();
      await stitchClips(clipsFor(n));
      discovery.push(performance.now() - t0);
    }
    // The median run gives the time, and the memory reported is that run's own.
    const mid = [...headline].sort((a, b) => a.ms - b.ms)[Math.floor(headline.length / 2)]!;
    const inputBytes = clipsFor(n).reduce((s, c) => s + c.size, 0);
    emit({
      bench: `stitch-${n}`,
      value: round(mid.ms),
      unit: 'ms',
      clips: n,
      inputBytes,
      outputBytes: last!.blob.size,
      headerBytes: last!.headerBytes,
      bytesRead: last!.bytesRead,
      duration: last!.duration,
      peakExtraMB: Math.round(mid.peakExtraMB * 100) / 100,
      workerBridgeMs: round(median(bridge)),
      discoveryMs: round(median(discovery)),
      timings: Object.fromEntries(Object.entries(last!.timings).map(([k, v]) => [k, round(v)])),
      runsMs: headline.map((x) => round(x.ms)),
    });
    emit({
      bench: `stitch-${n}-peak-extra-memory`,
      value: Math.round(mid.peakExtraMB * 100) / 100,
      unit: 'MB',
      clips: n,
      ofRunMs: round(mid.ms),
      maxOverRunsMB: Math.round(Math.max(...headline.map((x) => x.peakExtraMB)) * 100) / 100,
    });
    if (n === Math.max(...counts)) {
      const d = await videoDuration(last!.blob);
      emit({
        bench: `stitch-${n}-video-duration`,
        value: d,
        unit: 's',
        target: last!.duration,
        ok: Math.abs(d - last!.duration) < 0.1,
        tolerance: 0.1,
      });
    }
  }
}

runBench(main);
