/**
 * Page side of render.spec.ts: fetch render fixtures, run `renderEpisode` through its worker bridge and
 * hand the MP4 back as base64 (the spec writes it to disk and checks it with ffprobe/ffmpeg).
 */
import {
  DEFAULT_RENDER_OPTIONS,
  inspectClip,
  renderEpisode,
  RenderError,
  type ClipMediaInfo,
  type RenderOptions,
  type RenderProgress,
  type RenderResult,
} from '../../src/media/render/index.ts';

const fixture = async (name: string): Promise<Blob> => {
  const res = await fetch(`/tests/fixtures/render/${name}`);
  if (!res.ok) throw new Error(`fixture ${name}: ${res.status}`);
  return res.blob();
};

export interface RenderRun {
  ok: boolean;
  base64?: string;
  result?: Omit<RenderResult, 'blob'>;
  progress: RenderProgress[];
  error?: { name: string; code?: string; message: string; clip?: string };
}

export interface RunOptions extends Partial<RenderOptions> {
  /** Name of a fixture used as the music bed. */
  musicFixture?: string;
  /** Abort once a progress report of this stage arrives. */
  abortAtStage?: RenderProgress['stage'];
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export async function runRender(names: string[], opts: RunOptions = {}): Promise<RenderRun> {
  const { musicFixture, abortAtStage, ...rest } = opts;
  const clips = await Promise.all(names.map(async (n) => ({ label: n, blob: await fixture(n) })));
  const options: RenderOptions = { width: 720, height: 1280, ...DEFAULT_RENDER_OPTIONS, ...rest };
  if (musicFixture)
    options.music = { label: 'music', blob: await fixture(musicFixture), start: 0, gain: 0.5 };
  const progress: RenderProgress[] = [];
  const controller = new AbortController();
  try {
    const result = await renderEpisode(clips, options, {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (abortAtStage && p.stage === abortAtStage) controller.abort();
      },
    });
    const { blob, ...meta } = result;
    return { ok: true, base64: await toBase64(blob), result: meta, progress };
  } catch (err) {
    const e = err as Error;
    return {
      ok: false,
      progress,
      error: {
        name: e.name,
        message: e.message,
        ...(err instanceof RenderError ? { code: err.code, ...(err.clip ? { clip: err.clip } : {}) } : {}),
      },
    };
  }
}

export async function inspect(name: string): Promise<ClipMediaInfo> {
  return inspectClip(await fixture(name), name);
}
