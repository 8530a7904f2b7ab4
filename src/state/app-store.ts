import type { AppState, Notice, Preferences } from './app-state.ts';
import { DEFAULT_PREFERENCES, LOCAL_CONNECTION } from './app-state.ts';
import type { ModelCatalog } from './catalog.ts';
import { CastActions } from './cast-actions.ts';
import { CUSTOM_MODELS_SETTING, loadCustomModels } from './custom-models.ts';
import { coerceDraft } from './draft.ts';
import type { EpisodeActions, EpisodeHost } from './episodes.ts';
import type { VoiceActions, VoiceStoreParts } from './voices.ts';
import { SampleSeries } from './sample-series.ts';
import { AssetsSlice } from './slices/assets.ts';
import { BackupSlice } from './slices/backup.ts';
import { ConnectionsSlice } from './slices/connections.ts';
import { GenerationSlice } from './slices/generation.ts';
import { KeysSlice } from './slices/keys.ts';
import { LibrarySlice } from './slices/library.ts';
import { StoreCore, type StoreDeps } from './store-core.ts';
import type { ObjectUrls } from './object-urls.ts';
import type { TabMessage } from './tab-coordinator.ts';

export {
  StoreChangeEvent,
  browserClock,
  browserNetwork,
  errorMessage,
  type StoreDeps,
} from './store-core.ts';

/** Clips read before the app shows (the rest load right after). */
const FIRST_SCREEN = 60;

/**
 * The one store, as a thin facade: readonly state, start-up and cross-tab sync, notices and view, and one
 * slice per area (`store.generation.generate()`, `store.assets.importFiles()` …), each over the shared
 * core (src/state/store-core.ts). Elements read `state` and call slices; they never touch db/, providers/
 * or media/.
 */
export class AppStore extends EventTarget {
  readonly catalog: ModelCatalog;
  readonly assets: AssetsSlice;
  readonly library: LibrarySlice;
  readonly generation: GenerationSlice;
  readonly keys: KeysSlice;
  readonly connections: ConnectionsSlice;
  readonly backup: BackupSlice;
  /** Object URLs of stored bytes: `urls.get(blobId)`, `urls.load(blobId)`, `urls.snapshot`. */
  readonly urls: ObjectUrls;
  private readonly core: StoreCore;
  private disposers: Array<() => void> = [];
  private episodeActions?: EpisodeActions;
  private castActions?: CastActions;
  private sampleSeries?: SampleSeries;

  constructor(deps: StoreDeps) {
    super();
    const core = (this.core = new StoreCore(deps, this));
    this.catalog = core.catalog;
    this.urls = core.urls;
    this.assets = new AssetsSlice(core);
    this.library = new LibrarySlice(core);
    this.generation = new GenerationSlice(core, this.assets, this.library, deps.draftStash);
    this.keys = new KeysSlice(core);
    this.connections = new ConnectionsSlice(core, this.keys);
    this.backup = new BackupSlice(core, this.keys, () => this.reloadAll());
  }

  get state(): AppState {
    return this.core.state;
  }

  // ——— start-up ———

  async init(): Promise<void> {
    const { core } = this;
    const { db } = core;
    // Online/offline first: a change while start-up reads the database must not be missed.
    const online = () => core.set({ online: core.network.online() });
    this.disposers.push(core.network.subscribe(online));
    online();
    // Settings in one round: independent reads, issued together.
    const [preferences, connections, savedDraft, customModels] = await Promise.all([
      db.getSetting<Preferences>('preferences', DEFAULT_PREFERENCES),
      this.keys.openConnections(),
      this.generation.drafts.load(),
      db.getSetting<unknown>(CUSTOM_MODELS_SETTING, []),
      this.keys.loadVault(),
    ]);
    this.catalog.setCustom(loadCustomModels(customModels, this.catalog.catalogModels));
    const params = new URLSearchParams(globalThis.location?.search ?? '');
    const pace = params.get('pace');
    if (params.get('view') === 'library') core.set({ view: 'library' });
    const prefs = { ...DEFAULT_PREFERENCES, ...preferences };
    let savingPace: Promise<void> | undefined;
    if (pace === 'fast' || pace === 'realistic') {
      prefs.pace = pace;
      savingPace = db.setSetting('preferences', prefs);
    }
    const all = [LOCAL_CONNECTION, ...connections.connections.filter((c) => c.id !== LOCAL_CONNECTION.id)];
    // Keys written in the clear by an older version are wrapped with the device key on first start.
    if (connections.plain) await this.keys.persistConnections(all).catch(() => undefined);
    core.set({
      preferences: prefs,
      connections: all,
      draft: coerceDraft({ ...core.state.draft, ...savedDraft }, this.catalog, all),
    });
    // The first screen (a page of assets, the first clips) shows as soon as it is read…
    await Promise.all([this.assets.reload(), this.library.reloadVideos(FIRST_SCREEN)]);
    core.set({ ready: true });
    // …and the rest fills in right after it is painted: the whole (metadata-only) clip list, jobs, prompts,
    // failed jobs, spend, episodes. The job runner starts once they are read.
    await afterNextPaint();
    void this.library.reloadVideos();
    // The episodes code (builder, splitter, stitch export) loads now, off the shell's first load.
    // (The voices first: the episodes view reads both from the moment the episodes code is there.)
    const { VoiceActions, voiceHost } = await import('./voices.ts');
    this.voiceActions = new VoiceActions(voiceHost(this.episodeHost(), this.voiceParts()));
    const { EpisodeActions } = await import('./episodes.ts');
    this.episodeActions = new EpisodeActions(this.episodeHost());
    await Promise.all([
      savingPace,
      this.generation.reloadJobs(),
      this.generation.reloadPrompts(),
      this.library.reload(),
      this.episodes.load(),
    ]);
    this.library.setProjectResolver((segmentId) => this.episodes.projectOf(segmentId));
    void core.refreshStorage();

    this.disposers.push(core.tabs.subscribe((message) => void this.onTabMessage(message)));
    this.disposers.push(this.episodes.builder.watch());
    // The runner and the code that prepares and saves jobs load after the first paint.
    await this.generation.createRunner();
    core.tabs.lead(() => {
      core.set({ runsJobs: true });
      void core.runner?.start();
    });
  }

  dispose(): void {
    this.core.runner?.stop();
    this.core.tabs.dispose();
    for (const dispose of this.disposers) dispose();
    this.core.urls.dispose();
    void this.generation.drafts.flush();
  }

  // ——— episodes, cast, sample ———

  /** Available once start-up has loaded it (before the job runner starts and before any episode view). */
  get episodes(): EpisodeActions {
    if (!this.episodeActions) throw new Error('The episodes module is still loading.');
    return this.episodeActions;
  }

  /** The cast bible of each series: characters and sets, sheets, approval (src/state/cast-actions.ts). */
  get cast(): CastActions {
    return (this.castActions ??= new CastActions(this.episodeHost()));
  }

  private voiceActions?: VoiceActions;

  /** Voiced dialogue lines (issue 17), loaded with the episodes code; all logic in src/state/voices.ts. */
  get voices(): VoiceActions {
    if (!this.voiceActions) throw new Error('The voices module is still loading.');
    return this.voiceActions;
  }

  private voiceParts(): VoiceStoreParts {
    return {
      budgetCheck: (cost, segmentId) => this.library.budgetCheck(cost, segmentId),
      locked: (id) => this.core.keyVault.isLocked(id),
      saveSegments: (episodeId, segments) => this.episodes.saveSegments(episodeId, segments),
      sleep: (ms, signal) => this.core.clock.sleep(ms, signal),
    };
  }

  /** "Try a sample series": a keyless example episode, removable in one click (src/state/sample-series.ts). */
  get sample(): SampleSeries {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const store = this;
    return (this.sampleSeries ??= new SampleSeries(this.episodeHost(), {
      get episodes() {
        return store.episodes;
      },
      get cast() {
        return store.cast;
      },
      cancelJob: (id) => this.generation.cancelJob(id),
      selectVideo: (id) => this.library.selectVideo(id),
    }));
  }

  // ——— notices, view, app ———

  notify(tone: Notice['tone'], message: string, action?: Notice['action']): void {
    this.core.notify(tone, message, action);
  }

  dismissNotice(id: string): void {
    this.core.set({ notices: this.state.notices.filter((n) => n.id !== id) });
  }

  async runNoticeAction(id: string): Promise<void> {
    const notice = this.state.notices.find((n) => n.id === id);
    this.dismissNotice(id);
    if (notice?.action?.intent === 'undo-delete') await this.assets.undoDelete();
    if (notice?.action?.intent === 'send-again' && notice.action.target)
      await this.generation.sendAgain(notice.action.target);
    if (notice?.action?.intent === 'generate-anyway') await this.generation.generate({ override: true });
  }

  setView(view: AppState['view']): void {
    this.core.set({ view });
  }

  setUpdateAvailable(updateAvailable: boolean): void {
    this.core.set({ updateAvailable });
  }

  setPreferences(patch: Partial<Preferences>): Promise<void> {
    return this.core.setPreferences(patch);
  }

  refreshStorage(): Promise<void> {
    return this.core.refreshStorage();
  }

  // ——— internals ———

  private async reloadAll(): Promise<void> {
    await Promise.all([
      this.assets.reload(),
      this.library.reloadVideos(),
      this.generation.reloadJobs(),
      this.generation.reloadPrompts(),
      this.library.reload(),
    ]);
    await this.episodes.load();
  }

  private async onTabMessage(message: TabMessage): Promise<void> {
    const { runner } = this.core;
    switch (message.type) {
      case 'jobs-changed':
        await this.generation.reloadJobs();
        // Only the running tab acts on it; answering from another tab would echo every progress write back.
        if (runner?.running) runner.kick();
        break;
      case 'library-changed':
        await Promise.all([
          this.assets.reload(),
          this.library.reloadVideos(),
          this.generation.reloadPrompts(),
          this.library.reload(),
        ]);
        break;
      case 'settings-changed':
        await this.keys.reopen();
        break;
      case 'cancel-job':
        if (runner?.running) await runner.cancel(message.id);
        break;
    }
  }

  private episodeHost(): EpisodeHost {
    const { core } = this;
    return {
      db: core.db,
      media: core.media,
      catalog: core.catalog,
      state: () => core.state,
      set: (patch) => core.set(patch),
      notify: (tone, message) => core.notify(tone, message),
      now: () => core.clock.now(),
      connection: (id) => core.connection(id),
      enqueue: (request) => this.generation.enqueue(request),
      reloadVideos: () => this.library.reloadVideos(),
      reloadAssets: () => this.assets.reload(),
      subscribe: (callback) => core.subscribe(callback),
      defaults: () => ({ connectionId: core.state.draft.connectionId, model: core.state.draft.model }),
    };
  }
}

/** Resolves after the next frame has been painted (at once where there are no frames; hidden tabs: soon). */
function afterNextPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}
