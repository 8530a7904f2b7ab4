// /videos routes: create, list, retrieve, delete, content, remix.
import { AzureError, AZURE_DEPLOYMENT_NOT_FOUND_MESSAGE, errors, HttpError } from './errors.mjs';
import { readImageInfo } from './images.mjs';
import { bytesMatchType, mediaFor, VIDEO_SIZES } from './content.mjs';

export const VIDEO_SECONDS = /** @type {const} */ (['4', '8', '12']);
export const STANDARD_SIZES = /** @type {const} */ (['720x1280', '1280x720']);
const CREATE_FIELDS = ['model', 'prompt', 'input_reference', 'seconds', 'size'];
const REFERENCE_MIME = ['image/jpeg', 'image/png', 'image/webp'];
const CONTENT_VARIANTS = ['video', 'thumbnail', 'spritesheet'];
const MODERATION_MESSAGE = 'Your request was blocked by our moderation system.';

/**
 * @typedef {import('./app.mjs').Ctx} Ctx
 * @typedef {import('./app.mjs').Reply} Reply
 * @typedef {import('./body.mjs').ParsedBody} ParsedBody
 */

/**
 * Flattens a parsed body into a plain object. Multipart text parts stay strings, file parts stay Files,
 * and Stainless-style nested fields (`input_reference[image_url]`) become objects.
 * @param {ParsedBody} body
 * @returns {{ input: Record<string, unknown>, multipart: boolean }}
 */
function bodyObject(body) {
  if (body.kind === 'empty') return { input: {}, multipart: false };
  if (body.kind === 'json') {
    const v = body.value;
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      throw errors.invalidType('body', 'an object', v);
    }
    return { input: /** @type {Record<string, unknown>} */ (v), multipart: false };
  }
  /** @type {Record<string, unknown>} */
  const input = {};
  for (const [name, values] of body.fields) {
    const nested = /^([a-z_]+)\[([a-z_]+)\]$/.exec(name);
    if (nested) {
      const parent = /** @type {Record<string, unknown>} */ (
        input[nested[1]] && typeof input[nested[1]] === 'object' ? input[nested[1]] : {}
      );
      parent[nested[2]] = values[0];
      input[nested[1]] = parent;
    } else {
      input[name] = values[0];
    }
  }
  return { input, multipart: true };
}

/** @param {Record<string, unknown>} input @param {readonly string[]} allowed */
function rejectUnknown(input, allowed) {
  for (const key of Object.keys(input)) if (!allowed.includes(key)) throw errors.unknownParameter(key);
}

/** @param {Record<string, unknown>} input */
function checkPrompt(input) {
  const prompt = input.prompt;
  if (prompt === undefined || prompt === null) throw errors.missingParameter('prompt');
  if (typeof prompt !== 'string') throw errors.invalidType('prompt', 'a string', prompt);
  if (prompt.length === 0) throw errors.stringTooShort('prompt');
  if (prompt.length > 32000) throw errors.stringTooLong('prompt', 32000, prompt.length);
  return prompt;
}

/** Resolves `model` for a video request (Azure: a deployment name). @param {Ctx} ctx @param {unknown} model */
function resolveVideoModel(ctx, model) {
  if (model !== undefined && typeof model !== 'string') throw errors.invalidType('model', 'a string', model);
  if (ctx.config.azure) {
    if (model === undefined) throw errors.missingParameter('model');
    const underlying = ctx.config.azureDeployments[model];
    if (!underlying) throw new AzureError(404, 'DeploymentNotFound', AZURE_DEPLOYMENT_NOT_FOUND_MESSAGE);
    return { shown: model, underlying };
  }
  const m = model ?? 'sora-2';
  return { shown: m, underlying: m };
}

/**
 * Validates a create request and returns the normalised fields (real OpenAI messages, see errors.mjs).
 * @param {Ctx} ctx @param {ParsedBody} body
 */
async function validateCreate(ctx, body) {
  const { input, multipart } = bodyObject(body);
  rejectUnknown(input, CREATE_FIELDS);
  const prompt = checkPrompt(input);
  const { shown: model, underlying } = resolveVideoModel(ctx, input.model);

  let seconds = '4';
  if (input.seconds !== undefined) {
    if (typeof input.seconds !== 'string') {
      throw errors.invalidType('seconds', "one of '4', '8', or '12'", input.seconds);
    }
    if (!VIDEO_SECONDS.includes(/** @type {any} */ (input.seconds))) {
      throw errors.invalidValue('seconds', input.seconds, VIDEO_SECONDS);
    }
    seconds = input.seconds;
  }

  let size = '720x1280';
  if (input.size !== undefined) {
    if (typeof input.size !== 'string') throw errors.invalidType('size', 'a string', input.size);
    if (!VIDEO_SIZES.includes(/** @type {any} */ (input.size))) {
      throw errors.invalidValue('size', input.size, VIDEO_SIZES);
    }
    size = input.size;
  }

  const ref = input.input_reference;
  if (ref !== undefined) {
    if (typeof ref === 'string') throw errors.invalidType('input_reference', 'a file', ref);
    if (!(ref instanceof File) && (typeof ref !== 'object' || ref === null || Array.isArray(ref))) {
      throw errors.invalidType('input_reference', 'a file', ref);
    }
  }

  // Model / platform specific sizes (checked after the schema-level checks, like the real API).
  const isPro = underlying.startsWith('sora-2-pro');
  const isSora2 = underlying.startsWith('sora-2') && !isPro;
  if (ctx.config.azure && !STANDARD_SIZES.includes(/** @type {any} */ (size))) {
    throw errors.invalidValue('size', size, STANDARD_SIZES);
  }
  if (isSora2 && !STANDARD_SIZES.includes(/** @type {any} */ (size))) {
    throw errors.invalidValue('size', size, STANDARD_SIZES, ` for model '${underlying}'`);
  }

  // Reference image: declared type, decodable, same pixel size as `size`.
  /** @type {unknown} */
  let schemaRef;
  if (ref instanceof File) {
    schemaRef = '<binary>';
    if (!REFERENCE_MIME.includes(ref.type)) {
      throw errors.unsupportedMimetype('input_reference', ref.type || 'application/octet-stream');
    }
    await checkReferenceBytes(new Uint8Array(await ref.arrayBuffer()), size);
  } else if (ref && typeof ref === 'object') {
    schemaRef = ref;
    await checkImageRefParam(/** @type {Record<string, unknown>} */ (ref), size);
  }

  // Backstop: the request as the spec sees it must validate against the operation's schema.
  const schemaName = ctx.spec.requestSchemaName(
    '/videos',
    'post',
    multipart ? 'multipart/form-data' : 'application/json',
  );
  const candidate = { ...input, ...(ref !== undefined ? { input_reference: schemaRef } : {}) };
  ctx.checkRequest(/** @type {string} */ (schemaName), candidate);

  return { prompt, model, underlying, seconds, size, hasReference: ref !== undefined };
}

/** @param {Uint8Array} bytes @param {string} size */
async function checkReferenceBytes(bytes, size) {
  const info = readImageInfo(bytes);
  if (!info) throw errors.unreadableImage('input_reference');
  if (`${info.width}x${info.height}` !== size) throw errors.inpaintMismatch();
}

/** ImageRefParam: exactly one of image_url / file_id. @param {Record<string, unknown>} ref @param {string} size */
async function checkImageRefParam(ref, size) {
  for (const key of Object.keys(ref)) {
    if (key !== 'image_url' && key !== 'file_id') throw errors.unknownParameter(`input_reference.${key}`);
  }
  const hasUrl = ref.image_url !== undefined;
  const hasFile = ref.file_id !== undefined;
  if (hasUrl === hasFile) {
    throw new HttpError(400, {
      message: "Invalid 'input_reference': provide exactly one of 'image_url' or 'file_id'.",
      param: 'input_reference',
      code: 'invalid_value',
    });
  }
  if (hasFile) {
    if (typeof ref.file_id !== 'string')
      throw errors.invalidType('input_reference.file_id', 'a string', ref.file_id);
    // The mock has no Files API: every file id is unknown (mock wording).
    throw new HttpError(404, {
      message: `No such File object: ${ref.file_id}`,
      param: 'input_reference.file_id',
      code: null,
    });
  }
  const url = ref.image_url;
  if (typeof url !== 'string') throw errors.invalidType('input_reference.image_url', 'a string', url);
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) {
    if (!REFERENCE_MIME.includes(data[1])) throw errors.unsupportedMimetype('input_reference', data[1]);
    await checkReferenceBytes(Buffer.from(data[2], 'base64'), size);
    return;
  }
  if (!/^https?:\/\//.test(url)) {
    throw new HttpError(400, {
      message:
        "Invalid 'input_reference.image_url': Expected a valid URL, but got a value that is not a URL.",
      param: 'input_reference.image_url',
      code: 'invalid_value',
    });
  }
  // A remote URL cannot be fetched by the mock: accepted without a size check.
}

/** Request-time guardrail and in-band moderation faults, shared by create and remix. @param {Ctx} ctx */
function applyJobFaults(ctx) {
  const sentinel = ctx.faults.take(['sentinel_block'], ctx.route);
  if (sentinel) {
    ctx.noteFault(sentinel.type);
    throw errors.sentinelBlock(sentinel.message);
  }
  const moderation = ctx.faults.take(['moderation'], ctx.route);
  if (moderation) ctx.noteFault(moderation.type);
  return moderation
    ? { code: 'moderation_blocked', message: moderation.message ?? MODERATION_MESSAGE }
    : null;
}

/** @param {Ctx} ctx @param {import('./jobs.mjs').Job} job @returns {Reply} */
function acceptedJob(ctx, job) {
  const drop = ctx.faults.take(['drop_after_accept'], ctx.route);
  if (drop) ctx.noteFault(drop.type);
  return {
    status: 200,
    body: ctx.store.view(job, { forceQueued: true }),
    schema: 'VideoResource',
    headers: { 'openai-poll-after-ms': String(ctx.config.pollAfterMs) },
    drop: !!drop,
  };
}

/** POST /videos @param {Ctx} ctx @returns {Promise<Reply>} */
export async function createVideo(ctx) {
  const body = await ctx.body();
  const v = await validateCreate(ctx, body);
  const failWith = applyJobFaults(ctx);
  const job = ctx.store.create({
    model: v.model,
    prompt: v.prompt,
    size: v.size,
    seconds: v.seconds,
    remixed_from_video_id: null,
    durationMs: ctx.config.jobDurationMs,
    failWith,
  });
  ctx.counters.createsAccepted++;
  ctx.summary.model = v.model;
  ctx.summary.videoId = job.id;
  return acceptedJob(ctx, job);
}

/** POST /videos/{id}/remix @param {Ctx} ctx @returns {Promise<Reply>} */
export async function remixVideo(ctx) {
  const body = await ctx.body();
  const { input, multipart } = bodyObject(body);
  rejectUnknown(input, ['prompt']);
  const prompt = checkPrompt(input);
  ctx.checkRequest(
    /** @type {string} */ (
      ctx.spec.requestSchemaName(
        '/videos/{video_id}/remix',
        'post',
        multipart ? 'multipart/form-data' : 'application/json',
      )
    ),
    input,
  );
  const source = findJob(ctx);
  const view = ctx.store.view(source);
  if (view.status !== 'completed') {
    throw new HttpError(400, {
      message: `Video '${source.id}' cannot be remixed because its status is '${view.status}'. Only completed videos can be remixed.`,
      param: 'video_id',
      code: 'invalid_value',
    });
  }
  const failWith = applyJobFaults(ctx);
  const job = ctx.store.create({
    model: source.model,
    prompt,
    size: source.size,
    seconds: source.seconds,
    remixed_from_video_id: source.id,
    durationMs: ctx.config.jobDurationMs,
    failWith,
  });
  ctx.counters.remixesAccepted++;
  ctx.summary.videoId = job.id;
  return acceptedJob(ctx, job);
}

/** @param {Ctx} ctx */
function findJob(ctx) {
  const id = /** @type {string} */ (ctx.params.video_id);
  const job = ctx.store.get(id);
  if (!job) throw errors.videoNotFound(id);
  return job;
}

/** GET /videos/{id} @param {Ctx} ctx @returns {Promise<Reply>} */
export async function retrieveVideo(ctx) {
  const view = ctx.store.view(findJob(ctx));
  ctx.summary.status = view.status;
  return {
    status: 200,
    body: view,
    schema: 'VideoResource',
    headers: { 'openai-poll-after-ms': String(ctx.config.pollAfterMs) },
  };
}

/** DELETE /videos/{id} @param {Ctx} ctx @returns {Promise<Reply>} */
export async function deleteVideo(ctx) {
  const job = findJob(ctx);
  const view = ctx.store.view(job);
  if (view.status !== 'completed' && view.status !== 'failed') {
    // The spec: "Permanently delete a completed or failed video" (mock wording).
    throw new HttpError(400, {
      message: `Video '${job.id}' cannot be deleted while its status is '${view.status}'. Only completed or failed videos can be deleted.`,
      param: 'video_id',
      code: 'invalid_value',
    });
  }
  ctx.store.delete(job.id);
  return {
    status: 200,
    body: { id: job.id, object: 'video.deleted', deleted: true },
    schema: 'DeletedVideoResource',
  };
}

/** GET /videos @param {Ctx} ctx @returns {Promise<Reply>} */
export async function listVideos(ctx) {
  const q = ctx.url.searchParams;
  /** @type {Record<string, unknown>} */
  const query = {};
  let limit = 20;
  const rawLimit = q.get('limit');
  if (rawLimit !== null) {
    if (!/^-?\d+$/.test(rawLimit)) throw errors.invalidType('limit', 'an integer', rawLimit);
    limit = Number(rawLimit);
    if (limit > 100) throw errors.integerTooLarge('limit', 100, limit);
    if (limit < 0) throw errors.integerTooSmall('limit', 0, limit);
    query.limit = limit;
  }
  const order = q.get('order') ?? 'desc';
  if (q.get('order') !== null) {
    if (order !== 'asc' && order !== 'desc') throw errors.invalidValue('order', order, ['asc', 'desc']);
    query.order = order;
  }
  const after = q.get('after');
  if (after !== null) query.after = after;
  ctx.checkQuery('/videos', 'get', query);

  let items = ctx.store.ordered(/** @type {'asc' | 'desc'} */ (order));
  if (after !== null) {
    const i = items.findIndex((j) => j.id === after);
    // An unknown cursor yields an empty page (mock choice).
    items = i < 0 ? [] : items.slice(i + 1);
  }
  const page = items.slice(0, limit).map((j) => ctx.store.view(j));
  return {
    status: 200,
    body: {
      object: 'list',
      data: page,
      first_id: page[0]?.id ?? null,
      last_id: page[page.length - 1]?.id ?? null,
      has_more: items.length > page.length,
    },
    schema: 'VideoListResource',
  };
}

/** GET /videos/{id}/content @param {Ctx} ctx @returns {Promise<Reply>} */
export async function videoContent(ctx) {
  const variant = ctx.url.searchParams.get('variant') ?? 'video';
  if (!CONTENT_VARIANTS.includes(variant)) throw errors.invalidValue('variant', variant, CONTENT_VARIANTS);
  ctx.checkQuery('/videos/{video_id}/content', 'get', ctx.url.searchParams.has('variant') ? { variant } : {});
  const job = findJob(ctx);
  const view = ctx.store.view(job);
  if (view.status === 'failed') {
    throw new HttpError(400, {
      message: `Video '${job.id}' failed to generate; no content is available.`,
      param: 'video_id',
      code: null,
    });
  }
  if (view.status !== 'completed') {
    throw new HttpError(400, {
      message: `Video '${job.id}' is not ready yet (status: '${view.status}'). Poll GET /v1/videos/${job.id} until it is completed.`,
      param: 'video_id',
      code: null,
    });
  }
  const expiredFault = ctx.faults.take(['expired'], ctx.route);
  if (expiredFault) ctx.noteFault(expiredFault.type);
  if (expiredFault || ctx.store.isExpired(view)) {
    throw new HttpError(404, {
      message: `The content for video '${job.id}' has expired and is no longer available for download.`,
      param: 'video_id',
      code: 'expired',
    });
  }
  const media = mediaFor(job.size, /** @type {any} */ (variant), ctx.config.videoFile);
  if (!bytesMatchType(media.bytes, media.contentType)) {
    throw new Error(`fixture ${media.file} does not look like ${media.contentType}`);
  }
  return { status: 200, raw: media.bytes, contentType: media.contentType };
}
