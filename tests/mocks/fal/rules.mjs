/**
 * The fal.ai mock's knowledge of each real model endpoint's input rules (hand-written from the fal-js
 * generated endpoint types, see /work/shared/api/PROVIDERS.md §2), a pydantic-v2-style validator that
 * rejects bad input the way the live API does, and a drift check against config/models/fal.json.
 *
 * @module
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  checkBooleans,
  checkLiteral,
  checkRanges,
  checkText,
  expectedList,
  notDictionary,
} from './pydantic.mjs';

/** @typedef {import('./pydantic.mjs').DetailItem} DetailItem */

/**
 * @typedef {object} EndpointRule
 * @property {'video'|'image'} output What the endpoint returns.
 * @property {string[]} required Required body fields (besides the shared ones in `fields`).
 * @property {Record<string, readonly (string|number)[]>} literals Enum-like fields: field -> legal values (type matters).
 * @property {string[]} [booleans] Fields that must be JSON booleans.
 * @property {string[]} [urls] Single file-URL fields (must be reachable: the mock's own storage/CDN).
 * @property {Record<string, number>} [urlLists] File-URL list fields -> max items.
 * @property {Record<string, number>} [elementLists] Kling `elements` fields -> max items; each item is
 *   `{frontal_image_url, reference_image_urls: [1-3 urls]}`.
 * @property {string[]} [oneOf] At least one of these fields is required (Wan 2.7: an image or a clip).
 * @property {[string, string][]} [exclusive] Field pairs that cannot be sent together.
 * @property {string[]} [dropped] Inputs the endpoint does not have; pydantic ignores them (image-to-video
 *   endpoints whose clip follows the image have no aspect_ratio). Only the drift check reads this.
 * @property {Record<string, [number, number]>} [ints] Integer fields -> [min, max].
 * @property {string[]} [imageSize] Fields taking a preset name or `{width, height}`.
 */

const range = (/** @type {number} */ from, /** @type {number} */ to) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const strings = (/** @type {number[]} */ values) => values.map(String);

export const IMAGE_SIZE_PRESETS = /** @type {const} */ ({
  square_hd: [1024, 1024],
  square: [512, 512],
  portrait_4_3: [768, 1024],
  portrait_16_9: [576, 1024],
  landscape_4_3: [1024, 768],
  landscape_16_9: [1024, 576],
});

const VEO = {
  duration: ['4s', '6s', '8s'],
  aspect_ratio: ['16:9', '9:16'],
  resolution: ['720p', '1080p', '4k'],
};
const VEO_FAST = { ...VEO, resolution: ['720p', '1080p'] };
const KLING = { duration: strings(range(3, 15)), aspect_ratio: ['16:9', '9:16', '1:1'] };
/** Kling image-to-video endpoints have no aspect_ratio: the clip follows the image. */
const KLING_I2V = { duration: KLING.duration };
const SEEDANCE = {
  duration: [...strings(range(4, 15)), 'auto'],
  aspect_ratio: ['21:9', '16:9', '4:3', '1:1', '3:4', '9:16', 'auto'],
  resolution: ['480p', '720p', '1080p', '4k'],
};
const WAN = { duration: range(2, 15), aspect_ratio: ['16:9', '9:16', '1:1'], resolution: ['720p', '1080p'] };
const LTX = { duration: [6, 8, 10], aspect_ratio: ['16:9', '9:16'], resolution: ['1080p', '1440p', '2160p'] };
const OMNI = { duration: range(3, 10), aspect_ratio: ['16:9', '9:16'] };
// Today's models (sources in each entry's `note` in config/models/fal.json).
const SEEDANCE_25 = {
  ...SEEDANCE,
  duration: ['auto', ...strings(range(4, 30))],
  resolution: ['480p', '720p', '1080p'],
};
const KLING_4 = {
  duration: range(3, 30),
  resolution: ['720p', '1080p'],
  aspect_ratio: ['auto', '16:9', '9:16', '1:1', '21:9'],
};
const KLING_4_I2V = { duration: KLING_4.duration, resolution: KLING_4.resolution };
const WAN_3 = {
  duration: [...range(2, 30), 'auto'],
  resolution: ['480p', '720p', '1080p'],
  aspect_ratio: ['adaptive', '16:9', '9:16', '1:1', '4:3', '3:4'],
};
const LTX_25 = {
  duration: [6, 8, 10, 12, 14, 16, 18, 20],
  resolution: ['720p', '1080p', '1440p', '2160p'],
  aspect_ratio: ['16:9', '9:16'],
};
const HAPPY_HORSE = {
  duration: range(3, 15),
  resolution: ['720p', '1080p'],
  aspect_ratio: ['16:9', '9:16', '1:1', '4:3', '3:4'],
};
const HAPPY_HORSE_I2V = { duration: HAPPY_HORSE.duration, resolution: HAPPY_HORSE.resolution };
const NO_ASPECT = { dropped: ['aspect_ratio'] };
const KONTEXT_ASPECTS = ['21:9', '16:9', '4:3', '3:2', '1:1', '2:3', '3:4', '9:16', '9:21'];

/** @type {(literals: Record<string, readonly (string|number)[]>, extra?: Partial<EndpointRule>) => EndpointRule} */
const video = (literals, extra = {}) => ({
  output: 'video',
  required: ['prompt', ...(extra.required ?? [])],
  literals,
  booleans: ['generate_audio', ...(extra.booleans ?? [])],
  urls: extra.urls ?? [],
  urlLists: extra.urlLists ?? {},
  elementLists: extra.elementLists ?? {},
  oneOf: extra.oneOf,
  exclusive: extra.exclusive,
  dropped: extra.dropped,
  ints: { seed: [0, 2 ** 32 - 1], ...(extra.ints ?? {}) },
});

/** Every endpoint the mock serves, keyed by endpoint id. */
export const ENDPOINT_RULES = /** @type {Record<string, EndpointRule>} */ ({
  'fal-ai/veo3.1': video(VEO),
  'fal-ai/veo3.1/image-to-video': video(VEO, { required: ['image_url'], urls: ['image_url'] }),
  'fal-ai/veo3.1/first-last-frame-to-video': video(VEO, {
    required: ['first_frame_url', 'last_frame_url'],
    urls: ['first_frame_url', 'last_frame_url'],
  }),
  'fal-ai/veo3.1/reference-to-video': video(VEO, { required: ['image_urls'], urlLists: { image_urls: 3 } }),
  'fal-ai/veo3.1/extend-video': video(VEO, { required: ['video_url'], urls: ['video_url'] }),
  'fal-ai/veo3.1/fast': video(VEO_FAST),
  'fal-ai/veo3.1/fast/image-to-video': video(VEO_FAST, { required: ['image_url'], urls: ['image_url'] }),
  'fal-ai/veo3.1/fast/first-last-frame-to-video': video(VEO_FAST, {
    required: ['first_frame_url', 'last_frame_url'],
    urls: ['first_frame_url', 'last_frame_url'],
  }),
  'fal-ai/veo3.1/fast/extend-video': video(VEO_FAST, { required: ['video_url'], urls: ['video_url'] }),
  'fal-ai/kling-video/v3/standard/text-to-video': video(KLING),
  'fal-ai/kling-video/v3/standard/image-to-video': video(KLING_I2V, {
    required: ['start_image_url'],
    urls: ['start_image_url', 'end_image_url'],
    ...NO_ASPECT,
  }),
  'fal-ai/kling-video/v3/pro/text-to-video': video(KLING),
  'fal-ai/kling-video/v3/pro/image-to-video': video(KLING_I2V, {
    required: ['start_image_url'],
    urls: ['start_image_url', 'end_image_url'],
    ...NO_ASPECT,
  }),
  'fal-ai/kling-video/o3/standard/text-to-video': video(KLING),
  'fal-ai/kling-video/o3/standard/image-to-video': video(KLING_I2V, {
    required: ['image_url'],
    urls: ['image_url', 'end_image_url'],
    ...NO_ASPECT,
  }),
  'fal-ai/kling-video/o3/standard/reference-to-video': video(KLING, {
    urls: ['start_image_url', 'end_image_url'],
    urlLists: { image_urls: 4 },
    elementLists: { elements: 4 },
  }),
  'bytedance/seedance-2.0/text-to-video': video(SEEDANCE),
  'bytedance/seedance-2.0/image-to-video': video(SEEDANCE, {
    required: ['image_url'],
    urls: ['image_url', 'end_image_url'],
  }),
  'bytedance/seedance-2.0/reference-to-video': video(SEEDANCE, {
    required: ['image_urls'],
    urlLists: { image_urls: 9 },
  }),
  'fal-ai/wan/v2.7/text-to-video': video(WAN),
  'fal-ai/wan/v2.7/image-to-video': video(WAN, {
    urls: ['image_url', 'end_image_url', 'video_url'],
    oneOf: ['image_url', 'video_url'],
    exclusive: [['image_url', 'video_url']],
    ...NO_ASPECT,
  }),
  'fal-ai/ltx-2.3/text-to-video': video(LTX),
  'fal-ai/ltx-2.3/image-to-video': video(LTX, {
    required: ['image_url'],
    urls: ['image_url', 'end_image_url'],
  }),
  'google/gemini-omni-flash': video(OMNI),
  'google/gemini-omni-flash/image-to-video': video(OMNI, { required: ['image_url'], urls: ['image_url'] }),
  'google/gemini-omni-flash/reference-to-video': video(OMNI, {
    required: ['image_urls'],
    urlLists: { image_urls: 3 },
  }),
  'bytedance/seedance-2.5/text-to-video': video(SEEDANCE_25),
  'bytedance/seedance-2.5/image-to-video': video(SEEDANCE_25, {
    required: ['image_url'],
    urls: ['image_url', 'end_image_url'],
  }),
  'bytedance/seedance-2.5/reference-to-video': video(SEEDANCE_25, {
    required: ['image_urls'],
    urlLists: { image_urls: 30 },
  }),
  'kling/v4/text-to-video': video(KLING_4),
  'kling/v4/image-to-video': video(KLING_4_I2V, {
    required: ['start_image_url'],
    urls: ['start_image_url', 'end_image_url'],
    urlLists: { middle_image_urls: 8 },
    ...NO_ASPECT,
  }),
  'kling/v4/reference-to-video': video(KLING_4, {
    urls: ['start_image_url', 'end_image_url'],
    urlLists: { image_urls: 10 },
  }),
  'alibaba/wan-3.0/text-to-video': video(WAN_3, { booleans: ['audio'] }),
  'alibaba/wan-3.0/image-to-video': video(WAN_3, {
    required: ['start_image_url'],
    urls: ['start_image_url', 'end_image_url'],
    booleans: ['audio'],
  }),
  'alibaba/wan-3.0/reference-to-video': video(WAN_3, {
    required: ['reference_image_urls'],
    urlLists: { reference_image_urls: 10 },
    booleans: ['audio'],
  }),
  'lightricks/ltx-2.5/text-to-video/fast': video(LTX_25),
  'lightricks/ltx-2.5/image-to-video/fast': video(LTX_25, { required: ['image_url'], urls: ['image_url'] }),
  'alibaba/happy-horse/text-to-video': video(HAPPY_HORSE, { ints: { seed: [0, 2147483647] } }),
  'alibaba/happy-horse/image-to-video': video(HAPPY_HORSE_I2V, {
    required: ['image_url'],
    urls: ['image_url'],
    ints: { seed: [0, 2147483647] },
    ...NO_ASPECT,
  }),
  'alibaba/happy-horse/reference-to-video': video(HAPPY_HORSE, {
    required: ['image_urls'],
    urlLists: { image_urls: 9 },
    ints: { seed: [0, 2147483647] },
  }),
  'fal-ai/flux/dev': {
    output: 'image',
    required: ['prompt'],
    literals: {},
    booleans: ['enable_safety_checker'],
    ints: { num_images: [1, 4], num_inference_steps: [1, 50], seed: [0, 2 ** 32 - 1] },
    imageSize: ['image_size'],
  },
  'fal-ai/flux-pro/kontext': {
    output: 'image',
    required: ['prompt', 'image_url'],
    literals: { aspect_ratio: KONTEXT_ASPECTS },
    urls: ['image_url'],
    ints: { num_images: [1, 4], seed: [0, 2 ** 32 - 1] },
  },
  'fal-ai/flux-pro/kontext/text-to-image': {
    output: 'image',
    required: ['prompt'],
    literals: { aspect_ratio: KONTEXT_ASPECTS },
    ints: { num_images: [1, 4], seed: [0, 2 ** 32 - 1] },
  },
});

export { expectedList };

/**
 * Validate a model input like the live API (pydantic v2 messages). `isReachable(url)` says whether a
 * file URL can be downloaded by the model (the mock accepts only its own storage/CDN files).
 *
 * @param {string} endpointId
 * @param {unknown} body
 * @param {(url: string) => boolean} isReachable
 * @returns {DetailItem[]} empty when the input is valid
 */
export function validateInput(endpointId, body, isReachable) {
  const rule = ENDPOINT_RULES[endpointId];
  /** @type {DetailItem[]} */
  const errors = [];
  if (!rule) return errors;
  const wrongShape = notDictionary(body);
  if (wrongShape) return wrongShape;
  const input = /** @type {Record<string, unknown>} */ (body);
  for (const field of rule.required) {
    if (input[field] === undefined || input[field] === null) {
      errors.push({ loc: ['body', field], msg: 'Field required', type: 'missing', input });
    }
  }
  const present = (/** @type {string} */ field) => input[field] !== undefined && input[field] !== null;
  if (rule.oneOf && !rule.oneOf.some(present)) {
    errors.push({
      loc: ['body'],
      msg: `Value error, provide one of ${rule.oneOf.join(', ')}`,
      type: 'value_error',
      input,
    });
  }
  for (const [a, b] of rule.exclusive ?? []) {
    if (present(a) && present(b)) {
      errors.push({
        loc: ['body', b],
        msg: `Value error, ${a} and ${b} cannot be combined`,
        type: 'value_error',
        input: input[b],
      });
    }
  }
  if (input.prompt !== undefined) checkText(errors, 'prompt', input.prompt);
  for (const [field, values] of Object.entries(rule.literals))
    checkLiteral(errors, field, input[field], values);
  checkBooleans(errors, input, rule.booleans ?? []);
  checkRanges(errors, input, rule.ints ?? {}, 'int');
  for (const field of rule.imageSize ?? []) {
    const value = input[field];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      checkLiteral(errors, field, value, Object.keys(IMAGE_SIZE_PRESETS));
    } else {
      const size = /** @type {Record<string, unknown>} */ (value ?? {});
      for (const side of ['width', 'height']) {
        const n = size[side];
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 64 || n > 14142) {
          errors.push({
            loc: ['body', field, side],
            msg: 'Input should be an integer from 64 to 14142',
            type: 'int_type',
            input: n,
          });
        }
      }
    }
  }
  const checkUrl = (/** @type {(string|number)[]} */ loc, /** @type {unknown} */ url) => {
    if (typeof url !== 'string') {
      errors.push({ loc, msg: 'Input should be a valid string', type: 'string_type', input: url });
    } else if (!isReachable(url)) {
      errors.push({
        loc,
        msg: 'Failed to download the file. Please check if the URL is accessible.',
        type: 'file_download_error',
        input: url,
      });
    }
  };
  for (const field of rule.urls ?? []) {
    if (input[field] !== undefined && input[field] !== null) checkUrl(['body', field], input[field]);
  }
  for (const [field, max] of Object.entries(rule.urlLists ?? {})) {
    const list = input[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      errors.push({
        loc: ['body', field],
        msg: 'Input should be a valid list',
        type: 'list_type',
        input: list,
      });
    } else if (list.length > max) {
      errors.push({
        loc: ['body', field],
        msg: `List should have at most ${max} items after validation, not ${list.length}`,
        type: 'too_long',
        input: list,
        ctx: { field_type: 'List', max_length: max, actual_length: list.length },
      });
    } else {
      list.forEach((url, i) => checkUrl(['body', field, i], url));
    }
  }
  for (const [field, max] of Object.entries(rule.elementLists ?? {})) {
    const list = input[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      errors.push({
        loc: ['body', field],
        msg: 'Input should be a valid list',
        type: 'list_type',
        input: list,
      });
      continue;
    }
    if (list.length > max) {
      errors.push({
        loc: ['body', field],
        msg: `List should have at most ${max} items after validation, not ${list.length}`,
        type: 'too_long',
        input: list,
        ctx: { field_type: 'List', max_length: max, actual_length: list.length },
      });
      continue;
    }
    list.forEach((element, i) => {
      if (typeof element !== 'object' || element === null || Array.isArray(element)) {
        errors.push({
          loc: ['body', field, i],
          msg: 'Input should be a valid dictionary or instance of KlingV3ComboElementInput',
          type: 'model_type',
          input: element,
        });
        return;
      }
      const item = /** @type {Record<string, unknown>} */ (element);
      if (item.frontal_image_url === undefined) {
        errors.push({
          loc: ['body', field, i, 'frontal_image_url'],
          msg: 'Field required',
          type: 'missing',
          input: item,
        });
      } else checkUrl(['body', field, i, 'frontal_image_url'], item.frontal_image_url);
      const views = item.reference_image_urls;
      if (!Array.isArray(views) || views.length < 1 || views.length > 3) {
        errors.push({
          loc: ['body', field, i, 'reference_image_urls'],
          msg: 'Value error, 1-3 reference images supported. At least one image is required.',
          type: 'value_error',
          input: views,
        });
      } else views.forEach((url, j) => checkUrl(['body', field, i, 'reference_image_urls', j], url));
    });
  }
  return errors;
}

/** How a catalog duration is encoded on the wire. */
export function encodeDuration(/** @type {number} */ seconds, /** @type {string} */ encoding) {
  if (encoding === 'string-s') return `${seconds}s`;
  if (encoding === 'string') return String(seconds);
  return seconds;
}

const CATALOG_URL = new URL('../../../config/models/fal.json', import.meta.url);

/** @returns {import('../../../src/types.ts').ModelSpec[]} the fal catalog, read from disk. */
export function loadCatalog(path = fileURLToPath(CATALOG_URL)) {
  return JSON.parse(readFileSync(path, 'utf8')).models;
}

/**
 * Compare the catalog with the real models' rules: everything the app may send must be legal here.
 *
 * @param {import('../../../src/types.ts').ModelSpec[]} catalog
 * @returns {string[]} problems (empty when catalog and mock agree)
 */
export function checkCatalog(catalog) {
  /** @type {string[]} */
  const problems = [];
  for (const model of catalog) {
    const fields = /** @type {Record<string, string|undefined>} */ (model.fields ?? {});
    const endpoints = Object.entries(model.endpoints ?? {});
    if (endpoints.length === 0) problems.push(`${model.id}: no endpoints`);
    for (const [mode, endpointId] of endpoints) {
      const rule = ENDPOINT_RULES[/** @type {string} */ (endpointId)];
      if (!rule) {
        problems.push(`${model.id}: endpoint ${endpointId} (${mode}) is unknown to the mock`);
        continue;
      }
      if (rule.output !== model.mode) problems.push(`${model.id}: ${endpointId} outputs ${rule.output}`);
      const durationField = fields.duration ?? 'duration';
      if (model.mode === 'video') {
        const legal = rule.literals[durationField] ?? [];
        for (const seconds of model.durations) {
          const wire = encodeDuration(seconds, model.durationEncoding);
          if (!legal.includes(wire))
            problems.push(`${model.id}: ${endpointId} rejects duration ${JSON.stringify(wire)}`);
        }
        if (model.durationAuto && !legal.includes(model.durationAuto.value))
          problems.push(
            `${model.id}: ${endpointId} rejects duration ${JSON.stringify(model.durationAuto.value)}`,
          );
      }
      for (const option of model.sizes) {
        for (const [key, value] of Object.entries(option.params ?? {})) {
          if (rule.imageSize?.includes(key)) {
            if (!(value in IMAGE_SIZE_PRESETS)) problems.push(`${model.id}: unknown ${key} preset ${value}`);
            continue;
          }
          if (rule.dropped?.includes(key)) continue;
          const legal = rule.literals[key];
          if (!legal) problems.push(`${model.id}: ${endpointId} has no ${key} input`);
          else if (!legal.includes(value))
            problems.push(`${model.id}: ${endpointId} rejects ${key}=${value}`);
        }
      }
      if (model.audio === 'toggle' && !(rule.booleans ?? []).includes(fields.audio ?? '')) {
        problems.push(`${model.id}: ${endpointId} has no audio switch ${fields.audio}`);
      }
      const urlFields = new Set(rule.urls ?? []);
      const listFields = rule.urlLists ?? {};
      const want = (/** @type {string|undefined} */ field, /** @type {string} */ what) => {
        if (!field || !urlFields.has(field))
          problems.push(`${model.id}: ${endpointId} has no ${what} field ${field}`);
      };
      if (mode === 'image' && model.mode === 'video') want(fields.image, 'image');
      if (mode === 'image' && model.mode === 'image') want(fields.image, 'image');
      if (mode === 'first-last') {
        want(fields.firstImage ?? fields.image, 'first image');
        want(fields.lastImage, 'last image');
      }
      if (mode === 'extend') want(fields.video, 'video');
      if (mode === 'reference') {
        const lists = fields.imagesEncoding === 'elements' ? (rule.elementLists ?? {}) : listFields;
        const max = fields.images ? lists[fields.images] : undefined;
        if (max === undefined) problems.push(`${model.id}: ${endpointId} has no image list ${fields.images}`);
        else if (model.references.multiple > max)
          problems.push(`${model.id}: ${endpointId} takes at most ${max} images`);
      }
    }
  }
  return problems;
}
