// Type declarations for app.mjs, so TypeScript tests (Vitest, Playwright) can import the mock.

export type RouteName = 'create' | 'retrieve' | 'list' | 'delete' | 'content' | 'remix' | 'images' | 'speech';

export type FaultType =
  | 'unauthorized'
  | 'rate_limit'
  | 'insufficient_quota'
  | 'server_error'
  | 'hang'
  | 'drop_after_accept'
  | 'moderation'
  | 'sentinel_block'
  | 'expired';

export interface FaultSpec {
  type: FaultType;
  /** How many matching requests (jobs for `moderation`) it applies to. Default 1. */
  count?: number;
  /** Never counts down (until clearFaults/reset). */
  always?: boolean;
  /** Routes it targets. Default: all; drop_after_accept/moderation/sentinel_block: create+remix; expired: content. */
  route?: RouteName | RouteName[];
  /** server_error only. Default 500 (502 answers Cloudflare HTML, 503 "overloaded" JSON). */
  status?: 500 | 502 | 503;
  /** rate_limit: default 1. insufficient_quota: header absent unless set. */
  retryAfterSec?: number;
  /** Default retryAfterSec * 1000. */
  retryAfterMs?: number;
  /** Adds `x-should-retry: true|false`. */
  shouldRetry?: boolean;
  /** sentinel_block / moderation message override. */
  message?: string;
}

export interface MockOptions {
  /** Default 0 (random free port) in-process; the CLI defaults to 4010. */
  port?: number;
  host?: string;
  /** Accepted API keys. Default ['sk-test-valid']. */
  keys?: string[];
  azure?: boolean;
  /** Azure deployment names (array) or deployment -> model map. Default sora-2, sora-2-pro, gpt-image-1. */
  azureDeployments?: string[] | Record<string, string>;
  /** Time from create to completed, in mock-clock ms. Default 3000. */
  jobDurationMs?: number;
  /** expires_at = completed_at + this. Default 3600. */
  expiresAfterSec?: number;
  /** Value of the openai-poll-after-ms header. Default 1000. */
  pollAfterMs?: number;
  /** false: no CORS headers at all (preflights fail in browsers). Default true. */
  cors?: boolean;
  /** '*' (default) or 'reflect' (echo Origin, add Vary: Origin). */
  corsOrigin?: '*' | 'reflect';
  /** Default '/v1' ('/openai/v1' when azure). */
  basePath?: string;
  /** No request log. */
  quiet?: boolean;
  /** Faults armed from the start. */
  faults?: FaultSpec[];
  /**
   * An MP4 (absolute path) served as every job's video content instead of the size's fixture (e.g. a 24 fps
   * or silent clip from tests/fixtures/render). Default null: the fixture matching the job's size.
   */
  videoFile?: string | null;
}

export interface MockCounters {
  requests: number;
  creates: number;
  createsAccepted: number;
  remixes: number;
  remixesAccepted: number;
  retrieves: number;
  lists: number;
  deletes: number;
  contents: number;
  imageRequests: number;
  missingModelImageRequests: number;
  /** Requests that reached POST /audio/speech (rejected ones included). */
  speechRequests: number;
  /** Lines answered with audio. */
  speechAccepted: number;
  /** Input characters of those lines (what tts-1 bills). */
  speechCharacters: number;
  unauthorized: number;
  faultsTriggered: number;
  hungRequests: number;
  droppedConnections: number;
  requestSchemaFailures: number;
  responseValidationFailures: number;
}

export interface MockState extends MockCounters {
  responseValidationErrors: string[];
  faults: Array<{
    type: FaultType;
    remaining: number | null;
    always: boolean;
    routes: RouteName[] | null;
    hits: number;
  }>;
  config: Required<Omit<MockOptions, 'port' | 'host' | 'faults' | 'azureDeployments'>> & {
    azureDeployments: Record<string, string>;
  };
  clockOffsetMs: number;
  now: number;
  jobs: Array<{
    id: string;
    status: string;
    progress: number;
    model: string;
    size: string;
    prompt: string | null;
  }>;
  lastRequests: Array<{
    requestId: string;
    method: string;
    path: string;
    at: string;
    route?: RouteName;
    status?: number | 'hang' | 'dropped';
    fault?: FaultType;
    model?: string;
    modelFallback?: boolean;
    videoId?: string;
    voice?: string;
    format?: string;
    toneHz?: number;
    seconds?: number;
  }>;
  /** The last 50 lines answered with audio, oldest first. */
  speech: SpeechLine[];
}

/** One line the mock voiced, and the tone it answered with. */
export interface SpeechLine {
  model: string;
  voice: string;
  input: string;
  speed: number;
  format: string;
  instructions: string | null;
  /** Hz of the tone (`voiceFrequency(voice)`). */
  frequency: number;
  /** Length of the audio (`speechSeconds(input, speed)`, rounded to whole samples). */
  seconds: number;
}

export interface OpenAIMock {
  /** API base URL, e.g. http://127.0.0.1:4010/v1 */
  url: string;
  /** http://127.0.0.1:<port> (control API lives at origin + /__mock/...) */
  origin: string;
  port: number;
  /** First accepted key. */
  key: string;
  close(): Promise<void>;
  state(): MockState;
  setFaults(specs: FaultSpec | FaultSpec[]): void;
  clearFaults(): void;
  configure(
    changes: Partial<
      Pick<
        MockOptions,
        | 'keys'
        | 'azure'
        | 'azureDeployments'
        | 'jobDurationMs'
        | 'expiresAfterSec'
        | 'pollAfterMs'
        | 'cors'
        | 'corsOrigin'
        | 'quiet'
        | 'videoFile'
      >
    >,
  ): void;
  reset(): void;
  advance(ms: number): void;
}

export const DEFAULT_KEY: string;
export const EXPOSED_HEADERS: string[];
export const MEDIA_DIR: string;
export function createOpenAIMock(opts?: MockOptions): Promise<OpenAIMock>;
export function encodePng(
  width: number,
  height: number,
  colors?: { top?: [number, number, number]; bottom?: [number, number, number] },
): Buffer;
export function readImageInfo(
  bytes: Uint8Array,
): { format: 'png' | 'jpeg' | 'webp'; width: number; height: number } | null;
export function maskKey(key: string): string;

/** Mock speech: 24 kHz mono, one second per 16 characters at speed 1. */
export const SPEECH_SAMPLE_RATE: number;
export const SPEECH_CHARS_PER_SECOND: number;
/** Tone frequency (Hz) of the built-in OpenAI voices. */
export const VOICE_FREQUENCIES: Readonly<Record<string, number>>;
/** Tone frequency (Hz) of any voice id: the table above, else 700-1060 Hz from a hash of the id. */
export function voiceFrequency(voice: string): number;
/** Seconds of mock speech for a line: max(0.25, characters / 16) / speed. */
export function speechSeconds(input: string, speed?: number): number;

export interface SpecValidation {
  valid: boolean;
  errors: string[];
}
/** The compiled openapi.yaml: validators by components.schemas name (plus 'AzureError'). */
export function loadSpec(): {
  doc: unknown;
  schema(name: string): (data: unknown) => SpecValidation;
  query(path: string, method: string): (query: Record<string, unknown>) => SpecValidation;
  requestSchemaName(path: string, method: string, mediaType: string): string | undefined;
};
