/**
 * The small shared core every store slice works over: the ports, the one state object (`set`, `emit`),
 * notices, the provider cache and the few helpers more than one slice needs. `AppStore` owns one instance.
 */
import type { LocalPreviewDeps } from '../providers/local-preview-provider.ts';
import type { Provider } from '../providers/types.ts';
import type { Connection } from '../types.ts';
import { initialState, type AppState, type Notice, type Preferences } from './app-state.ts';
import { createCatalog, type ModelCatalog } from './catalog.ts';
import type { GenerationDeps } from './generation.ts';
import type { Clock, JobRunner, NetworkStatus } from './job-runner.ts';
import { KeyVault } from './key-vault.ts';
import { ObjectUrls } from './object-urls.ts';
import type { BackupDb, DraftStash, LibraryDb, MediaPort, StorageInfo } from './ports.ts';
import { TabCoordinator, type TabMessage } from './tab-coordinator.ts';

/** Builds the provider client of a connection (providers/registry.ts; main.ts injects it). */
export type ProviderFactory = (connection: Connection, local: LocalPreviewDeps) => Provider;

export interface StoreDeps {
  db: LibraryDb;
  media: MediaPort;
  clock?: Clock;
  network?: NetworkStatus;
  tabs?: TabCoordinator;
  catalog?: ModelCatalog;
  storage?: { estimate(): Promise<StorageInfo>; persist(): Promise<boolean> };
  providerFor?: (connection: Connection) => Provider;
  /** Loads the provider registry (after the first paint, with the job runner); main.ts passes it in. */
  loadProviders?: () => Promise<ProviderFactory>;
  /** Whole-database access for backup, restore and the storage panel (db/backup-repo.ts). */
  backup?: BackupDb;
  appVersion?: string;
  /** Where a just-typed draft is kept synchronously when the page goes away (db/draft-stash.ts). */
  draftStash?: DraftStash;
}

/** Fired on the store after every state change. */
export class StoreChangeEvent extends Event {
  static readonly eventName = 'store-change';
  constructor() {
    super(StoreChangeEvent.eventName);
  }
}

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

export class StoreCore {
  readonly db: LibraryDb;
  readonly media: MediaPort;
  readonly backup?: BackupDb;
  readonly storage?: StoreDeps['storage'];
  readonly appVersion: string;
  readonly catalog: ModelCatalog;
  readonly clock: Clock;
  readonly network: NetworkStatus;
  readonly tabs: TabCoordinator;
  /** Provider keys, sealed or plain (keys slice); the runner holds jobs while it is locked. */
  readonly keyVault = new KeyVault();
  /** Object URLs of stored bytes (not store state; a change still fires when one arrives). */
  readonly urls: ObjectUrls;
  /** Set once start-up has loaded it (after the first paint). */
  runner?: JobRunner;
  /** Loaded with the job runner after the first paint (see GenerationSlice.createRunner). */
  createProvider?: ProviderFactory;
  readonly loadProviders?: StoreDeps['loadProviders'];
  private current: AppState = initialState();
  private readonly providers = new Map<string, Provider>();
  private readonly injectedProvider?: StoreDeps['providerFor'];
  private readonly target: EventTarget;

  constructor(deps: StoreDeps, target: EventTarget) {
    this.db = deps.db;
    this.media = deps.media;
    this.backup = deps.backup;
    this.storage = deps.storage;
    this.appVersion = deps.appVersion ?? 'unknown';
    this.injectedProvider = deps.providerFor;
    this.loadProviders = deps.loadProviders;
    this.clock = deps.clock ?? browserClock;
    this.network = deps.network ?? browserNetwork;
    this.tabs = deps.tabs ?? new TabCoordinator();
    this.catalog = deps.catalog ?? createCatalog();
    this.target = target;
    this.urls = new ObjectUrls(deps.db, () => this.emit());
  }

  get state(): AppState {
    return this.current;
  }

  set(patch: Partial<AppState>): void {
    this.current = { ...this.current, ...patch };
    this.emit();
  }

  emit(): void {
    this.target.dispatchEvent(new StoreChangeEvent());
  }

  /** Runs on every store change; returns the unsubscribe function. */
  subscribe(callback: () => void): () => void {
    this.target.addEventListener(StoreChangeEvent.eventName, callback);
    return () => this.target.removeEventListener(StoreChangeEvent.eventName, callback);
  }

  post(message: TabMessage): void {
    this.tabs.post(message);
  }

  notify(tone: Notice['tone'], message: string, action?: Notice['action']): void {
    const notice: Notice = { id: crypto.randomUUID(), tone, message, action };
    this.set({ notices: [...this.current.notices.slice(-7), notice] });
  }

  connection(id: string): Connection | undefined {
    return this.current.connections.find((c) => c.id === id);
  }

  /** The provider client of a connection (cached; none while its key is locked). */
  providerFor(connectionId: string): Provider | undefined {
    const known = this.providers.get(connectionId);
    if (known) return known;
    const connection = this.connection(connectionId);
    if (!connection || this.keyVault.isLocked(connectionId)) return undefined;
    const createProvider = this.createProvider;
    if (!this.injectedProvider && !createProvider) return undefined;
    const provider =
      this.injectedProvider?.(connection) ??
      createProvider!(connection, {
        render: (options) => this.media.renderPreview(options),
        renderStill: (options) => this.media.renderStill(options),
        pace: () => this.current.preferences.pace,
      });
    this.providers.set(connectionId, provider);
    return provider;
  }

  /** Forgets cached provider clients (one connection, or all after a key or settings change). */
  forgetProviders(connectionId?: string): void {
    if (connectionId === undefined) this.providers.clear();
    else this.providers.delete(connectionId);
  }

  generationDeps(): GenerationDeps {
    return {
      db: this.db,
      media: this.media,
      catalog: this.catalog,
      connection: (id: string) => this.connection(id),
      now: () => this.clock.now(),
    };
  }

  /** Wakes the runner in this tab, or tells the tab that runs jobs. */
  kickRunner(): void {
    if (this.runner?.running) this.runner.kick();
    else this.post({ type: 'jobs-changed' });
  }

  async refreshStorage(): Promise<void> {
    const storage = await this.storage?.estimate().catch(() => undefined);
    if (storage) this.set({ storage });
  }

  async setPreferences(patch: Partial<Preferences>): Promise<void> {
    const preferences = { ...this.current.preferences, ...patch };
    await this.db.setSetting('preferences', preferences);
    this.set({ preferences });
  }

  /** Asks once (on the first import) for the browser to keep this origin's data under storage pressure. */
  async askForPersistence(): Promise<void> {
    if (this.current.preferences.persistenceAsked || !this.storage) return;
    await this.setPreferences({ persistenceAsked: true });
    await this.storage.persist().catch(() => false);
    void this.refreshStorage();
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const formatMb = (bytes: number): string =>
  `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
