import type {
  AssetKind,
  AssetRecord,
  Connection,
  FitMode,
  JobRecord,
  PromptRecord,
  Size,
  VideoRecord,
} from '../types.ts';
import type { ConnectionHealth } from '../providers/types.ts';
import type { StorageInfo } from './ports.ts';

export type NoticeTone = 'info' | 'success' | 'error';

/** A message for the user; `action` names a store intent the notice can trigger (Undo, Send again…). */
export interface Notice {
  id: string;
  tone: NoticeTone;
  message: string;
  detail?: string;
  action?: { label: string; intent: 'undo-delete' | 'send-again' | 'open-settings'; target?: string };
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
}

export interface Preferences {
  /** The local preview's pace: `fast` skips the simulated queue (tests, impatient people). */
  pace: 'realistic' | 'fast';
  maxAssetBytes: number;
  persistenceAsked: boolean;
}

export type HealthState = ConnectionHealth & { at: number };

export interface AppState {
  ready: boolean;
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
});
