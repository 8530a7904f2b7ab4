/** Speech (dialogue voices): speech models and requests. */
import type { ProviderKind } from './connections.ts';

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
