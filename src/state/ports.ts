import type { LocalRenderOptions } from '../providers/local-preview-provider.ts';
import type {
  AssetKind,
  AssetRecord,
  FitMode,
  JobRecord,
  PromptRecord,
  SpendRecord,
  VideoRecord,
} from '../types.ts';
import type { JobLedger } from './job-runner.ts';

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

  saveClip(video: VideoRecord, blob: Blob, thumbnail?: Blob): Promise<void>;
  listVideos(limit: number): Promise<VideoRecord[]>;
  getVideo(id: string): Promise<VideoRecord | undefined>;
  deleteVideo(id: string): Promise<void>;

  putJob(job: JobRecord): Promise<void>;
  listJobs(limit: number): Promise<JobRecord[]>;
  deleteJob(id: string): Promise<void>;

  recordPromptUse(text: string, videoId?: string): Promise<void>;
  attachVideoToPrompt(text: string, videoId: string): Promise<void>;
  listPrompts(query: string, limit: number): Promise<PromptRecord[]>;

  getSetting<T>(key: string, fallback: T): Promise<T>;
  setSetting(key: string, value: unknown): Promise<void>;

  recordSpend(spend: SpendRecord): Promise<void>;
}

export interface VideoProbe {
  width: number;
  height: number;
  duration: number;
  codec: string;
  audioCodec?: string;
  fps?: number;
  bitrate?: number;
}

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
}
