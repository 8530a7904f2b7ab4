import type { ModelSpec, Size, SizeOption } from '../types.ts';
import { ProviderError } from './errors.ts';

/**
 * Pure helpers that turn a catalog model (config/models/fal.json) and a request into a fal.ai endpoint id
 * and its JSON input. Everything model-specific comes from the catalog; nothing here names a model.
 */

/** Where fal inputs go: the catalog's `fields` names. */
export type FalFields = NonNullable<ModelSpec['fields']>;

export type FalMode = 'text' | 'image' | 'first-last' | 'reference' | 'extend';

/** Uploaded inputs, as fal file URLs. */
export interface FalInputFiles {
  first?: string;
  last?: string;
  references?: string[];
  video?: string;
}

export interface FalInputRequest {
  prompt: string;
  size: Size;
  seconds?: number;
  audio?: boolean;
  /** Let the model pick the length: sends `model.durationAuto.value` instead of `seconds`. */
  auto?: boolean;
  /** Stills wanted (image models). */
  count?: number;
}

export const fieldsOf = (model: ModelSpec): FalFields => model.fields ?? {};

const invalid = (field: string, message: string, action: string): ProviderError =>
  new ProviderError({ kind: 'validation', field, message, action, retryable: false });

/** The mode a request needs: extend > several references > first+last > first frame > text. */
export function modeFor(files: {
  first?: boolean;
  last?: boolean;
  references?: number;
  video?: boolean;
}): FalMode {
  if (files.video) return 'extend';
  if ((files.references ?? 0) > 0) return 'reference';
  if (files.first && files.last) return 'first-last';
  if (files.first) return 'image';
  if (files.last) return 'first-last';
  return 'text';
}

/** The endpoint id for a mode, or a validation error naming what the model cannot do. */
export function endpointFor(model: ModelSpec, mode: FalMode): string {
  const endpoint = model.endpoints?.[mode];
  if (endpoint) return endpoint;
  const what: Record<FalMode, string> = {
    text: 'a prompt alone (it needs a reference image)',
    image: 'a first-frame reference',
    'first-last': 'first and last frames',
    reference: 'several reference images',
    extend: 'extending a clip',
  };
  throw invalid(
    mode === 'extend' ? 'remixOf' : 'referenceAssetId',
    `${model.label} does not support ${what[mode]}.`,
    'Choose another model or change the references.',
  );
}

/** The duration input: the model's "auto" when it may pick, else a legal length in its encoding. */
function durationInput(model: ModelSpec, request: FalInputRequest): string | number {
  if (request.auto) {
    if (model.durationAuto) return model.durationAuto.value;
    throw invalid(
      'seconds',
      `${model.label} cannot pick the length itself.`,
      'Pick one of the offered durations.',
    );
  }
  const seconds = request.seconds ?? model.durations[0];
  if (seconds === undefined || !model.durations.includes(seconds)) {
    throw invalid(
      'seconds',
      `${model.label} makes clips of ${model.durations.join(', ')} s, not ${seconds} s.`,
      'Pick one of the offered durations.',
    );
  }
  return encodeDuration(seconds, model.durationEncoding);
}

/** `8` as the model wants it: `"8s"`, `"8"` or `8`. */
export function encodeDuration(seconds: number, encoding: ModelSpec['durationEncoding']): string | number {
  if (encoding === 'string-s') return `${seconds}s`;
  if (encoding === 'string') return String(seconds);
  return seconds;
}

export function sizeOptionOf(model: ModelSpec, size: Size): SizeOption {
  const option = model.sizes.find((candidate) => candidate.size === size);
  if (!option) {
    throw invalid(
      'size',
      `${model.label} does not make ${size}; it offers ${model.sizes.map((s) => s.size).join(', ')}.`,
      'Pick one of the offered sizes.',
    );
  }
  return option;
}

/** The size inputs: the option's own params, else `image_size: {width, height}` (fal image models). */
export function sizeInput(model: ModelSpec, size: Size): Record<string, unknown> {
  const option = sizeOptionOf(model, size);
  if (option.params && Object.keys(option.params).length > 0) return { ...option.params };
  if (model.mode === 'image') {
    const [width, height] = size.split('x').map(Number);
    return { image_size: { width, height } };
  }
  return {};
}

/**
 * The JSON input for one fal endpoint. Validates against the catalog first: nothing illegal is sent.
 */
export function buildFalInput(
  model: ModelSpec,
  mode: FalMode,
  request: FalInputRequest,
  files: FalInputFiles = {},
): Record<string, unknown> {
  const fields = fieldsOf(model);
  if (!request.prompt.trim()) throw invalid('prompt', 'The prompt is empty.', 'Write a prompt.');
  const input: Record<string, unknown> = { prompt: request.prompt, ...(model.defaults ?? {}) };
  Object.assign(input, sizeInput(model, request.size));

  if (model.mode === 'video') {
    input[fields.duration ?? 'duration'] = durationInput(model, request);
    if (model.audio === 'toggle' && fields.audio) input[fields.audio] = request.audio ?? true;
  } else if (fields.count) {
    input[fields.count] = Math.max(1, Math.min(4, Math.round(request.count ?? 1)));
  }

  const need = (value: string | undefined, what: string): string => {
    if (!value) throw invalid('referenceAssetId', `${model.label} needs ${what} here.`, 'Add the reference.');
    return value;
  };
  const put = (field: string | undefined, value: string, what: string): void => {
    if (!field)
      throw invalid('referenceAssetId', `${model.label} takes no ${what}.`, 'Remove the reference.');
    input[field] = value;
  };
  switch (mode) {
    case 'text':
      break;
    case 'image':
      put(fields.image, need(files.first, 'a first frame'), 'first frame');
      break;
    case 'first-last':
      put(fields.firstImage ?? fields.image, need(files.first, 'a first frame'), 'first frame');
      put(fields.lastImage, need(files.last, 'a last frame'), 'last frame');
      break;
    case 'reference': {
      const list = files.references ?? [];
      if (list.length === 0) throw invalid('referenceAssetId', 'No reference images.', 'Add references.');
      if (list.length > model.references.multiple) {
        throw invalid(
          'referenceAssetId',
          `${model.label} takes at most ${model.references.multiple} reference images.`,
          'Remove some references.',
        );
      }
      if (!fields.images)
        throw invalid('referenceAssetId', `${model.label} takes no references.`, 'Remove them.');
      // Kling `elements`: one element per reference, the image as its frontal and its (required) reference view.
      input[fields.images] =
        fields.imagesEncoding === 'elements'
          ? list.map((url) => ({ frontal_image_url: url, reference_image_urls: [url] }))
          : list;
      break;
    }
    case 'extend':
      put(fields.video, need(files.video, 'the clip to extend'), 'clip to extend');
      break;
  }
  return input;
}
