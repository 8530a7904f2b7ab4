/** Types of speech-rules.mjs for TypeScript tests. */
import type { SpeechModelSpec } from '../../../src/types.ts';
import type { DetailItem } from './rules.mjs';

export interface SpeechRule {
  text: string;
  voice: string;
  voices: readonly string[] | null;
  floats: Record<string, [number, number]>;
  maxChars: number | null;
  booleans?: string[];
}

export declare const KOKORO_AMERICAN_VOICES: readonly string[];
export declare const SPEECH_RULES: Record<string, SpeechRule>;
export declare function validateSpeechInput(endpointId: string, body: unknown): DetailItem[];
export declare function speechLineOf(
  endpointId: string,
  input: Record<string, unknown>,
): { input: string; voice: string; speed: number };
export declare function loadSpeechCatalog(path?: string): SpeechModelSpec[];
export declare function checkSpeechCatalog(catalog: SpeechModelSpec[]): string[];
