import type { Connection, ErrorInfo, ModelSpec, RemoteHandle, Size } from '../types.ts';
import type { ProviderError } from './errors.ts';

/** An encoded file sent with a request (a reference image). */
export interface SubmitFile {
  blob: Blob;
  name: string;
}

/**
 * A request ready to send: validated against the catalog, reference already fitted to `size`. Built from the
 * job's GenerationRequest by `prepareJob`; which request fields arrive here as they are is listed once, in
 * `REQUEST_FIELDS` (src/state/request-fields.ts).
 */
export interface SubmitRequest {
  /** The job this request belongs to (a lost in-browser render is re-sent by the runner, not rebuilt here). */
  jobId?: string;
  model: ModelSpec;
  /** The id to send (a connection may map a catalog model to a gateway's custom id). */
  modelId: string;
  prompt: string;
  size: Size;
  seconds: number;
  audio?: boolean;
  /** First-frame reference, exactly `size` pixels, already encoded (PNG/JPEG/WebP). */
  reference?: SubmitFile;
  /** Last frame, for models with first-last endpoints (`reference` is then the first frame). */
  lastFrame?: SubmitFile;
  /** Several reference images, for reference-to-video endpoints (up to `ModelSpec.references.multiple`). */
  references?: SubmitFile[];
  /** Remote handle of the completed source clip for a remix. */
  remixOf?: RemoteHandle;
  /** The clip to extend, as stored here, for providers that take the clip itself (fal extend endpoints). */
  sourceClip?: SubmitFile;
  /** Number of stills for image mode. */
  variants?: number;
}

export type RemoteState = 'queued' | 'running' | 'completed' | 'failed' | 'expired';

export interface PollResult {
  state: RemoteState;
  /** 0-100 when the provider reports it. */
  progress?: number;
  /** Server hint for the next poll (openai-poll-after-ms, retry-after). */
  pollAfterMs?: number;
  error?: ErrorInfo;
  /** Epoch ms after which the content can no longer be downloaded. */
  expiresAt?: number;
  /** Final cost when the provider reports it. */
  cost?: number;
}

export interface DownloadResult {
  /** The clip (video mode) or the stills (image mode). */
  files: Blob[];
  thumbnail?: Blob;
  spritesheet?: Blob;
}

export interface ProgressSink {
  (progress: number): void;
}

/**
 * One interface for every provider. Every call takes an AbortSignal; failures throw ProviderError.
 * `submit` must not be retried by the caller when it throws with `outcomeUnknown`: reconcile first.
 * `Request` is what submit sends: a clip/still request, or a line of dialogue (speech-request.ts).
 */
export interface Provider<Request = SubmitRequest> {
  readonly kind: Connection['kind'];
  /**
   * The work lives in this tab's memory and costs nothing (the local preview): a job it lost with a reload
   * (poll/download fail with code LOST_IN_MEMORY) may simply be sent again. Never set on a paid provider.
   */
  readonly rerunsWhenLost?: boolean;
  submit(request: Request, signal: AbortSignal): Promise<RemoteHandle>;
  poll(handle: RemoteHandle, signal: AbortSignal): Promise<PollResult>;
  download(handle: RemoteHandle, signal: AbortSignal, onProgress?: ProgressSink): Promise<DownloadResult>;
  cancel?(handle: RemoteHandle, signal: AbortSignal): Promise<void>;
  /** Delete the remote copy. */
  remove?(handle: RemoteHandle, signal: AbortSignal): Promise<void>;
  /** Find a job created by a submit whose outcome is unknown (same prompt, created in the window). */
  reconcile?(
    request: Request,
    window: { from: number; to: number },
    signal: AbortSignal,
  ): Promise<RemoteHandle | null>;
  /** Health check for the settings dialog. */
  test?(signal: AbortSignal): Promise<ConnectionHealth>;
}

export type ConnectionHealth =
  | { state: 'ok'; detail: string }
  | { state: 'auth'; detail: string }
  | { state: 'cors'; detail: string }
  | { state: 'unreachable'; detail: string };

/** Everything a provider adapter may depend on; injectable for tests. */
export interface ProviderDeps {
  fetch: typeof fetch;
  connection: Connection;
  /** Milliseconds to wait; tests pass a fake clock. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** False when the device is offline (defaults to `navigator.onLine`); nothing is sent while offline. */
  online?: () => boolean;
  /** Told before each automatic retry inside one call (e.g. to show "Rate limited; retrying in 2 s"). */
  onRetry?: (retry: RetryNotice) => void;
}

/** One automatic retry inside a provider call: which one, how long it waits, and why. */
export interface RetryNotice {
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  error: ProviderError;
}
