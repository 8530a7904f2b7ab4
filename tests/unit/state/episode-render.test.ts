/**
 * The render side of episode export (issue 13) against fake ports: path selection drives stitch vs render,
 * progress lives in state, cancel keeps nothing, captions are timed from real clip starts, approvals
 * don't block.
 */
import { describe, expect, it } from 'vitest';
import type { ClipMediaInfo, RenderOptions, RenderResult } from '../../../src/media/render/types.ts';
import type { AppState } from '../../../src/state/app-state.ts';
import { captionsFromStarts, resolveRenderSettings, startsOf } from '../../../src/state/episode-render.ts';
import { EpisodeActions, type EpisodeHost } from '../../../src/state/episodes.ts';
import type { LibraryDb, MediaPort } from '../../../src/state/ports.ts';
import type { AssetRecord, EpisodeRecord, SegmentRecord, VideoRecord } from '../../../src/types.ts';
import { episodeRecord } from './episode-fixture.ts';
import { flush } from './fakes.ts';

const info = (patch: Partial<ClipMediaInfo> = {}): ClipMediaInfo => ({
  videoCodec: 'avc',
  codecString: 'avc1.64001f',
  width: 720,
  height: 1280,
  fps: 30,
  duration: 4,
  audio: { codec: 'aac', sampleRate: 48000, channels: 2 },
  canDecodeVideo: true,
  canDecodeAudio: true,
  ...patch,
});

const video = (id: string): VideoRecord =>
  ({
    id,
    blobId: `blob-${id}`,
    width: 720,
    height: 1280,
    duration: 5,
    cost: 0,
    providerKind: 'local',
  }) as unknown as VideoRecord;

interface Setup {
  infos: Record<string, ClipMediaInfo>;
  episode?: Partial<EpisodeRecord>;
  segments?: Array<Partial<SegmentRecord>>;
  render?: (
    clips: unknown[],
    options: RenderOptions,
    hooks: Parameters<NonNullable<MediaPort['render']>>[2],
  ) => Promise<RenderResult>;
}

function setup({ infos, episode, segments, render }: Setup) {
  const blobs = new Map<string, Blob>();
  const videos = new Map<string, VideoRecord>();
  const segs = new Map<string, SegmentRecord>();
  const saved: VideoRecord[] = [];
  const deleted: string[] = [];
  const calls = { stitch: 0, render: [] as RenderOptions[] };
  const progressSeen: AppState['stitch'][] = [];
  for (const id of Object.keys(infos)) {
    videos.set(id, video(id));
    blobs.set(`blob-${id}`, new Blob([id]));
  }
  const music: AssetRecord = {
    id: 'music',
    name: 'bed.mp3',
    blobId: 'blob-music',
    kind: 'audio',
  } as AssetRecord;
  blobs.set('blob-music', new Blob(['music']));
  const list = (segments ?? Object.keys(infos).map((id) => ({ takeIds: [id], approvedTakeId: id }))).map(
    (s, i): SegmentRecord => ({
      id: `s${i}`,
      episodeId: 'ep',
      order: i,
      title: `Beat ${i + 1}`,
      prompt: 'p',
      caption: `Line ${i + 1}.`,
      seconds: 4,
      continuity: 'cut',
      takeIds: [],
      created: 1,
      updated: 1,
      ...s,
    }),
  );
  for (const s of list) segs.set(s.id, s);
  let state = {
    episodes: [episodeRecord(episode)],
    openEpisodeId: 'ep',
    segments: list,
    videos: [],
    assets: [music],
    projects: [],
    jobs: [],
  } as unknown as AppState;
  const listeners = new Set<() => void>();
  const db = {
    getVideo: async (id: string) => videos.get(id),
    getBlob: async (id: string) => blobs.get(id),
    getSegment: async (id: string) => segs.get(id),
    getAsset: async () => undefined,
    putSegments: async (rows: SegmentRecord[]) => rows.forEach((r) => segs.set(r.id, r)),
    listSegments: async () => [...segs.values()].sort((a, b) => a.order - b.order),
    putEpisode: async () => undefined,
    saveClip: async (v: VideoRecord, blob: Blob) => {
      saved.push(v);
      videos.set(v.id, v);
      blobs.set(v.blobId, blob);
    },
    deleteVideo: async (id: string) => void deleted.push(id),
  } as unknown as LibraryDb;
  const blobName = async (blob: Blob) => blob.text();
  const media = {
    inspectClip: async (blob: Blob) => infos[await blobName(blob)]!,
    stitch: async (clips: Blob[]) => {
      calls.stitch += 1;
      return {
        blob: new Blob(['stitched']),
        duration: clips.length * 4,
        clipStarts: clips.map((_, i) => i * 4),
        videoCodec: 'avc1.64001f',
        fps: 30,
        audioCodec: 'mp4a.40.2',
      };
    },
    render: async (
      clips: unknown[],
      options: RenderOptions,
      hooks: Parameters<NonNullable<MediaPort['render']>>[2],
    ) => {
      calls.render.push(options);
      if (render) return render(clips, options, hooks);
      hooks?.onProgress?.({ stage: 'audio', fraction: 0.5, secondsLeft: 3 });
      return {
        blob: new Blob(['rendered']),
        path: options.forcePath ?? 'full',
        duration: 12,
        clipStarts: [0, 4.5, 8],
        videoCodec: 'avc1.640028',
        audioCodec: 'opus',
      };
    },
    // The exporter knows what it just wrote: probing the file again is a bug.
    probeVideo: async () => {
      throw new Error('probeVideo called on an exported file');
    },
    posterFrame: async () => undefined,
  } as unknown as MediaPort;
  const host: EpisodeHost = {
    db,
    media,
    catalog: { find: () => ({ durations: [4], sizes: [{ size: '720x1280' }] }) } as never,
    state: () => state,
    set: (patch) => {
      state = { ...state, ...patch };
      if (patch.stitch) progressSeen.push(patch.stitch);
      for (const l of listeners) l();
    },
    notify: () => undefined,
    now: () => 10,
    connection: () => undefined,
    enqueue: async () => undefined,
    reloadVideos: async () => undefined,
    reloadAssets: async () => undefined,
    subscribe: (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    defaults: () => ({ connectionId: 'local', model: 'm' }),
  };
  const actions = new EpisodeActions(host);
  return { actions, state: () => state, calls, saved, deleted, progressSeen, segs };
}

describe('render settings and caption timing', () => {
  it('defaults the canvas and frame rate to the most common clip size and rate', () => {
    const s = resolveRenderSettings(episodeRecord(), [
      info({ width: 1080, height: 1920, fps: 24 }),
      info({ fps: 24 }),
      info(),
      info({ fps: 24 }),
    ]);
    expect(s).toEqual({
      width: 720,
      height: 1280,
      fps: 24,
      fit: 'blur',
      burnCaptions: false,
      targetLufs: -14,
      crossfadeMs: 30,
    });
    expect(
      resolveRenderSettings(episodeRecord({ render: { fps: 30, fit: 'crop' } }), [info({ fps: 24 })]),
    ).toMatchObject({ fps: 30, fit: 'crop' });
  });

  it('times captions from the real clip starts, not from take durations', () => {
    const cues = captionsFromStarts(['One. Two two.', 'Three.'], [0, 4.5], 8);
    expect(cues).toEqual([
      { start: 0, end: 1.5, text: 'One.' },
      { start: 1.5, end: 4.5, text: 'Two two.' },
      { start: 4.5, end: 8, text: 'Three.' },
    ]);
    expect(startsOf([4, 5, 3])).toEqual([0, 4, 9]);
  });
});

describe('export: the path decides', () => {
  it('stitches losslessly when every clip matches, and records the real clip starts', async () => {
    const t = setup({ infos: { a: info(), b: info() }, episode: { captions: false } });
    await t.actions.renderer.export();
    expect(t.calls.stitch).toBe(1);
    expect(t.calls.render).toHaveLength(0);
    expect(t.state().episodes[0]!.exportInfo).toMatchObject({ path: 'lossless', clipStarts: [0, 4] });
    // The record carries the stitcher's facts (no second probe of the file).
    expect(t.saved[0]).toMatchObject({
      size: '720x1280',
      duration: 8,
      codec: 'avc1.64001f',
      audioCodec: 'mp4a.40.2',
      fps: 30,
      bitrate: Math.round(('stitched'.length * 8) / 8),
      episodeId: 'ep',
    });
  });

  it('renders (full) with the music bed mixed in and burned captions timed from clip starts', async () => {
    const t = setup({
      infos: { a: info(), b: info({ fps: 24, duration: 5 }), c: info({ audio: undefined, duration: 3 }) },
      episode: { musicAssetId: 'music', render: { burnCaptions: true } },
    });
    await t.actions.renderer.plan();
    expect(t.state().exportPlan?.plan?.path).toBe('full');
    expect(t.state().exportPlan?.plan?.summary).toContain('Segment 2 (“Beat 2”) is 24 fps (episode 30 fps)');
    await t.actions.renderer.export();
    expect(t.calls.stitch).toBe(0);
    const options = t.calls.render[0]!;
    expect(options).toMatchObject({
      width: 720,
      height: 1280,
      fps: 30,
      burnCaptions: true,
      forcePath: 'full',
    });
    expect(options.music).toMatchObject({ label: 'bed.mp3', gain: 0.4, start: 0 });
    expect(options.captions?.map((c) => c.start)).toEqual([0, 4, 9]);
    // Progress was in store state while it ran.
    expect(t.progressSeen).toContainEqual(
      expect.objectContaining({
        phase: 'rendering',
        progress: { stage: 'audio', fraction: 0.5, secondsLeft: 3 },
      }),
    );
    expect(t.saved).toHaveLength(1);
    expect(t.saved[0]).toMatchObject({
      size: '720x1280',
      duration: 12,
      codec: 'avc1.640028',
      audioCodec: 'Opus',
      fps: 30,
    });
    const ep = t.state().episodes[0]!;
    expect(ep.exportVideoId).toBe(t.saved[0]!.id);
    expect(ep.exportInfo).toEqual({
      path: 'full',
      clipStarts: [0, 4.5, 8],
      duration: 12,
      musicMixed: true,
      captionsBurned: true,
    });
    expect(t.state().stitch).toMatchObject({
      phase: 'done',
      message: expect.stringMatching(/^Rendered 3 clips/),
    });
    // The bundle: the MP4 (music inside) and the captions timed from the output's clip starts.
    const files = await t.actions.exporter.exportFiles(ep);
    expect(files.files.map((f) => f.role)).toEqual(['video', 'captions']);
    const vtt = await files.files[1]!.blob.text();
    expect(vtt).toContain('00:00:04.500 --> 00:00:08.000');
  });

  it('renders audio only when one clip is silent', async () => {
    const t = setup({ infos: { a: info(), b: info({ audio: undefined }) } });
    await t.actions.renderer.export();
    expect(t.calls.render[0]!.forcePath).toBe('audio');
    expect(t.state().exportPlan?.plan?.summary).toBe(
      'Renders audio: Segment 2 (“Beat 2”) has no audio. The video is copied without re-encoding',
    );
  });

  it('cancel aborts the render and keeps nothing', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const t = setup({
      infos: { a: info(), b: info({ fps: 24 }) },
      render: (_clips, _options, hooks) =>
        new Promise((_resolve, reject) => {
          hooks?.onProgress?.({ stage: 'video', fraction: 0.2 });
          hooks?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          started();
        }),
    });
    const done = t.actions.renderer.export();
    await running;
    expect(t.state().stitch?.phase).toBe('rendering');
    t.actions.renderer.cancel();
    await done;
    expect(t.saved).toHaveLength(0);
    expect(t.state().episodes[0]!.exportVideoId).toBeUndefined();
    expect(t.state().stitch).toMatchObject({
      phase: 'error',
      message: 'Rendering was canceled. Nothing was saved.',
    });
  });

  it('names the clip the browser cannot decode and what to do, and renders nothing', async () => {
    const t = setup({
      infos: {
        a: info(),
        b: info({ videoCodec: 'hevc', codecString: 'hvc1.1.6.L120.90', canDecodeVideo: false }),
      },
    });
    await t.actions.renderer.export();
    expect(t.calls.render).toHaveLength(0);
    expect(t.state().stitch?.message).toContain('Segment 2 (“Beat 2”): its video is H.265');
    expect(t.state().stitch?.message).toContain('re-generate it as H.264 or convert it');
  });

  it('re-plans by itself when an approval changes', async () => {
    const t = setup({
      infos: { a: info(), b: info(), c: info({ fps: 24 }) },
      segments: [
        { takeIds: ['a'], approvedTakeId: 'a' },
        { takeIds: ['b', 'c'], approvedTakeId: 'b' },
      ],
    });
    t.actions.renderer.refresh();
    await flush();
    expect(t.state().exportPlan?.plan?.path).toBe('lossless');
    await t.actions.approveTake('s1', 'c');
    await flush();
    expect(t.state().exportPlan?.plan?.path).toBe('full');
  });
});

describe('approvals that do not block', () => {
  it('approves the first finished take automatically, never over the user’s pick', async () => {
    const t = setup({
      infos: { a: info(), b: info(), c: info() },
      episode: { autoApprove: true },
      segments: [{ takeIds: [] }, { takeIds: ['b'], approvedTakeId: 'b' }],
    });
    await t.actions.saveSegments('ep', [{ ...t.segs.get('s0')!, takeIds: ['a', 'c'] }]);
    await t.actions.saveSegments('ep', [{ ...t.segs.get('s1')!, takeIds: ['b', 'c'] }]);
    await flush();
    expect(t.segs.get('s0')!.approvedTakeId).toBe('a');
    expect(t.segs.get('s1')!.approvedTakeId).toBe('b');
  });

  it('leaves takes unapproved when auto-approve is off (the manual gate)', async () => {
    const t = setup({ infos: { a: info() }, segments: [{ takeIds: [] }] });
    await t.actions.saveSegments('ep', [{ ...t.segs.get('s0')!, takeIds: ['a'] }]);
    await flush();
    expect(t.segs.get('s0')!.approvedTakeId).toBeUndefined();
  });

  it('approves the latest take of every segment in one call', async () => {
    const t = setup({
      infos: { a: info(), b: info(), c: info() },
      segments: [{ takeIds: ['a', 'b'], approvedTakeId: 'a' }, { takeIds: ['c'] }, { takeIds: [] }],
    });
    expect(await t.actions.renderer.approveLatest()).toBe(2);
    expect([...t.segs.values()].map((s) => s.approvedTakeId)).toEqual(['b', 'c', undefined]);
  });
});
