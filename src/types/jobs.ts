/** Generation requests and the durable job ledger. */
import type { Size } from './assets.ts';
import type { ProviderKind } from './connections.ts';

export const JOB_STATUSES = [
  'waiting',
  'submitting',
  'queued',
  'running',
  'downloading',
  'done',
  'failed',
  'canceled',
  'expired',
  'unknown',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES: readonly JobStatus[] = ['done', 'failed', 'canceled', 'expired', 'unknown'];
export const isTerminal = (status: JobStatus): boolean => TERMINAL_STATUSES.includes(status);

/** Jobs that have not been submitted never time out; the deadline starts at submit. */
export const NO_DEADLINE = Number.MAX_SAFE_INTEGER;

export const ERROR_KINDS = [
  'auth',
  'validation',
  'content-policy',
  'rate-limit',
  'quota',
  'not-found',
  'server',
  'network',
  'timeout',
  'unreachable',
  'local',
] as const;
/** The error taxonomy: every failure lands in exactly one kind. */
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** A failure as stored and shown: plain message, what to do, and the facts support needs. */
export interface ErrorInfo {
  kind: ErrorKind;
  message: string;
  action: string;
  status?: number;
  code?: string;
  requestId?: string;
  /** The request field the provider objected to. */
  field?: string;
  retryable: boolean;
}

export type FitMode = 'crop' | 'letterbox';

/** What the user asked for. Validated against the model catalog before anything is sent. */
export interface GenerationRequest {
  prompt: string;
  connectionId: string;
  model: string;
  size: Size;
  seconds: number;
  audio?: boolean;
  referenceAssetId?: string;
  fit?: FitMode;
  /** Remix of a completed clip (video id in the library). */
  remixOf?: string;
  segmentId?: string;
  mode?: 'video' | 'image';
  variants?: number;
  /** Image mode: the video model and exact size the stills are for; they are fitted to `target.size`. */
  target?: StillTarget;
  /** Let the model pick the length (`ModelSpec.durationAuto`); `seconds` is then only the plan. */
  autoDuration?: boolean;
  /** Last frame (first+last frame mode; `referenceAssetId` is then the first frame). */
  lastFrameAssetId?: string;
  /** Several references (cast sheets, "ingredients"/"elements"), up to `ModelSpec.references.multiple`. */
  referenceAssetIds?: string[];
}

/** The video a still is made for: stills are requested at, or fitted to, exactly this size. */
export interface StillTarget {
  connectionId: string;
  model: string;
  size: Size;
}

/** What the provider gave us back to find the job again; stored with the job. */
export interface RemoteHandle {
  id: string;
  /** Provider-specific data kept with the job (e.g. fal's status/response/cancel URLs). */
  data?: Record<string, string>;
}

/** The durable job ledger row. Written before any network call; every transition persisted. */
export interface JobRecord {
  id: string;
  request: GenerationRequest;
  /** Provider kind of the connection at submit time. */
  providerKind: ProviderKind;
  status: JobStatus;
  /** 0-100 */
  progress: number;
  remote?: RemoteHandle;
  error?: ErrorInfo;
  /** Human line shown beside the status ("Rate limited; retrying in 12 s"). */
  detail?: string;
  created: number;
  updated: number;
  submittedAt?: number;
  /** Epoch ms after which a non-terminal job is given up and explained. */
  deadline: number;
  /** Epoch ms of the next poll or retry. */
  nextAt?: number;
  attempts: number;
  estimatedCost: number;
  /** USD the provider reported for the finished job (when it reports one); spend records it as `final`. */
  finalCost?: number;
  /** Ids of the clips (videos) or assets (stills) this job produced. */
  resultIds?: string[];
}
