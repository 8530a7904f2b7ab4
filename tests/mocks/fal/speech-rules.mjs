/**
 * The fal.ai mock's text-to-speech endpoints: their input rules (fal model pages / llms.txt and the fal
 * client types, see config/voices/fal.json notes), a pydantic-v2-style validator, and a drift check against
 * config/voices/fal.json. Output audio is made by ../openai/tone.mjs (a tone per voice, length per text).
 *
 * @module
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkBooleans, checkLiteral, checkRanges, checkText, notDictionary } from './pydantic.mjs';

/** @typedef {import('./rules.mjs').DetailItem} DetailItem */

/**
 * @typedef {object} SpeechRule
 * @property {string} text the text field
 * @property {string} voice the voice field
 * @property {readonly string[] | null} voices legal voice ids, or null for any string (ElevenLabs voice ids)
 * @property {Record<string, [number, number]>} floats number fields -> [min, max]
 * @property {number | null} maxChars longest text (mock choice where fal names none: null = no limit)
 * @property {string[]} [booleans]
 */

export const KOKORO_AMERICAN_VOICES = /** @type {const} */ ([
  'af_heart',
  'af_alloy',
  'af_aoede',
  'af_bella',
  'af_jessica',
  'af_kore',
  'af_nicole',
  'af_nova',
  'af_river',
  'af_sarah',
  'af_sky',
  'am_adam',
  'am_echo',
  'am_eric',
  'am_fenrir',
  'am_liam',
  'am_michael',
  'am_onyx',
  'am_puck',
  'am_santa',
]);

/** Every TTS endpoint the mock serves, keyed by endpoint id. */
export const SPEECH_RULES = /** @type {Record<string, SpeechRule>} */ ({
  'fal-ai/kokoro/american-english': {
    text: 'prompt',
    voice: 'voice',
    voices: KOKORO_AMERICAN_VOICES,
    floats: { speed: [0.1, 5] },
    maxChars: null,
  },
  'fal-ai/elevenlabs/tts/multilingual-v2': {
    text: 'text',
    voice: 'voice',
    voices: null,
    floats: { speed: [0.7, 1.2], stability: [0, 1], similarity_boost: [0, 1], style: [0, 1] },
    maxChars: 10_000,
    booleans: ['timestamps'],
  },
  'fal-ai/elevenlabs/tts/eleven-v3': {
    text: 'text',
    voice: 'voice',
    voices: null,
    floats: { stability: [0, 1] },
    maxChars: 5000,
    booleans: ['timestamps'],
  },
});

/**
 * Validate a TTS input like the live API (pydantic v2 messages). Unknown fields are ignored, as pydantic does.
 * @param {string} endpointId @param {unknown} body @returns {DetailItem[]}
 */
export function validateSpeechInput(endpointId, body) {
  const rule = SPEECH_RULES[endpointId];
  /** @type {DetailItem[]} */
  const errors = [];
  if (!rule) return errors;
  const wrongShape = notDictionary(body);
  if (wrongShape) return wrongShape;
  const input = /** @type {Record<string, unknown>} */ (body);
  const text = input[rule.text];
  if (text === undefined || text === null) {
    errors.push({ loc: ['body', rule.text], msg: 'Field required', type: 'missing', input });
  } else {
    checkText(errors, rule.text, text, rule.maxChars);
  }
  const voice = input[rule.voice];
  if (voice !== undefined) {
    if (typeof voice !== 'string') {
      errors.push({
        loc: ['body', rule.voice],
        msg: 'Input should be a valid string',
        type: 'string_type',
        input: voice,
      });
    } else if (rule.voices) {
      checkLiteral(errors, rule.voice, voice, rule.voices);
    }
  }
  checkRanges(errors, input, rule.floats, 'float');
  checkBooleans(errors, input, rule.booleans ?? []);
  return errors;
}

/** The line a valid input asks for: text, voice (the endpoint's default when omitted) and speed. */
export function speechLineOf(/** @type {string} */ endpointId, /** @type {Record<string, unknown>} */ input) {
  const rule = SPEECH_RULES[endpointId];
  const fallback = rule.voices ? rule.voices[0] : 'Rachel';
  return {
    input: String(input[rule.text] ?? ''),
    voice: typeof input[rule.voice] === 'string' ? /** @type {string} */ (input[rule.voice]) : fallback,
    speed: typeof input.speed === 'number' && 'speed' in rule.floats ? input.speed : 1,
  };
}

const SPEECH_CATALOG_URL = new URL('../../../config/voices/fal.json', import.meta.url);

/** @returns {import('../../../src/types.ts').SpeechModelSpec[]} the fal voice catalog, read from disk. */
export function loadSpeechCatalog(path = fileURLToPath(SPEECH_CATALOG_URL)) {
  return JSON.parse(readFileSync(path, 'utf8')).models;
}

/**
 * Everything the app may send for a catalog entry must be legal here.
 * @param {import('../../../src/types.ts').SpeechModelSpec[]} catalog
 * @returns {string[]} problems (empty when catalog and mock agree)
 */
export function checkSpeechCatalog(catalog) {
  /** @type {string[]} */
  const problems = [];
  for (const model of catalog) {
    const rule = model.endpoint ? SPEECH_RULES[model.endpoint] : undefined;
    if (!rule) {
      problems.push(`${model.id}: endpoint ${model.endpoint} is unknown to the mock`);
      continue;
    }
    if (model.fields?.text !== rule.text)
      problems.push(`${model.id}: text field ${model.fields?.text} is not ${rule.text}`);
    if (model.fields?.voice !== rule.voice) {
      problems.push(`${model.id}: voice field ${model.fields?.voice} is not ${rule.voice}`);
    }
    if (rule.voices) {
      for (const voice of model.voices) {
        if (!rule.voices.includes(voice.id))
          problems.push(`${model.id}: ${model.endpoint} has no voice ${voice.id}`);
      }
      if (model.customVoices) problems.push(`${model.id}: ${model.endpoint} takes only its listed voices`);
    }
    if (rule.maxChars !== null && model.maxChars > rule.maxChars) {
      problems.push(`${model.id}: ${model.endpoint} takes at most ${rule.maxChars} characters`);
    }
    if (model.speed) {
      const field = model.fields?.speed;
      const range = field ? rule.floats[field] : undefined;
      if (!range) problems.push(`${model.id}: ${model.endpoint} has no speed field ${field}`);
      else if (model.speed.min < range[0] || model.speed.max > range[1]) {
        problems.push(`${model.id}: ${model.endpoint} takes speed ${range[0]}-${range[1]}`);
      }
    }
  }
  return problems;
}
