/**
 * Harness page for the asset-import pipeline (tests/harness/import.spec.ts drives it through
 * `window.importHarness`). Served by the Vite dev server, so it imports the modules under test directly and
 * fetches the committed fixtures from /tests/fixtures/assets/.
 */
import { fitImage, imageSize } from '../../src/media/fit.ts';
import { extractFrame } from '../../src/media/frames.ts';
import { analyzeFile, analyzeFiles, type AnalyzeResult } from '../../src/media/import-file.ts';
import { probeVideo, type VideoProbe } from '../../src/media/probe-video.ts';

export type Rgba = [number, number, number, number];

export interface HarnessAnalysis {
  result: Omit<Extract<AnalyzeResult, { ok: true }>, 'thumbnail'> | Extract<AnalyzeResult, { ok: false }>;
  /** The thumbnail decoded back: proves it is a real image. */
  thumbnail?: { type: string; bytes: number; width: number; height: number };
}

export interface ImportHarness {
  analyze(
    fixture: string,
    opts?: { as?: string; maxBytes?: number; fakeSize?: number },
  ): Promise<HarnessAnalysis>;
  analyzeMany(fixtures: string[]): Promise<{ order: number[]; names: string[]; ok: boolean[] }>;
  fit(
    fixture: string,
    width: number,
    height: number,
    mode: 'crop' | 'letterbox',
  ): Promise<{ width: number; height: number; type: string; corners: Rgba[]; centre: Rgba }>;
  frame(
    fixture: string,
    at: 'first' | 'last' | number,
  ): Promise<{ width: number; height: number; type: string; centre: Rgba }>;
  probe(fixture: string): Promise<VideoProbe>;
  abortDuringAnalyze(fixture: string): Promise<string>;
}

async function load(fixture: string, as = fixture): Promise<File> {
  const response = await fetch(`/tests/fixtures/assets/${fixture}`);
  if (!response.ok) throw new Error(`fixture ${fixture}: HTTP ${response.status}`);
  return new File([await response.blob()], as, { type: '' });
}

async function pixels(
  blob: Blob,
): Promise<{ width: number; height: number; at(x: number, y: number): Rgba }> {
  const bitmap = await createImageBitmap(blob);
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const data = ctx.getImageData(0, 0, width, height).data;
  return {
    width,
    height,
    at: (x, y) => {
      const i = (y * width + x) * 4;
      return [data[i], data[i + 1], data[i + 2], data[i + 3]];
    },
  };
}

/** A File that reports `size` bytes without holding them (for the size-limit check). */
function withFakeSize(file: File, size: number): File {
  return new Proxy(file, {
    get(target, key) {
      if (key === 'size') return size;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const harness: ImportHarness = {
  async analyze(fixture, opts = {}) {
    let file = await load(fixture, opts.as);
    if (opts.fakeSize) file = withFakeSize(file, opts.fakeSize);
    const result = await analyzeFile(file, { maxBytes: opts.maxBytes ?? 1024 ** 3, timeoutMs: 8000 });
    if (!result.ok || !result.thumbnail) return { result };
    const { thumbnail, ...rest } = result;
    const size = await imageSize(thumbnail);
    return { result: rest, thumbnail: { type: thumbnail.type, bytes: thumbnail.size, ...size } };
  },
  async analyzeMany(fixtures) {
    const files = await Promise.all(fixtures.map((f) => load(f)));
    const order: number[] = [];
    const names: string[] = new Array(files.length);
    const ok: boolean[] = new Array(files.length);
    await analyzeFiles(files, { maxBytes: 1024 ** 3 }, (file, result, index) => {
      order.push(index);
      names[index] = file.name;
      ok[index] = result.ok;
    });
    return { order, names, ok };
  },
  async fit(fixture, width, height, mode) {
    const out = await fitImage(await load(fixture), width, height, mode);
    const p = await pixels(out);
    const corners = [
      p.at(0, 0),
      p.at(p.width - 1, 0),
      p.at(0, p.height - 1),
      p.at(p.width - 1, p.height - 1),
    ];
    return {
      width: p.width,
      height: p.height,
      type: out.type,
      corners,
      centre: p.at(p.width >> 1, p.height >> 1),
    };
  },
  async frame(fixture, at) {
    const out = await extractFrame(await load(fixture), at);
    const p = await pixels(out);
    return { width: p.width, height: p.height, type: out.type, centre: p.at(p.width >> 1, p.height >> 1) };
  },
  async probe(fixture) {
    return probeVideo(await load(fixture));
  },
  async abortDuringAnalyze(fixture) {
    const controller = new AbortController();
    const pending = analyzeFile(await load(fixture), { maxBytes: 1024 ** 3, signal: controller.signal });
    controller.abort();
    return pending.then(
      () => 'resolved',
      (error: unknown) => (error instanceof DOMException ? error.name : String(error)),
    );
  },
};

(window as unknown as { importHarness: ImportHarness }).importHarness = harness;
document.getElementById('status')!.textContent = 'ready';
