/** The backup archive's manifest: what is in it, made by what, and the checksum of every file. */
import { BackupError } from './errors.ts';

export const BACKUP_FORMAT = 'reelwright-backup';
/** Bump when an archive could no longer be read by older code; readers refuse newer versions. */
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';
export const KEYS_PATH = 'keys.json';

export type BackupScope = { kind: 'library' } | { kind: 'project'; id: string; name?: string };

export interface BackupFileInfo {
  size: number;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

export interface BackupStoreEntry {
  name: string;
  keyPath: string;
  /** NDJSON files, one record per line, in order. */
  parts: string[];
  count: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  app: { name: 'Reelwright'; version: string };
  /** The IndexedDB schema version the records were read from. */
  dbVersion: number;
  /** ISO 8601. */
  created: string;
  scope: BackupScope;
  stores: BackupStoreEntry[];
  counts: Record<string, number>;
  media: { count: number; bytes: number };
  /** Provider keys: absent unless the user chose to include them, and then encrypted in KEYS_PATH. */
  keys: { included: boolean };
  /** Every file of the archive except the manifest itself. */
  files: Record<string, BackupFileInfo>;
}

const HEX64 = /^[0-9a-f]{64}$/;
const SAFE_PATH = /^[a-z0-9][a-z0-9._/-]*$/i;

/** Parses and checks a manifest; anything that is not one of ours is `foreign`, anything newer is refused. */
export function parseManifest(text: string, supportedDbVersion: number): BackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw foreign();
  }
  if (!isObject(raw) || raw.format !== BACKUP_FORMAT) throw foreign();
  const version = raw.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw foreign();
  if (version > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      'newer-version',
      `This backup was made by a newer version of Reelwright (backup format ${version}; this app reads format ${BACKUP_FORMAT_VERSION}). Update Reelwright, then import it again.`,
    );
  }
  if (typeof raw.dbVersion !== 'number' || raw.dbVersion > supportedDbVersion) {
    throw new BackupError(
      'newer-version',
      `This backup holds data from a newer version of Reelwright (database version ${String(raw.dbVersion)}; this app has ${supportedDbVersion}). Update Reelwright, then import it again.`,
    );
  }
  const files = raw.files;
  const stores = raw.stores;
  if (!isObject(files) || !Array.isArray(stores) || !isObject(raw.keys) || !isObject(raw.scope))
    throw damaged();
  for (const [path, info] of Object.entries(files)) {
    if (!SAFE_PATH.test(path) || path.includes('..') || path === MANIFEST_PATH) throw damaged();
    if (
      !isObject(info) ||
      !isSize(info.size) ||
      typeof info.sha256 !== 'string' ||
      !HEX64.test(info.sha256)
    ) {
      throw damaged();
    }
  }
  for (const store of stores) {
    if (!isObject(store) || typeof store.name !== 'string' || typeof store.keyPath !== 'string')
      throw damaged();
    if (
      !Array.isArray(store.parts) ||
      store.parts.some((part) => typeof part !== 'string' || !Object.hasOwn(files, part))
    ) {
      throw damaged();
    }
  }
  return raw as unknown as BackupManifest;
}

const foreign = (): BackupError =>
  new BackupError(
    'foreign',
    'This zip is not a Reelwright backup: it has no Reelwright manifest. Choose a file made with “Export library”.',
  );

const damaged = (): BackupError =>
  new BackupError('corrupt', 'This backup is damaged: its manifest is incomplete. Nothing was imported.');

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isSize = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
