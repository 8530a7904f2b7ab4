// POST /audio/speech: validated like the real endpoint (openai-node src/resources/audio/speech.ts, the
// generated contract), answered with measurable audio (tone.mjs): a steady tone whose frequency names the
// voice, one second per 16 characters divided by `speed`.
import {
  AzureError,
  AZURE_DEPLOYMENT_NOT_FOUND_MESSAGE,
  errors,
  HttpError,
  jsonTypeName,
} from './errors.mjs';
import { speechAudio } from './tone.mjs';

/** @typedef {import('./app.mjs').Ctx} Ctx @typedef {import('./app.mjs').Reply} Reply */

const FIELDS = ['model', 'input', 'voice', 'instructions', 'response_format', 'speed', 'stream_format'];
export const SPEECH_MODELS = [
  'gpt-4o-mini-tts',
  'gpt-4o-mini-tts-2025-12-15',
  'gpt-4o-mini-tts-2025-03-20',
  'tts-1',
  'tts-1-hd',
];
/** Built-in voices (SDK SpeechCreateParams.voice). */
export const SPEECH_VOICES = [
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'fable',
  'onyx',
  'nova',
  'sage',
  'shimmer',
  'verse',
  'marin',
  'cedar',
];
/** tts-1 / tts-1-hd take a smaller set (text-to-speech guide). */
export const TTS1_VOICES = ['alloy', 'ash', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer'];
export const SPEECH_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'];
/** What this mock can encode without ffmpeg. mp3/opus/aac (and an omitted format, which means mp3) are refused. */
export const MOCK_SPEECH_FORMATS = ['wav', 'pcm', 'flac'];
export const MAX_SPEECH_INPUT = 4096;

/** Custom voices the mock knows (as `{"id": "voice_…"}`); any other `voice_…` id is not found. */
const CUSTOM_VOICE = /^voice_[A-Za-z0-9]+$/;

/** @param {string} model */
const isLegacy = (model) => model === 'tts-1' || model === 'tts-1-hd';

/**
 * OpenAI's wording for a number out of range (mock wording modelled on the integer messages).
 * @param {string} param @param {'above' | 'below'} side @param {number} bound @param {number} got
 */
const decimalOutOfRange = (param, side, bound, got) =>
  new HttpError(400, {
    message: `Invalid '${param}': decimal ${side} ${side === 'above' ? 'maximum' : 'minimum'} value. Expected a value ${side === 'above' ? '<=' : '>='} ${bound}, but got ${got} instead.`,
    param,
    code: `decimal_${side}_${side === 'above' ? 'max' : 'min'}_value`,
  });

/** @param {Ctx} ctx @returns {Promise<Reply>} */
export async function createSpeech(ctx) {
  const body = await ctx.body();
  if (body.kind === 'empty') throw errors.missingParameter('model');
  if (body.kind !== 'json') throw errors.unsupportedContentType(String(ctx.req.headers['content-type']));
  const input = /** @type {Record<string, unknown>} */ (body.value);
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw errors.invalidType('body', 'an object', input);
  }
  for (const key of Object.keys(input)) if (!FIELDS.includes(key)) throw errors.unknownParameter(key);
  /** @param {string} k */
  const given = (k) => input[k] !== undefined && input[k] !== null;

  // ---- model ----
  if (!given('model')) throw errors.missingParameter('model');
  if (typeof input.model !== 'string') throw errors.invalidType('model', 'a string', input.model);
  let model = input.model;
  if (ctx.config.azure) {
    const deployed = ctx.config.azureDeployments[model];
    if (!deployed) throw new AzureError(404, 'DeploymentNotFound', AZURE_DEPLOYMENT_NOT_FOUND_MESSAGE);
    model = deployed;
  }
  if (!SPEECH_MODELS.includes(model)) {
    throw new HttpError(404, {
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      param: 'model',
      code: 'model_not_found',
    });
  }
  ctx.summary.model = input.model;

  // ---- input ----
  if (!given('input')) throw errors.missingParameter('input');
  if (typeof input.input !== 'string') throw errors.invalidType('input', 'a string', input.input);
  if (input.input.length === 0) throw errors.stringTooShort('input');
  if (input.input.length > MAX_SPEECH_INPUT) {
    throw errors.stringTooLong('input', MAX_SPEECH_INPUT, input.input.length);
  }

  // ---- voice: a built-in name or {id} ----
  if (!given('voice')) throw errors.missingParameter('voice');
  let voice;
  if (typeof input.voice === 'string') {
    voice = input.voice;
    const voices = isLegacy(model) ? TTS1_VOICES : SPEECH_VOICES;
    if (!voices.includes(voice)) throw errors.invalidValue('voice', voice, voices);
  } else if (typeof input.voice === 'object' && !Array.isArray(input.voice)) {
    const custom = /** @type {Record<string, unknown>} */ (input.voice);
    if (typeof custom.id !== 'string') throw errors.invalidType('voice.id', 'a string', custom.id);
    if (isLegacy(model) || !CUSTOM_VOICE.test(custom.id)) {
      // mock wording
      throw new HttpError(400, {
        message: `Invalid value for 'voice': custom voice '${custom.id}' was not found for model '${model}'.`,
        param: 'voice',
        code: 'invalid_value',
      });
    }
    voice = custom.id;
  } else {
    throw new HttpError(400, {
      message: `Invalid type for 'voice': expected a string or an object, but got ${jsonTypeName(input.voice)} instead.`,
      param: 'voice',
      code: 'invalid_type',
    });
  }
  ctx.summary.voice = voice;

  // ---- instructions ----
  if (given('instructions')) {
    if (typeof input.instructions !== 'string') {
      throw errors.invalidType('instructions', 'a string', input.instructions);
    }
    if (isLegacy(model)) {
      // The contract says instructions "do not work with tts-1 or tts-1-hd"; the mock refuses them (mock wording).
      throw new HttpError(400, {
        message: `Invalid 'instructions': not supported with model '${model}'.`,
        param: 'instructions',
        code: 'unsupported_parameter',
      });
    }
  }

  // ---- speed ----
  let speed = 1;
  if (given('speed')) {
    if (typeof input.speed !== 'number' || !Number.isFinite(input.speed)) {
      throw errors.invalidType('speed', 'a number', input.speed);
    }
    if (input.speed > 4) throw decimalOutOfRange('speed', 'above', 4, input.speed);
    if (input.speed < 0.25) throw decimalOutOfRange('speed', 'below', 0.25, input.speed);
    speed = input.speed;
  }

  // ---- formats ----
  if (given('stream_format')) {
    if (input.stream_format !== 'audio' && input.stream_format !== 'sse') {
      throw errors.invalidValue('stream_format', String(input.stream_format), ['sse', 'audio']);
    }
    if (input.stream_format === 'sse') {
      throw isLegacy(model)
        ? new HttpError(400, {
            message: `Invalid value: 'sse'. 'sse' is not supported for model '${model}'.`,
            param: 'stream_format',
            code: 'invalid_value',
          })
        : mockLimitation('stream_format', 'sse', ['audio']);
    }
  }
  const format = given('response_format') ? input.response_format : 'mp3';
  if (typeof format !== 'string') throw errors.invalidType('response_format', 'a string', format);
  if (!SPEECH_FORMATS.includes(format)) throw errors.invalidValue('response_format', format, SPEECH_FORMATS);
  if (!MOCK_SPEECH_FORMATS.includes(format)) {
    throw mockLimitation('response_format', format, MOCK_SPEECH_FORMATS);
  }

  const sentinel = ctx.faults.take(['sentinel_block'], 'speech');
  if (sentinel) {
    ctx.noteFault('sentinel_block');
    throw errors.sentinelBlock(sentinel.message);
  }

  const audio = speechAudio({
    voice,
    input: input.input,
    speed,
    format: /** @type {'wav' | 'pcm' | 'flac'} */ (format),
  });
  ctx.counters.speechAccepted++;
  ctx.counters.speechCharacters += input.input.length;
  const line = {
    model: input.model,
    voice,
    input: input.input,
    speed,
    format,
    instructions: typeof input.instructions === 'string' ? input.instructions : null,
    frequency: audio.frequency,
    seconds: audio.seconds,
  };
  ctx.noteSpeech(line);
  Object.assign(ctx.summary, { format, toneHz: audio.frequency, seconds: audio.seconds });

  const drop = ctx.faults.take(['drop_after_accept'], 'speech');
  if (drop) {
    ctx.noteFault('drop_after_accept');
    return { status: 200, raw: audio.bytes, contentType: audio.contentType, drop: true };
  }
  return {
    status: 200,
    raw: audio.bytes,
    contentType: audio.contentType,
    headers: {
      'x-mock-tone-hz': String(audio.frequency),
      'x-mock-duration-ms': String(Math.round(audio.seconds * 1000)),
    },
  };
}

/**
 * A value the real API accepts but this mock cannot make: the API's invalid_value envelope, listing what the
 * mock does support, and `x-mock-limitation` saying which parameter (README: "Speech").
 * @param {string} param @param {string} value @param {string[]} supported
 */
function mockLimitation(param, value, supported) {
  return new HttpError(
    400,
    {
      message: `Invalid value: '${value}'. Supported values are: ${supported.map((s) => `'${s}'`).join(', ')}.`,
      param,
      code: 'invalid_value',
    },
    { 'x-mock-limitation': param },
  );
}
