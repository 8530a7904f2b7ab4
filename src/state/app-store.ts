import { createProvider } from '../providers/registry.ts';
import type { Provider } from '../providers/types.ts';
import {
  isTerminal,
  type AssetRecord,
  type Connection,
  type GenerationRequest,
  type JobRecord,
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
import { coerceDraft } from './draft.ts';
import { completeJob, prepareJob } from './generation.ts';
import { JobRunner, NO_DEADLINE, type Clock, type NetworkStatus } from './job-runner.ts';
import type { DeletedAsset, LibraryDb, MediaPort, StorageInfo } from './ports.ts';
import { TabCoordinator } from './tab-coordinator.ts';

export interface StoreDeps {
  db: LibraryDb;
  media: MediaPort;
  clock?: Clock;
  network?: NetworkStatus;
  tabs?: TabCoordinator;
  catalog?: ModelCatalog;
  storage?: { estimate(): Promise<StorageInfo>; persist(): Promise<boolean> };
  providerFor?: (connection: Connection) => Provider;
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
  private readonly urls = new Map<string, string>();
  private readonly loadingUrls = new Map<string, Promise<string | undefined>>();
  private runner?: JobRunner;
  private undo?: DeletedAsset;
  private disposers: Array<() => void> = [];

  constructor(deps: StoreDeps) {
    super();
    this.deps = deps;
    this.clock = deps.clock ?? browserClock;
    this.network = deps.network ?? browserNetwork;
    this.tabs = deps.tabs ?? new TabCoordinator();
    this.catalog = deps.catalog ?? createCatalog();
  }

  get state(): AppState {
    return this.current;
  }

  // ——— start-up ———

  async init(): Promise<void> {
    const { db } = this.deps;
    const [preferences, connections] = await Promise.all([
      db.getSetting<Preferences>('preferences', DEFAULT_PREFERENCES),
      db.getSetting<Connection[]>('connections', []),
    ]);
    const pace = new URLSearchParams(globalThis.location?.search ?? '').get('pace');
    const prefs = { ...DEFAULT_PREFERENCES, ...preferences };
    if (pace === 'fast' || pace === 'realistic') {
      prefs.pace = pace;
      await db.setSetting('preferences', prefs);
    }
    const all = [LOCAL_CONNECTION, ...connections.filter((c) => c.id !== LOCAL_CONNECTION.id)];
    const savedDraft = await db.getSetting<Partial<Draft>>('draft', {});
    this.set({
      preferences: prefs,
      connections: all,
      draft: coerceDraft({ ...this.current.draft, ...savedDraft }, this.catalog, all),
    });
    await Promise.all([this.reloadAssets(), this.reloadVideos(), this.reloadJobs(), this.reloadPrompts()]);
    this.set({ ready: true });
    void this.refreshStorage();

    this.disposers.push(this.network.subscribe(() => this.set({ online: this.network.online() })));
    this.disposers.push(this.tabs.subscribe((message) => void this.onTabMessage(message)));
    this.runner = new JobRunner({
      ledger: db,
      provider: (job) => this.providerFor(job.request.connectionId),
      prepare: (job, signal) => prepareJob(this.generationDeps(), job, signal),
      complete: (job, result, signal) => completeJob(this.generationDeps(), job, result, signal),
      concurrency: (id) => this.connection(id)?.concurrency ?? 1,
      needsNetwork: (job) => job.providerKind !== 'local',
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
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
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
      await media.analyzeFiles(files, { maxBytes: this.current.preferences.maxAssetBytes }, async (file, outcome) => {
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
      });
    } finally {
      this.set({ importing: undefined });
    }
    if (added) {
      this.notify('success', added === 1 ? 'Added 1 file to the library.' : `Added ${added} files to the library.`);
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
    const known = this.urls.get(blobId);
    if (known) return known;
    void this.loadUrl(blobId);
    return undefined;
  }

  async loadUrl(blobId: string): Promise<string | undefined> {
    const known = this.urls.get(blobId);
    if (known) return known;
    let loading = this.loadingUrls.get(blobId);
    if (!loading) {
      loading = this.deps.db.getBlob(blobId).then((blob) => {
        this.loadingUrls.delete(blobId);
        if (!blob) return undefined;
        const url = URL.createObjectURL(blob);
        this.urls.set(blobId, url);
        this.emit();
        return url;
      });
      this.loadingUrls.set(blobId, loading);
    }
    return loading;
  }

  // ——— generation ———

  updateDraft(patch: Partial<Draft>): void {
    const draft = coerceDraft({ ...this.current.draft, ...patch }, this.catalog, this.current.connections);
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
  async generate(): Promise<JobRecord | undefined> {
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
      referenceAssetId: draft.referenceAssetId,
      fit: draft.fit,
      remixOf: draft.remixOf,
      mode: draft.mode,
      variants: draft.mode === 'image' ? draft.variants : undefined,
    };
    const problems = connection ? validateRequest(model, request) : [{ field: 'connectionId', message: 'Pick a provider.' }];
    if (problems.length) {
      this.notify('error', problems.map((p) => p.message).join(' '));
      return undefined;
    }
    const now = this.clock.now();
    const job: JobRecord = {
      id: crypto.randomUUID(),
      request,
      providerKind: connection!.kind,
      status: 'waiting',
      progress: 0,
      created: now,
      updated: now,
      deadline: NO_DEADLINE,
      attempts: 0,
      estimatedCost: model ? estimateCost(model, request) : 0,
      detail:
        this.network.online() || connection!.kind === 'local'
          ? 'Starting…'
          : 'Offline: will send when the connection returns',
    };
    await this.deps.db.putJob(job);
    await this.deps.db.recordPromptUse(request.prompt);
    this.set({ jobs: [job, ...this.current.jobs], focusedJobId: job.id, draft: { ...draft, remixOf: undefined } });
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
    this.set({ selectedVideoId: id, focusedJobId: undefined });
  }

  async deleteVideo(id: string, options: { remote: boolean }): Promise<void> {
    const video = await this.deps.db.getVideo(id);
    if (!video) return;
    if (options.remote && video.providerJobId) {
      const provider = this.providerFor(video.connectionId);
      try {
        await provider?.remove?.({ id: video.providerJobId }, AbortSignal.timeout(20_000));
      } catch (error) {
        this.notify('error', `The provider's copy was not deleted: ${errorMessage(error)} The local copy was kept.`);
        return;
      }
    }
    await this.deps.db.deleteVideo(id);
    this.forgetUrls([video.blobId, video.thumbId ?? '']);
    this.set({
      videos: this.current.videos.filter((v) => v.id !== id),
      selectedVideoId: this.current.selectedVideoId === id ? undefined : this.current.selectedVideoId,
    });
    this.notify('info', options.remote ? 'Deleted the clip here and at the provider.' : 'Deleted the clip from this device.');
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

  recallPrompt(text: string): void {
    this.updateDraft({ prompt: text });
  }

  async searchPrompts(query: string): Promise<void> {
    this.set({ prompts: await this.deps.db.listPrompts(query, 50) });
  }

  // ——— connections ———

  async saveConnection(connection: Connection): Promise<void> {
    const others = this.current.connections.filter((c) => c.id !== connection.id);
    const connections = [...others, connection];
    this.providers.delete(connection.id);
    await this.deps.db.setSetting(
      'connections',
      connections.filter((c) => c.id !== LOCAL_CONNECTION.id),
    );
    const health = { ...this.current.health };
    delete health[connection.id];
    this.set({ connections, health });
    this.tabs.post({ type: 'settings-changed' });
  }

  async removeConnection(id: string): Promise<void> {
    if (id === LOCAL_CONNECTION.id) return;
    const connections = this.current.connections.filter((c) => c.id !== id);
    this.providers.delete(id);
    await this.deps.db.setSetting('connections', connections.filter((c) => c.id !== LOCAL_CONNECTION.id));
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

  // ——— notices and app ———

  notify(tone: Notice['tone'], message: string, action?: Notice['action']): void {
    const notice: Notice = { id: crypto.randomUUID(), tone, message, action };
    this.set({ notices: [...this.current.notices.slice(-4), notice] });
  }

  dismissNotice(id: string): void {
    this.set({ notices: this.current.notices.filter((n) => n.id !== id) });
  }

  async runNoticeAction(id: string): Promise<void> {
    const notice = this.current.notices.find((n) => n.id === id);
    this.dismissNotice(id);
    if (notice?.action?.intent === 'undo-delete') await this.undoDelete();
    if (notice?.action?.intent === 'send-again' && notice.action.target) await this.sendAgain(notice.action.target);
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

  // ——— internals ———

  private async askForPersistence(): Promise<void> {
    if (this.current.preferences.persistenceAsked || !this.deps.storage) return;
    await this.setPreferences({ persistenceAsked: true });
    await this.deps.storage.persist().catch(() => false);
    void this.refreshStorage();
  }

  private providerFor(connectionId: string): Provider | undefined {
    const known = this.providers.get(connectionId);
    if (known) return known;
    const connection = this.connection(connectionId);
    if (!connection) return undefined;
    const provider =
      this.deps.providerFor?.(connection) ??
      createProvider(connection, {
        render: (options) => this.deps.media.renderPreview(options),
        renderStill: (options) => this.deps.media.renderStill(options),
        rebuild: async (jobId, signal) => {
          const job = await this.deps.db.get(jobId);
          if (!job) throw new Error('The job is gone.');
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

  private async onTabMessage(message: Parameters<Parameters<TabCoordinator['subscribe']>[0]>[0]): Promise<void> {
    switch (message.type) {
      case 'jobs-changed':
        await this.reloadJobs();
        this.kickRunner();
        break;
      case 'library-changed':
        await Promise.all([this.reloadAssets(), this.reloadVideos(), this.reloadPrompts()]);
        break;
      case 'settings-changed': {
        const connections = await this.deps.db.getSetting<Connection[]>('connections', []);
        this.providers.clear();
        this.set({ connections: [LOCAL_CONNECTION, ...connections] });
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

  private async reloadVideos(): Promise<void> {
    this.set({ videos: await this.deps.db.listVideos(200) });
  }

  private async reloadJobs(): Promise<void> {
    const jobs = await this.deps.db.listJobs(JOB_LIST_SIZE);
    this.set({ jobs });
  }

  private async reloadPrompts(): Promise<void> {
    this.set({ prompts: await this.deps.db.listPrompts('', 50) });
  }

  private forgetUrls(blobIds: readonly string[]): void {
    for (const id of blobIds) {
      const url = this.urls.get(id);
      if (url) URL.revokeObjectURL(url);
      this.urls.delete(id);
    }
  }

  private set(patch: Partial<AppState>): void {
    this.current = { ...this.current, ...patch };
    this.emit();
  }

  private emit(): void {
    this.dispatchEvent(new StoreChangeEvent());
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const activeJobs = (jobs: readonly JobRecord[]): JobRecord[] => jobs.filter((j) => !isTerminal(j.status));

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
  };
}

export type { VideoRecord };
