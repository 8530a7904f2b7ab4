import type { DBSchema, IDBPDatabase } from 'idb';
import type {
  AssetKind,
  AssetRecord,
  BlobRecord,
  EpisodeRecord,
  JobRecord,
  JobStatus,
  ProjectRecord,
  PromptRecord,
  SegmentRecord,
  SpendRecord,
  VideoRecord,
} from '../types.ts';

export const DB_NAME = 'reelwright';

/**
 * The one schema. Version history (the upgrade ladder in open-db.ts follows it):
 *  1 — assets, blobs, settings (foundation)
 *  2 — videos, prompts, jobs, spend (generation engine)
 *  3 — projects, episodes, segments (drama structure; takes are video ids on the segment)
 */
export const DB_VERSION = 3;

export interface SettingRow {
  key: string;
  value: unknown;
}

export interface ReelwrightDB extends DBSchema {
  assets: {
    key: string;
    value: AssetRecord;
    indexes: { 'by-created': number; 'by-sha256': string; 'by-kind': AssetKind };
  };
  blobs: { key: string; value: BlobRecord };
  settings: { key: string; value: SettingRow };
  videos: {
    key: string;
    value: VideoRecord;
    indexes: { 'by-created': number; 'by-job': string };
  };
  prompts: { key: string; value: PromptRecord; indexes: { 'by-text': string; 'by-last-used': number } };
  jobs: { key: string; value: JobRecord; indexes: { 'by-status': JobStatus; 'by-created': number } };
  spend: { key: string; value: SpendRecord; indexes: { 'by-day': string } };
  projects: { key: string; value: ProjectRecord; indexes: { 'by-updated': number } };
  episodes: { key: string; value: EpisodeRecord; indexes: { 'by-project': string; 'by-updated': number } };
  segments: { key: string; value: SegmentRecord; indexes: { 'by-episode': string } };
}

export type StoreName = keyof ReelwrightDB & string;

/** An open connection to the Reelwright database; every repository function takes one. */
export type DbConnection = IDBPDatabase<ReelwrightDB>;
