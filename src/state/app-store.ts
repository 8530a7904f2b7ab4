import type { createProvider as CreateProvider } from '../providers/registry.ts';
import type { Provider } from '../providers/types.ts';
import {
  isTerminal,
  NO_DEADLINE,
  type AssetRecord,
  type Connection,
  type ErrorInfo,
  type GenerationRequest,
  type JobRecord,
  type ModelSpec,
  type Size,
  type StillTarget,
  type VideoRecord,
} from '../types.ts';
import {
  DEFAULT_PREFERENCES,
  LOCAL_CONNECTION,
  initialState,
  type AppState,
  type AssetFilter,
  type Draft,
  type Notice,
  type Preferences,
} from './app-state.ts';
import { createCatalog, estimateCost, validateRequest, type ModelCatalog } from './catalog.ts';
import {
  CUSTOM_MODELS_SETTING,
  importCustomModels,
  loadCustomModels,
  removeCustomModel,
  saveCustomModel,
  type CustomModelsChange,
} from './custom-models.ts';
import { coerceDraft, switchMode } from './draft.ts';
import type { EpisodeActions, EpisodeHost } from './episodes.ts';
import { CastActions } from './cast-actions.ts';
import { VoiceActions, voiceHost } from './voices.ts';
import { referenceProblems, referenceRequest } from './reference-draft.ts';
import { SampleSeries } from './sample-series.ts';
import type { Clock, JobRunner, NetworkStatus } from './job-runner.ts';
import { queryLibrary, toItems, type LibraryFilter, type LibraryItem } from './library-query.ts';
import {
  checkBudget,
  localDay,
  spentOn,
  summariseSpend,
  type Budget,
  type BudgetCheck,
  type ProjectOf,
  type SpendSummary,
} from './spend.ts';
import type { BackupDb, DeletedAsset, LibraryDb, MediaPort, StorageInfo } from './ports.ts';
import { TabCoordinator } from './tab-coordinator.ts';
import { submitRefusal } from './submit-guard.ts';
import { KeyWrap, type StoredConnection } from './key-wrap.ts';
import type { ImportSummary } from './backup/importer.ts';
import type { BackupScope } from './backup/manifest.ts';
import type { BackupProgress } from './backup/progress.ts';
import {
  KEY_VAULT_SETTING,
  KeyVault,
  LOCKED_DETAIL,
  WrongPassphraseError,
  type VaultWrite,
} from './key-vault.ts';

export interface StoreDeps {
  db: LibraryDb;
  media: MediaPort;
  clock?: Clock;
  network?: NetworkStatus;
  tabs?: TabCoordinator;
  catalog?: ModelCatalog;
  storage?: { estimate(): Promise<StorageInfo>; persist(): Promise<boolean> };
  providerFor?: (connection: Connection) => Provider;
  /** Whole-database access for backup, restore and the storage panel (db/backup-repo.ts). */
  backup?: BackupDb;
  appVersion?: string;
}

/** Fired on the store after every state change. */
export class StoreChangeEvent extends Event {
  static readonly eventName = 'store-change';
  constructor() {
    super(StoreChangeEvent.eventName);
  }
}

const PAGE_SIZE = 60;
const JOB_LIST_SIZE = 50;
const HEALTH_TTL_MS = 5000;
/** Clips read before the app shows (the rest load right after). */
const FIRST_SCREEN = 60;

export const browserClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
    }),
};

export const browserNetwork: NetworkStatus = {
  online: () => navigator.onLine,
  subscribe: (callback) => {
    window.addEventListener('online', callback);
    window.addEventListener('offline', callback);
    return () => {
      window.removeEventListener('online', callback);
      window.removeEventListener('offline', callback);
    };
  },
};

/**
 * The one store: readonly state, intent-named async actions, persistence through db/.
 * Elements read `state` and call actions; they never touch db/, providers/ or media/.
 */
export class AppStore extends EventTarget {
  readonly catalog: ModelCatalog;
  private current: AppState = initialState();
  private readonly deps: StoreDeps;
  private readonly clock: Clock;
  private readonly network: NetworkStatus;
  private readonly tabs: TabCoordinator;
  private readonly providers = new Map<string, Provider>();
  private readonly loadingUrls = new Map<string, Promise<string | undefined>>();
  private runner?: JobRunner;
  private undo?: DeletedAsset;
  private disposers: Array<() => void> = [];
  private readonly keyVault = new KeyVault();
  private keyWrapper?: KeyWrap;
  private backupAbort?: AbortController;
  private itemsMemo?: {
    videos: AppState['videos'];
    failedJobs: AppState['failedJobs'];
    items: LibraryItem[];
  };
  private resultsMemo?: { items: readonly LibraryItem[]; filter: LibraryFilter; results: LibraryItem[] };
  private projectOf: ProjectOf = () => undefined;

  constructor(deps: StoreDeps) {
    super();
    this.deps = deps;
    this.clock = deps.clock ?? browserClock;
    this.network = deps.network ?? browserNetwork;
    this.tabs = deps.tabs ?? new TabCoordinator();
    this.catalog = deps.catalog ?? createCatalog();
  }

  /** Wraps keys at rest with the device key while the passphrase lock is off. */
  private get keyWrap(): KeyWrap {
    return (this.keyWrapper ??= new KeyWrap(this.deps.db));
  }

  get state(): AppState {
    return this.current;
  }

  // ——— start-up ———

  async init(): Promise<void> {
    const { db } = this.deps;
    // Settings in one round: independent reads, issued together.
    const [preferences, connections, savedDraft, customModels] = await Promise.all([
      db.getSetting<Preferences>('preferences', DEFAULT_PREFERENCES),
      db.getSetting<StoredConnection[]>('connections', []).then((stored) => this.keyWrap.open(stored)),
      db.getSetting<Partial<Draft>>('draft', {}),
      db.getSetting<unknown>(CUSTOM_MODELS_SETTING, []),
      this.loadKeyVault(),
    ]);
    this.catalog.setCustom(loadCustomModels(customModels, this.catalog.catalogModels));
    const params = new URLSearchParams(globalThis.location?.search ?? '');
    const pace = params.get('pace');
    if (params.get('view') === 'library') this.set({ view: 'library' });
    const prefs = { ...DEFAULT_PREFERENCES, ...preferences };
    let savingPace: Promise<void> | undefined;
    if (pace === 'fast' || pace === 'realistic') {
      prefs.pace = pace;
      savingPace = db.setSetting('preferences', prefs);
    }
    const all = [LOCAL_CONNECTION, ...connections.connections.filter((c) => c.id !== LOCAL_CONNECTION.id)];
    // Keys written in the clear by an older version are wrapped with the device key on first start.
    if (connections.plain) await this.persistConnections(all).catch(() => undefined);
    this.set({
      preferences: prefs,
      connections: all,
      draft: coerceDraft({ ...this.current.draft, ...savedDraft }, this.catalog, all),
    });
    // The first screen (a page of assets, the first clips) shows as soon as it is read…
    await Promise.all([this.reloadAssets(), this.reloadVideos(FIRST_SCREEN)]);
    this.set({ ready: true });
    // …and the rest fills in right after it is painted: the whole (metadata-only) clip list, jobs, prompts,
    // failed jobs, spend, episodes. The job runner starts once they are read.
    await afterNextPaint();
    void this.reloadVideos();
    // The episodes code (builder, splitter, stitch export) loads now, off the shell's first load.
    const { EpisodeActions } = await import('./episodes.ts');
    this.episodeActions = new EpisodeActions(this.episodeHost());
    await Promise.all([
      savingPace,
      this.reloadJobs(),
      this.reloadPrompts(),
      this.reloadLibrary(),
      this.episodes.load(),
    ]);
    this.setProjectResolver((segmentId) => this.episodes.projectOf(segmentId));
    void this.refreshStorage();

    this.disposers.push(this.network.subscribe(() => this.set({ online: this.network.online() })));
    this.disposers.push(this.tabs.subscribe((message) => void this.onTabMessage(message)));
    this.disposers.push(this.episodes.builder.watch());
    // The runner and the code that prepares and saves jobs load after the first paint.
    const [{ JobRunner }, { completeJob, prepareJob }, { createProvider }] = await Promise.all([
      import('./job-runner.ts'),
      import('./generation.ts'),
      import('../providers/registry.ts'),
    ]);
    this.createProvider = createProvider;
    this.runner = new JobRunner({
      ledger: db,
      provider: (job) => this.providerFor(job.request.connectionId),
      prepare: (job, signal) => prepareJob(this.generationDeps(), job, signal),
      complete: (job, result, signal) => completeJob(this.generationDeps(), job, result, signal),
      concurrency: (id) => this.connection(id)?.concurrency ?? 1,
      needsNetwork: (job) => job.providerKind !== 'local',
      hold: (job) => (this.keyVault.isLocked(job.request.connectionId) ? LOCKED_DETAIL : undefined),
      refuse: (job) => this.submitRefusal(job),
      clock: this.clock,
      network: this.network,
      onChange: (job) => this.onJobChange(job),
    });
    this.tabs.lead(() => {
      this.set({ runsJobs: true });
      void this.runner?.start();
    });
  }

  dispose(): void {
    this.runner?.stop();
    this.tabs.dispose();
    for (const dispose of this.disposers) dispose();
    for (const url of Object.values(this.current.urls)) URL.revokeObjectURL(url);
  }

  // ——— assets ———

  /** Validates and stores files; returns the ids of the assets they became (or already were). */
  async importFiles(files: readonly File[]): Promise<string[]> {
    if (!files.length) return [];
    const { db, media } = this.deps;
    await this.askForPersistence();
    let added = 0;
    const ids: string[] = [];
    this.set({ importing: { done: 0, total: files.length } });
    try {
      await media.analyzeFiles(
        files,
        { maxBytes: this.current.preferences.maxAssetBytes },
        async (file, outcome) => {
          try {
            if (!outcome.ok) {
              this.notify('error', outcome.message);
              return;
            }
            const existing = await db.findAssetBySha256(outcome.asset.sha256);
            if (existing) {
              this.notify('info', `${file.name} is already in the library as “${existing.name}”.`);
              ids.push(existing.id);
              return;
            }
            const id = crypto.randomUUID();
            const asset: AssetRecord = {
              ...outcome.asset,
              id,
              blobId: `asset-${id}`,
              thumbId: outcome.thumbnail ? `thumb-${id}` : undefined,
              created: Date.now(),
              tags: [],
            };
            await db.addAsset(asset, file, outcome.thumbnail);
            ids.push(id);
            added += 1;
          } catch (error) {
            this.notify('error', `${file.name} was not added: ${errorMessage(error)}`);
          } finally {
            const importing = this.current.importing;
            if (importing) this.set({ importing: { ...importing, done: importing.done + 1 } });
          }
        },
      );
    } finally {
      this.set({ importing: undefined });
    }
    if (added) {
      this.notify(
        'success',
        added === 1 ? 'Added 1 file to the library.' : `Added ${added} files to the library.`,
      );
      await this.reloadAssets();
      this.tabs.post({ type: 'library-changed' });
      void this.refreshStorage();
    }
    return ids;
  }

  async setAssetFilter(filter: Partial<AssetFilter>): Promise<void> {
    this.set({ assetFilter: { ...this.current.assetFilter, ...filter } });
    await this.reloadAssets();
  }

  async loadMoreAssets(): Promise<void> {
    const { assets, assetsComplete } = this.current;
    if (assetsComplete) return;
    const last = assets.at(-1);
    const more = await this.queryAssets(last && { created: last.created, id: last.id });
    this.set({ assets: [...assets, ...more], assetsComplete: more.length < PAGE_SIZE });
  }

  selectAsset(id: string | undefined): void {
    this.set({ selectedAssetId: this.current.selectedAssetId === id ? undefined : id });
  }

  async renameAsset(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) {
      this.notify('error', 'A name cannot be empty.');
      return;
    }
    const renamed = await this.deps.db.renameAsset(id, trimmed);
    this.set({ assets: this.current.assets.map((a) => (a.id === id ? renamed : a)) });
    this.tabs.post({ type: 'library-changed' });
  }

  async deleteAsset(id: string): Promise<void> {
    const deleted = await this.deps.db.deleteAsset(id);
    if (!deleted) return;
    this.undo = deleted;
    this.forgetUrls(deleted.blobs.map((b) => b.id));
    const draft = this.current.draft;
    this.set({
      assets: this.current.assets.filter((a) => a.id !== id),
      assetCount: Math.max(0, this.current.assetCount - 1),
      selectedAssetId: this.current.selectedAssetId === id ? undefined : this.current.selectedAssetId,
      draft: draft.referenceAssetId === id ? { ...draft, referenceAssetId: undefined } : draft,
    });
    this.notify('info', `Deleted “${deleted.asset.name}”.`, { label: 'Undo', intent: 'undo-delete' });
    this.tabs.post({ type: 'library-changed' });
  }

  async undoDelete(): Promise<void> {
    const deleted = this.undo;
    if (!deleted) return;
    this.undo = undefined;
    await this.deps.db.restoreAsset(deleted);
    this.notify('success', `Restored “${deleted.asset.name}”.`);
    await this.reloadAssets();
    this.tabs.post({ type: 'library-changed' });
  }

  /** An object URL for stored bytes (thumbnail, clip); undefined until loaded, then a change fires. */
  url(blobId: string | undefined): string | undefined {
    if (!blobId) return undefined;
    const known = this.current.urls[blobId];
    if (known) return known;
    void this.loadUrl(blobId);
    return undefined;
  }

  /** Blob ids asked for since the last flush (a screen of thumbnails): read together, one change for all. */
  private urlBatch = new Map<
    string,
    { resolve: (url: string | undefined) => void; reject: (error: unknown) => void }
  >();

  async loadUrl(blobId: string): Promise<string | undefined> {
    const known = this.current.urls[blobId];
    if (known) return known;
    let loading = this.loadingUrls.get(blobId);
    if (!loading) {
      loading = new Promise<string | undefined>((resolve, reject) => {
        if (!this.urlBatch.size) {
          // Collect the ids asked for during this frame; the timer covers hidden tabs (no frames there).
          let flushed = false;
          const flush = (): void => {
            if (flushed) return;
            flushed = true;
            void this.flushUrls();
          };
          if (typeof requestAnimationFrame === 'function') {
            requestAnimationFrame(flush);
            setTimeout(flush, 100);
          } else setTimeout(flush, 0);
        }
        this.urlBatch.set(blobId, { resolve, reject });
      });
      this.loadingUrls.set(blobId, loading);
    }
    return loading;
  }

  /** Reads the batched blobs in one transaction and publishes all their object URLs with one change. */
  private async flushUrls(): Promise<void> {
    const batch = this.urlBatch;
    this.urlBatch = new Map();
    const ids = [...batch.keys()];
    const { db } = this.deps;
    let blobs: (Blob | undefined)[];
    try {
      blobs = db.getBlobs ? await db.getBlobs(ids) : await Promise.all(ids.map((id) => db.getBlob(id)));
    } catch (error) {
      for (const id of ids) this.loadingUrls.delete(id);
      for (const waiter of batch.values()) waiter.reject(error);
      return;
    }
    // createObjectURL is a synchronous round trip in browsers (~1 ms): publish in slices of a few ms so a
    // screenful of thumbnails never makes one long task.
    let started = performance.now();
    let added: Record<string, string> = {};
    const publish = (): void => {
      const ready = Object.entries(added);
      added = {};
      if (ready.length) this.set({ urls: { ...this.current.urls, ...Object.fromEntries(ready) } });
      for (const [id, url] of ready) {
        this.loadingUrls.delete(id);
        batch.get(id)!.resolve(url);
      }
    };
    for (const [i, id] of ids.entries()) {
      const blob = blobs[i];
      if (!blob) {
        this.loadingUrls.delete(id);
        batch.get(id)!.resolve(undefined);
        continue;
      }
      added[id] = URL.createObjectURL(blob);
      if (performance.now() - started > URL_SLICE_MS && i < ids.length - 1) {
        publish();
        await new Promise((resolve) => setTimeout(resolve, 0));
        started = performance.now();
      }
    }
    publish();
  }

  // ——— generation ———

  updateDraft(patch: Partial<Draft>): void {
    const { mode, ...rest } = patch;
    const merged = { ...this.current.draft, ...rest };
    const draft =
      mode && mode !== merged.mode
        ? switchMode(merged, mode, this.catalog, this.current.connections)
        : coerceDraft(merged, this.catalog, this.current.connections);
    this.set({ draft });
    void this.deps.db.setSetting('draft', { ...draft, prompt: draft.prompt });
  }

  useAsReference(assetId: string | undefined): void {
    const asset = assetId ? this.current.assets.find((a) => a.id === assetId) : undefined;
    if (asset && asset.kind !== 'image') {
      this.notify('error', `“${asset.name}” is not an image; only images can be a reference frame.`);
      return;
    }
    this.updateDraft({ referenceAssetId: assetId });
  }

  /** Estimated USD for the current draft. */
  get draftCost(): number {
    const { draft } = this.current;
    const model = this.draftModel;
    return model ? estimateCost(model, draft) : 0;
  }

  get draftModel() {
    const { draft } = this.current;
    const connection = this.connection(draft.connectionId);
    return connection ? this.catalog.find(connection, draft.model, draft.mode) : undefined;
  }

  /** Validates the draft against the catalog and writes the job row; the runner takes it from there. */
  async generate(options: { override?: boolean } = {}): Promise<JobRecord | undefined> {
    const { draft } = this.current;
    const connection = this.connection(draft.connectionId);
    const model = this.draftModel;
    const request: GenerationRequest = {
      prompt: draft.prompt.trim(),
      connectionId: draft.connectionId,
      model: draft.model,
      size: draft.size,
      seconds: draft.seconds,
      audio: draft.audio,
      fit: draft.fit,
      ...referenceRequest(draft, model),
      mode: draft.mode,
      variants: draft.mode === 'image' ? draft.variants : undefined,
      target: draft.mode === 'image' ? draft.target : undefined,
    };
    const problems = connection
      ? [...validateRequest(model, request), ...referenceProblems(draft, model)]
      : [{ field: 'connectionId', message: 'Pick a provider.' }];
    if (problems.length) {
      this.notify('error', problems.map((p) => p.message).join(' '));
      return undefined;
    }
    if (!options.override && !this.allowSpend(model ? estimateCost(model, request) : 0, request.segmentId)) {
      return undefined;
    }
    const job = await this.writeJob(request, connection!, model);
    this.set({
      jobs: [job, ...this.current.jobs],
      focusedJobId: job.id,
      draft: { ...draft, remixOf: undefined },
    });
    void this.reloadPrompts();
    this.kickRunner();
    return job;
  }

  async cancelJob(id: string): Promise<void> {
    if (this.runner?.running) await this.runner.cancel(id);
    else this.tabs.post({ type: 'cancel-job', id });
  }

  /** A deliberate re-send of a job whose outcome was unknown (or that failed). */
  async sendAgain(jobId: string): Promise<void> {
    const job = this.current.jobs.find((j) => j.id === jobId);
    if (!job) return;
    this.set({ draft: { ...this.current.draft, ...draftFromRequest(job.request) } });
    await this.generate();
  }

  focusJob(id: string | undefined): void {
    this.set({ focusedJobId: id });
  }

  selectVideo(id: string | undefined): void {
    this.set({ selectedVideoId: id, focusedJobId: undefined, view: id ? 'viewer' : this.current.view });
  }

  async deleteVideo(id: string, options: { remote: boolean }): Promise<void> {
    const video = await this.deps.db.getVideo(id);
    if (!video) return;
    if (options.remote && video.providerJobId) {
      const provider = this.providerFor(video.connectionId);
      try {
        await provider?.remove?.({ id: video.providerJobId }, AbortSignal.timeout(20_000));
      } catch (error) {
        this.notify(
          'error',
          `The provider's copy was not deleted: ${errorMessage(error)} The local copy was kept.`,
        );
        return;
      }
    }
    await this.deps.db.deleteVideo(id);
    this.forgetUrls([video.blobId, video.thumbId ?? '']);
    this.set({
      videos: this.current.videos.filter((v) => v.id !== id),
      selectedVideoId: this.current.selectedVideoId === id ? undefined : this.current.selectedVideoId,
    });
    this.notify(
      'info',
      options.remote ? 'Deleted the clip here and at the provider.' : 'Deleted the clip from this device.',
    );
    this.tabs.post({ type: 'library-changed' });
  }

  /** Reuse a clip's prompt and settings in the prompt bar (optionally as a remix). */
  reuseVideo(id: string, remix = false): void {
    const video = this.current.videos.find((v) => v.id === id);
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
    const job = this.current.jobs.find((j) => j.id === jobId);
    const ids = job?.request.mode === 'image' ? (job.resultIds ?? []) : [];
    const found = await Promise.all(
      ids.map((id) => this.current.assets.find((a) => a.id === id) ?? this.deps.db.getAsset(id)),
    );
    return found.filter((a): a is AssetRecord => a !== undefined);
  }

  /** A generated still becomes the first frame of the next clip (back in Video mode). */
  useStillAsReference(assetId: string): void {
    if (this.current.draft.mode !== 'video') this.updateDraft({ mode: 'video' });
    this.useAsReference(assetId);
  }

  /**
   * One click from still to clip: Video mode with the still as reference, at the video model and size it
   * was made for (or, for a still made without one, a video model of the draft's connection at its size).
   */
  async animateStill(assetId: string): Promise<JobRecord | undefined> {
    const asset = await this.deps.db.getAsset(assetId);
    if (!asset) {
      this.notify('error', 'That still is no longer in the library.');
      return undefined;
    }
    const jobId = asset.origin?.jobId;
    const source = jobId
      ? (this.current.jobs.find((j) => j.id === jobId) ?? (await this.deps.db.get(jobId)))
      : undefined;
    const target = source?.request.target ?? this.current.draft.target ?? this.videoAt(asset);
    if (!target) {
      this.notify('error', 'No configured video model makes clips of this still’s size.');
      return undefined;
    }
    this.updateDraft({ mode: 'video' });
    this.updateDraft({
      connectionId: target.connectionId,
      model: target.model,
      size: target.size,
      referenceAssetId: assetId,
      prompt: asset.origin?.prompt ?? this.current.draft.prompt,
      remixOf: undefined,
    });
    return this.generate();
  }

  /** A video model (draft's connection first) that makes clips of exactly the asset's size. */
  private videoAt(asset: AssetRecord): StillTarget | undefined {
    const size = `${asset.width}x${asset.height}` as Size;
    const { connections, draft } = this.current;
    const ordered = [...connections].sort(
      (a, b) => Number(b.id === draft.connectionId) - Number(a.id === draft.connectionId),
    );
    for (const connection of ordered) {
      const model = this.catalog
        .modelsFor(connection, 'video')
        .find((m) => m.references.firstFrame && m.sizes.some((s) => s.size === size));
      if (model) return { connectionId: connection.id, model: model.id, size };
    }
    return undefined;
  }

  recallPrompt(text: string): void {
    this.updateDraft({ prompt: text });
  }

  async searchPrompts(query: string): Promise<void> {
    this.set({ prompts: await this.deps.db.listPrompts(query, 50) });
  }

  // ——— library & spend ———

  /** Clips and failed jobs as library items (memoised on the lists they come from). */
  get libraryItems(): readonly LibraryItem[] {
    const { videos, failedJobs } = this.current;
    const memo = this.itemsMemo;
    if (memo?.videos === videos && memo.failedJobs === failedJobs) return memo.items;
    const items = toItems(videos, failedJobs);
    this.itemsMemo = { videos, failedJobs, items };
    return items;
  }

  /** The library as filtered, searched and sorted now. */
  get libraryResults(): readonly LibraryItem[] {
    const items = this.libraryItems;
    const filter = this.current.libraryFilter;
    const memo = this.resultsMemo;
    if (memo?.items === items && memo.filter === filter) return memo.results;
    const results = queryLibrary(items, filter);
    this.resultsMemo = { items, filter, results };
    return results;
  }

  /** Filter, search or sort the library; answers synchronously with the matching items. */
  setLibraryFilter(patch: Partial<LibraryFilter>): readonly LibraryItem[] {
    this.set({ libraryFilter: { ...this.current.libraryFilter, ...patch } });
    return this.libraryResults;
  }

  async setFavourite(ids: readonly string[], favourite: boolean): Promise<void> {
    await this.patchVideos(ids, () => ({ favourite }));
  }

  async setTags(id: string, tags: readonly string[]): Promise<void> {
    await this.patchVideos([id], () => ({ tags: [...tags] }));
  }

  /** Whether a clip's provider copy can be deleted (it has one, and the provider offers deletion). */
  canDeleteRemote(video: VideoRecord): boolean {
    return !!video.providerJobId && !!this.providerFor(video.connectionId)?.remove;
  }

  /**
   * Deletes clips (and forgets failed jobs) by id. With `remote`, each clip's provider copy is deleted first
   * where the provider supports it; a clip whose remote delete fails keeps its local copy too.
   */
  async deleteClips(ids: readonly string[], options: { remote: boolean }): Promise<void> {
    const { db } = this.deps;
    let deleted = 0;
    const kept: string[] = [];
    for (const id of ids) {
      const video = await db.getVideo(id);
      if (!video) {
        if (this.current.failedJobs.some((j) => j.id === id)) {
          await db.deleteJob(id);
          deleted += 1;
        }
        continue;
      }
      if (options.remote && this.canDeleteRemote(video)) {
        try {
          await this.providerFor(video.connectionId)?.remove?.(
            { id: video.providerJobId! },
            AbortSignal.timeout(20_000),
          );
        } catch (error) {
          kept.push(`“${video.prompt.slice(0, 40)}”: ${errorMessage(error)}`);
          continue;
        }
      }
      await db.deleteVideo(id);
      this.forgetUrls([video.blobId, video.thumbId ?? '', video.spriteId ?? '']);
      deleted += 1;
    }
    const gone = new Set(ids);
    this.set({
      selectedVideoId: gone.has(this.current.selectedVideoId ?? '')
        ? undefined
        : this.current.selectedVideoId,
    });
    await Promise.all([this.reloadVideos(), this.reloadLibrary()]);
    if (deleted) this.notify('info', `Deleted ${deleted} item${deleted === 1 ? '' : 's'}.`);
    if (kept.length)
      this.notify(
        'error',
        `Kept ${kept.length} clip(s) whose provider copy was not deleted: ${kept.join('; ')}`,
      );
    this.tabs.post({ type: 'library-changed' });
    void this.refreshStorage();
  }

  /** The clip's final frame becomes a new image asset at the clip's size and the draft's reference. */
  async useLastFrame(videoId: string): Promise<string | undefined> {
    const { db, media } = this.deps;
    const video = await db.getVideo(videoId);
    const blob = video && (await db.getBlob(video.blobId));
    if (!video || !blob) {
      this.notify('error', 'That clip is no longer on this device.');
      return undefined;
    }
    const sha256 = `last-frame-${videoId}`;
    try {
      const existing = await db.findAssetBySha256(sha256);
      let id = existing?.id;
      if (!id) {
        const frame = await media.fitImage(
          await media.extractFrame(blob, 'last'),
          video.width,
          video.height,
          'crop',
        );
        const scale = Math.min(1, 320 / Math.max(video.width, video.height));
        const thumb = await media
          .fitImage(frame, Math.round(video.width * scale), Math.round(video.height * scale), 'crop')
          .catch(() => undefined);
        id = crypto.randomUUID();
        await db.addAsset(
          {
            id,
            name: `last frame — ${video.prompt.slice(0, 40).trim()}.png`,
            kind: 'image',
            mime: frame.type || 'image/png',
            bytes: frame.size,
            width: video.width,
            height: video.height,
            sha256,
            created: this.clock.now(),
            tags: ['last-frame'],
            blobId: `asset-${id}`,
            thumbId: thumb ? `thumb-${id}` : undefined,
            origin: { kind: 'last-frame', videoId },
          },
          frame,
          thumb,
        );
        await this.reloadAssets();
        this.tabs.post({ type: 'library-changed' });
      }
      if (!this.current.assets.some((a) => a.id === id)) await this.reloadAssets();
      this.useAsReference(id);
      this.notify('success', 'The last frame is now the reference for your next clip.');
      return id;
    } catch (error) {
      this.notify('error', `The last frame could not be taken: ${errorMessage(error)}`);
      return undefined;
    }
  }

  /** Lets the episodes code say which project a segment belongs to (for spend per project). */
  setProjectResolver(projectOf: ProjectOf): void {
    this.projectOf = projectOf;
    this.emit();
  }

  get spendSummary(): SpendSummary {
    return summariseSpend(this.current.spend, this.projectOf);
  }

  /** Spend committed today: recorded rows plus jobs in flight. */
  get todaySpent(): number {
    return spentOn(localDay(this.clock.now()), this.current.spend, this.current.jobs);
  }

  /** Checks `cost` against the caps (batches pass their total). */
  budgetCheck(cost: number, segmentId?: string): BudgetCheck {
    const projectId = segmentId ? this.projectOf(segmentId) : undefined;
    const projectSpent = projectId
      ? this.spendSummary.byProject.find((line) => line.key === projectId)?.total
      : undefined;
    return checkBudget(this.current.budget, { cost, todaySpent: this.todaySpent, projectId, projectSpent });
  }

  /** The runner's check before every create: budget (day and project) and a connection made here. */
  private submitRefusal(job: JobRecord): ErrorInfo | undefined {
    const projectId = job.request.segmentId ? this.projectOf(job.request.segmentId) : undefined;
    const projectSpent = projectId
      ? this.spendSummary.byProject.find((line) => line.key === projectId)?.total
      : undefined;
    return submitRefusal(job, {
      connection: this.connection(job.request.connectionId),
      budget: this.current.budget,
      spend: this.current.spend,
      jobs: this.current.jobs,
      now: this.clock.now(),
      projectId,
      projectSpent,
    });
  }

  async setBudget(budget: Budget): Promise<void> {
    await this.deps.db.setSetting('budget', budget);
    this.set({ budget });
    this.tabs.post({ type: 'library-changed' });
  }

  /** False (and says why, offering an override) when `cost` would exceed a budget cap. */
  private allowSpend(cost: number, segmentId?: string): boolean {
    const check = this.budgetCheck(cost, segmentId);
    if (check.ok) return true;
    this.notify('error', `${check.message} Nothing was sent.`, {
      label: 'Generate anyway',
      intent: 'generate-anyway',
    });
    return false;
  }

  private async patchVideos(
    ids: readonly string[],
    patch: (video: VideoRecord) => Partial<Omit<VideoRecord, 'id'>>,
  ): Promise<void> {
    const updated = new Map<string, VideoRecord>();
    for (const id of ids) {
      const video = this.current.videos.find((v) => v.id === id);
      const row = video && (await this.deps.db.updateVideo(id, patch(video)));
      if (row) updated.set(id, row);
    }
    if (!updated.size) return;
    this.set({ videos: this.current.videos.map((v) => updated.get(v.id) ?? v) });
    this.tabs.post({ type: 'library-changed' });
  }

  private async reloadLibrary(): Promise<void> {
    const { db } = this.deps;
    const [failedJobs, spend, budget] = await Promise.all([
      db.listFailedJobs(),
      db.listSpend(),
      db.getSetting<Budget>('budget', {}),
    ]);
    this.set({ failedJobs, spend, budget });
  }

  // ——— episodes ———

  /** Projects → episodes → segments: actions, the builder that queues and chains their jobs, the stitcher. */
  private episodeActions?: EpisodeActions;

  /** Available once start-up has loaded it (before the job runner starts and before any episode view). */
  get episodes(): EpisodeActions {
    if (!this.episodeActions) throw new Error('The episodes module is still loading.');
    return this.episodeActions;
  }

  /** Writes the job row of an episode segment (no focus change: the storyboard shows its progress). */
  private async enqueue(request: GenerationRequest): Promise<JobRecord | undefined> {
    const connection = this.connection(request.connectionId);
    const model = connection ? this.catalog.find(connection, request.model, request.mode) : undefined;
    const problems = connection
      ? validateRequest(model, request)
      : [{ message: "The episode's provider was removed." }];
    if (problems.length) {
      this.notify('error', problems.map((p) => p.message).join(' '));
      return undefined;
    }
    const job = await this.writeJob(request, connection!, model);
    this.set({ jobs: [job, ...this.current.jobs] });
    this.kickRunner();
    return job;
  }

  private castActions?: CastActions;

  /** The cast bible of each series: characters and sets, sheets, approval (src/state/cast-actions.ts). */
  get cast(): CastActions {
    return (this.castActions ??= new CastActions(this.episodeHost()));
  }

  private voiceActions?: VoiceActions;

  /** Voiced dialogue lines (issue 17): all logic in src/state/voices.ts. */
  get voices(): VoiceActions {
    return (this.voiceActions ??= new VoiceActions(
      voiceHost(this.episodeHost(), {
        budgetCheck: (cost, segmentId) => this.budgetCheck(cost, segmentId),
        locked: (id) => this.keyVault.isLocked(id),
        saveSegments: (episodeId, segments) => this.episodes.saveSegments(episodeId, segments),
        sleep: (ms, signal) => this.clock.sleep(ms, signal),
      }),
    ));
  }

  private sampleSeries?: SampleSeries;

  /** "Try a sample series": a keyless example episode, removable in one click (src/state/sample-series.ts). */
  get sample(): SampleSeries {
    return (this.sampleSeries ??= new SampleSeries(this.episodeHost(), this));
  }

  private episodeHost(): EpisodeHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const store = this;
    return {
      get db() {
        return store.deps.db;
      },
      get media() {
        return store.deps.media;
      },
      get catalog() {
        return store.catalog;
      },
      state: () => store.current,
      set: (patch) => store.set(patch),
      notify: (tone, message) => store.notify(tone, message),
      now: () => store.clock.now(),
      connection: (id) => store.connection(id),
      enqueue: (request) => store.enqueue(request),
      reloadVideos: () => store.reloadVideos(),
      reloadAssets: () => store.reloadAssets(),
      subscribe: (callback) => {
        store.addEventListener(StoreChangeEvent.eventName, callback);
        return () => store.removeEventListener(StoreChangeEvent.eventName, callback);
      },
      defaults: () => ({ connectionId: store.current.draft.connectionId, model: store.current.draft.model }),
    };
  }

  // ——— connections ———

  async saveConnection(saved: Connection): Promise<void> {
    // Saving here is the user's confirmation of an imported connection's host.
    const { imported: _confirmed, ...connection } = saved;
    const others = this.current.connections.filter((c) => c.id !== connection.id);
    const connections = [...others, connection];
    this.providers.delete(connection.id);
    try {
      await this.persistConnections(connections);
    } catch (error) {
      this.notify('error', errorMessage(error));
      return;
    }
    const health = { ...this.current.health };
    delete health[connection.id];
    this.set({ connections, health });
    this.tabs.post({ type: 'settings-changed' });
  }

  async removeConnection(id: string): Promise<void> {
    if (id === LOCAL_CONNECTION.id) return;
    const connections = this.current.connections.filter((c) => c.id !== id);
    this.providers.delete(id);
    await this.persistConnections(connections);
    this.set({ connections, draft: coerceDraft(this.current.draft, this.catalog, connections) });
    this.tabs.post({ type: 'settings-changed' });
  }

  /** "Test connection": reachable / key accepted / CORS blocked, cached for a few seconds. */
  async testConnection(id: string): Promise<void> {
    const cached = this.current.health[id];
    if (cached && this.clock.now() - cached.at < HEALTH_TTL_MS) return;
    const provider = this.providerFor(id);
    if (!provider?.test) return;
    const result = await provider.test(AbortSignal.timeout(10_000)).catch((error: unknown) => ({
      state: 'unreachable' as const,
      detail: errorMessage(error),
    }));
    this.set({ health: { ...this.current.health, [id]: { ...result, at: this.clock.now() } } });
  }

  async setPreferences(patch: Partial<Preferences>): Promise<void> {
    const preferences = { ...this.current.preferences, ...patch };
    await this.deps.db.setSetting('preferences', preferences);
    this.set({ preferences });
  }

  // ——— custom models ———

  /** Adds a custom model entry (JSON text), or replaces the one `replacing` (its customKey) names. */
  saveCustomModel(text: string, replacing?: string): Promise<CustomModelsChange> {
    return this.applyCustomModels(
      saveCustomModel(this.catalog.custom, this.catalog.catalogModels, text, replacing),
    );
  }

  importCustomModels(text: string): Promise<CustomModelsChange> {
    return this.applyCustomModels(importCustomModels(this.catalog.custom, this.catalog.catalogModels, text));
  }

  removeCustomModel(key: string): Promise<CustomModelsChange> {
    const models = removeCustomModel(this.catalog.custom, key);
    return this.applyCustomModels({ ok: true, models, message: 'Removed.' });
  }

  private async applyCustomModels(change: CustomModelsChange): Promise<CustomModelsChange> {
    if (!change.ok) return change;
    await this.deps.db.setSetting(CUSTOM_MODELS_SETTING, change.models);
    this.catalog.setCustom(change.models);
    this.set({ draft: coerceDraft(this.current.draft, this.catalog, this.current.connections) });
    return change;
  }

  // ——— backup & keys ———

  /** Exports the library (or one project) as a zip, to a file the user picks or as a download. */
  async exportBackup(
    options: { scope?: BackupScope; keysPassphrase?: string; sink?: WritableStream<Uint8Array> } = {},
  ): Promise<boolean> {
    const backup = this.backupDb();
    if (!backup) return false;
    const scope = options.scope ?? { kind: 'library' };
    const keys = this.exportableKeys();
    if (options.keysPassphrase !== undefined) {
      if (this.keyVault.status === 'locked')
        return this.backupFailed('Unlock your keys first to include them in the export.');
      if (options.keysPassphrase.length < 8)
        return this.backupFailed('Choose a passphrase of at least 8 characters for the keys.');
    }
    // The zip library loads only when a backup is made, keeping it out of the shell's first load.
    const [{ exportBackup: writeBackup }, { backupFileName, openSaveTarget }] = await Promise.all([
      import('./backup/exporter.ts'),
      import('./backup/save-target.ts'),
    ]);
    const name = backupFileName(scope.kind === 'project' ? (scope.name ?? 'project') : 'library');
    const target = options.sink
      ? { kind: 'file' as const, sink: options.sink, name, finish: async () => undefined }
      : await openSaveTarget(name).catch(
          (error: unknown) => (
            this.backupFailed(`The file could not be opened: ${errorMessage(error)}`),
            null
          ),
        );
    if (!target) return false;
    const controller = this.startBackup('export', target.name);
    try {
      const { manifest, bytes } = await writeBackup(backup, target.sink, {
        scope,
        appVersion: this.deps.appVersion ?? 'unknown',
        keys:
          options.keysPassphrase !== undefined
            ? { passphrase: options.keysPassphrase, byConnection: keys }
            : undefined,
        secrets: Object.values(keys),
        signal: controller.signal,
        onProgress: (progress) => this.backupProgress(progress),
      });
      await target.finish();
      const items = Object.values(manifest.counts).reduce((sum, n) => sum + n, 0);
      this.set({
        backupMessage: {
          tone: 'success',
          text: `Exported ${items} records and ${manifest.media.count} files (${formatMb(bytes)}) to ${target.name}.${manifest.keys.included ? ' Keys are included, encrypted with your passphrase.' : ' Keys were not included.'}`,
        },
      });
      return true;
    } catch (error) {
      return this.backupFailed(errorMessage(error));
    } finally {
      this.endBackup(controller);
    }
  }

  /** Checks the whole archive, then adds what the library lacks; a cancel or failure changes nothing. */
  async importBackup(
    file: Blob & { name?: string },
    passphrase?: string,
  ): Promise<ImportSummary | undefined> {
    const backup = this.backupDb();
    if (!backup) return undefined;
    const controller = this.startBackup('import', file.name ?? 'backup.zip');
    let summary: ImportSummary;
    try {
      const { importBackup: readBackup } = await import('./backup/importer.ts');
      summary = await readBackup(backup, file, {
        passphrase: passphrase || undefined,
        signal: controller.signal,
        onProgress: (progress) => this.backupProgress(progress),
      });
    } catch (error) {
      this.backupFailed(errorMessage(error));
      return undefined;
    } finally {
      this.endBackup(controller);
    }
    const keyNote = await this.mergeImportedConnections(summary);
    const added = Object.entries(summary.added)
      .filter(([store]) => store !== 'blobs')
      .map(([store, n]) => `${n} ${store}`);
    const known = Object.values(summary.duplicates).reduce((sum, n) => sum + n, 0);
    this.set({
      backupMessage: {
        tone: 'success',
        text: `${added.length ? `Added ${added.join(', ')} (${formatMb(summary.mediaAdded.bytes)} of media).` : 'Nothing new: everything in this backup is already in your library.'}${known ? ` ${known} records were already here.` : ''}${keyNote}`,
      },
    });
    await Promise.all([
      this.reloadAssets(),
      this.reloadVideos(),
      this.reloadJobs(),
      this.reloadPrompts(),
      this.reloadLibrary(),
    ]);
    await this.episodes.load();
    this.tabs.post({ type: 'library-changed' });
    void this.refreshStorage();
    return summary;
  }

  cancelBackup(): void {
    this.backupAbort?.abort();
  }

  /** Turns the key lock on (or changes its passphrase). */
  async lockKeys(passphrase: string): Promise<string | undefined> {
    return this.keyAction(
      async () => this.writeVault(await this.keyVault.enable(passphrase, this.current.connections)),
      'Your keys are locked with your passphrase.',
    );
  }

  async unlockKeys(passphrase: string): Promise<string | undefined> {
    const failed = await this.keyAction(
      () => this.keyVault.unlock(passphrase),
      'Keys unlocked for this session.',
    );
    if (!failed) {
      this.providers.clear();
      this.set({ connections: this.keyVault.withKeys(this.current.connections) });
      this.kickRunner();
    }
    return failed;
  }

  /** Forgets the unlocked keys in this tab; they stay sealed on the device. */
  relockKeys(): void {
    if (this.keyVault.status !== 'unlocked') return;
    this.keyVault.lock();
    this.providers.clear();
    this.set({
      connections: this.current.connections.map(({ apiKey: _key, ...c }) => c),
      keyLock: this.keyLockState(),
    });
  }

  /** Turns the lock off: keys are stored as before (needs the keys unlocked). */
  async removeKeyLock(): Promise<string | undefined> {
    return this.keyAction(
      () => this.writeVault(this.keyVault.disable(this.current.connections)),
      'The key lock is off.',
    );
  }

  /** Deletes every provider key from this device, locked or not, in one step. */
  async forgetAllKeys(): Promise<string | undefined> {
    return this.keyAction(
      () => this.writeVault(this.keyVault.forgetAll(this.current.connections)),
      'Every provider key was deleted from this device.',
    );
  }

  /** Records and bytes per store, from metadata only. */
  async storageUsage(): Promise<Record<string, { count: number; bytes: number }>> {
    return (await this.deps.backup?.usage()) ?? {};
  }

  async removeOrphans(): Promise<{ count: number; bytes: number } | undefined> {
    if (this.current.backup) return undefined;
    const swept = await this.deps.backup?.collectOrphans();
    void this.refreshStorage();
    return swept;
  }

  /** Wipes every store; the caller reloads the page. */
  async deleteEverything(): Promise<void> {
    this.runner?.stop();
    await this.deps.backup?.wipe();
    this.keyVault.forgetAll([]);
    this.tabs.post({ type: 'library-changed' });
    this.tabs.post({ type: 'settings-changed' });
  }

  private backupDb(): BackupDb | undefined {
    if (!this.deps.backup) this.backupFailed('Backup is not available in this build.');
    else if (this.current.backup) this.backupFailed('An export or import is already running.');
    return this.current.backup ? undefined : this.deps.backup;
  }

  private startBackup(direction: 'export' | 'import', fileName: string): AbortController {
    const controller = new AbortController();
    this.backupAbort = controller;
    this.set({
      backup: { direction, phase: 'preparing', bytesDone: 0, bytesTotal: 0, fileName },
      backupMessage: undefined,
    });
    return controller;
  }

  private backupProgress(progress: BackupProgress): void {
    const task = this.current.backup;
    if (task) this.set({ backup: { ...task, ...progress } });
  }

  private endBackup(controller: AbortController): void {
    if (this.backupAbort === controller) this.backupAbort = undefined;
    this.set({ backup: undefined });
  }

  private backupFailed(text: string): false {
    this.set({ backupMessage: { tone: 'error', text } });
    return false;
  }

  /** Plain keys this tab knows (none while locked), by connection id. */
  private exportableKeys(): Record<string, string> {
    return Object.fromEntries(this.current.connections.flatMap((c) => (c.apiKey ? [[c.id, c.apiKey]] : [])));
  }

  /** Adds connections the library lacks, and imported keys where a connection has none. */
  private async mergeImportedConnections(summary: ImportSummary): Promise<string> {
    const known = new Set(this.current.connections.map((c) => c.id));
    const incoming = (summary.connections as unknown as Connection[])
      .filter((c) => !known.has(c.id))
      .map((c): Connection => ({ ...c, imported: true }));
    let connections = [...this.current.connections, ...incoming];
    let note = summary.keysSkipped ? ` ${summary.keysSkipped}` : '';
    if (summary.keys) {
      if (this.keyVault.status === 'locked')
        note = ' Keys were not imported: unlock your keys, then import again to add them.';
      else {
        connections = connections.map((c) =>
          summary.keys![c.id] && !c.apiKey ? { ...c, apiKey: summary.keys![c.id] } : c,
        );
        note = ' Keys were imported.';
      }
    }
    if (connections.length === this.current.connections.length && !summary.keys) return note;
    try {
      await this.persistConnections(connections);
      this.providers.clear();
      this.set({ connections });
      this.tabs.post({ type: 'settings-changed' });
    } catch (error) {
      note += ` Connections were not merged: ${errorMessage(error)}`;
    }
    return note;
  }

  private async loadKeyVault(): Promise<void> {
    this.keyVault.load(await this.deps.db.getSetting<unknown>(KEY_VAULT_SETTING, undefined));
    this.set({ keyLock: this.keyLockState() });
  }

  private keyLockState(): AppState['keyLock'] {
    return { status: this.keyVault.status, lockedIds: this.keyVault.lockedIds };
  }

  /** Writes the connections setting; with the key lock on, keys go into the sealed vault instead. */
  private async persistConnections(connections: readonly Connection[]): Promise<void> {
    const stored = connections.filter((c) => c.id !== LOCAL_CONNECTION.id);
    if (this.keyVault.status === 'off') {
      await this.deps.db.setSetting('connections', await this.keyWrap.seal(stored));
      return;
    }
    await this.writeVault(await this.keyVault.reseal(stored));
  }

  /** Connections and vault change together, in one transaction when the backup port is there. */
  private async writeVault(write: VaultWrite): Promise<void> {
    const plain = write.connections.filter((c) => c.id !== LOCAL_CONNECTION.id);
    const stored = await this.keyWrap.seal(plain);
    if (this.deps.backup) {
      await this.deps.backup.writeSettings(
        [
          { key: 'connections', value: stored },
          ...(write.vault ? [{ key: KEY_VAULT_SETTING, value: write.vault }] : []),
        ],
        write.vault ? [] : [KEY_VAULT_SETTING],
      );
    } else {
      await this.deps.db.setSetting('connections', stored);
      await this.deps.db.setSetting(KEY_VAULT_SETTING, write.vault ?? undefined);
    }
    this.providers.clear();
    const inState = this.keyVault.withKeys([LOCAL_CONNECTION, ...plain]);
    this.set({ connections: inState, keyLock: this.keyLockState() });
    this.tabs.post({ type: 'settings-changed' });
  }

  /** Runs a key-lock change; resolves to the plain reason it failed, or undefined on success. */
  private async keyAction(work: () => Promise<void>, success: string): Promise<string | undefined> {
    try {
      await work();
      this.set({ keyLock: this.keyLockState() });
      this.notify('success', success);
      return undefined;
    } catch (error) {
      return error instanceof WrongPassphraseError
        ? 'Wrong passphrase. Your keys stay locked; try again.'
        : errorMessage(error);
    }
  }

  /** Asks the browser to keep this origin's data under storage pressure. */
  async requestPersistence(): Promise<boolean> {
    const granted = (await this.deps.storage?.persist().catch(() => false)) ?? false;
    await this.refreshStorage();
    return granted;
  }
  // ——— notices and app ———

  notify(tone: Notice['tone'], message: string, action?: Notice['action']): void {
    const notice: Notice = { id: crypto.randomUUID(), tone, message, action };
    this.set({ notices: [...this.current.notices.slice(-7), notice] });
  }

  dismissNotice(id: string): void {
    this.set({ notices: this.current.notices.filter((n) => n.id !== id) });
  }

  async runNoticeAction(id: string): Promise<void> {
    const notice = this.current.notices.find((n) => n.id === id);
    this.dismissNotice(id);
    if (notice?.action?.intent === 'undo-delete') await this.undoDelete();
    if (notice?.action?.intent === 'send-again' && notice.action.target)
      await this.sendAgain(notice.action.target);
    if (notice?.action?.intent === 'generate-anyway') await this.generate({ override: true });
  }

  setView(view: AppState['view']): void {
    this.set({ view });
  }

  setUpdateAvailable(updateAvailable: boolean): void {
    this.set({ updateAvailable });
  }

  async refreshStorage(): Promise<void> {
    const storage = await this.deps.storage?.estimate().catch(() => undefined);
    if (storage) this.set({ storage });
  }

  connection(id: string): Connection | undefined {
    return this.current.connections.find((c) => c.id === id);
  }

  /** The job row is written (with its prompt remembered) before anything is sent. */
  private async writeJob(
    request: GenerationRequest,
    connection: Connection,
    model?: ModelSpec,
  ): Promise<JobRecord> {
    const now = this.clock.now();
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
      estimatedCost: model ? estimateCost(model, request) : 0,
      detail:
        this.network.online() || connection.kind === 'local'
          ? 'Starting…'
          : 'Offline: will send when the connection returns',
    };
    await this.deps.db.putJob(job);
    await this.deps.db.recordPromptUse(request.prompt);
    return job;
  }

  // ——— internals ———

  private async askForPersistence(): Promise<void> {
    if (this.current.preferences.persistenceAsked || !this.deps.storage) return;
    await this.setPreferences({ persistenceAsked: true });
    await this.deps.storage.persist().catch(() => false);
    void this.refreshStorage();
  }

  /** Loaded with the job runner after the first paint (see init). */
  private createProvider?: typeof CreateProvider;

  private providerFor(connectionId: string): Provider | undefined {
    const known = this.providers.get(connectionId);
    if (known) return known;
    const connection = this.connection(connectionId);
    if (!connection || this.keyVault.isLocked(connectionId)) return undefined;
    const createProvider = this.createProvider;
    if (!this.deps.providerFor && !createProvider) return undefined;
    const provider =
      this.deps.providerFor?.(connection) ??
      createProvider!(connection, {
        render: (options) => this.deps.media.renderPreview(options),
        renderStill: (options) => this.deps.media.renderStill(options),
        rebuild: async (jobId, signal) => {
          const job = await this.deps.db.get(jobId);
          if (!job) throw new Error('The job is gone.');
          const { prepareJob } = await import('./generation.ts');
          return prepareJob(this.generationDeps(), job, signal);
        },
        pace: () => this.current.preferences.pace,
      });
    this.providers.set(connectionId, provider);
    return provider;
  }

  private generationDeps() {
    return {
      db: this.deps.db,
      media: this.deps.media,
      catalog: this.catalog,
      connection: (id: string) => this.connection(id),
      now: () => this.clock.now(),
    };
  }

  private onJobChange(job: JobRecord): void {
    const jobs = this.current.jobs.some((j) => j.id === job.id)
      ? this.current.jobs.map((j) => (j.id === job.id ? job : j))
      : [job, ...this.current.jobs];
    this.set({ jobs });
    this.tabs.post({ type: 'jobs-changed' });
    if (isTerminal(job.status)) void this.reloadLibrary();
    if (job.status === 'done') {
      const clipId = job.request.mode === 'image' ? undefined : job.resultIds?.[0];
      void Promise.all([this.reloadVideos(), this.reloadPrompts(), this.reloadAssets()]).then(() => {
        if (clipId && this.current.focusedJobId === job.id) this.selectVideo(clipId);
        void this.refreshStorage();
      });
      this.tabs.post({ type: 'library-changed' });
    }
    if (job.status === 'unknown') {
      this.notify('error', job.error?.message ?? 'The outcome of a request is unknown.', {
        label: 'Send again',
        intent: 'send-again',
        target: job.id,
      });
    }
  }

  private async onTabMessage(
    message: Parameters<Parameters<TabCoordinator['subscribe']>[0]>[0],
  ): Promise<void> {
    switch (message.type) {
      case 'jobs-changed':
        await this.reloadJobs();
        // Only the running tab acts on it; answering from another tab would echo every progress write back.
        if (this.runner?.running) this.runner.kick();
        break;
      case 'library-changed':
        await Promise.all([
          this.reloadAssets(),
          this.reloadVideos(),
          this.reloadPrompts(),
          this.reloadLibrary(),
        ]);
        break;
      case 'settings-changed': {
        const stored = await this.deps.db.getSetting<StoredConnection[]>('connections', []);
        const { connections } = await this.keyWrap.open(stored);
        this.providers.clear();
        this.keyVault.load(await this.deps.db.getSetting<unknown>(KEY_VAULT_SETTING, undefined));
        this.set({
          connections: [LOCAL_CONNECTION, ...this.keyVault.withKeys(connections)],
          keyLock: this.keyLockState(),
        });
        break;
      }
      case 'cancel-job':
        if (this.runner?.running) await this.runner.cancel(message.id);
        break;
    }
  }

  private kickRunner(): void {
    if (this.runner?.running) this.runner.kick();
    else this.tabs.post({ type: 'jobs-changed' });
  }

  private queryAssets(after?: { created: number; id: string }): Promise<AssetRecord[]> {
    const { kind, query } = this.current.assetFilter;
    return this.deps.db.listAssets({
      kind: kind === 'all' ? undefined : kind,
      query: query.trim() || undefined,
      limit: PAGE_SIZE,
      after,
    });
  }

  private async reloadAssets(): Promise<void> {
    const [assets, assetCount] = await Promise.all([this.queryAssets(), this.deps.db.countAssets()]);
    this.set({ assets, assetCount, assetsComplete: assets.length < PAGE_SIZE });
  }

  private async reloadVideos(limit?: number): Promise<void> {
    this.set({ videos: limit ? await this.deps.db.listVideos(limit) : await this.deps.db.listAllVideos() });
  }

  private async reloadJobs(): Promise<void> {
    const jobs = await this.deps.db.listJobs(JOB_LIST_SIZE);
    this.set({ jobs });
  }

  private async reloadPrompts(): Promise<void> {
    this.set({ prompts: await this.deps.db.listPrompts('', 50) });
  }

  private forgetUrls(blobIds: readonly string[]): void {
    const urls = { ...this.current.urls };
    for (const id of blobIds) {
      if (urls[id]) URL.revokeObjectURL(urls[id]);
      delete urls[id];
    }
    this.set({ urls });
  }

  private set(patch: Partial<AppState>): void {
    this.current = { ...this.current, ...patch };
    this.emit();
  }

  private emit(): void {
    this.dispatchEvent(new StoreChangeEvent());
  }
}

/** Longest run of object-URL creation in one task (ms). */
const URL_SLICE_MS = 8;

/** Resolves after the next frame has been painted (at once where there are no frames; hidden tabs: soon). */
function afterNextPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

const formatMb = (bytes: number): string =>
  `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const activeJobs = (jobs: readonly JobRecord[]): JobRecord[] =>
  jobs.filter((j) => !isTerminal(j.status));

function draftFromRequest(request: GenerationRequest): Partial<Draft> {
  return {
    mode: request.mode ?? 'video',
    prompt: request.prompt,
    connectionId: request.connectionId,
    model: request.model,
    size: request.size,
    seconds: request.seconds,
    audio: request.audio ?? true,
    referenceAssetId: request.referenceAssetId,
    fit: request.fit ?? 'crop',
    remixOf: request.remixOf,
    variants: request.variants ?? 1,
    target: request.target,
    lastFrameAssetId: request.lastFrameAssetId,
    referenceAssetIds: request.referenceAssetIds,
    refMode: request.referenceAssetIds?.length
      ? 'multi'
      : request.lastFrameAssetId
        ? 'first-last'
        : undefined,
  };
}

export type { VideoRecord };
