/**
 * The protocol every bench page speaks to scripts/bench.mjs: result lines in `window.__benchResults`, then
 * `__benchDone` (with `__benchError` when the page failed). Also the page-heap helpers the benches share.
 */
export interface BenchLine {
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

export const params = new URLSearchParams(location.search);

/** Records one result line (and shows it on the page). */
export function emit(line: BenchLine): void {
  window.__benchResults.push(line);
  console.log(JSON.stringify(line));
  document.getElementById('out')!.textContent += `${JSON.stringify(line)}\n`;
}

export const heap = (): number => performance.memory?.usedJSHeapSize ?? NaN;
export const round = (x: number): number => Math.round(x * 10) / 10;

/** Samples the page's JS heap until stopped; returns the peak above the baseline taken at the start. */
export function heapSampler(): () => number {
  window.gc?.();
  const before = heap();
  let peak = before;
  let on = true;
  const sample = (): void => {
    peak = Math.max(peak, heap());
    if (on) setTimeout(sample, 20);
  };
  sample();
  return () => {
    on = false;
    peak = Math.max(peak, heap());
    return (peak - before) / 2 ** 20;
  };
}

/** The distinct bench clips scripts/bench.mjs made under `base` (clip-00.mp4 …, listed by manifest.json). */
export async function loadClips(base: string): Promise<Blob[]> {
  const manifest = (await (await fetch(`${base}/manifest.json`)).json()) as { distinct: number };
  const out: Blob[] = [];
  for (let i = 0; i < manifest.distinct; i++) {
    const res = await fetch(`${base}/clip-${String(i).padStart(2, '0')}.mp4`);
    if (!res.ok) throw new Error(`missing bench clip ${i}: ${res.status}`);
    out.push(await res.blob());
  }
  return out;
}

/** Runs the page's bench and always ends the protocol: done, with the error when it threw. */
export function runBench(main: () => Promise<void>): void {
  main()
    .catch((err: unknown) => {
      window.__benchError = String((err as Error)?.stack ?? err);
      console.error(window.__benchError);
    })
    .finally(() => {
      window.__benchDone = true;
    });
}
