import type { Connection, GenerationRequest, ModelSpec, Size, SizeOption } from '../types.ts';

/** Every model the app knows, from the data in config/models/*.json. */
export class ModelCatalog {
  readonly models: readonly ModelSpec[];

  constructor(models: readonly ModelSpec[]) {
    this.models = models;
  }

  /** The models a connection offers in a mode; custom ids on a gateway borrow the first catalog entry's rules. */
  modelsFor(connection: Connection, mode: 'video' | 'image' = 'video'): ModelSpec[] {
    const own = this.models.filter((m) => m.provider === connection.kind && m.mode === mode);
    const listed = !connection.models?.length
      ? own
      : connection.models
          .map((id) => {
            const known = own.find((m) => m.id === id);
            if (known) return known;
            const template = own[0];
            return template ? { ...template, id, label: `${id} (custom)` } : undefined;
          })
          .filter((m): m is ModelSpec => m !== undefined);
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
  request: Pick<GenerationRequest, 'size' | 'seconds' | 'audio' | 'variants'>,
): number {
  if (model.mode === 'image') return (model.perImage ?? 0) * (request.variants ?? 1);
  const option = sizeOption(model, request.size);
  const withAudio = model.audio === 'always' || (model.audio === 'toggle' && request.audio !== false);
  const base = option?.perSecond ?? model.perSecond;
  const audioRate = option?.perSecondAudio ?? model.perSecondAudio;
  const rate = withAudio && audioRate !== undefined ? audioRate : base;
  return Math.round(rate * request.seconds * 100) / 100;
}

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
  if (model.mode === 'video' && !model.durations.includes(request.seconds)) {
    problems.push({
      field: 'seconds',
      message: `${model.label} makes clips of ${model.durations.join(', ')} seconds; not ${request.seconds}.`,
    });
  }
  if (request.referenceAssetId && !model.references.firstFrame && model.references.multiple < 1) {
    problems.push({ field: 'referenceAssetId', message: `${model.label} does not take a reference image.` });
  }
  if (request.remixOf && !model.remix)
    problems.push({ field: 'remixOf', message: `${model.label} cannot remix.` });
  const variants = request.variants ?? 1;
  if (model.mode === 'image' && (variants < 1 || variants > 4)) {
    problems.push({ field: 'variants', message: 'Ask for 1 to 4 variants.' });
  }
  return problems;
}

/** Every catalog file in config/models/ (one per provider), bundled at build time. */
const catalogFiles = import.meta.glob<{ models: ModelSpec[] }>('../../config/models/*.json', {
  eager: true,
  import: 'default',
});
const loadedModels = Object.keys(catalogFiles)
  .sort()
  .flatMap((path) => catalogFiles[path]?.models ?? []);

export function createCatalog(extra: readonly ModelSpec[] = []): ModelCatalog {
  return new ModelCatalog([...loadedModels, ...extra]);
}
