import type {
  AssetKind,
  AssetRecord,
  Connection,
  FitMode,
  JobRecord,
  PromptRecord,
  Size,
  ProjectRecord,
  EpisodeRecord,
  SegmentRecord,
  SpendRecord,
  StillTarget,
  VideoRecord,
} from '../types.ts';
import type { ConnectionHealth } from '../providers/types.ts';
import type { ReferenceModeName } from './catalog.ts';
import { DEFAULT_LIBRARY_FILTER, type LibraryFilter } from './library-query.ts';
import type { ExportPlan, RenderProgress } from '../media/render/types.ts';
import type { ResolvedRenderSettings } from './episode-render.ts';
import type { StorageInfo } from './ports.ts';
import type { Budget } from './spend.ts';

export type NoticeTone = 'info' | 'success' | 'error';

/** A message for the user; `action` names a store intent the notice can trigger (Undo, Send again…). */
export interface Notice {
  id: string;
  tone: NoticeTone;
  message: string;
  detail?: string;
  action?: {
    label: string;
    intent: 'undo-delete' | 'send-again' | 'open-settings' | 'generate-anyway';
    target?: string;
  };
}

export interface AssetFilter {
  kind: AssetKind | 'all';
  query: string;
}

/** What the prompt bar is about to send. */
export interface Draft {
  mode: 'video' | 'image';
  prompt: string;
  connectionId: string;
  model: string;
  size: Size;
  seconds: number;
  audio: boolean;
  referenceAssetId?: string;
  fit: FitMode;
  remixOf?: string;
  variants: number;
  /** Image mode: the video model and size the stills are made for (kept while in video mode). */
  target?: StillTarget;
  /** Reference mode (src/state/reference-draft.ts); none means a single first frame. */
  refMode?: ReferenceModeName;
  /** First + last frame mode: the last frame (`referenceAssetId` is the first). */
  lastFrameAssetId?: string;
  /** Several-references mode: the images, up to the model's `references.multiple`. */
  referenceAssetIds?: string[];
}

export interface Preferences {
  /** The local preview's pace: `fast` skips the simulated queue (tests, impatient people). */
  pace: 'realistic' | 'fast';
  maxAssetBytes: number;
  persistenceAsked: boolean;
}

export type HealthState = ConnectionHealth & { at: number };

/** What the centre of the studio shows. */
export type CenterView = 'viewer' | 'library' | 'episodes';

export interface AppState {
  ready: boolean;
  view: CenterView;
  fatal?: string;
  online: boolean;
  /** This tab runs the jobs; other tabs mirror it. */
  runsJobs: boolean;
  updateAvailable: boolean;

  assets: readonly AssetRecord[];
  assetCount: number;
  assetsComplete: boolean;
  assetFilter: AssetFilter;
  selectedAssetId?: string;
  importing?: { done: number; total: number };

  videos: readonly VideoRecord[];
  selectedVideoId?: string;
  jobs: readonly JobRecord[];
  /** The job the viewer follows while it runs. */
  focusedJobId?: string;

  prompts: readonly PromptRecord[];
  draft: Draft;
  connections: readonly Connection[];
  health: Readonly<Record<string, HealthState>>;
  notices: readonly Notice[];
  storage?: StorageInfo;
  preferences: Preferences;

  // ——— backup & keys ———
  keyLock: KeyLockState;
  backup?: BackupTask;
  /** The outcome of the last export or import, shown in the backup panel. */
  backupMessage?: { tone: NoticeTone; text: string };

  // ——— library & spend ———
  libraryFilter: LibraryFilter;
  /** Video jobs that ended without a clip, shown in the library with their reason. */
  failedJobs: readonly JobRecord[];
  spend: readonly SpendRecord[];
  budget: Budget;

  // ——— episodes ———
  projects: readonly ProjectRecord[];
  episodes: readonly EpisodeRecord[];
  openEpisodeId?: string;
  /** The open episode's segments, in order. */
  segments: readonly SegmentRecord[];
  stitch?: StitchState;
  /** Which export path the open episode's approved takes take, and why (issue 13). */
  exportPlan?: ExportPlanState;
  /** Library clips waiting for the user to pick the segment they become takes of. */
  pendingTakes?: readonly string[];
}

/** The open episode's stitch: what it is doing, or why it was refused. */
export interface StitchState {
  episodeId: string;
  phase: 'reading' | 'stitching' | 'rendering' | 'saving' | 'done' | 'error';
  message: string;
  videoId?: string;
  /** A render's stage, fraction and time left. */
  progress?: RenderProgress;
}

export interface ExportPlanState {
  episodeId: string;
  /** The approved takes and settings the plan was made for. */
  key: string;
  plan?: ExportPlan;
  /** The render settings with the defaults the clips give (most common size and frame rate). */
  settings?: ResolvedRenderSettings;
  /** The approved takes' sizes ("720x1280"), for the canvas choice. */
  sizes?: string[];
  checking?: boolean;
  error?: string;
}

// ——— backup & keys ———

/** The key lock as the UI shows it; the keys themselves never enter state while locked. */
export interface KeyLockState {
  status: 'off' | 'locked' | 'unlocked';
  /** Connections whose key is sealed and unusable until unlocked. */
  lockedIds: readonly string[];
}

/** An export or import in progress. */
export interface BackupTask {
  direction: 'export' | 'import';
  phase: 'preparing' | 'exporting' | 'checking' | 'writing' | 'rolling-back';
  bytesDone: number;
  bytesTotal: number;
  etaMs?: number;
  fileName: string;
}

export const LOCAL_CONNECTION: Connection = {
  id: 'local',
  kind: 'local',
  label: 'Local preview (this device)',
  concurrency: 2,
};

export const DEFAULT_PREFERENCES: Preferences = {
  pace: 'realistic',
  maxAssetBytes: 1024 ** 3,
  persistenceAsked: false,
};

export const initialState = (): AppState => ({
  ready: false,
  view: 'viewer',
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  runsJobs: false,
  updateAvailable: false,
  assets: [],
  assetCount: 0,
  assetsComplete: false,
  assetFilter: { kind: 'all', query: '' },
  videos: [],
  jobs: [],
  prompts: [],
  draft: {
    mode: 'video',
    prompt: '',
    connectionId: LOCAL_CONNECTION.id,
    model: 'local-preview',
    size: '720x1280',
    seconds: 4,
    audio: true,
    fit: 'crop',
    variants: 1,
  },
  connections: [LOCAL_CONNECTION],
  health: {},
  notices: [],
  preferences: DEFAULT_PREFERENCES,
  keyLock: { status: 'off', lockedIds: [] },
  libraryFilter: DEFAULT_LIBRARY_FILTER,
  failedJobs: [],
  spend: [],
  budget: {},
  projects: [],
  episodes: [],
  segments: [],
});
