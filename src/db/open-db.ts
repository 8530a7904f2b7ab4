/**
 * Opening the database: one `openDB` call, one upgrade ladder that follows the version history in
 * schema.ts, and connection-lifecycle callbacks the store turns into UI state.
 */
import { openDB } from 'idb';
import type { IDBPTransaction, StoreNames } from 'idb';
import { DB_NAME, DB_VERSION, type DbConnection, type ReelwrightDB } from './schema.ts';

export interface OpenReelwrightDbOptions {
  /**
   * Another tab wants a newer schema. The connection has already been closed so it can upgrade;
   * tell the user to reload this tab (its db handle is no longer usable).
   */
  onBlocking?: (info: { currentVersion: number; blockedVersion: number | null }) => void;
  /** This open waits because another tab holds an older version open; ask the user to close it. */
  onBlocked?: (info: { currentVersion: number; blockedVersion: number | null }) => void;
  /** The browser closed the connection abnormally (storage cleared, disk error); reopen or reload. */
  onTerminated?: () => void;
}

type UpgradeTx = IDBPTransaction<ReelwrightDB, StoreNames<ReelwrightDB>[], 'versionchange'>;

/** Opens (creating or migrating as needed) the Reelwright database. */
export function openReelwrightDb(
  name: string = DB_NAME,
  options: OpenReelwrightDbOptions = {},
): Promise<DbConnection> {
  let connection: DbConnection | undefined;
  const opening = openDB<ReelwrightDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      upgradeSchema(db, oldVersion, tx);
    },
    blocked(currentVersion, blockedVersion) {
      options.onBlocked?.({ currentVersion, blockedVersion });
    },
    blocking(currentVersion, blockedVersion) {
      connection?.close();
      options.onBlocking?.({ currentVersion, blockedVersion });
    },
    terminated() {
      options.onTerminated?.();
    },
  });
  return opening.then((db) => (connection = db));
}

/**
 * The upgrade ladder. Each step only ever adds; existing records are kept. Never edit a released step:
 * add the next one (and bump DB_VERSION in schema.ts).
 */
function upgradeSchema(db: DbConnection, oldVersion: number, _tx: UpgradeTx): void {
  if (oldVersion < 1) {
    const assets = db.createObjectStore('assets', { keyPath: 'id' });
    assets.createIndex('by-created', 'created');
    assets.createIndex('by-sha256', 'sha256', { unique: true });
    assets.createIndex('by-kind', 'kind');
    db.createObjectStore('blobs', { keyPath: 'id' });
    db.createObjectStore('settings', { keyPath: 'key' });
  }
  if (oldVersion < 2) {
    const videos = db.createObjectStore('videos', { keyPath: 'id' });
    videos.createIndex('by-created', 'created');
    videos.createIndex('by-job', 'jobId');
    const prompts = db.createObjectStore('prompts', { keyPath: 'id' });
    prompts.createIndex('by-text', 'text', { unique: true });
    prompts.createIndex('by-last-used', 'lastUsed');
    const jobs = db.createObjectStore('jobs', { keyPath: 'id' });
    jobs.createIndex('by-status', 'status');
    jobs.createIndex('by-created', 'created');
    const spend = db.createObjectStore('spend', { keyPath: 'jobId' });
    spend.createIndex('by-day', 'day');
  }
  if (oldVersion < 3) {
    const projects = db.createObjectStore('projects', { keyPath: 'id' });
    projects.createIndex('by-updated', 'updated');
    const episodes = db.createObjectStore('episodes', { keyPath: 'id' });
    episodes.createIndex('by-project', 'projectId');
    episodes.createIndex('by-updated', 'updated');
    const segments = db.createObjectStore('segments', { keyPath: 'id' });
    segments.createIndex('by-episode', 'episodeId');
  }
  // Next step: `if (oldVersion < 4)`; migrate existing rows through `_tx` if a step ever needs to read data.
}
