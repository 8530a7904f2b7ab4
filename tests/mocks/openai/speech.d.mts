// Type declarations for speech.mjs (POST /audio/speech of the OpenAI mock).

/** Models the mock voices. */
export const SPEECH_MODELS: string[];
/** Built-in voices of gpt-4o-mini-tts. */
export const SPEECH_VOICES: string[];
/** The smaller voice set of tts-1 / tts-1-hd. */
export const TTS1_VOICES: string[];
/** Every response_format of the contract. */
export const SPEECH_FORMATS: string[];
/** The formats this mock encodes (others are refused with `x-mock-limitation: response_format`). */
export const MOCK_SPEECH_FORMATS: string[];
/** Longest `input`, in characters. */
export const MAX_SPEECH_INPUT: number;
