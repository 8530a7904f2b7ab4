import {
  isTerminal,
  NO_DEADLINE,
  type AssetRecord,
  type Connection,
  type GenerationRequest,
  type JobRecord,
  type ModelSpec,
  type Size,
  type StillTarget,
  type VideoRecord,
} from '../../types.ts';
import type { Draft } from '../app-state.ts';
import { estimateCost, validateRequest } from '../catalog.ts';
import { coerceDraft, switchMode } from '../draft.ts';
import { DraftSaver } from '../draft-saver.ts';
import { LOCKED_DETAIL } from '../key-vault.ts';
import { referenceProblems } from '../reference-draft.ts';
import { draftFromRequest, requestFromDraft, resolveRequest, type Resolved } from '../request-fields.ts';
import { lastFrameAsset } from '../frame-asset.ts';
import type { DraftStash } from '../ports.ts';
import { errorMessage, type StoreCore } from '../store-core.ts';
import type { AssetsSlice } from './assets.ts';
import type { LibrarySlice } from './library.ts';

const JOB_LIST_SIZE = 50;

/** The prompt bar and its jobs: the draft, validation, job rows, the runner's hooks, stills and frames. */
export class GenerationSlice {
  /** Writes the draft to IndexedDB once per pause in typing; `drafts.saveNow()` when the page goes away. */
  readonly drafts: DraftSaver;

  constructor(
    private readonly core: StoreCore,
    private readonly assets: AssetsSlice,
    private readonly library: LibrarySlice,
    stash?: DraftStash,
  ) {
    this.drafts = new DraftSaver(core.db, core.clock, stash);
  }

  updateDraft(patch: Partial<Draft>): void {
    const { catalog, state } = this.core;
    const { mode, ...rest } = patch;
    const merged = { ...state.draft, ...rest };
    const draft =
      mode && mode !== merged.mode
        ? switchMode(merged, mode, catalog, state.connections)
        : coerceDraft(merged, catalog, state.connections);
    this.core.set({ draft });
    this.drafts.schedule(draft);
  }

  useAsReference(assetId: string | undefined): void {
    const asset = assetId ? this.core.state.assets.find((a) => a.id === assetId) : undefined;
    if (asset && asset.kind !== 'image') {
      this.core.notify('error', `“${asset.name}” is not an image; only images can be a reference frame.`);
      return;
    }
    this.updateDraft({ referenceAssetId: assetId });
  }

  /** Estimated USD for the current draft. */
  get draftCost(): number {
    const { model } = this.resolvedDraft();
    return model ? estimateCost(model, this.core.state.draft) : 0;
  }

  get draftModel(): ModelSpec | undefined {
    return this.resolvedDraft().model;
  }

  /** The draft's connection and model, looked up once for everything that follows. */
  private resolvedDraft(): Resolved {
    return resolveRequest(this.core, this.core.state.draft);
  }

  /** Validates the draft against the catalog and writes the job row; the runner takes it from there. */
  async generate(options: { override?: boolean } = {}): Promise<JobRecord | undefined> {
    const { core } = this;
    const { draft } = core.state;
    const { connection, model } = this.resolvedDraft();
    const request = requestFromDraft(draft, model);
    const problems = connection
      ? [...validateRequest(model, request), ...referenceProblems(draft, model)]
      : [{ field: 'connectionId', message: 'Pick a provider.' }];
    if (problems.length) {
      core.notify('error', problems.map((p) => p.message).join(' '));
      return undefined;
    }
    const cost = model ? estimateCost(model, request) : 0;
    if (!options.override && !this.library.allowSpend(cost, request.segmentId)) return undefined;
    const job = await this.writeJob(request, connection!, cost);
    core.set({
      jobs: [job, ...core.state.jobs],
      focusedJobId: job.id,
      draft: { ...draft, remixOf: undefined },
    });
    void this.reloadPrompts();
    core.kickRunner();
    return job;
  }

  /** Writes the job row of an episode segment (no focus change: the storyboard shows its progress). */
  async enqueue(request: GenerationRequest): Promise<JobRecord | undefined> {
    const { core } = this;
    const { connection, model } = resolveRequest(core, request);
    const problems = connection
      ? validateRequest(model, request)
      : [{ message: "The episode's provider was removed." }];
    if (problems.length) {
      core.notify('error', problems.map((p) => p.message).join(' '));
      return undefined;
    }
    const job = await this.writeJob(request, connection!, model ? estimateCost(model, request) : 0);
    core.set({ jobs: [job, ...core.state.jobs] });
    core.kickRunner();
    return job;
  }

  async cancelJob(id: string): Promise<void> {
    const { runner } = this.core;
    if (runner?.running) await runner.cancel(id);
    else this.core.post({ type: 'cancel-job', id });
  }

  /** A deliberate re-send of a job whose outcome was unknown (or that failed). */
  async sendAgain(jobId: string): Promise<void> {
    const job = this.core.state.jobs.find((j) => j.id === jobId);
    if (!job) return;
    this.core.set({ draft: { ...this.core.state.draft, ...draftFromRequest(job.request) } });
    await this.generate();
  }

  focusJob(id: string | undefined): void {
    this.core.set({ focusedJobId: id });
  }

  /** Reuse a clip's prompt and settings in the prompt bar (optionally as a remix). */
  reuseVideo(id: string, remix = false): void {
    const video = this.core.state.videos.find((v) => v.id === id);
    if (!video) return;
    this.updateDraft({
      prompt: video.prompt,
      connectionId: video.connectionId,
      model: video.model,
      size: video.size,
      seconds: video.seconds,
      remixOf: remix ? video.id : undefined,
    });
  }

  /** The stills an image job saved, as far as they are still in the library. */
  async stillsOf(jobId: string): Promise<AssetRecord[]> {
    const { state, db } = this.core;
    const job = state.jobs.find((j) => j.id === jobId);
    const ids = job?.request.mode === 'image' ? (job.resultIds ?? []) : [];
    const found = await Promise.all(
      ids.map((id) => state.assets.find((a) => a.id === id) ?? db.getAsset(id)),
    );
    return found.filter((a): a is AssetRecord => a !== undefined);
  }

  /** A generated still becomes the first frame of the next clip (back in Video mode). */
  useStillAsReference(assetId: string): void {
    if (this.core.state.draft.mode !== 'video') this.updateDraft({ mode: 'video' });
    this.useAsReference(assetId);
  }

  /**
   * One click from still to clip: Video mode with the still as reference, at the video model and size it
   * was made for (or, for a still made without one, a video model of the draft's connection at its size).
   */
  async animateStill(assetId: string): Promise<JobRecord | undefined> {
    const { core } = this;
    const asset = await core.db.getAsset(assetId);
    if (!asset) {
      core.notify('error', 'That still is no longer in the library.');
      return undefined;
    }
    const jobId = asset.origin?.jobId;
    const source = jobId
      ? (core.state.jobs.find((j) => j.id === jobId) ?? (await core.db.get(jobId)))
      : undefined;
    const target = source?.request.target ?? core.state.draft.target ?? this.videoAt(asset);
    if (!target) {
      core.notify('error', 'No configured video model makes clips of this still’s size.');
      return undefined;
    }
    this.updateDraft({ mode: 'video' });
    this.updateDraft({
      connectionId: target.connectionId,
      model: target.model,
      size: target.size,
      referenceAssetId: assetId,
      prompt: asset.origin?.prompt ?? core.state.draft.prompt,
      remixOf: undefined,
    });
    return this.generate();
  }

  recallPrompt(text: string): void {
    this.updateDraft({ prompt: text });
  }

  async searchPrompts(query: string): Promise<void> {
    this.core.set({ prompts: await this.core.db.listPrompts(query, 50) });
  }

  /** The clip's final frame becomes a new image asset at the clip's size and the draft's reference. */
  async useLastFrame(videoId: string): Promise<string | undefined> {
    const { core } = this;
    const { db, media } = core;
    const video = await db.getVideo(videoId);
    const blob = video && (await db.getBlob(video.blobId));
    const deps = { db, media, now: () => core.clock.now() };
    if (!video || !blob) {
      core.notify('error', 'That clip is no longer on this device.');
      return undefined;
    }
    try {
      const name = `last frame — ${video.prompt.slice(0, 40).trim()}.png`;
      const { width, height } = video;
      const { id, created } = await lastFrameAsset(deps, video, { width, height, name });
      if (created) {
        await this.assets.reload();
        core.post({ type: 'library-changed' });
      }
      if (!core.state.assets.some((a) => a.id === id)) await this.assets.reload();
      this.useAsReference(id);
      core.notify('success', 'The last frame is now the reference for your next clip.');
      return id;
    } catch (error) {
      core.notify('error', `The last frame could not be taken: ${errorMessage(error)}`);
      return undefined;
    }
  }

  /** Loads the job runner and the code that prepares and saves jobs (after the first paint). */
  async createRunner(): Promise<void> {
    const { core } = this;
    const [{ JobRunner }, { completeJob, prepareJob }, createProvider] = await Promise.all([
      import('../job-runner.ts'),
      import('../generation.ts'),
      core.loadProviders?.(),
    ]);
    core.createProvider = createProvider;
    core.runner = new JobRunner({
      ledger: core.db,
      provider: (job) => core.providerFor(job.request.connectionId),
      prepare: (job, signal) => prepareJob(core.generationDeps(), job, signal),
      complete: (job, result, signal) => completeJob(core.generationDeps(), job, result, signal),
      concurrency: (id) => core.connection(id)?.concurrency ?? 1,
      needsNetwork: (job) => job.providerKind !== 'local',
      hold: (job) => (core.keyVault.isLocked(job.request.connectionId) ? LOCKED_DETAIL : undefined),
      refuse: (job) => this.library.submitRefusal(job),
      clock: core.clock,
      network: core.network,
      onChange: (job) => this.onJobChange(job),
    });
  }

  async reloadJobs(): Promise<void> {
    this.core.set({ jobs: await this.core.db.listJobs(JOB_LIST_SIZE) });
  }

  async reloadPrompts(): Promise<void> {
    this.core.set({ prompts: await this.core.db.listPrompts('', 50) });
  }

  private onJobChange(job: JobRecord): void {
    const { core } = this;
    const jobs = core.state.jobs.some((j) => j.id === job.id)
      ? core.state.jobs.map((j) => (j.id === job.id ? job : j))
      : [job, ...core.state.jobs];
    core.set({ jobs });
    core.post({ type: 'jobs-changed' });
    if (isTerminal(job.status)) void this.library.reload();
    if (job.status === 'done') {
      const clipId = job.request.mode === 'image' ? undefined : job.resultIds?.[0];
      // The job knows what it made: a still job adds assets, a clip job adds its clips (placed in the list,
      // not a re-read of every clip); the prompt history changes either way.
      const results =
        job.request.mode === 'image' ? this.assets.reload() : this.placeClips(job.resultIds ?? []);
      void Promise.all([results, this.reloadPrompts()]).then(() => {
        if (clipId && core.state.focusedJobId === job.id) this.library.selectVideo(clipId);
        void core.refreshStorage();
      });
      core.post({ type: 'library-changed' });
    }
    if (job.status === 'unknown') {
      core.notify('error', job.error?.message ?? 'The outcome of a request is unknown.', {
        label: 'Send again',
        intent: 'send-again',
        target: job.id,
      });
    }
  }

  /** Puts newly saved clips into the clip list (newest first), reading only those rows. */
  private async placeClips(ids: readonly string[]): Promise<void> {
    const rows = await Promise.all(ids.map((id) => this.core.db.getVideo(id)));
    const known = new Set(this.core.state.videos.map((v) => v.id));
    const fresh = rows.filter((v): v is VideoRecord => !!v && !known.has(v.id));
    if (!fresh.length) return;
    const videos = [...fresh, ...this.core.state.videos].sort((a, b) => b.created - a.created);
    this.core.set({ videos });
  }

  /** The job row is written (with its prompt remembered) before anything is sent. */
  private async writeJob(
    request: GenerationRequest,
    connection: Connection,
    estimatedCost: number,
  ): Promise<JobRecord> {
    const { core } = this;
    const now = core.clock.now();
    const job: JobRecord = {
      id: crypto.randomUUID(),
      request,
      providerKind: connection.kind,
      status: 'waiting',
      progress: 0,
      created: now,
      updated: now,
      deadline: NO_DEADLINE,
      attempts: 0,
      estimatedCost,
      detail:
        core.network.online() || connection.kind === 'local'
          ? 'Starting…'
          : 'Offline: will send when the connection returns',
    };
    await core.db.putJob(job);
    await core.db.recordPromptUse(request.prompt);
    return job;
  }

  /** A video model (draft's connection first) that makes clips of exactly the asset's size. */
  private videoAt(asset: AssetRecord): StillTarget | undefined {
    const size = `${asset.width}x${asset.height}` as Size;
    const { connections, draft } = this.core.state;
    const ordered = [...connections].sort(
      (a, b) => Number(b.id === draft.connectionId) - Number(a.id === draft.connectionId),
    );
    for (const connection of ordered) {
      const model = this.core.catalog
        .modelsFor(connection, 'video')
        .find((m) => m.references.firstFrame && m.sizes.some((s) => s.size === size));
      if (model) return { connectionId: connection.id, model: model.id, size };
    }
    return undefined;
  }
}
