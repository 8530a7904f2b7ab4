/**
 * Size targeting for stills: a still made for a video is requested at the exact size the video model needs
 * when the still model can make it, otherwise at the nearest legal size, and then fitted to the video size
 * before it is saved. So "animate this still" never meets a size mismatch.
 */
import type { Connection, GenerationRequest, ModelSpec, Size, StillTarget } from '../types.ts';
import { describeSize, fitsSizeRule, parseSize, sizeOption, type ModelCatalog } from './catalog.ts';

/** True when `model` can make exactly `size` (a listed size, or any size its rule allows). */
export function canMakeSize(model: ModelSpec, size: Size): boolean {
  return sizeOption(model, size) !== undefined || fitsSizeRule(model, size);
}

/**
 * The legal still size closest to `target`: `target` itself when possible; for a flexible model the target
 * rounded up to the model's multiple (1080x1920 → 1088x1920 for gpt-image-2); otherwise the listed size
 * with the closest aspect ratio, preferring the smallest one that covers the target.
 */
export function nearestStillSize(model: ModelSpec, target: Size): Size {
  if (canMakeSize(model, target)) return target;
  const rounded = roundToRule(model, target);
  if (rounded) return rounded;
  const want = parseSize(target);
  const wantAspect = want.width / want.height;
  let best: { size: Size; aspect: number; covers: boolean; area: number } | undefined;
  for (const { size } of model.sizes) {
    const { width, height } = parseSize(size);
    const candidate = {
      size,
      aspect: Math.abs(Math.log(width / height / wantAspect)),
      covers: width >= want.width && height >= want.height,
      area: width * height,
    };
    if (!best || better(candidate, best)) best = candidate;
  }
  return best?.size ?? target;
}

function better(
  a: { aspect: number; covers: boolean; area: number },
  b: { aspect: number; covers: boolean; area: number },
): boolean {
  if (Math.abs(a.aspect - b.aspect) > 1e-3) return a.aspect < b.aspect;
  if (a.covers !== b.covers) return a.covers;
  // Among sizes that cover the target, the smallest; among those that don't, the largest.
  return a.covers ? a.area < b.area : a.area > b.area;
}

/** The target rounded up to the rule's multiple (scaled down if that breaks a limit); undefined if no rule. */
function roundToRule(model: ModelSpec, target: Size): Size | undefined {
  const rule = model.sizeRule;
  if (!rule) return undefined;
  const { width, height } = parseSize(target);
  const m = rule.multipleOf;
  let scale = 1;
  const long = Math.max(width, height);
  if (long > rule.maxEdge) scale = rule.maxEdge / long;
  if (width * height * scale * scale > rule.maxPixels) scale = Math.sqrt(rule.maxPixels / (width * height));
  if (Math.min(width, height) * scale < rule.minEdge) scale = rule.minEdge / Math.min(width, height);
  const up = (v: number): number => Math.ceil((v * scale) / m) * m;
  const down = (v: number): number => Math.max(m, Math.floor((v * scale) / m) * m);
  const round = scale < 1 ? down : up;
  const size: Size = `${round(width)}x${round(height)}`;
  return fitsSizeRule(model, size) ? size : undefined;
}

/** What to ask the still model for, and the exact size the result is fitted to before it is saved. */
export interface StillPlan {
  /** Sent to the provider. */
  size: Size;
  /** The video size the saved still will have. */
  target: Size;
  /** True when the still comes back at `target` already (nothing is cropped or letterboxed). */
  exact: boolean;
}

export function planStill(model: ModelSpec, target: Size): StillPlan {
  const size = nearestStillSize(model, target);
  return { size, target, exact: size === target };
}

/** One "for video model X at WxH" choice. */
export interface VideoTargetOption extends StillTarget {
  label: string;
  group: string;
}

/** Every video model (that takes a first frame) × size, across the configured connections. */
export function videoTargets(catalog: ModelCatalog, connections: readonly Connection[]): VideoTargetOption[] {
  return connections.flatMap((connection) =>
    catalog
      .modelsFor(connection, 'video')
      .filter((model) => model.references.firstFrame)
      .flatMap((model) =>
        model.sizes.map(({ size }) => ({
          connectionId: connection.id,
          model: model.id,
          size,
          group: connection.label,
          label: `${model.label} at ${describeSize(size)}`,
        })),
      ),
  );
}

export const targetKey = (target: StillTarget | undefined): string =>
  target ? `${target.connectionId}|${target.model}|${target.size}` : '';

export function targetFromKey(key: string): StillTarget | undefined {
  const [connectionId, model, size] = key.split('|');
  if (!connectionId || !model || !size || !/^\d+x\d+$/.test(size)) return undefined;
  return { connectionId, model, size: size as Size };
}

/**
 * The still model an episode segment uses: the episode connection's still model that can make the size
 * exactly, else its first still model, else the local preview still.
 */
export function stillModelFor(
  catalog: ModelCatalog,
  connections: readonly Connection[],
  connectionId: string,
  size: Size,
): { connection: Connection; model: ModelSpec } | undefined {
  const own = connections.find((c) => c.id === connectionId);
  const candidates = [own, connections.find((c) => c.kind === 'local')].filter(
    (c): c is Connection => c !== undefined,
  );
  for (const connection of candidates) {
    const models = catalog.modelsFor(connection, 'image');
    const model = models.find((m) => canMakeSize(m, size)) ?? models[0];
    if (model) return { connection, model };
  }
  return undefined;
}

/** What a still for a video needs: its prompt, the video's connection, model and size. */
export interface StillJobInput {
  prompt: string;
  /** The video connection whose still model is preferred (the local preview otherwise). */
  connectionId: string;
  /** The exact video size the still is for. */
  size: Size;
  /** The video model the still is for (then the still is fitted to exactly `size` when saved). */
  videoModel?: string;
  /** The segment whose stills it joins. */
  segmentId?: string;
}

/**
 * The one image-mode request every "make a still for this video" action sends (a character sheet, a
 * composite sheet, a segment's still first): the connection's still model at the nearest legal size,
 * fitted to the video size. Undefined when no configured provider makes stills.
 */
export function stillJob(
  catalog: ModelCatalog,
  connections: readonly Connection[],
  input: StillJobInput,
): GenerationRequest | undefined {
  const still = stillModelFor(catalog, connections, input.connectionId, input.size);
  if (!still) return undefined;
  return {
    prompt: input.prompt,
    connectionId: still.connection.id,
    model: still.model.id,
    size: nearestStillSize(still.model, input.size),
    seconds: 0,
    mode: 'image',
    variants: 1,
    fit: 'crop',
    ...(input.videoModel
      ? { target: { connectionId: input.connectionId, model: input.videoModel, size: input.size } }
      : {}),
    ...(input.segmentId ? { segmentId: input.segmentId } : {}),
  };
}

export const NO_STILL_MODEL = 'No configured provider makes stills.';
