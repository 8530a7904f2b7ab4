/**
 * Segment editing and persistence for the episode actions: the open episode's segments, their order and
 * staleness, takes and their approval. The base of EpisodeActions (episodes.ts); moved out of it (issue 15)
 * so that each file holds one responsibility. Generating segments lives in segment-generation.ts.
 */
import type { ContinuityMode, EpisodeRecord, ModelSpec, SegmentRecord, Size, VideoRecord } from '../types.ts';
import { estimateCost } from './catalog.ts';
import type { EpisodeBuilder } from './episode-builder.ts';
import type { EpisodeHost, EpisodeRecords } from './episode-records.ts';
import type { EpisodeRenderer } from './episode-render.ts';
import {
  moveItem,
  splitScript,
  staleReasons,
  titleFrom,
  type SplitMode,
  type SplitResult,
} from './segment-split.ts';

/** Fields whose change makes an approved take out of date. */
const CONTENT_FIELDS = [
  'prompt',
  'seconds',
  'size',
  'continuity',
  'referenceAssetId',
  'refMode',
  'lastFrameAssetId',
  'referenceAssetIds',
  'extendTakeId',
] as const;

export type SegmentPatch = Partial<
  Pick<
    SegmentRecord,
    | 'title'
    | 'prompt'
    | 'caption'
    | 'seconds'
    | 'size'
    | 'continuity'
    | 'referenceAssetId'
    | 'stillFirst'
    | 'castIds'
    | 'castKeep'
    | 'finalPrompt'
    | 'castComposite'
    | 'refMode'
    | 'lastFrameAssetId'
    | 'referenceAssetIds'
    | 'extendTakeId'
  >
>;

export abstract class EpisodeSegments implements EpisodeRecords {
  abstract readonly builder: EpisodeBuilder;
  abstract readonly renderer: EpisodeRenderer;
  protected readonly host: EpisodeHost;
  /** segment id → project id, for spend per project. */
  protected readonly projectOfSegment = new Map<string, string>();

  constructor(host: EpisodeHost) {
    this.host = host;
  }

  get episode(): EpisodeRecord | undefined {
    const state = this.host.state();
    return state.episodes.find((e) => e.id === state.openEpisodeId);
  }

  projectOf(segmentId: string | undefined): string | undefined {
    return segmentId ? this.projectOfSegment.get(segmentId) : undefined;
  }

  modelFor(episode: EpisodeRecord): ModelSpec | undefined {
    const connection = this.host.connection(episode.connectionId);
    return connection ? this.host.catalog.find(connection, episode.model) : undefined;
  }

  sizeOf(episode: EpisodeRecord, segment: SegmentRecord): Size {
    return segment.size ?? episode.size;
  }

  /** Estimated USD for generating these segments once each. */
  estimate(episode: EpisodeRecord, segments: readonly SegmentRecord[]): number {
    const model = this.modelFor(episode);
    if (!model) return 0;
    const cents = segments.reduce(
      (sum, s) =>
        sum +
        Math.round(
          estimateCost(model, { size: this.sizeOf(episode, s), seconds: s.seconds, audio: true }) * 100,
        ),
      0,
    );
    return cents / 100;
  }

  /** Loads the take clips of the open episode that the library list does not hold. */
  async refreshTakes(): Promise<void> {
    const state = this.host.state();
    const known = new Set(state.videos.map((v) => v.id));
    const missing = state.segments.flatMap((s) => s.takeIds).filter((id) => !known.has(id));
    if (!missing.length) return;
    const found = (await Promise.all(missing.map((id) => this.host.db.getVideo(id)))).filter(
      (v): v is VideoRecord => v !== undefined,
    );
    if (found.length) this.host.set({ videos: [...this.host.state().videos, ...found] });
  }

  async saveEpisode(episode: EpisodeRecord): Promise<void> {
    await this.host.db.putEpisode(episode);
    this.host.set({ episodes: this.host.state().episodes.map((e) => (e.id === episode.id ? episode : e)) });
  }

  // ——— segments ———

  /** Replaces the open episode's segments with a fresh split of `script`. */
  async splitScript(script: string, mode: SplitMode): Promise<SplitResult | undefined> {
    const episode = this.episode;
    const model = episode && this.modelFor(episode);
    if (!episode || !model) return undefined;
    const result = splitScript(script, {
      mode,
      durations: model.durations,
      targetSeconds: episode.targetSeconds,
    });
    if (!result.pieces.length) {
      this.host.notify('error', 'Write or paste a script first: there is nothing to split.');
      return result;
    }
    const now = this.host.now();
    const segments = result.pieces.map((piece, order) =>
      this.newSegment(
        episode,
        order,
        {
          title: titleFrom(piece.text, order),
          prompt: piece.text,
          caption: piece.text,
          seconds: piece.seconds,
        },
        now,
      ),
    );
    await this.host.db.replaceSegments(episode.id, segments);
    await this.saveEpisode({ ...episode, script, updated: now });
    this.host.set({ segments });
    return result;
  }

  async addSegment(afterIndex?: number): Promise<void> {
    const episode = this.episode;
    const model = episode && this.modelFor(episode);
    if (!episode || !model) return;
    const current = [...this.host.state().segments];
    const at = afterIndex === undefined ? current.length : afterIndex + 1;
    const seconds = model.durations.includes(4) ? 4 : (model.durations[0] ?? 4);
    const segment = this.newSegment(
      episode,
      at,
      { title: `Segment ${at + 1}`, prompt: '', caption: '', seconds },
      this.host.now(),
    );
    current.splice(at, 0, segment);
    await this.commit(episode.id, current, [segment]);
  }

  async updateSegment(id: string, patch: SegmentPatch): Promise<void> {
    const episode = this.episode;
    const segments = this.host.state().segments;
    const segment = segments.find((s) => s.id === id);
    if (!episode || !segment) return;
    const model = this.modelFor(episode);
    if (patch.seconds !== undefined && model && !model.durations.includes(patch.seconds)) {
      return this.host.notify(
        'error',
        `${model.label} makes clips of ${model.durations.join(', ')} seconds; not ${patch.seconds}.`,
      );
    }
    if (patch.title !== undefined && !patch.title.trim())
      return this.host.notify('error', 'A segment needs a title.');
    const changed = CONTENT_FIELDS.some((field) => field in patch && patch[field] !== segment[field]);
    const next: SegmentRecord = {
      ...segment,
      ...patch,
      edited: segment.edited || (changed && !!segment.approvedTakeId),
      updated: this.host.now(),
    };
    await this.commit(
      episode.id,
      segments.map((s) => (s.id === id ? next : s)),
      [next],
    );
  }

  async deleteSegment(id: string): Promise<void> {
    const episode = this.episode;
    if (!episode) return;
    const remaining = this.host.state().segments.filter((s) => s.id !== id);
    await this.host.db.deleteSegments([id]);
    this.projectOfSegment.delete(id);
    await this.commit(episode.id, remaining, []);
  }

  async moveSegment(id: string, to: number): Promise<void> {
    const segments = this.host.state().segments;
    const from = segments.findIndex((s) => s.id === id);
    const episode = this.episode;
    if (!episode || from < 0 || to === from || to < 0 || to >= segments.length) return;
    await this.commit(episode.id, moveItem(segments, from, to), []);
  }

  /** Approves one take; chained segments that started from another take become stale (and are shown so). */
  async approveTake(segmentId: string, videoId: string): Promise<void> {
    const segment = await this.host.db.getSegment(segmentId);
    if (!segment?.takeIds.includes(videoId)) return;
    const video = await this.host.db.getVideo(videoId);
    const reference = video?.referenceAssetId
      ? await this.host.db.getAsset(video.referenceAssetId)
      : undefined;
    const chainedFrom = reference?.origin?.kind === 'last-frame' ? reference.origin.videoId : undefined;
    const next: SegmentRecord = {
      ...segment,
      approvedTakeId: videoId,
      chainedFrom,
      edited: false,
      updated: this.host.now(),
    };
    await this.saveSegments(segment.episodeId, [next]);
    await this.builder.releaseChains(segment.episodeId);
  }

  async removeTake(segmentId: string, videoId: string): Promise<void> {
    const segment = await this.host.db.getSegment(segmentId);
    if (!segment) return;
    const approved = segment.approvedTakeId === videoId ? undefined : segment.approvedTakeId;
    const next = {
      ...segment,
      takeIds: segment.takeIds.filter((t) => t !== videoId),
      approvedTakeId: approved,
      updated: this.host.now(),
    };
    await this.saveSegments(segment.episodeId, [next]);
  }

  // ——— persistence ———

  /**
   * Writes changed segments of an episode and recomputes order and staleness for all of them (so a change
   * that breaks a chain is shown at once); updates the open episode's state.
   */
  async saveSegments(episodeId: string, changed: readonly SegmentRecord[]): Promise<SegmentRecord[]> {
    const open = this.host.state().openEpisodeId === episodeId;
    const base = open ? [...this.host.state().segments] : await this.host.db.listSegments(episodeId);
    const byId = new Map(changed.map((s) => [s.id, s]));
    const merged = base.map((s) => byId.get(s.id) ?? s);
    for (const s of changed) if (!base.some((b) => b.id === s.id)) merged.push(s);
    const saved = await this.commit(episodeId, merged, changed);
    // Not awaited: approving releases chains through the builder's queue, which may be what called us.
    void this.renderer
      .autoApprove(episodeId, saved)
      .catch((error: unknown) =>
        this.host.notify('error', error instanceof Error ? error.message : String(error)),
      );
    return saved;
  }

  /** Renumbers, recomputes staleness, writes what changed (plus `dirty`), and publishes the open episode's list. */
  protected async commit(
    episodeId: string,
    ordered: readonly SegmentRecord[],
    dirty: readonly SegmentRecord[],
  ): Promise<SegmentRecord[]> {
    const stale = staleReasons(ordered);
    const dirtyIds = new Set(dirty.map((s) => s.id));
    const out: SegmentRecord[] = [];
    const writes: SegmentRecord[] = [];
    ordered.forEach((segment, order) => {
      const same = segment.order === order && segment.stale === stale[order];
      const next = same ? segment : { ...segment, order, stale: stale[order] };
      if (!same || dirtyIds.has(segment.id)) writes.push(next);
      out.push(next);
    });
    // The open episode's list changes before the write, not after it: the next edit (a title, then the
    // prompt a moment later) must build on this one, or its write would put the old title back.
    const open = this.host.state().openEpisodeId === episodeId;
    const before = this.host.state().segments;
    if (open) this.host.set({ segments: out });
    try {
      await this.host.db.putSegments(writes);
    } catch (error) {
      if (open && this.host.state().segments === out) this.host.set({ segments: before });
      throw error;
    }
    const projectId = this.host.state().episodes.find((e) => e.id === episodeId)?.projectId;
    if (projectId) for (const s of out) this.projectOfSegment.set(s.id, projectId);
    if (open) await this.refreshTakes();
    return out;
  }

  protected newSegment(
    episode: EpisodeRecord,
    order: number,
    fields: { title: string; prompt: string; caption: string; seconds: number },
    now: number,
  ): SegmentRecord {
    const segment: SegmentRecord = {
      id: crypto.randomUUID(),
      episodeId: episode.id,
      order,
      ...fields,
      continuity: 'cut' as ContinuityMode,
      takeIds: [],
      created: now,
      updated: now,
    };
    this.projectOfSegment.set(segment.id, episode.projectId);
    return segment;
  }
}
