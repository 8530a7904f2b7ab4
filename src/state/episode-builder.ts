/**
 * The episode builder: turns "generate these segments" into jobs, in chain order, and follows the jobs.
 * Plain TypeScript driven by the store's state: every job that finishes for a segment becomes a take of
 * it, and a chained segment is queued only once the previous segment has an approved, current take — the
 * last frame of that take (fitted to the output size and stored as an asset) is its first-frame reference.
 */
import type { EpisodeRecord, JobRecord, SegmentRecord } from '../types.ts';
import { castOf, describePlan, finalPromptOf, membersOf, planReferences } from './cast.ts';
import { parseSize } from './catalog.ts';
import { lastFrameAsset } from './frame-asset.ts';
import type { EpisodeHost, EpisodeRecords } from './episode-records.ts';
import { segmentReferences, type ReferenceFields } from './reference-draft.ts';
import { planGeneration } from './segment-split.ts';

export class EpisodeBuilder {
  private readonly host: EpisodeHost;
  private readonly actions: EpisodeRecords;
  /** Done jobs already turned into takes (by this tab). */
  private readonly handled = new Set<string>();
  private lastJobs?: readonly JobRecord[];
  /** Generation requests run one at a time, so a chain is never queued twice. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(host: EpisodeHost, actions: EpisodeRecords) {
    this.host = host;
    this.actions = actions;
  }

  /** Follows the store's jobs; returns the unsubscribe function. */
  watch(): () => void {
    const check = (): void => {
      const jobs = this.host.state().jobs;
      if (jobs === this.lastJobs) return;
      this.lastJobs = jobs;
      for (const job of jobs) {
        if (!job.request.segmentId || job.status !== 'done' || this.handled.has(job.id)) continue;
        this.handled.add(job.id);
        void this.serial(() => (job.request.mode === 'image' ? this.addStills(job) : this.addTakes(job)));
      }
    };
    check();
    return this.host.subscribe(check);
  }

  /**
   * Generates the given segments of an episode: every one that can start now is queued; a chained one
   * whose previous segment has no approved, current take waits (and is queued when that take is approved).
   */
  generate(episodeId: string, segmentIds: readonly string[]): Promise<{ queued: number; waiting: number }> {
    return this.serial(async () => {
      const episode = this.host.state().episodes.find((e) => e.id === episodeId);
      if (!episode) return { queued: 0, waiting: 0 };
      const segments = await this.segmentsOf(episodeId);
      const plans = planGeneration(segments, new Set(segmentIds));
      let queued = 0;
      const waiting: SegmentRecord[] = [];
      for (const plan of plans) {
        const segment = segments.find((s) => s.id === plan.id)!;
        if (!plan.ready) {
          waiting.push({ ...segment, awaitingChain: true, updated: this.host.now() });
          continue;
        }
        if (await this.submit(episode, segment, plan.chainFrom)) queued += 1;
      }
      if (waiting.length) await this.actions.saveSegments(episodeId, waiting);
      return { queued, waiting: waiting.length };
    });
  }

  /** Queues the chained segments of an episode that were waiting and now have what they need. */
  releaseChains(episodeId: string): Promise<void> {
    return this.serial(async () => {
      const episode = this.host.state().episodes.find((e) => e.id === episodeId);
      const segments = await this.segmentsOf(episodeId);
      const waiting = segments.filter((s) => s.awaitingChain);
      if (!episode || !waiting.length) return;
      for (const plan of planGeneration(segments, new Set(waiting.map((s) => s.id)))) {
        if (plan.ready)
          await this.submit(
            episode,
            segments.find((s) => s.id === plan.id)!,
            plan.chainFrom,
          );
      }
    });
  }

  /** Stops a chained segment from waiting. */
  async stopWaiting(segmentId: string): Promise<void> {
    const segment = await this.host.db.getSegment(segmentId);
    if (segment?.awaitingChain)
      await this.actions.saveSegments(segment.episodeId, [{ ...segment, awaitingChain: false }]);
  }

  private async addTakes(job: JobRecord): Promise<void> {
    const segmentId = job.request.segmentId!;
    let segment: SegmentRecord | undefined;
    for (const videoId of job.resultIds ?? [])
      segment = await this.host.db.addTake(segmentId, videoId, this.host.now());
    if (!segment) return;
    await this.actions.saveSegments(segment.episodeId, [segment]);
  }

  /** A "still first" segment's new still joins its candidates (approval stays a separate, explicit step). */
  private async addStills(job: JobRecord): Promise<void> {
    const segment = await this.host.db.getSegment(job.request.segmentId!);
    if (!segment) return;
    const fresh = (job.resultIds ?? []).filter((id) => !segment.stillIds?.includes(id));
    if (!fresh.length) return;
    const stillIds = [...(segment.stillIds ?? []), ...fresh];
    await this.actions.saveSegments(segment.episodeId, [{ ...segment, stillIds, updated: this.host.now() }]);
    await this.host.reloadAssets();
  }

  /** Writes one segment's job; false (with a notice) if it cannot be sent. */
  private async submit(episode: EpisodeRecord, segment: SegmentRecord, chainFrom?: string): Promise<boolean> {
    const cleared = segment.awaitingChain ? { ...segment, awaitingChain: false } : segment;
    if (cleared !== segment) await this.actions.saveSegments(episode.id, [cleared]);
    const number = segment.order + 1;
    if (segment.stillFirst && !segment.approvedStillId) {
      this.host.notify(
        'error',
        `Segment ${number} starts from a still: generate one and approve it before any video is made.`,
      );
      return false;
    }
    let referenceAssetId = segment.continuity === 'chain' ? undefined : segment.referenceAssetId;
    // Still first: the approved still is the first frame, whatever the continuity mode.
    if (segment.stillFirst) {
      referenceAssetId = segment.approvedStillId;
      chainFrom = undefined;
    }
    if (segment.continuity === 'keyframe' && !referenceAssetId) {
      this.host.notify(
        'error',
        `Segment ${number} uses a shared keyframe, but none is picked. Choose one in its editor.`,
      );
      return false;
    }
    if (!segment.prompt.trim()) {
      this.host.notify('error', `Segment ${number} has no prompt yet. Write one before generating it.`);
      return false;
    }
    if (chainFrom) {
      try {
        referenceAssetId = await this.lastFrameAsset(episode, segment, chainFrom);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.host.notify(
          'error',
          `Segment ${number} was not sent: the previous take's last frame could not be read (${reason}).`,
        );
        return false;
      }
    }
    // First + last frame or several references, picked in the editor, replace the cast's reference plan.
    const refs = segmentReferences(segment, this.actions.modelFor(episode), referenceAssetId);
    if (refs && 'problem' in refs) {
      this.host.notify('error', `Segment ${number} was not sent: ${refs.problem}`);
      return false;
    }
    const cast = this.castRequest(episode, segment, referenceAssetId, refs?.fields);
    if (!cast) return false;
    const job = await this.host.enqueue({
      prompt: cast.prompt,
      connectionId: episode.connectionId,
      model: episode.model,
      size: segment.size ?? episode.size,
      seconds: segment.seconds,
      audio: true,
      referenceAssetId: cast.referenceAssetId,
      ...(cast.referenceAssetIds ? { referenceAssetIds: cast.referenceAssetIds } : {}),
      ...(cast.lastFrameAssetId ? { lastFrameAssetId: cast.lastFrameAssetId } : {}),
      ...(cast.remixOf ? { remixOf: cast.remixOf } : {}),
      fit: 'crop',
      segmentId: segment.id,
      mode: 'video',
    });
    return job !== undefined;
  }

  /**
   * The cast's part of a segment's request: the final prompt (descriptions woven in, or the user's edit)
   * and where the members' sheets go for this model; undefined (with a notice) when the user must choose.
   */
  private castRequest(
    episode: EpisodeRecord,
    segment: SegmentRecord,
    referenceAssetId: string | undefined,
    picked?: ReferenceFields,
  ): ({ prompt: string } & ReferenceFields) | undefined {
    const project = this.host.state().projects.find((p) => p.id === episode.projectId);
    const prompt = finalPromptOf(segment, project);
    if (picked) {
      const { referenceAssetId: first, lastFrameAssetId, referenceAssetIds, remixOf } = picked;
      return { prompt, referenceAssetId: first, lastFrameAssetId, referenceAssetIds, remixOf };
    }
    const members = membersOf(segment, castOf(project));
    const model = this.actions.modelFor(episode);
    // A composite sheet (the approved still) already shows everyone: it is the first frame, no sheets go.
    if (!model || !members.length || segment.castComposite) return { prompt, referenceAssetId };
    const plan = planReferences(model, members, { keep: segment.castKeep, firstFrameId: referenceAssetId });
    if (plan.kind === 'multi') return { prompt, referenceAssetIds: plan.assetIds };
    if (plan.kind === 'single') return { prompt, referenceAssetId: plan.assetId };
    if (plan.kind === 'choose') {
      this.host.notify(
        'error',
        `Segment ${segment.order + 1} was not sent: ${describePlan(plan, members)} Choose in its editor.`,
      );
      return undefined;
    }
    return { prompt, referenceAssetId };
  }

  /** The last frame of `videoId`, fitted to the segment's size, stored once as an image asset; its id. */
  private async lastFrameAsset(
    episode: EpisodeRecord,
    segment: SegmentRecord,
    videoId: string,
  ): Promise<string> {
    const { db } = this.host;
    const video = await db.getVideo(videoId);
    if (!video || !(await db.getBlob(video.blobId)))
      throw new Error('the approved take is no longer in the library');
    const size = segment.size ?? episode.size;
    const { width, height } = parseSize(size);
    const name = `last-frame-${segment.order}-${size}.png`.replace(/\s+/g, '-');
    const { id, created } = await lastFrameAsset(this.host, video, { width, height, name });
    if (!created) return id;
    await this.host.reloadAssets();
    return id;
  }

  private async segmentsOf(episodeId: string): Promise<SegmentRecord[]> {
    const state = this.host.state();
    return state.openEpisodeId === episodeId ? [...state.segments] : this.host.db.listSegments(episodeId);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
