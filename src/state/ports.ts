import type { LocalRenderOptions } from '../providers/local-preview-provider.ts';
import type {
  AssetKind,
  AssetRecord,
  ClipLayout,
  EpisodeRecord,
  FitMode,
  JobRecord,
  ProjectRecord,
  PromptRecord,
  SegmentRecord,
  SpendRecord,
  VideoRecord,
  VideoProbe,
} from '../types.ts';
import type { JobLedger } from './job-runner.ts';
import type {
  ClipMediaInfo,
  RenderClip,
  RenderOptions,
  RenderProgress,
  RenderResult,
} from '../media/render/types.ts';

/**
 * What the store needs from the outside world. The real implementations live in db/ and media/
 * (the side-effect seams); unit tests hand the store fakes.
 */

export interface AssetQuery {
  kind?: AssetKind;
  query?: string;
  limit: number;
  /** The last row already shown (keyset paging, newest first). */
  after?: { created: number; id: string };
}

export interface DeletedAsset {
  asset: AssetRecord;
  blobs: Array<{ id: string; blob: Blob }>;
}

/** A synchronous key-value slot for the draft when the page goes away (localStorage; db/draft-stash.ts). */
export interface DraftStash {
  save(text: string): void;
  load(): string | undefined;
  clear(): void;
}

export interface StorageInfo {
  usage: number;
  quota: number;
  persisted: boolean;
}

export interface LibraryDb extends JobLedger {
  addAsset(asset: AssetRecord, blob: Blob, thumbnail?: Blob): Promise<void>;
  findAssetBySha256(sha256: string): Promise<AssetRecord | undefined>;
  listAssets(query: AssetQuery): Promise<AssetRecord[]>;
  countAssets(): Promise<number>;
  getAsset(id: string): Promise<AssetRecord | undefined>;
  renameAsset(id: string, name: string): Promise<AssetRecord>;
  deleteAsset(id: string): Promise<DeletedAsset | undefined>;
  restoreAsset(deleted: DeletedAsset): Promise<void>;
  getBlob(id: string): Promise<Blob | undefined>;
  /** Several blobs in one transaction, in the order asked (optional: callers fall back to getBlob). */
  getBlobs?(ids: readonly string[]): Promise<(Blob | undefined)[]>;
  putBlob(id: string, blob: Blob): Promise<void>;

  saveClip(video: VideoRecord, blob: Blob, thumbnail?: Blob): Promise<void>;
  listVideos(limit: number): Promise<VideoRecord[]>;
  getVideo(id: string): Promise<VideoRecord | undefined>;
  deleteVideo(id: string): Promise<void>;
  /** Every clip's metadata, newest first (never blob bytes). */
  listAllVideos(): Promise<VideoRecord[]>;
  updateVideo(id: string, patch: Partial<Omit<VideoRecord, 'id'>>): Promise<VideoRecord | undefined>;
  /** Jobs that ended without a clip (failed, expired, unknown, canceled), newest first. */
  listFailedJobs(): Promise<JobRecord[]>;

  putJob(job: JobRecord): Promise<void>;
  listJobs(limit: number): Promise<JobRecord[]>;
  deleteJob(id: string): Promise<void>;

  recordPromptUse(text: string, videoId?: string): Promise<void>;
  attachVideoToPrompt(text: string, videoId: string): Promise<void>;
  listPrompts(query: string, limit: number): Promise<PromptRecord[]>;
  /** Deletes a prompt's history row (the sample series' clean-up); optional for test doubles. */
  forgetPrompt?(text: string): Promise<void>;

  getSetting<T>(key: string, fallback: T): Promise<T>;
  setSetting(key: string, value: unknown): Promise<void>;

  recordSpend(spend: SpendRecord): Promise<void>;

  // ——— episodes (schema v3) ———
  listProjects(): Promise<ProjectRecord[]>;
  putProject(project: ProjectRecord): Promise<void>;
  /** Deletes the project, its episodes and their segments (clips stay in the library). */
  deleteProject(id: string): Promise<void>;
  listEpisodes(): Promise<EpisodeRecord[]>;
  getEpisode(id: string): Promise<EpisodeRecord | undefined>;
  putEpisode(episode: EpisodeRecord): Promise<void>;
  deleteEpisode(id: string): Promise<void>;
  listSegments(episodeId: string): Promise<SegmentRecord[]>;
  getSegment(id: string): Promise<SegmentRecord | undefined>;
  putSegments(segments: readonly SegmentRecord[]): Promise<void>;
  replaceSegments(episodeId: string, segments: readonly SegmentRecord[]): Promise<void>;
  deleteSegments(ids: readonly string[]): Promise<void>;
  /** Adds a clip as a take (idempotent); undefined when the segment is gone. */
  addTake(segmentId: string, videoId: string, now: number): Promise<SegmentRecord | undefined>;
  listSpend(options?: { fromDay?: string; toDay?: string }): Promise<SpendRecord[]>;
}

export type { VideoProbe };

export type ImportOutcome =
  | { ok: true; asset: Omit<AssetRecord, 'id' | 'blobId' | 'thumbId' | 'created' | 'tags'>; thumbnail?: Blob }
  | { ok: false; reason: string; message: string };

export interface MediaPort {
  analyzeFiles(
    files: readonly File[],
    options: { maxBytes: number; signal?: AbortSignal },
    onEach: (file: File, outcome: ImportOutcome, index: number) => void | Promise<void>,
  ): Promise<void>;
  fitImage(blob: Blob, width: number, height: number, mode: FitMode): Promise<Blob>;
  probeVideo(blob: Blob): Promise<VideoProbe>;
  posterFrame(blob: Blob): Promise<Blob | undefined>;
  extractFrame(blob: Blob, at: 'first' | 'last'): Promise<Blob>;
  renderPreview(options: LocalRenderOptions): Promise<Blob>;
  renderStill(options: { prompt: string; width: number; height: number; variant: number }): Promise<Blob>;
  /**
   * Lossless remux of MP4 clips into one (in a worker). Rejects with a message naming the clips by `labels`.
   * `layouts` (VideoRecord.layout per clip) lets it read each clip's moov in one request.
   */
  stitch(
    clips: Blob[],
    options: { labels: string[]; signal?: AbortSignal; layouts?: (ClipLayout | undefined)[] },
  ): Promise<StitchOutcome>;
  /** Where a clip's top-level MP4 boxes are (box headers only), cached as VideoRecord.layout. */
  clipLayout?(blob: Blob): Promise<ClipLayout | undefined>;
  /** What the render pipeline knows about a clip, for path selection (absent until the engine is built in). */
  inspectClip?(blob: Blob): Promise<ClipMediaInfo>;
  /** Audio-only or full render of an episode (in a worker); rejects with a RenderError. */
  render?(
    clips: RenderClip[],
    options: RenderOptions,
    hooks?: { onProgress?: (progress: RenderProgress) => void; signal?: AbortSignal },
  ): Promise<RenderResult>;
}

/** What the stitcher hands back to the store. */
export interface StitchOutcome {
  blob: Blob;
  /** Seconds. */
  duration: number;
  /** Start of each clip in the output, seconds. */
  clipStarts: number[];
  /** The output's video codec string (e.g. `avc1.64001f`) and mean frame rate, as the stitcher wrote them. */
  videoCodec: string;
  fps?: number;
  /** The output's audio codec string (e.g. `mp4a.40.2`), when it has audio. */
  audioCodec?: string;
}

// ——— backup & keys ———

/** An object store as the backup code sees it: name, key path and the unique indexes that dedupe. */
export interface BackupStoreInfo {
  name: string;
  keyPath: string;
  uniqueIndexes: Array<{ name: string; keyPath: string }>;
}

/** A record's key; every Reelwright store is keyed by a string (or number) key path. */
export type BackupKey = string | number;

/**
 * Generic, store-agnostic access to the whole database for export, import, the storage panel and
 * "delete everything". Implemented by db/backup-repo.ts over the open connection, so stores added by a
 * later schema version are included without changing the backup code.
 */
export interface BackupDb {
  readonly version: number;
  stores(): BackupStoreInfo[];
  /** Up to `limit` records after `after` (exclusive) in key order, read in one transaction. */
  readBatch(
    store: string,
    after: BackupKey | undefined,
    limit: number,
  ): Promise<Array<{ key: BackupKey; value: unknown }>>;
  get(store: string, key: BackupKey): Promise<unknown>;
  /** Which of `keys` already exist in `store`. */
  hasKeys(store: string, keys: readonly BackupKey[]): Promise<boolean[]>;
  /** Which of `values` are already taken in the unique index `index` of `store`. */
  hasIndexValues(store: string, index: string, values: readonly unknown[]): Promise<boolean[]>;
  /** Adds (never overwrites) every row in one transaction; all or nothing. */
  addAll(rows: ReadonlyArray<{ store: string; value: unknown }>): Promise<void>;
  /** Deletes exactly these keys in one transaction. */
  deleteAll(keys: ReadonlyArray<{ store: string; key: BackupKey }>): Promise<void>;
  /** Writes and deletes settings rows in one transaction (connections + key vault change together). */
  writeSettings(
    rows: ReadonlyArray<{ key: string; value: unknown }>,
    remove?: readonly string[],
  ): Promise<void>;
  /** Record count and summed `bytes` fields per store, from metadata only (no blob is read). */
  usage(): Promise<Record<string, { count: number; bytes: number }>>;
  collectOrphans(): Promise<{ count: number; bytes: number }>;
  /** Clears every object store in one transaction. */
  wipe(): Promise<void>;
}
