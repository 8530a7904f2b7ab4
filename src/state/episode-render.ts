/**
 * Episode export through the render pipeline (issue 13). `plan()` inspects the approved takes and picks the
 * path with media/render `planExport` (kept in state so the stitch panel says which path runs and why);
 * `export()` runs it: lossless → today's stitch (episode-export.ts), otherwise `media.render` with the
 * music bed mixed in and captions from the script lines timed from the real clip starts, burned or soft.
 * Progress lives in store state (it survives switching views); Cancel aborts and nothing is saved.
 * Approvals that don't block: `approveLatest()` and the per-episode `autoApprove` (see `autoApprove()`).
 */
import { planExport } from '../media/render/plan.ts';
import type {
  ClipMediaInfo,
  ExportPlan,
  RenderCaption,
  RenderOptions,
  RenderProgress,
  RenderStage,
} from '../media/render/types.ts';
import { DEFAULT_RENDER_OPTIONS } from '../media/render/types.ts';
import type { EpisodeRecord, SegmentRecord, VideoRecord } from '../types.ts';
import type { ResolvedRenderSettings, StitchState } from './app-state.ts';
import type { EpisodeExporter } from './episode-export.ts';
import type { EpisodeHost, EpisodeRecords } from './episode-records.ts';
import { captionCues } from './segment-split.ts';
import { episodeVoices, plannedSpeech, voicesKey } from './voice-render.ts';

/** The renderer's audio codec as an MP4 sample entry names it (what a probe of the file would say). */
const MP4_AUDIO_CODEC: Record<string, string> = { aac: 'mp4a.40.2', opus: 'Opus' };

export type { ResolvedRenderSettings } from './app-state.ts';

/** The value most clips have; ties go to the earliest. */
function mostCommon<T>(values: readonly T[], key: (v: T) => string): T | undefined {
  const counts = new Map<string, number>();
  let best: T | undefined;
  let bestN = 0;
  for (const v of values) {
    const n = (counts.get(key(v)) ?? 0) + 1;
    counts.set(key(v), n);
    if (n > bestN) [best, bestN] = [v, n];
  }
  return best;
}

/** The episode's settings over the defaults: canvas = the most common clip size, fps = the most common rate. */
export function resolveRenderSettings(
  episode: EpisodeRecord,
  infos: readonly ClipMediaInfo[],
): ResolvedRenderSettings {
  const r = episode.render ?? {};
  const size = mostCommon(infos, (i) => `${i.width}x${i.height}`);
  const [w, h] = episode.size.split('x').map(Number);
  const fps = mostCommon(
    infos.map((i) => Math.round(i.fps * 100) / 100),
    (f) => String(f),
  );
  return {
    width: r.width ?? size?.width ?? w ?? 720,
    height: r.height ?? size?.height ?? h ?? 1280,
    fps: r.fps ?? fps ?? DEFAULT_RENDER_OPTIONS.fps,
    fit: r.fit ?? DEFAULT_RENDER_OPTIONS.fit,
    burnCaptions: r.burnCaptions ?? DEFAULT_RENDER_OPTIONS.burnCaptions,
    targetLufs: r.targetLufs ?? DEFAULT_RENDER_OPTIONS.targetLufs,
    crossfadeMs: r.crossfadeMs ?? DEFAULT_RENDER_OPTIONS.crossfadeMs,
  };
}

/** Caption cues from the segments' script lines, timed from where each clip really starts in the output. */
export function captionsFromStarts(
  captions: readonly string[],
  clipStarts: readonly number[],
  duration: number,
): RenderCaption[] {
  const slots = captions.map((caption, i) => ({
    caption,
    duration: Math.max(0, (clipStarts[i + 1] ?? duration) - (clipStarts[i] ?? 0)),
  }));
  return captionCues(slots).map((c) => ({ start: c.start, end: c.end, text: c.text }));
}

/** Start of each clip when clips play whole, one after another. */
export const startsOf = (durations: readonly number[]): number[] =>
  durations.map((_, i) => durations.slice(0, i).reduce((sum, d) => sum + d, 0));

const STAGE_TEXT: Record<RenderStage, string> = {
  reading: 'Reading the clips',
  audio: 'Mixing the audio',
  loudness: 'Measuring and normalizing loudness',
  video: 'Rendering the picture',
  muxing: 'Writing the MP4',
  done: 'Finishing',
};

export const stageText = (stage: RenderStage): string => STAGE_TEXT[stage];

export class EpisodeRenderer {
  private readonly host: EpisodeHost;
  private readonly actions: EpisodeRecords & { readonly exporter: EpisodeExporter };
  private controller?: AbortController;
  private readonly infos = new Map<string, ClipMediaInfo>();
  private planning?: string;

  constructor(host: EpisodeHost, actions: EpisodeRecords & { readonly exporter: EpisodeExporter }) {
    this.host = host;
    this.actions = actions;
    host.subscribe(() => this.refresh());
  }

  /** Whether this build has the render engine (otherwise every export is the lossless stitch). */
  get available(): boolean {
    return !!(this.host.media.inspectClip && this.host.media.render);
  }

  /** What the plan depends on: the approved takes and the settings that change the path. */
  planKey(episode: EpisodeRecord, segments: readonly SegmentRecord[]): string {
    return JSON.stringify([
      episode.id,
      segments.map((s) => s.approvedTakeId ?? ''),
      episode.render ?? {},
      episode.musicAssetId ?? '',
      episode.captions,
      voicesKey(segments),
    ]);
  }

  /** Re-plans when the open episode's approved takes or settings changed; call on every store change. */
  refresh(): void {
    const episode = this.actions.episode;
    if (!episode || !this.available) return;
    const segments = this.host.state().segments;
    if (!segments.length || segments.some((s) => !s.approvedTakeId)) return;
    const key = this.planKey(episode, segments);
    if (this.host.state().exportPlan?.key === key || this.planning === key) return;
    void this.plan().catch(() => undefined);
  }

  /** Inspects the approved takes and chooses the path; undefined while a segment has no approved take. */
  async plan(): Promise<{ plan: ExportPlan; infos: ClipMediaInfo[]; takes: VideoRecord[] } | undefined> {
    const episode = this.actions.episode;
    const inspect = this.host.media.inspectClip;
    if (!episode || !inspect) return undefined;
    const segments = this.host.state().segments;
    if (!segments.length || segments.some((s) => !s.approvedTakeId)) return undefined;
    const key = this.planKey(episode, segments);
    this.planning = key;
    this.host.set({ exportPlan: { episodeId: episode.id, key, checking: true } });
    try {
      const takes = await this.actions.exporter.approvedTakes(segments);
      const infos: ClipMediaInfo[] = [];
      for (const [i, take] of takes.entries()) {
        let info = this.infos.get(take.id);
        if (!info) {
          const blob = await this.host.db.getBlob(take.blobId);
          if (!blob)
            throw new Error(`The approved take of “${segments[i]!.title}” has no bytes on this device.`);
          info = await inspect(blob);
          this.infos.set(take.id, info);
        }
        infos.push(info);
      }
      const settings = resolveRenderSettings(episode, infos);
      const plan = planExport(
        segments.map((s, i) => ({ label: `Segment ${i + 1} (“${s.title}”)`, info: infos[i]! })),
        {
          ...settings,
          burnCaptions: episode.captions && settings.burnCaptions,
          music: episode.musicAssetId
            ? { label: 'music bed', blob: new Blob(), start: 0, gain: episode.musicLevel }
            : undefined,
          speech: plannedSpeech(segments),
        },
      );
      const sizes = [...new Set(infos.map((i) => `${i.width}x${i.height}`))];
      if (this.planning === key)
        this.host.set({ exportPlan: { episodeId: episode.id, key, plan, settings, sizes } });
      return { plan, infos, takes };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.planning === key)
        this.host.set({ exportPlan: { episodeId: episode.id, key, error: message } });
      throw error;
    } finally {
      if (this.planning === key) this.planning = undefined;
    }
  }

  /** One click: the lossless stitch when the plan allows it, otherwise the render. */
  async export(): Promise<void> {
    const episode = this.actions.episode;
    if (!episode) return;
    const segments = this.host.state().segments;
    if (!this.available || !segments.length || segments.some((s) => !s.approvedTakeId))
      return this.actions.exporter.stitch();
    const report = (patch: Omit<StitchState, 'episodeId'>): void =>
      this.host.set({ stitch: { episodeId: episode.id, ...patch } });
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    try {
      report({ phase: 'reading', message: `Checking ${segments.length} approved takes…` });
      const planned = await this.plan();
      if (!planned) return this.actions.exporter.stitch();
      const { plan, infos, takes } = planned;
      controller.signal.throwIfAborted();
      if (plan.undecodable.length) {
        const why = plan.undecodable.map((u) => `${u.clip}: ${u.what} — ${u.fix}.`).join(' ');
        return report({ phase: 'error', message: `This browser cannot render the episode. ${why}` });
      }
      if (plan.path === 'lossless') {
        if (this.controller === controller) this.controller = undefined;
        return this.actions.exporter.stitch();
      }
      await this.render(episode, segments, takes, infos, plan, controller, report);
    } catch (error) {
      if (controller.signal.aborted)
        return report({ phase: 'error', message: 'Rendering was canceled. Nothing was saved.' });
      report({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  cancel(): void {
    this.controller?.abort();
    this.actions.exporter.cancel();
  }

  private async render(
    episode: EpisodeRecord,
    segments: readonly SegmentRecord[],
    takes: readonly VideoRecord[],
    infos: readonly ClipMediaInfo[],
    plan: ExportPlan,
    controller: AbortController,
    report: (patch: Omit<StitchState, 'episodeId'>) => void,
  ): Promise<void> {
    const { db, media } = this.host;
    const settings = resolveRenderSettings(episode, infos);
    const clips = [];
    for (const [i, take] of takes.entries()) {
      const blob = await db.getBlob(take.blobId);
      if (!blob) throw new Error(`The approved take of “${segments[i]!.title}” has no bytes on this device.`);
      const muted = segments[i]!.speech === 'voices';
      clips.push({ label: `Segment ${i + 1} (“${segments[i]!.title}”)`, blob, ...(muted ? { muted } : {}) });
    }
    const music = await this.actions.exporter.musicBed(episode);
    const durations = infos.map((i) => i.duration);
    const total = durations.reduce((sum, d) => sum + d, 0);
    const burn = episode.captions && settings.burnCaptions;
    const voices = await episodeVoices(db, segments, startsOf(durations), total);
    const options: RenderOptions = {
      ...DEFAULT_RENDER_OPTIONS,
      ...settings,
      burnCaptions: burn,
      truePeakDb: DEFAULT_RENDER_OPTIONS.truePeakDb,
      music: music && { label: music.name, blob: music.blob, start: 0, gain: episode.musicLevel },
      speech: voices.speech.length ? voices.speech : undefined,
      captions: episode.captions ? voices.captions : undefined,
      forcePath: plan.path,
    };
    const progress = (p: RenderProgress): void => {
      if (!controller.signal.aborted)
        report({ phase: 'rendering', message: `${stageText(p.stage)}…`, progress: p });
    };
    progress({ stage: 'reading', fraction: 0 });
    const result = await media.render!(clips, options, { onProgress: progress, signal: controller.signal });
    controller.signal.throwIfAborted();
    report({ phase: 'saving', message: 'Saving the episode to the library…' });
    const video = await this.actions.exporter.saveVideo(episode, takes, result.blob, {
      width: options.width,
      height: options.height,
      duration: result.duration,
      codec: result.videoCodec,
      audioCodec: result.audioCodec && MP4_AUDIO_CODEC[result.audioCodec],
      fps: options.fps,
    });
    if (controller.signal.aborted) {
      await db.deleteVideo(video.id);
      controller.signal.throwIfAborted();
    }
    const previous = episode.exportVideoId;
    const current = this.host.state().episodes.find((e) => e.id === episode.id) ?? episode;
    await this.actions.saveEpisode({
      ...current,
      exportVideoId: video.id,
      exportInfo: {
        path: result.path,
        clipStarts: result.clipStarts,
        duration: result.duration,
        musicMixed: !!music,
        captionsBurned: burn,
      },
      updated: this.host.now(),
    });
    if (previous && previous !== video.id) await db.deleteVideo(previous);
    await this.host.reloadVideos();
    const how =
      result.path === 'audio' ? 'the video copied, the audio rendered' : 'the picture and sound re-encoded';
    report({
      phase: 'done',
      videoId: video.id,
      message: `Rendered ${clips.length} clips into ${result.duration.toFixed(1)} s (${how}).`,
    });
  }

  // ——— approvals that don't block ———

  /** Approves the newest take of every segment that has one, in one click. */
  async approveLatest(): Promise<number> {
    let n = 0;
    for (const segment of [...this.host.state().segments]) {
      const latest = segment.takeIds.at(-1);
      if (latest && segment.approvedTakeId !== latest) {
        await this.actions.approveTake(segment.id, latest);
        n += 1;
      }
    }
    return n;
  }

  /** With "approve takes automatically" on: approves the first finished take of each segment without one. */
  async autoApprove(episodeId: string, segments: readonly SegmentRecord[]): Promise<void> {
    const episode = this.host.state().episodes.find((e) => e.id === episodeId);
    if (!episode?.autoApprove) return;
    for (const candidate of segments) {
      if (candidate.approvedTakeId || !candidate.takeIds.length) continue;
      const segment = await this.host.db.getSegment(candidate.id);
      const first = segment?.takeIds[0];
      if (first && !segment.approvedTakeId) await this.actions.approveTake(segment.id, first);
    }
  }
}
