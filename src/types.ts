/**
 * Domain types: the one place that says what Reelwright's records look like.
 * Every layer imports from here; nothing here imports from a layer.
 */

export const ASSET_KINDS = ['image', 'video', 'audio'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** A user file in the library. Bytes live in the `blobs` store under `blobId`. */
export interface AssetRecord {
  id: string;
  name: string;
  kind: AssetKind;
  mime: string;
  bytes: number;
  width?: number;
  height?: number;
  /** Seconds, for video and audio. */
  duration?: number;
  /** Hex SHA-256 of the bytes; the same file is never stored twice. */
  sha256: string;
  created: number;
  tags: string[];
  blobId: string;
  thumbId?: string;
  /** Where the asset came from when Reelwright made it (last frame of a clip, a generated still…). */
  origin?: {
    kind: 'last-frame' | 'generated-still' | 'fitted' | 'voiced-line';
    videoId?: string;
    jobId?: string;
    prompt?: string;
  };
}

/** The bytes of an asset, clip or thumbnail. Only read when they are shown or exported. */
export interface BlobRecord {
  id: string;
  blob: Blob;
}

export type Size = `${number}x${number}`;

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

/** A generated clip's metadata. Sizes, duration and codec are read from the file, never the provider. */
export interface VideoRecord {
  id: string;
  jobId: string;
  prompt: string;
  connectionId: string;
  providerKind: ProviderKind;
  model: string;
  /** The size and seconds that were requested. */
  size: Size;
  seconds: number;
  /** Read from the file. */
  width: number;
  height: number;
  duration: number;
  codec: string;
  audioCodec?: string;
  fps?: number;
  bitrate?: number;
  bytes: number;
  cost: number;
  providerJobId?: string;
  referenceAssetId?: string;
  remixOf?: string;
  segmentId?: string;
  /** Set on a stitched episode (the whole cut): the episode it was made from. */
  episodeId?: string;
  created: number;
  completed: number;
  blobId: string;
  thumbId?: string;
  /** The provider's scrub-preview spritesheet (a grid of frames), stored as a blob when given. */
  spriteId?: string;
  favourite?: boolean;
  tags?: string[];
  /** Where the clip's top-level boxes are, found when it was saved: lets the stitcher read `moov` in one go. */
  layout?: ClipLayout;
}

/** Byte positions of an MP4's top-level boxes (a hint: the stitcher checks it and rediscovers when stale). */
export interface ClipLayout {
  /** [offset, size] of the `moov` box. */
  moov: [number, number];
  /** [start, end) of the `mdat` payload (after its header). */
  mdat: [number, number];
  /** [offset, size] of the `ftyp` box, when the file has one. */
  ftyp?: [number, number];
}

/** The facts read from a clip's own bytes (never taken from a provider's claim). */
export interface VideoProbe {
  width: number;
  height: number;
  duration: number;
  codec: string;
  audioCodec?: string;
  fps?: number;
  bitrate?: number;
}

export interface PromptRecord {
  id: string;
  text: string;
  firstUsed: number;
  lastUsed: number;
  useCount: number;
  videoIds: string[];
}

export type ProviderKind = 'local' | 'openai' | 'fal';
export type AuthStyle = 'bearer' | 'api-key';

/** A configured way to reach a provider. The local preview connection always exists. */
export interface Connection {
  id: string;
  kind: ProviderKind;
  label: string;
  baseUrl?: string;
  apiKey?: string;
  authStyle?: AuthStyle;
  organization?: string;
  project?: string;
  /** Model ids offered by this connection (custom ids for gateways); defaults from the catalog. */
  models?: string[];
  /** Sizes this endpoint accepts (e.g. Azure: 720x1280, 1280x720); narrows the catalog's list when set. */
  sizes?: Size[];
  /** Durations in seconds this endpoint accepts; narrows the catalog's list when set. */
  durations?: number[];
  /** Jobs that may run at once on this connection. */
  concurrency: number;
  /** How `size` is sent: `720x1280` (the Sora 2 contract, default) or an aspect string `9:16` (some gateways). */
  sizeFormat?: SizeFormat;
  /**
   * Came from an imported file, not made on this device: no job runs on it until the user checks the
   * host and saves it in Settings (which clears this).
   */
  imported?: boolean;
}

export const SIZE_FORMATS = ['pixels', 'aspect'] as const;
export type SizeFormat = (typeof SIZE_FORMATS)[number];

export interface SpendRecord {
  jobId: string;
  connectionId: string;
  providerKind: ProviderKind;
  model: string;
  estimated: number;
  final?: number;
  day: string;
  created: number;
  /** The episode segment the job was for; its project is looked up when spend is summarised. */
  segmentId?: string;
}

/** How a model expects its duration: `"8"` (string), `8` (integer) or `"8s"` (string with unit). */
export type DurationEncoding = 'string' | 'integer' | 'string-s';

/** Video codecs a model may return. This Chromium decodes H.264 but not HEVC (H.265). */
export const OUTPUT_CODECS = ['h264', 'hevc'] as const;
export type OutputCodec = (typeof OUTPUT_CODECS)[number];

/** What a generated clip comes back as, so the render pipeline can warn before anything is spent. */
export interface OutputSpec {
  codec: OutputCodec;
  /** True when a provider source states the codec; otherwise it is assumed (H.264, the usual MP4). */
  confirmed?: boolean;
}

/** What a model calls its several-reference input: reference images, Veo's "ingredients", Kling's "elements". */
export const REFERENCE_KINDS = ['images', 'ingredients', 'elements'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** A model's "the model picks the length" choice: what to send, and the longest clip it may pick. */
export interface DurationAuto {
  /** The wire value (`"auto"`). */
  value: string;
  /** Estimates, budgets and timelines plan for this many seconds at most. */
  maxSeconds: number;
}

/** One legal output size of a model, and what to send for it. */
export interface SizeOption {
  size: Size;
  /** Provider parameters for this size when the API speaks aspect/resolution instead of pixels. */
  params?: Record<string, string>;
  /** Price per second override for this size. */
  perSecond?: number;
  perSecondAudio?: number;
  /** The codec at this size when it differs from the model's `output` (e.g. H.265 at 1080p). */
  output?: OutputSpec;
}

/** Any `WIDTHxHEIGHT` a flexible still model accepts (e.g. gpt-image-2: multiples of 16, up to 3840x2160). */
export interface SizeRule {
  multipleOf: number;
  minEdge: number;
  maxEdge: number;
  maxPixels: number;
  /** Longest side / shortest side, at most. */
  maxAspect: number;
}

/** A model, described by data (config/models/*.json), never by code branches. */
export interface ModelSpec {
  provider: ProviderKind;
  id: string;
  label: string;
  mode: 'video' | 'image';
  durations: number[];
  durationEncoding: DurationEncoding;
  /** The model can pick the length itself (Seedance, Wan 3.0: `"auto"`). */
  durationAuto?: DurationAuto;
  sizes: SizeOption[];
  /**
   * First frame, last frame, and how many references at once (`multiple` > 1: a reference-to-video mode;
   * `multipleKind` names it in the UI).
   */
  references: { firstFrame: boolean; lastFrame: boolean; multiple: number; multipleKind?: ReferenceKind };
  remix: boolean;
  extend: boolean;
  /** `toggle`: the user can switch audio (priced separately); `always`/`none`: fixed. */
  audio: 'toggle' | 'always' | 'none';
  /** USD per generated second (default; sizes may override). */
  perSecond: number;
  perSecondAudio?: number;
  /** Per-image price for still models. */
  perImage?: number;
  /** Still models that take any size within limits (beyond the listed `sizes`). */
  sizeRule?: SizeRule;
  /** Provider endpoints per mode, for queue APIs (fal): text, image, first-last, reference, extend. */
  endpoints?: Partial<Record<'text' | 'image' | 'first-last' | 'reference' | 'extend', string>>;
  /** Extra fixed inputs sent with every request. */
  defaults?: Record<string, unknown>;
  /** Request field names where they differ by provider. */
  fields?: {
    duration?: string;
    /** First frame for image-to-video (`image_url`, Kling `start_image_url`). */
    image?: string;
    /** First frame on a first-last endpoint when it differs from `image` (Veo `first_frame_url`). */
    firstImage?: string;
    /** Last frame (`end_image_url`, Veo `last_frame_url`). */
    lastImage?: string;
    /** Several references (`image_urls`, Wan `reference_image_urls`, Kling `elements`). */
    images?: string;
    /** `list`: an array of file URLs (default); `elements`: Kling's `[{frontal_image_url, reference_image_urls}]`. */
    imagesEncoding?: 'list' | 'elements';
    /** Source clip to extend (`video_url`). */
    video?: string;
    /** Audio switch (`generate_audio`). */
    audio?: string;
    /** Number of stills for image models (`num_images`). */
    count?: string;
  };
  /** Codec of the returned clip at every size without its own `output`. */
  output?: OutputSpec;
  /** Where each fact came from. */
  note?: string;
  /** False when some fact could not be read from a provider source; `unverified` says which and why. */
  verified?: boolean;
  unverified?: string;
}

// ——— episodes (drama structure, schema v3) ———

/** How a segment starts: a hard cut, chained from the previous approved take's last frame, or a shared keyframe. */
export const CONTINUITY_MODES = ['cut', 'chain', 'keyframe'] as const;
export type ContinuityMode = (typeof CONTINUITY_MODES)[number];

/** A character or a set (location) of a series: how it looks, and the reference images that show it. */
export interface CastMember {
  id: string;
  /** Named in scripts and prompts as `@Name` (letters, digits, `-` and `_`). */
  name: string;
  /** Short visual description (face, hair, wardrobe; or the look of a place), woven into prompts. */
  description: string;
  /** Reference image asset ids: front, side, full-body sheet… The first is the main one. */
  referenceIds: string[];
  /** Optional voice note (characters). */
  voice?: string;
  /** Character-sheet still jobs asked for and not yet approved or dismissed. */
  sheetJobIds?: string[];
}

/** A series: a named group of episodes. */
export interface ProjectRecord {
  id: string;
  title: string;
  created: number;
  updated: number;
  /** The cast bible: characters (kept on the project, so backups carry it). */
  cast?: CastMember[];
  /** Locations kept the same way as characters. */
  sets?: CastMember[];
  /** Issue 17: the voice of each speaker of the series' scripts, keyed by `speakerKey(name)`. */
  voices?: Record<string, SpeakerVoice>;
}

/** How one speaker is voiced: a speech connection, its model and voice id, and a speed. */
export interface SpeakerVoice {
  connectionId: string;
  model: string;
  voice: string;
  speed: number;
}

/** One 60-90 s episode: its settings, script and the stitched cut once made. */
export interface EpisodeRecord {
  id: string;
  projectId: string;
  title: string;
  /** Seconds the segments should add up to (default 75). */
  targetSeconds: number;
  /** "9:16" by default; follows `size`. */
  aspect: string;
  size: Size;
  connectionId: string;
  model: string;
  /** The script the segments were split from (kept for captions and re-splitting). */
  script: string;
  /** Music bed from the asset library and its level (0-1). Exported beside the MP4, never mixed in. */
  musicAssetId?: string;
  musicLevel: number;
  /** Build a WebVTT caption track from the segments' script lines. */
  captions: boolean;
  /** The stitched cut in the `videos` store (VideoRecord with `episodeId`). */
  exportVideoId?: string;
  /** How the cut was made (issue 13): its path, the real clip starts (caption timing) and what went in. */
  exportInfo?: EpisodeExportInfo;
  /** Render settings (issue 13); absent fields default from the clips (most common size and frame rate). */
  render?: EpisodeRenderSettings;
  /** The first finished take of a segment is approved unless the user picked another (issue 13). */
  autoApprove?: boolean;
  created: number;
  updated: number;
}

/** An episode's render settings; every field optional (defaults: clips' most common size/fps, blur, −14 LUFS). */
export interface EpisodeRenderSettings {
  width?: number;
  height?: number;
  fps?: number;
  fit?: 'blur' | 'crop';
  burnCaptions?: boolean;
  targetLufs?: number;
  crossfadeMs?: number;
}

export interface EpisodeExportInfo {
  path: 'lossless' | 'audio' | 'full';
  /** Seconds, one per segment, in the exported file. */
  clipStarts: number[];
  duration: number;
  musicMixed: boolean;
  captionsBurned: boolean;
}

/** One clip-long beat of an episode. Takes are clips (videos) kept as ids; one may be approved. */
export interface SegmentRecord {
  id: string;
  episodeId: string;
  /** Position in the episode, 0-based and dense. */
  order: number;
  title: string;
  /** What is sent to the model. */
  prompt: string;
  /** The script line(s) this segment carries; the caption text. */
  caption: string;
  seconds: number;
  /** Overrides the episode's size (a different size cannot be stitched losslessly; the stitcher says so). */
  size?: Size;
  continuity: ContinuityMode;
  /** First-frame reference (optional for `cut`, the shared keyframe for `keyframe`). */
  referenceAssetId?: string;
  takeIds: string[];
  approvedTakeId?: string;
  /** For a chained approved take: the clip whose last frame it started from. */
  chainedFrom?: string;
  /** Generate was asked for, but this chained segment waits for the previous segment's approved take. */
  awaitingChain?: boolean;
  /** The prompt, duration, size, reference or continuity changed after a take was approved. */
  edited?: boolean;
  /** Why the approved take no longer fits (shown, never silently kept). */
  stale?: string;
  /** Text → still → video: no video job is sent until a still is approved. */
  stillFirst?: boolean;
  /** Generated still candidates (asset ids), oldest first. */
  stillIds?: string[];
  /** The approved still: the first frame of every video take. */
  approvedStillId?: string;
  /** Cast members and sets picked for this segment (besides the `@Name` mentions in its prompt). */
  castIds?: string[];
  /** When the model takes fewer references than the segment needs: the member ids whose sheets are sent. */
  castKeep?: string[];
  /** The final prompt as the user edited it (else it is built from the prompt and the cast). */
  finalPrompt?: string;
  /** Too few reference slots: a composite sheet still (the approved still) is the first frame; no sheets are sent. */
  castComposite?: boolean;
  /** Issue 17: the voiced dialogue lines of the caption (`NAME: line`), with their takes. */
  lines?: DialogueLineRecord[];
  /** Whose speech is heard: the video model's own audio, our voiced lines, or both (default both). */
  speech?: SpeechSource;
  /** Reference mode beyond a first frame, where the episode's model allows it (else the first frame only). */
  refMode?: 'first-last' | 'multi' | 'extend';
  /** Extend mode: the take (video id) whose clip the next take continues. */
  extendTakeId?: string;
  /** First + last frame mode: the last frame (the first is `referenceAssetId`, the chained frame or the still). */
  lastFrameAssetId?: string;
  /** Several references mode: the images sent, in order (instead of the cast's sheets). */
  referenceAssetIds?: string[];
  created: number;
  updated: number;
}

export const SPEECH_SOURCES = ['model', 'voices', 'both'] as const;
export type SpeechSource = (typeof SPEECH_SOURCES)[number];

/** One spoken line of a segment and its voiced takes (audio assets), kept like video takes. */
export interface DialogueLineRecord {
  /** Position among the segment's dialogue lines, 0-based. */
  index: number;
  speaker: string;
  text: string;
  /** Audio asset ids, oldest first. */
  takes: string[];
  approved?: string;
  /** Seconds from the segment's start where the line begins. */
  offset: number;
}

// ——— speech (dialogue voices) ———

/** Audio formats a speech endpoint may return. `pcm` is headerless and not playable in a browser. */
export const SPEECH_FORMATS = ['wav', 'mp3', 'opus', 'aac', 'flac', 'pcm'] as const;
export type SpeechFormat = (typeof SPEECH_FORMATS)[number];

/** One voice a speech model offers. */
export interface SpeechVoice {
  /** What is sent (`alloy`, `af_heart`, `Rachel`). */
  id: string;
  label: string;
  note?: string;
}

/** A speech model, described by data (config/voices/*.json), like `ModelSpec` for video. */
export interface SpeechModelSpec {
  provider: ProviderKind;
  id: string;
  label: string;
  /** Queue endpoint id for fal (`fal-ai/kokoro/american-english`). */
  endpoint?: string;
  voices: SpeechVoice[];
  /** Voice ids outside `voices` are accepted (custom voices, gateways, any id for the local voice). */
  customVoices: boolean;
  defaultVoice: string;
  /** Legal speed range; `null` when the model takes no speed (always 1). */
  speed: { min: number; max: number; default: number } | null;
  /** Longest input, in characters. */
  maxChars: number;
  /** Formats Reelwright may ask for; the first is the default. */
  formats: SpeechFormat[];
  /** Takes delivery instructions (`gpt-4o-mini-tts`). */
  instructions: boolean;
  /** USD per million input characters, or per minute of audio (estimated from the text). */
  price: { perMillionChars?: number; perMinute?: number };
  /** Request field names for queue APIs (fal): text, voice, speed. */
  fields?: { text: string; voice: string; speed?: string };
  /** Extra fixed inputs sent with every request. */
  defaults?: Record<string, unknown>;
  /** False when a fact of the entry could not be checked against the provider's own documentation. */
  verified: boolean;
  note: string;
}

/** A line to voice, as the user asked for it. Validated against the speech catalog before anything is sent. */
export interface SpeechRequest {
  connectionId: string;
  model: string;
  /** The words to speak. */
  input: string;
  voice: string;
  /** 1 when omitted. */
  speed?: number;
  /** The model's first format when omitted. */
  format?: SpeechFormat;
  /** Delivery note for models that take one ("whispering"). */
  instructions?: string;
}
