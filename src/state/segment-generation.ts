/**
 * Generating segments: stills for "still first" segments, "Generate all", one segment, and library clips
 * offered as takes. A layer of EpisodeActions (episodes.ts) over the segment editing (episode-segments.ts);
 * moved out of episodes.ts (issue 15).
 */
import type { SegmentRecord } from '../types.ts';
import { isTerminal } from '../types.ts';
import { EpisodeSegments } from './episode-segments.ts';
import { NO_STILL_MODEL, stillJob } from './still-target.ts';

export abstract class SegmentGeneration extends EpisodeSegments {
  // ——— still first (text → still → video) ———

  /** Makes a still for a "still first" segment, for the episode's video model at the segment's size. */
  async generateStill(segmentId: string): Promise<void> {
    const episode = this.episode;
    const segment = this.host.state().segments.find((s) => s.id === segmentId);
    if (!episode || !segment) return;
    if (!segment.prompt.trim())
      return this.host.notify('error', `Segment ${segment.order + 1} has no prompt yet. Write one first.`);
    const size = this.sizeOf(episode, segment);
    const request = stillJob(this.host.catalog, this.host.state().connections, {
      prompt: segment.prompt.trim(),
      connectionId: episode.connectionId,
      size,
      videoModel: episode.model,
      segmentId,
    });
    if (!request) return this.host.notify('error', NO_STILL_MODEL);
    await this.host.enqueue(request);
  }

  /** The approved still becomes the first frame of the segment's video takes; only then can they be sent. */
  async approveStill(segmentId: string, assetId: string): Promise<void> {
    const segment = await this.host.db.getSegment(segmentId);
    if (!segment?.stillIds?.includes(assetId)) return;
    const changed = segment.referenceAssetId !== assetId;
    const next: SegmentRecord = {
      ...segment,
      approvedStillId: assetId,
      referenceAssetId: assetId,
      edited: segment.edited || (changed && !!segment.approvedTakeId),
      updated: this.host.now(),
    };
    await this.saveSegments(segment.episodeId, [next]);
  }

  // ——— generating ———

  /** What "Generate all" sends: segments without a current approved take and with nothing running or waiting. */
  pendingSegments(): SegmentRecord[] {
    const busy = new Set(
      this.host
        .state()
        .jobs.filter((j) => j.request.segmentId && !isTerminal(j.status))
        .map((j) => j.request.segmentId),
    );
    return this.host
      .state()
      .segments.filter(
        (s) => (!s.approvedTakeId || s.stale || s.edited) && !busy.has(s.id) && !s.awaitingChain,
      );
  }

  async generateAll(): Promise<void> {
    const episode = this.episode;
    const targets = this.pendingSegments();
    if (!episode) return;
    if (!targets.length)
      return this.host.notify('info', 'Every segment has a current approved take or is already generating.');
    const { queued, waiting } = await this.builder.generate(
      episode.id,
      targets.map((s) => s.id),
    );
    const parts = [`Queued ${queued} segment${queued === 1 ? '' : 's'}`];
    if (waiting)
      parts.push(
        `${waiting} chained segment${waiting === 1 ? '' : 's'} will follow their previous segment's approved take`,
      );
    this.host.notify('info', `${parts.join('; ')}.`);
  }

  /** Generates (or retries, or regenerates) one segment; a new take joins its others. */
  async generateSegment(id: string): Promise<void> {
    const episode = this.episode;
    if (episode) await this.builder.generate(episode.id, [id]);
  }

  /** Library clips the user wants as takes; the board asks which segment. */
  offerTakes(videoIds: readonly string[]): void {
    this.host.set({ pendingTakes: videoIds.length ? [...videoIds] : undefined, view: 'episodes' });
  }

  async assignPendingTakes(segmentId: string | undefined): Promise<void> {
    const ids = this.host.state().pendingTakes ?? [];
    this.host.set({ pendingTakes: undefined });
    if (!segmentId || !ids.length) return;
    let segment: SegmentRecord | undefined;
    for (const id of ids) segment = await this.host.db.addTake(segmentId, id, this.host.now());
    if (segment) await this.saveSegments(segment.episodeId, [segment]);
    this.host.notify(
      'success',
      `Added ${ids.length} take${ids.length === 1 ? '' : 's'} to “${segment?.title ?? 'the segment'}”.`,
    );
  }
}
