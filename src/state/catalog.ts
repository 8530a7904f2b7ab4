import type {
  Connection,
  GenerationRequest,
  ModelSpec,
  OutputSpec,
  ReferenceKind,
  Size,
  SizeOption,
} from '../types.ts';
import { entriesOf, validateModelEntry } from './model-schema.ts';

/** Every model the app knows, from the data in config/models/*.json. */
export class ModelCatalog {
  private readonly builtIn: readonly ModelSpec[];
  /** The user's own entries (Settings → Custom models), validated by the same schema. */
  private customModels: readonly ModelSpec[] = [];

  constructor(models: readonly ModelSpec[]) {
    this.builtIn = models;
  }

  get models(): readonly ModelSpec[] {
    return this.customModels.length ? [...this.builtIn, ...this.customModels] : this.builtIn;
  }

  /** The built-in entries (config/models/*.json) a custom entry must not clash with. */
  get catalogModels(): readonly ModelSpec[] {
    return this.builtIn;
  }

  get custom(): readonly ModelSpec[] {
    return this.customModels;
  }

  /** Replaces the custom entries (already validated). Unless an entry says `"verified": true` the UI marks it unverified. */
  setCustom(models: readonly ModelSpec[]): void {
    this.customModels = models;
  }

  /** The models a connection offers in a mode; custom ids on a gateway borrow the first catalog entry's rules. */
  modelsFor(connection: Connection, mode: 'video' | 'image' = 'video'): ModelSpec[] {
    const own = this.models.filter((m) => m.provider === connection.kind && m.mode === mode);
    const custom = this.customModels.filter(
      (m) => m.provider === connection.kind && m.mode === mode && !connection.models?.includes(m.id),
    );
    const listed = !connection.models?.length
      ? own
      : connection.models
          .map((id) => {
            const known = own.find((m) => m.id === id);
            if (known) return known;
            const template = own[0];
            return template
              ? {
                  ...template,
                  id,
                  label: `${id} (custom)`,
                  verified: false,
                  unverified: `A custom id on this connection: it borrows the rules of ${template.label}.`,
                }
              : undefined;
          })
          .filter((m): m is ModelSpec => m !== undefined)
          .concat(custom);
    return mode === 'video' ? listed.map((m) => narrowToConnection(m, connection)) : listed;
  }

  find(connection: Connection, modelId: string, mode: 'video' | 'image' = 'video'): ModelSpec | undefined {
    return this.modelsFor(connection, mode).find((m) => m.id === modelId);
  }
}

/**
 * A connection that accepts fewer sizes or durations than the model (Azure, some gateways) narrows the
 * model's lists; values the connection names that the model lacks are ignored, and an empty result keeps
 * the model's own list rather than offering nothing.
 */
function narrowToConnection(model: ModelSpec, connection: Connection): ModelSpec {
  const sizes = connection.sizes?.length
    ? model.sizes.filter((s) => connection.sizes!.includes(s.size))
    : model.sizes;
  const durations = connection.durations?.length
    ? model.durations.filter((d) => connection.durations!.includes(d))
    : model.durations;
  if (sizes === model.sizes && durations === model.durations) return model;
  return {
    ...model,
    sizes: sizes.length ? sizes : model.sizes,
    durations: durations.length ? durations : model.durations,
  };
}

export const sizeOption = (model: ModelSpec, size: Size): SizeOption | undefined =>
  model.sizes.find((s) => s.size === size);

export const parseSize = (size: Size): { width: number; height: number } => {
  const [width, height] = size.split('x').map(Number);
  return { width: width ?? 0, height: height ?? 0 };
};

/** True when a flexible still model (one with a `sizeRule`) can make `size`. */
export function fitsSizeRule(model: ModelSpec, size: Size): boolean {
  const rule = model.sizeRule;
  if (!rule) return false;
  const { width, height } = parseSize(size);
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  return (
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    width % rule.multipleOf === 0 &&
    height % rule.multipleOf === 0 &&
    short >= rule.minEdge &&
    long <= rule.maxEdge &&
    width * height <= rule.maxPixels &&
    long / short <= rule.maxAspect
  );
}

/** "9:16 · 720x1280" */
export const describeSize = (size: Size): string => {
  const { width, height } = parseSize(size);
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  const d = gcd(width, height) || 1;
  const ratio = `${width / d}:${height / d}`;
  const named =
    ratio === '9:16' || ratio === '16:9' || ratio === '1:1'
      ? ratio
      : width < height
        ? 'portrait'
        : 'landscape';
  return `${named} · ${size}`;
};

/** USD for one request, from the catalog's prices. */
export function estimateCost(
  model: ModelSpec,
  request: Pick<GenerationRequest, 'size' | 'seconds' | 'audio' | 'variants' | 'autoDuration'>,
): number {
  if (model.mode === 'image') return (model.perImage ?? 0) * (request.variants ?? 1);
  const option = sizeOption(model, request.size);
  const withAudio = model.audio === 'always' || (model.audio === 'toggle' && request.audio !== false);
  const base = option?.perSecond ?? model.perSecond;
  const audioRate = option?.perSecondAudio ?? model.perSecondAudio;
  const rate = withAudio && audioRate !== undefined ? audioRate : base;
  return Math.round(rate * plannedSeconds(model, request) * 100) / 100;
}

/** The seconds a request is planned (and priced) for: when the model picks, the longest it may pick. */
export const plannedSeconds = (
  model: ModelSpec,
  request: Pick<GenerationRequest, 'seconds' | 'autoDuration'>,
): number => (request.autoDuration && model.durationAuto ? model.durationAuto.maxSeconds : request.seconds);

export interface RequestProblem {
  field: keyof GenerationRequest;
  message: string;
}

/** Every request is checked against the catalog before it is sent; an empty list means it is legal. */
export function validateRequest(model: ModelSpec | undefined, request: GenerationRequest): RequestProblem[] {
  if (!model)
    return [{ field: 'model', message: `The model "${request.model}" is not offered by this connection.` }];
  const problems: RequestProblem[] = [];
  const prompt = request.prompt.trim();
  if (!prompt) problems.push({ field: 'prompt', message: 'Write a prompt first.' });
  if (prompt.length > 32_000)
    problems.push({ field: 'prompt', message: 'The prompt is longer than 32,000 characters.' });
  if (!sizeOption(model, request.size) && !fitsSizeRule(model, request.size)) {
    problems.push({
      field: 'size',
      message: `${model.label} makes ${model.sizes.map((s) => s.size).join(', ')}; not ${request.size}.`,
    });
  }
  if (model.mode === 'video' && request.autoDuration && !model.durationAuto) {
    problems.push({
      field: 'seconds',
      message: `${model.label} cannot pick the length itself; choose a duration.`,
    });
  } else if (model.mode === 'video' && !request.autoDuration && !model.durations.includes(request.seconds)) {
    problems.push({
      field: 'seconds',
      message: `${model.label} makes clips of ${model.durations.join(', ')} seconds; not ${request.seconds}.`,
    });
  }
  if (request.referenceAssetId && !model.references.firstFrame && model.references.multiple < 1) {
    problems.push({ field: 'referenceAssetId', message: `${model.label} does not take a reference image.` });
  }
  // `remixOf` is the clip to remix (OpenAI) or to extend (fal extend endpoints).
  if (request.remixOf && !model.remix && !model.extend)
    problems.push({ field: 'remixOf', message: `${model.label} cannot remix or extend a clip.` });
  const variants = request.variants ?? 1;
  if (model.mode === 'image' && (variants < 1 || variants > 4)) {
    problems.push({ field: 'variants', message: 'Ask for 1 to 4 variants.' });
  }
  return problems;
}

// ——— reference modes, durations, output codec, verification (what the UI offers per model) ———

export type ReferenceRole = 'first' | 'last' | 'reference' | 'video';
/** The request mode a slot belongs to; a request uses one: extend > reference > first-last > first frame. */
export type ReferenceSlotMode = 'image' | 'first-last' | 'reference' | 'extend';

export interface ReferenceSlot {
  role: ReferenceRole;
  /** The provider input the file goes to (`image_url`, `end_image_url`, `elements`, `input_reference`…). */
  field: string;
  /** How many files the slot takes. */
  max: number;
  label: string;
  mode: ReferenceSlotMode;
  /** The first frame's input when a last frame is sent too, if it differs (Veo: `first_frame_url`). */
  fieldWithLast?: string;
}

const KIND_LABELS: Record<ReferenceKind, string> = {
  images: 'Reference images',
  ingredients: 'Ingredients',
  elements: 'Elements',
};

/**
 * The reference inputs a model takes, in the order a form shows them: first frame, last frame, several
 * references (with their count and the model's own name for them), and a clip to extend. Slots of different
 * modes are not sent together: a request uses the richest mode it has files for.
 */
export function referenceSlots(model: ModelSpec): ReferenceSlot[] {
  const fields = model.fields ?? {};
  const slots: ReferenceSlot[] = [];
  const refs = model.references;
  const firstField =
    model.provider === 'openai' ? 'input_reference' : model.provider === 'local' ? 'reference' : fields.image;
  if (refs.firstFrame && firstField) {
    const label = model.mode === 'image' ? 'Image to edit' : 'First frame';
    const slot: ReferenceSlot = { role: 'first', field: firstField, max: 1, label, mode: 'image' };
    if (refs.lastFrame && fields.firstImage && fields.firstImage !== firstField)
      slot.fieldWithLast = fields.firstImage;
    slots.push(slot);
  }
  if (refs.lastFrame && fields.lastImage)
    slots.push({ role: 'last', field: fields.lastImage, max: 1, label: 'Last frame', mode: 'first-last' });
  if (refs.multiple > 1 && fields.images) {
    const label = KIND_LABELS[refs.multipleKind ?? 'images'];
    slots.push({ role: 'reference', field: fields.images, max: refs.multiple, label, mode: 'reference' });
  }
  if (model.extend && fields.video)
    slots.push({ role: 'video', field: fields.video, max: 1, label: 'Clip to extend', mode: 'extend' });
  return slots;
}

export type ReferenceModeName = 'single' | 'first-last' | 'multi' | 'extend';

/** The reference modes a model supports, by name. */
export function referenceModes(model: ModelSpec): ReferenceModeName[] {
  const names: Record<ReferenceRole, ReferenceModeName> = {
    first: 'single',
    last: 'first-last',
    reference: 'multi',
    video: 'extend',
  };
  return referenceSlots(model).map((slot) => names[slot.role]);
}

export interface DurationChoice {
  value: number | 'auto';
  label: string;
}

/** The durations a picker offers: "the model picks" first when the model can, then every legal length. */
export function durationChoices(model: ModelSpec): DurationChoice[] {
  const fixed = model.durations.map((d): DurationChoice => ({ value: d, label: `${d} s` }));
  if (!model.durationAuto) return fixed;
  return [{ value: 'auto', label: `Model picks (up to ${model.durationAuto.maxSeconds} s)` }, ...fixed];
}

/** What a clip of this model and size comes back as (H.264 unless the catalog says otherwise). */
export function outputOf(model: ModelSpec, size: Size): OutputSpec {
  return sizeOption(model, size)?.output ?? model.output ?? { codec: 'h264' };
}

/**
 * A warning to show before spending, when the clip will come back in a codec this browser cannot decode
 * (H.265 at Seedance 2.5's 1080p): it can be downloaded, but not previewed, stitched or rendered here.
 */
export function codecWarning(model: ModelSpec, size: Size): string | undefined {
  if (outputOf(model, size).codec !== 'hevc') return undefined;
  const h264 = model.sizes.filter((s) => outputOf(model, s.size).codec === 'h264').map((s) => s.size);
  const instead = h264.length ? ` ${h264.join(', ')} come back as H.264.` : '';
  return `${model.label} returns H.265 (HEVC) at ${size}. This browser cannot decode H.265, so the clip can be downloaded but not previewed, stitched or rendered here.${instead}`;
}

export interface Verification {
  verified: boolean;
  /** Why it is not verified (shown beside the "unverified" label). */
  reason?: string;
}

/** Whether every fact of an entry was read from a provider source; the UI marks the ones that were not. */
export function modelVerification(model: ModelSpec): Verification {
  if (model.verified === true) return { verified: true };
  return { verified: false, reason: model.unverified ?? 'No source is recorded for this model.' };
}

export type CustomModelsResult =
  { ok: true; models: ModelSpec[] } | { ok: false; index: number; field: string; message: string };

/**
 * Custom models from a parsed JSON file (one entry, a list, or `{ "models": [...] }`), each checked with
 * the same schema as config/models/*.json. The first invalid entry refuses the whole file, naming the field.
 */
export function parseCustomModels(json: unknown, known: readonly ModelSpec[] = []): CustomModelsResult {
  const models: ModelSpec[] = [];
  const entries = entriesOf(json);
  for (const [index, raw] of entries.entries()) {
    const result = validateModelEntry(raw);
    if (!result.ok) return { ok: false, index, field: result.field, message: result.message };
    const clash = [...known, ...models].find(
      (m) => m.provider === result.entry.provider && m.id === result.entry.id && m.mode === result.entry.mode,
    );
    if (clash)
      return { ok: false, index, field: 'id', message: `${clash.label} already uses the id ${clash.id}.` };
    models.push(result.entry);
  }
  return { ok: true, models };
}

/** Every catalog file in config/models/ (one per provider), bundled at build time; not the JSON Schema. */
const catalogFiles = import.meta.glob<{ models: ModelSpec[] }>(
  ['../../config/models/*.json', '!../../config/models/*.schema.json'],
  { eager: true, import: 'default' },
);
const loadedModels = Object.keys(catalogFiles)
  .sort()
  .flatMap((path) => catalogFiles[path]?.models ?? []);

export function createCatalog(extra: readonly ModelSpec[] = []): ModelCatalog {
  return new ModelCatalog([...loadedModels, ...extra]);
}
