/**
 * Episode actions: projects → episodes → segments, auto-saved on every change. Framework-free; the store
 * owns one instance (`store.episodes`) and hands it an `EpisodeHost`. Generating and chaining live in the
 * builder (episode-builder.ts); stitching and export files live in episode-export.ts.
 */
import type {
  ContinuityMode,
  EpisodeRecord,
  JobRecord,
  ModelSpec,
  ProjectRecord,
  SegmentRecord,
  Size,
  VideoRecord,
} from '../types.ts';
import { isTerminal } from '../types.ts';
import { describeSize, estimateCost } from './catalog.ts';
import { EpisodeBuilder } from './episode-builder.ts';
import type { EpisodeHost, EpisodeRecords } from './episode-records.ts';
import { EpisodeExporter } from './episode-export.ts';
import { EpisodeRenderer } from './episode-render.ts';
import { NO_STILL_MODEL, stillJob } from './still-target.ts';
import {
  moveItem,
  splitScript,
  staleReasons,
  titleFrom,
  type SplitMode,
  type SplitResult,
} from './segment-split.ts';

export type { EpisodeHost } from './episode-records.ts';

export const DEFAULT_TARGET_SECONDS = 75;
export const DEFAULT_ASPECT = '9:16';
const OPEN_SETTING = 'episodes-open';

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
export type EpisodeSettings = Partial<
  Pick<
    EpisodeRecord,
    | 'title'
    | 'targetSeconds'
    | 'size'
    | 'model'
    | 'connectionId'
    | 'musicAssetId'
    | 'musicLevel'
    | 'captions'
    | 'render'
    | 'autoApprove'
  >
>;

export class EpisodeActions implements EpisodeRecords {
  readonly builder: EpisodeBuilder;
  readonly exporter: EpisodeExporter;
  readonly renderer: EpisodeRenderer;
  private readonly host: EpisodeHost;
  /** segment id → project id, for spend per project. */
  private readonly projectOfSegment = new Map<string, string>();

  constructor(host: EpisodeHost) {
    this.host = host;
    this.builder = new EpisodeBuilder(host, this);
    this.exporter = new EpisodeExporter(host, this);
    this.renderer = new EpisodeRenderer(host, this);
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

  // ——— loading ———

  async load(): Promise<void> {
    const { db } = this.host;
    const [projects, episodes, open] = await Promise.all([
      db.listProjects(),
      db.listEpisodes(),
      db.getSetting<string | undefined>(OPEN_SETTING, undefined),
    ]);
    for (const episode of episodes) {
      for (const segment of await db.listSegments(episode.id))
        this.projectOfSegment.set(segment.id, episode.projectId);
    }
    this.host.set({ projects, episodes });
    if (open && episodes.some((e) => e.id === open)) await this.openEpisode(open);
  }

  async openEpisode(id: string | undefined): Promise<void> {
    const segments = id ? await this.host.db.listSegments(id) : [];
    this.host.set({ openEpisodeId: id, segments, stitch: undefined });
    await this.host.db.setSetting(OPEN_SETTING, id);
    await this.refreshTakes();
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

  // ——— projects and episodes ———

  async createProject(title: string): Promise<void> {
    const name = title.trim();
    if (!name) return this.host.notify('error', 'Give the series a name first.');
    const now = this.host.now();
    const project: ProjectRecord = { id: crypto.randomUUID(), title: name, created: now, updated: now };
    await this.host.db.putProject(project);
    this.host.set({ projects: [project, ...this.host.state().projects] });
    await this.createEpisode(project.id, 'Episode 1');
  }

  async renameProject(id: string, title: string): Promise<void> {
    const project = this.host.state().projects.find((p) => p.id === id);
    if (!project) return;
    if (!title.trim()) return this.host.notify('error', 'A series name cannot be empty.');
    const renamed = { ...project, title: title.trim(), updated: this.host.now() };
    await this.host.db.putProject(renamed);
    this.host.set({ projects: this.host.state().projects.map((p) => (p.id === id ? renamed : p)) });
  }

  async deleteProject(id: string): Promise<void> {
    const state = this.host.state();
    const project = state.projects.find((p) => p.id === id);
    if (!project) return;
    await this.host.db.deleteProject(id);
    const closing = state.episodes.some((e) => e.id === state.openEpisodeId && e.projectId === id);
    this.host.set({
      projects: state.projects.filter((p) => p.id !== id),
      episodes: state.episodes.filter((e) => e.projectId !== id),
    });
    if (closing) await this.openEpisode(undefined);
    this.host.notify('info', `Deleted the series “${project.title}”. Its clips stay in the library.`);
  }

  async createEpisode(projectId: string, title?: string): Promise<void> {
    const state = this.host.state();
    const { connectionId, model: modelId } = this.host.defaults();
    const connection = this.host.connection(connectionId);
    const model = connection ? this.host.catalog.find(connection, modelId) : undefined;
    const sizes = model?.sizes.map((s) => s.size) ?? [];
    const size = sizes.find((s) => describeSize(s).startsWith(DEFAULT_ASPECT)) ?? sizes[0] ?? '720x1280';
    const count = state.episodes.filter((e) => e.projectId === projectId).length;
    const now = this.host.now();
    const episode: EpisodeRecord = {
      id: crypto.randomUUID(),
      projectId,
      title: title?.trim() || `Episode ${count + 1}`,
      targetSeconds: DEFAULT_TARGET_SECONDS,
      aspect: aspectOf(size),
      size,
      connectionId: model ? connectionId : 'local',
      model: model?.id ?? 'local-preview',
      script: '',
      musicLevel: 0.3,
      captions: true,
      created: now,
      updated: now,
    };
    await this.host.db.putEpisode(episode);
    this.host.set({ episodes: [...state.episodes, episode] });
    await this.openEpisode(episode.id);
  }

  async updateEpisode(id: string, patch: EpisodeSettings): Promise<void> {
    const episode = this.host.state().episodes.find((e) => e.id === id);
    if (!episode) return;
    if (patch.title !== undefined && !patch.title.trim())
      return this.host.notify('error', 'An episode needs a title.');
    if (patch.targetSeconds !== undefined && !(patch.targetSeconds >= 4 && patch.targetSeconds <= 600)) {
      return this.host.notify('error', 'The target length must be between 4 and 600 seconds.');
    }
    const next: EpisodeRecord = { ...episode, ...patch, updated: this.host.now() };
    const model = this.modelFor(next);
    if (!model)
      return this.host.notify('error', `The model “${next.model}” is not offered by that provider.`);
    if (!model.sizes.some((s) => s.size === next.size)) next.size = model.sizes[0]?.size ?? next.size;
    next.aspect = aspectOf(next.size);
    await this.saveEpisode(next);
    // A new model may not allow the segments' durations: snap them, and say so.
    const illegal = this.host
      .state()
      .segments.filter((s) => s.episodeId === id && !model.durations.includes(s.seconds));
    if (illegal.length && this.host.state().openEpisodeId === id) {
      for (const s of illegal)
        await this.updateSegment(s.id, { seconds: nearest(model.durations, s.seconds) });
      this.host.notify(
        'info',
        `${model.label} makes ${model.durations.join(', ')} s clips; ${illegal.length} segment(s) were adjusted.`,
      );
    }
  }

  async deleteEpisode(id: string): Promise<void> {
    const state = this.host.state();
    const episode = state.episodes.find((e) => e.id === id);
    if (!episode) return;
    await this.host.db.deleteEpisode(id);
    this.host.set({ episodes: state.episodes.filter((e) => e.id !== id) });
    if (state.openEpisodeId === id) await this.openEpisode(undefined);
    this.host.notify('info', `Deleted “${episode.title}”. Its clips stay in the library.`);
  }

  /** Keeps the script as it is typed (the splitter debounces), so a reload before Split loses nothing. */
  async saveScript(id: string, script: string): Promise<void> {
    const episode = this.host.state().episodes.find((e) => e.id === id);
    if (!episode || episode.script === script) return;
    await this.saveEpisode({ ...episode, script, updated: this.host.now() });
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
  private async commit(
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
    await this.host.db.putSegments(writes);
    const projectId = this.host.state().episodes.find((e) => e.id === episodeId)?.projectId;
    if (projectId) for (const s of out) this.projectOfSegment.set(s.id, projectId);
    if (this.host.state().openEpisodeId === episodeId) {
      this.host.set({ segments: out });
      await this.refreshTakes();
    }
    return out;
  }

  private newSegment(
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

export const aspectOf = (size: Size): string => describeSize(size).split(' · ')[0] ?? size;

const nearest = (values: readonly number[], target: number): number =>
  values.reduce(
    (best, v) => (Math.abs(v - target) < Math.abs(best - target) ? v : best),
    values[0] ?? target,
  );

/** What a segment card shows. */
export interface SegmentStatus {
  tone: 'idle' | 'busy' | 'ready' | 'ok' | 'warn' | 'error';
  label: string;
  detail?: string;
  /** 0-100 while a job runs. */
  progress?: number;
  /** The job to cancel or follow. */
  jobId?: string;
}

const JOB_WORDS: Partial<Record<JobRecord['status'], string>> = {
  waiting: 'Waiting',
  submitting: 'Sending',
  queued: 'Queued',
  running: 'Generating',
  downloading: 'Downloading',
};

/** A segment's state from its record and its latest job (jobs newest first or in any order). */
export function segmentStatus(segment: SegmentRecord, jobs: readonly JobRecord[]): SegmentStatus {
  const latest = jobs
    .filter((j) => j.request.segmentId === segment.id)
    .reduce<JobRecord | undefined>((a, j) => (!a || j.created > a.created ? j : a), undefined);
  if (latest && !isTerminal(latest.status)) {
    const label = `${JOB_WORDS[latest.status] ?? 'Working'}${latest.progress ? ` ${latest.progress}%` : '…'}`;
    return { tone: 'busy', label, detail: latest.detail, progress: latest.progress, jobId: latest.id };
  }
  if (segment.awaitingChain)
    return { tone: 'busy', label: 'Waiting for the previous segment’s approved take' };
  if (latest && latest.status !== 'done') {
    const label =
      { canceled: 'Canceled', expired: 'Expired', unknown: 'Outcome unknown' }[latest.status as string] ??
      'Failed';
    return {
      tone: 'error',
      label,
      detail: latest.error?.message ?? `The job ended ${latest.status}.`,
      jobId: latest.id,
    };
  }
  if (segment.stale) return { tone: 'warn', label: 'Stale', detail: segment.stale };
  if (segment.edited)
    return { tone: 'warn', label: 'Edited since approval', detail: 'Regenerate to match the new settings.' };
  if (segment.approvedTakeId) return { tone: 'ok', label: 'Approved' };
  if (segment.takeIds.length) {
    const n = segment.takeIds.length;
    return { tone: 'ready', label: `${n} take${n === 1 ? '' : 's'} — approve one` };
  }
  return { tone: 'idle', label: 'Not generated' };
}
