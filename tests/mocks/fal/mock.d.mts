/** Types of mock.mjs for TypeScript tests. */

export declare const DEFAULT_PORT: 4020;
export declare const TEST_KEY: 'fal-test-key';

export type Route = 'submit' | 'status' | 'result' | 'cancel' | 'initiate' | 'upload' | 'cdn';

export interface Fault {
  kind: 'rate-limit' | 'server-error' | 'unauthorized' | 'hang' | 'completed-error' | 'expired';
  route?: Route | 'any';
  endpoint?: string;
  count?: number;
  status?: number;
  retryAfter?: number;
  errorType?: string;
  detail?: unknown;
}

export interface FalMockOptions {
  port?: number;
  host?: string;
  publicUrl?: string;
  keys?: string[];
  jobDurationMs?: number;
  /** Time moves only by `advance(ms)` (unit tests that count phases). */
  frozenClock?: boolean;
  resultTtlMs?: number;
  validateAt?: 'submit' | 'result';
  catalogPath?: string;
  /** config/voices/fal.json by default. */
  speechCatalogPath?: string;
  /** An MP4 (absolute path) every video result serves instead of the default fixtures. Default null. */
  videoFile?: string | null;
}

export interface RequestLog {
  method: string;
  path: string;
  route: Route | 'control' | 'other';
  authorization: string | null;
  status: number;
}

export interface MockState {
  now: number;
  counters: {
    submits: number;
    statusPolls: number;
    results: number;
    cancels: number;
    initiates: number;
    uploads: number;
    cdnGets: number;
    perModel: Record<string, number>;
  };
  jobs: { id: string; endpoint: string; app: string; status: string; input: Record<string, unknown> }[];
  requests: RequestLog[];
  faults: Fault[];
  /** Every TTS result made since the last reset, oldest first. */
  speech: SpeechLine[];
}

/** A TTS result: a tone at `voiceFrequency(voice)` for `speechSeconds(input, speed)` (../openai/tone.mjs). */
export interface SpeechLine {
  id: string;
  endpoint: string;
  voice: string;
  input: string;
  speed: number;
  frequency: number;
  seconds: number;
}

export interface FalMock {
  url: string;
  queueUrl: string;
  restUrl: string;
  cdnUrl: string;
  close(): Promise<void>;
  state(): MockState;
  setFaults(faults: Fault[], append?: boolean): void;
  reset(): void;
  advance(ms: number): void;
  /** Every file PUT to an upload URL since the last reset, oldest first. */
  uploads(): Upload[];
  /** Serve this MP4 (absolute path) as every video result from now on; null: the default fixtures. */
  setVideoFile(file: string | null): void;
}

export interface Upload {
  /** The `file_url` the upload was initiated for (what a job's input names). */
  fileUrl: string;
  name: string;
  /** As sent with the PUT. */
  contentType: string;
  /** Exactly what arrived. */
  bytes: Buffer;
}

export declare function createFalMock(options?: FalMockOptions): Promise<FalMock>;
export declare function appIdOf(endpointId: string): string;
