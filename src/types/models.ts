/** The model catalog's records: what a model accepts and returns. */
import type { Size } from './assets.ts';
import type { ProviderKind } from './connections.ts';

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
