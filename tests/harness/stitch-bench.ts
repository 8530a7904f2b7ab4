/**
 * Stitch bench, run in Chromium through the Vite dev server (see scripts/bench-stitch.mjs). For each count it
 * logs one JSON line to the console and pushes it to `window.__benchResults`:
 *   {"bench":"stitch-30","value":<median ms via the worker bridge, with cached layouts>,"unit":"ms","clips":30,
 *    "discoveryMs":<same without layouts>,"inlineMs":<with layouts, on this thread>,"peakExtraMB":…,…}
 * Layouts are what VideoRecord.layout caches at save time (scanLayout); "discoveryMs" is the path for clips
 * saved before layouts existed (walks the box headers).
 * peakExtraMB = max(performance.memory.usedJSHeapSize sampled while `stitch` runs inline on this thread) minus
 * the value before (after a GC when --js-flags=--expose-gc is given). It needs --enable-precise-memory-info.
 * The largest count is also loaded into a <video> to check its duration ("stitch-<n>-video-duration").
 */
import {
  scanLayout,
  stitch,
  stitchClips,
  type ClipLayout,
  type StitchResult,
} from '../../src/media/stitch/index.ts';

interface BenchLine {
  bench: string;
  value: number;
  unit: string;
  [key: string]: unknown;
}

declare global {
  interface Window {
    __benchResults: BenchLine[];
    __benchDone: boolean;
    __benchError?: string;
    gc?: () => void;
  }
  interface Performance {
    memory?: { usedJSHeapSize: number };
  }
}

window.__benchResults = [];
window.__benchDone = false;

const params = new URLSearchParams(location.search);
const counts = (params.get('counts') ?? '3,10,30,240').split(',').map(Number);
const runs = Number(params.get('runs') ?? 5);
const base = params.get('clips') ?? '/bench-results/clips';

function emit(line: BenchLine): void {
  window.__benchResults.push(line);
  console.log(JSON.stringify(line));
  document.getElementById('out')!.textContent += `${JSON.stringify(line)}\n`;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const heap = (): number => performance.memory?.usedJSHeapSize ?? NaN;

async function loadClips(): Promise<Blob[]> {
  const manifest = (await (await fetch(`${base}/manifest.json`)).json()) as { distinct: number };
  const out: Blob[] = [];
  for (let i = 0; i < manifest.distinct; i++) {
    const res = await fetch(`${base}/clip-${String(i).padStart(2, '0')}.mp4`);
    if (!res.ok) throw new Error(`missing bench clip ${i}: ${res.status}`);
    out.push(await res.blob());
  }
  return out;
}

async function measurePeak(
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
  const distinct = await loadClips();
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
    const clips = clipsFor(n);
    const layouts = layoutsFor(n);
    const reps = n >= 100 ? Math.max(3, Math.ceil(runs / 2)) : runs;
    const times: number[] = [];
    const discovery: number[] = [];
    let last: StitchResult | undefined;
    // Fresh Blob objects per run so nothing is cached between runs; the two paths interleave.
    for (let r = 0; r < reps; r++) {
      let batch = clipsFor(n);
      let t0 = performance.now();
      await stitchClips(batch);
      discovery.push(performance.now() - t0);
      batch = clipsFor(n);
      t0 = performance.now();
      last = await stitchClips(batch, { layouts });
      times.push(performance.now() - t0);
    }
    const inline = [] as { ms: number; peakExtraMB: number }[];
    for (let r = 0; r < Math.min(3, reps); r++) inline.push(await measurePeak(clipsFor(n), layouts));
    const inputBytes = clips.reduce((s, c) => s + c.size, 0);
    emit({
      bench: `stitch-${n}`,
      value: Math.round(median(times) * 10) / 10,
      unit: 'ms',
      clips: n,
      inputBytes,
      outputBytes: last!.blob.size,
      headerBytes: last!.headerBytes,
      bytesRead: last!.bytesRead,
      duration: last!.duration,
      peakExtraMB: Math.round(Math.max(...inline.map((x) => x.peakExtraMB)) * 100) / 100,
      inlineMs: Math.round(median(inline.map((x) => x.ms)) * 10) / 10,
      discoveryMs: Math.round(median(discovery) * 10) / 10,
      timings: Object.fromEntries(
        Object.entries(last!.timings).map(([k, v]) => [k, Math.round(v * 10) / 10]),
      ),
      runsMs: times.map((t) => Math.round(t * 10) / 10),
      discoveryRunsMs: discovery.map((t) => Math.round(t * 10) / 10),
    });
    if (n === Math.max(...counts)) {
      const d = await videoDuration(last!.blob);
      emit({
        bench: `stitch-${n}-video-duration`,
        value: d,
        unit: 's',
        expected: last!.duration,
        ok: Math.abs(d - last!.duration) < 0.1,
      });
    }
  }
}

main()
  .catch((err: unknown) => {
    window.__benchError = String((err as Error)?.stack ?? err);
    console.error(window.__benchError);
  })
  .finally(() => {
    window.__benchDone = true;
  });
