/**
 * Render bench (issue 13): a 75 s, 10-clip episode (scripts/make-render-bench-clips.sh: 720x1280 30 fps
 * H.264, AAC / Opus / no audio) with a music bed (tests/fixtures/render/music.m4a, looped) and one caption
 * per clip, rendered by the render core (media/render/render.ts). The path: render-bench.html is
 * audio-only, render-video-bench.html the full 720x1280 render with burned captions (H.264, hardware when
 * the browser offers it, else software); `?path=audio|full` overrides.
 *
 * The render runs on the page's own thread (the worker the app uses is a thin bridge around the same
 * `render()`), so `performance.memory` sees its JS heap: the memory row is the page's peak JS heap above the
 * baseline over the timed run. WebCodecs' frame and codec buffers live outside the JS heap and are not in it.
 * One untimed warm-up render of the first two clips goes first (JIT, codec start-up).
 * Rows (window.__benchResults and console JSON):
 *   {"bench":"render-audio-75s-10-clips","value":<ms>,"unit":"ms",...}
 *   {"bench":"render-audio-75s-10-clips-peak-extra-memory","value":<MB>,"unit":"MB",...}
 *   (render-full-75s-10-clips-720x1280-captions[...] for ?path=full)
 */
import { emit, heapSampler, params, round, runBench } from './bench-page.ts';
import { render } from '../../src/media/render/render.ts';
import {
  DEFAULT_RENDER_OPTIONS,
  type RenderCaption,
  type RenderClip,
  type RenderOptions,
} from '../../src/media/render/types.ts';

/** ?path=audio|full; by default the page's: render-video-bench.html renders the picture too. */
const path = (params.get('path') ?? (location.pathname.includes('render-video-bench') ? 'full' : 'audio')) as
  'audio' | 'full';
const base = params.get('clips') ?? '/bench-results/render-clips';

async function get(url: string): Promise<Blob> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status} (run scripts/make-render-bench-clips.sh)`);
  return res.blob();
}

async function main(): Promise<void> {
  const manifest = (await (await get(`${base}/manifest.json`)).text()) as string;
  const { clips: count, seconds } = JSON.parse(manifest) as { clips: number; seconds: number };
  const clips: RenderClip[] = [];
  for (let i = 0; i < count; i++)
    clips.push({
      label: `clip ${i + 1}`,
      blob: await get(`${base}/clip-${String(i).padStart(2, '0')}.mp4`),
    });
  const music = await get('/tests/fixtures/render/music.m4a');
  const captions: RenderCaption[] = clips.map((_, i) => ({
    start: i * seconds + 0.2,
    end: (i + 1) * seconds - 0.2,
    text: `Line ${i + 1}: what the character says here, long enough to wrap onto a second line`,
  }));
  const options: RenderOptions = {
    ...DEFAULT_RENDER_OPTIONS,
    width: 720,
    height: 1280,
    music: { label: 'music bed', blob: music, start: 0, gain: 0.3 },
    captions,
    burnCaptions: path === 'full',
    forcePath: path,
  };
  await render(clips.slice(0, 2), options); // warm-up, not measured
  const stop = heapSampler();
  const t0 = performance.now();
  const result = await render(clips, options);
  const ms = performance.now() - t0;
  const peakMB = stop();
  const episodeSeconds = count * seconds;
  if (Math.abs(result.duration - episodeSeconds) > 0.05)
    throw new Error(`rendered ${result.duration} s, expected ${episodeSeconds} s`);
  const name =
    path === 'audio'
      ? `render-audio-${episodeSeconds}s-${count}-clips`
      : `render-full-${episodeSeconds}s-${count}-clips-720x1280-captions`;
  emit({
    bench: name,
    value: Math.round(ms),
    unit: 'ms',
    clips: count,
    episodeSeconds,
    realTimeFactor: Math.round((ms / 1000 / episodeSeconds) * 100) / 100,
    bytes: result.blob.size,
    videoCodec: result.videoCodec,
    audioCodec: result.audioCodec,
    integratedLufs: result.loudness && round(result.loudness.integratedLufs),
  });
  emit({
    bench: `${name}-peak-extra-memory`,
    value: Math.round(peakMB * 10) / 10,
    unit: 'MB',
    of: "the page's JS heap above its baseline over the timed render (codec frame buffers are outside it)",
  });
}

runBench(main);
