// POST /images/generations
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { AzureError, AZURE_DEPLOYMENT_NOT_FOUND_MESSAGE, errors, HttpError } from './errors.mjs';
import { encodePng } from './images.mjs';

const FIELDS = [
  'prompt',
  'model',
  'n',
  'quality',
  'response_format',
  'output_format',
  'output_compression',
  'stream',
  'partial_images',
  'size',
  'moderation',
  'background',
  'style',
  'user',
];
export const IMAGE_MODELS = [
  'gpt-image-1.5',
  'gpt-image-2',
  'gpt-image-2-2026-04-21',
  'dall-e-2',
  'dall-e-3',
  'gpt-image-1',
  'gpt-image-1-mini',
];
const GPT_STANDARD_SIZES = ['1024x1024', '1024x1536', '1536x1024', 'auto'];
const DALLE2_SIZES = ['256x256', '512x512', '1024x1024'];
const DALLE3_SIZES = ['1024x1024', '1792x1024', '1024x1792'];
/** Parameters that only exist for the GPT image models: using one switches the default model. */
const GPT_ONLY = [
  'output_format',
  'output_compression',
  'background',
  'moderation',
  'partial_images',
  'stream',
];
/** Model used when `model` is omitted but a GPT-only parameter is present (mock choice). */
export const GPT_FALLBACK_MODEL = 'gpt-image-1';
/** The spec's documented default model. */
export const DEFAULT_IMAGE_MODEL = 'dall-e-2';

/** @typedef {import('./app.mjs').Ctx} Ctx @typedef {import('./app.mjs').Reply} Reply */

/** @param {string} model */
const isGpt = (model) => model.startsWith('gpt-image-');

/**
 * gpt-image-2: any WIDTHxHEIGHT with both sides divisible by 16, aspect ratio within 1:3..3:1, longest edge
 * <= 3840, at most 3840x2160 pixels, each side >= 256 (the lower bound is a mock choice).
 * @param {string} size
 */
function gptImage2Size(size) {
  if (size === 'auto') return { width: 1024, height: 1024 };
  const m = /^(\d+)x(\d+)$/.exec(size);
  if (!m) throw errors.invalidValue('size', size, ['auto', 'WIDTHxHEIGHT (e.g. 1536x864)']);
  const width = Number(m[1]);
  const height = Number(m[2]);
  /** @param {string} why */
  const bad = (why) =>
    new HttpError(400, { message: `Invalid value: '${size}'. ${why}`, param: 'size', code: 'invalid_value' });
  if (width % 16 || height % 16) throw bad('Width and height must both be divisible by 16.');
  if (Math.max(width, height) / Math.min(width, height) > 3)
    throw bad('The aspect ratio must be between 1:3 and 3:1.');
  if (Math.min(width, height) < 256) throw bad('Width and height must both be at least 256 pixels.');
  if (Math.max(width, height) > 3840 || width * height > 3840 * 2160) {
    throw bad('The maximum supported resolution is 3840x2160.');
  }
  return { width, height };
}

/** @type {Map<string, Buffer>} */
const pngCache = new Map();
/** @param {number} w @param {number} h */
function pngOf(w, h) {
  const key = `${w}x${h}`;
  let png = pngCache.get(key);
  if (!png) {
    png = encodePng(w, h);
    if (pngCache.size > 16) pngCache.clear();
    pngCache.set(key, png);
  }
  return png;
}

/**
 * Converts PNG bytes to JPEG/WebP with ffmpeg (only used when output_format asks for it).
 * @param {Buffer} png @param {'jpeg' | 'webp'} format @param {number} compression
 */
function transcode(png, format, compression) {
  const codec =
    format === 'jpeg'
      ? ['-c:v', 'mjpeg', '-q:v', String(Math.max(2, Math.round(31 - compression * 0.29)))]
      : ['-c:v', 'libwebp', '-quality', String(compression)];
  const r = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'png_pipe',
      '-i',
      '-',
      '-frames:v',
      '1',
      ...codec,
      '-f',
      'image2pipe',
      '-',
    ],
    { input: png, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0 || !r.stdout?.length) {
    throw new HttpError(500, {
      message: `Mock limitation: output_format '${format}' needs ffmpeg on PATH (${r.error?.message ?? r.stderr?.toString().trim()}).`,
      type: 'server_error',
    });
  }
  return r.stdout;
}

/** @param {Ctx} ctx @returns {Promise<Reply>} */
export async function generateImages(ctx) {
  const body = await ctx.body();
  if (body.kind !== 'json') {
    if (body.kind === 'empty') throw errors.missingParameter('prompt');
    throw errors.unsupportedContentType(String(ctx.req.headers['content-type']));
  }
  const input = /** @type {Record<string, unknown>} */ (body.value);
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw errors.invalidType('body', 'an object', input);
  for (const key of Object.keys(input)) if (!FIELDS.includes(key)) throw errors.unknownParameter(key);
  /** @param {string} k */
  const given = (k) => input[k] !== undefined && input[k] !== null;

  // ---- model (counted when missing: the app must always send it) ----
  let model;
  let shownModel;
  if (!given('model')) {
    ctx.counters.missingModelImageRequests++;
    const gptOnly = GPT_ONLY.some((k) => given(k) && !(k === 'stream' && input.stream === false));
    const gptQuality = ['low', 'medium', 'high'].includes(/** @type {string} */ (input.quality));
    model = gptOnly || gptQuality ? GPT_FALLBACK_MODEL : DEFAULT_IMAGE_MODEL;
    shownModel = model;
    ctx.summary.modelFallback = true;
  } else if (typeof input.model !== 'string') {
    throw errors.invalidType('model', 'a string', input.model);
  } else if (ctx.config.azure) {
    model = ctx.config.azureDeployments[input.model];
    if (!model) throw new AzureError(404, 'DeploymentNotFound', AZURE_DEPLOYMENT_NOT_FOUND_MESSAGE);
    shownModel = input.model;
  } else {
    if (!IMAGE_MODELS.includes(input.model)) throw errors.invalidValue('model', input.model, IMAGE_MODELS);
    model = input.model;
    shownModel = model;
  }
  ctx.summary.model = shownModel;

  // ---- prompt ----
  if (!given('prompt')) throw errors.missingParameter('prompt');
  if (typeof input.prompt !== 'string') throw errors.invalidType('prompt', 'a string', input.prompt);
  if (input.prompt.length === 0) throw errors.stringTooShort('prompt');
  const maxPrompt = model === 'dall-e-2' ? 1000 : model === 'dall-e-3' ? 4000 : 32000;
  if (input.prompt.length > maxPrompt) throw errors.stringTooLong('prompt', maxPrompt, input.prompt.length);

  // ---- n ----
  let n = 1;
  if (given('n')) {
    if (typeof input.n !== 'number' || !Number.isInteger(input.n))
      throw errors.invalidType('n', 'an integer', input.n);
    if (input.n > 10) throw errors.integerTooLarge('n', 10, input.n);
    if (input.n < 1) throw errors.integerTooSmall('n', 1, input.n);
    if (model === 'dall-e-3' && input.n !== 1) {
      throw new HttpError(400, {
        message: "Invalid 'n': dall-e-3 only supports n=1.",
        param: 'n',
        code: 'invalid_value',
      });
    }
    n = input.n;
  }

  // ---- size ----
  const size = given('size')
    ? input.size
    : model === 'dall-e-2' || model === 'dall-e-3'
      ? '1024x1024'
      : 'auto';
  if (typeof size !== 'string') throw errors.invalidType('size', 'a string', size);
  let width;
  let height;
  if (model.startsWith('gpt-image-2')) {
    ({ width, height } = gptImage2Size(size));
  } else {
    const allowed =
      model === 'dall-e-2' ? DALLE2_SIZES : model === 'dall-e-3' ? DALLE3_SIZES : GPT_STANDARD_SIZES;
    if (!allowed.includes(size)) throw errors.invalidValue('size', size, allowed);
    [width, height] = (size === 'auto' ? '1024x1024' : size).split('x').map(Number);
  }

  // ---- per-family parameters ----
  if (isGpt(model) && given('response_format')) throw errors.unknownParameter('response_format');
  if (isGpt(model) && ['standard', 'hd'].includes(/** @type {string} */ (input.quality))) {
    throw errors.invalidValue('quality', /** @type {string} */ (input.quality), [
      'low',
      'medium',
      'high',
      'auto',
    ]);
  }
  if (
    !isGpt(model) &&
    given('quality') &&
    !['standard', 'hd', 'auto'].includes(/** @type {string} */ (input.quality))
  ) {
    throw errors.invalidValue('quality', /** @type {string} */ (input.quality), ['standard', 'hd', 'auto']);
  }
  ctx.checkRequest('CreateImageRequest', input);

  const created = Math.floor(ctx.clock.now() / 1000);
  const png = pngOf(width, height);

  if (!isGpt(model)) {
    const format = input.response_format ?? 'url';
    const data = Array.from({ length: n }, () => {
      /** @type {Record<string, string>} */
      const item = {};
      if (format === 'b64_json') item.b64_json = png.toString('base64');
      else item.url = ctx.storeFile(`img-${randomBytes(8).toString('hex')}.png`, png, 'image/png');
      if (model === 'dall-e-3') item.revised_prompt = /** @type {string} */ (input.prompt);
      return item;
    });
    return {
      status: 200,
      body: { created, data, model: shownModel },
      schema: 'ImagesResponse',
      headers: { 'x-mock-image-model': model },
    };
  }

  const outputFormat = /** @type {'png' | 'jpeg' | 'webp'} */ (input.output_format ?? 'png');
  const bytes =
    outputFormat === 'png'
      ? png
      : transcode(png, outputFormat, /** @type {number} */ (input.output_compression ?? 100));
  const b64 = bytes.toString('base64');
  const quality = input.quality && input.quality !== 'auto' ? /** @type {string} */ (input.quality) : 'high';
  const background = input.background === 'transparent' ? 'transparent' : 'opaque';
  const promptTokens = Math.max(1, Math.ceil(/** @type {string} */ (input.prompt).length / 4));
  const imageTokens = Math.ceil((width * height) / 1024) * n;
  const usage = {
    input_tokens: promptTokens,
    output_tokens: imageTokens,
    total_tokens: promptTokens + imageTokens,
    input_tokens_details: { text_tokens: promptTokens, image_tokens: 0 },
    output_tokens_details: { image_tokens: imageTokens, text_tokens: 0 },
  };
  // The response `size` enum only knows the three standard sizes: omit it for other (gpt-image-2) sizes.
  const sizeStr = `${width}x${height}`;
  const sizeField = ['1024x1024', '1024x1536', '1536x1024'].includes(sizeStr) ? { size: sizeStr } : {};

  if (input.stream === true) {
    const partials = /** @type {number} */ (input.partial_images ?? 0);
    const common = {
      b64_json: b64,
      created_at: created,
      size: GPT_STANDARD_SIZES.includes(size) ? size : 'auto',
      quality,
      background,
      output_format: outputFormat,
    };
    const events = [];
    for (let i = 0; i < partials; i++) {
      events.push({
        event: 'image_generation.partial_image',
        data: { type: 'image_generation.partial_image', ...common, partial_image_index: i },
        schema: 'ImageGenPartialImageEvent',
      });
    }
    const { output_tokens_details: _omit, ...streamUsage } = usage;
    events.push({
      event: 'image_generation.completed',
      data: { type: 'image_generation.completed', ...common, usage: streamUsage },
      schema: 'ImageGenCompletedEvent',
    });
    return { status: 200, sse: events, headers: { 'x-mock-image-model': model } };
  }

  return {
    status: 200,
    body: {
      created,
      data: Array.from({ length: n }, () => ({ b64_json: b64 })),
      background,
      output_format: outputFormat,
      ...sizeField,
      quality,
      usage,
      model: shownModel,
    },
    schema: 'ImagesResponse',
    headers: { 'x-mock-image-model': model },
  };
}
