/**
 * Bench: render an 8 s 720x1280 local preview (cold: worker start-up included) and report the wall time
 * as one console line `{"bench":"preview-render-8s-720x1280","value":<ms>,"unit":"ms"}`, also left on
 * `window.__benchResult`. Open tests/harness/preview-bench.html on the dev server; `?manual` skips the
 * automatic run so a caller can invoke `window.runPreviewBench()` itself.
 */
import { PREVIEW_FPS, renderPreviewWithInfo } from '../../src/media/preview/render-preview.ts';

export interface BenchResult {
  bench: 'preview-render-8s-720x1280';
  value: number;
  unit: 'ms';
}

interface BenchWindow {
  /** The bench row plus details (scripts/bench.mjs reports the extra fields). */
  __benchResult?: BenchResult & Record<string, unknown>;
  __benchError?: string;
  __benchDone?: boolean;
  runPreviewBench: typeof runPreviewBench;
}

export async function runPreviewBench(): Promise<BenchResult> {
  const started = performance.now();
  const result = await renderPreviewWithInfo({
    prompt: 'Bench: a lighthouse keeper finds a letter in a bottle at dawn; waves crash on the rocks below.',
    width: 720,
    height: 1280,
    seconds: 8,
  });
  const value = Math.round(performance.now() - started);
  const bench: BenchResult = { bench: 'preview-render-8s-720x1280', value, unit: 'ms' };
  console.log(JSON.stringify(bench));
  console.log(
    `preview-bench detail ${JSON.stringify({ workerMs: result.elapsedMs, bytes: result.blob.size, codec: result.codec })}`,
  );
  (window as unknown as BenchWindow).__benchResult = {
    ...bench,
    target: 4000,
    workerMs: result.elapsedMs,
    bytes: result.blob.size,
    codec: result.codec,
    fps: PREVIEW_FPS,
  };
  return bench;
}

const w = window as unknown as BenchWindow;
w.runPreviewBench = runPreviewBench;
const status = document.getElementById('status');
if (!new URLSearchParams(location.search).has('manual')) {
  runPreviewBench().then(
    (r) => {
      if (status) status.textContent = `done: ${r.value} ms`;
    },
    (error: unknown) => {
      w.__benchError = String(error);
      w.__benchDone = true;
      console.error(`preview-bench failed: ${String(error)}`);
      if (status) status.textContent = `failed: ${String(error)}`;
    },
  );
}
