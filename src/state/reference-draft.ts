/**
 * Reference modes, pure, for the prompt bar's draft and a segment alike: which modes a model offers (from
 * its catalog entry), how the picks are kept legal when the model changes, and what a request carries for
 * each mode.
 */
import type { GenerationRequest, ModelSpec, Size } from '../types.ts';
import type { Draft } from './app-state.ts';
import { outputOf, referenceModes, type ReferenceModeName } from './catalog.ts';

export const REFERENCE_MODE_LABELS: Record<ReferenceModeName, string> = {
  single: 'First frame',
  'first-last': 'First + last frame',
  multi: 'Several references',
  extend: 'Extend a clip',
};

/**
 * The largest clip sent to extend. fal takes the clip inline as a base64 `data:` URI in the request body
 * (https://docs.fal.ai/documentation/model-apis/fal-cdn, "Data URIs"), a third larger than the file.
 */
export const EXTEND_CLIP_MAX_BYTES = 20 * 1024 * 1024;

/** Why a clip of `bytes` cannot be extended (too large to send inline), or undefined when it can. */
export function extendClipProblem(bytes: number): string | undefined {
  if (bytes <= EXTEND_CLIP_MAX_BYTES) return undefined;
  const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `This clip is ${mb(bytes)}; a clip to extend is sent with the request and may be at most ${mb(EXTEND_CLIP_MAX_BYTES)}. Pick a shorter or smaller clip.`;
}

/**
 * The modes to offer, in the catalog's order; a model with only a first frame (or nothing) offers no choice.
 * `extend: false` leaves out extending a clip (a segment's references).
 */
export function draftModes(
  model: ModelSpec | undefined,
  { extend = true }: { extend?: boolean } = {},
): ReferenceModeName[] {
  if (!model || model.mode !== 'video') return [];
  const modes = [...new Set(referenceModes(model))].filter((m) => extend || m !== 'extend');
  return modes.length > 1 || (modes.length === 1 && modes[0] !== 'single') ? modes : [];
}

/** The reference picks of a draft or a segment (a segment has no clip to extend). */
export type ReferencePicks = Pick<
  Draft,
  'refMode' | 'referenceAssetId' | 'lastFrameAssetId' | 'referenceAssetIds' | 'remixOf'
>;

/** The draft's mode, or the first frame when it names one the model does not offer. */
export function draftMode(draft: Pick<Draft, 'refMode'>, model: ModelSpec | undefined): ReferenceModeName {
  const modes = draftModes(model);
  return draft.refMode && modes.includes(draft.refMode) ? draft.refMode : 'single';
}

/** Keeps only the picks the current mode and model can take (at most `references.multiple` references). */
export function coerceReferences(draft: Draft, model: ModelSpec | undefined): Draft {
  const mode = draftMode(draft, model);
  const max = model?.references.multiple ?? 0;
  const refs = draft.referenceAssetIds?.filter((id, i, all) => all.indexOf(id) === i).slice(0, max);
  return {
    ...draft,
    refMode: mode === 'single' ? undefined : mode,
    lastFrameAssetId: mode === 'first-last' ? draft.lastFrameAssetId : undefined,
    referenceAssetIds: mode === 'multi' && refs?.length ? refs : undefined,
  };
}

export type ReferenceFields = Pick<
  GenerationRequest,
  'referenceAssetId' | 'lastFrameAssetId' | 'referenceAssetIds' | 'remixOf'
>;

/** What the request carries for the draft's mode: one mode per request, nothing from another mode. */
export function referenceRequest(draft: ReferencePicks, model: ModelSpec | undefined): ReferenceFields {
  switch (draftMode(draft, model)) {
    case 'multi':
      return { referenceAssetIds: draft.referenceAssetIds ?? [] };
    case 'first-last':
      return { referenceAssetId: draft.referenceAssetId, lastFrameAssetId: draft.lastFrameAssetId };
    case 'extend':
      return { remixOf: draft.remixOf };
    default:
      return { referenceAssetId: draft.referenceAssetId, remixOf: model?.remix ? draft.remixOf : undefined };
  }
}

/** What is missing for the draft's mode, named by field, before anything is sent. */
export function referenceProblems(
  draft: ReferencePicks,
  model: ModelSpec | undefined,
): Array<{ field: string; message: string }> {
  switch (draftMode(draft, model)) {
    case 'multi':
      return draft.referenceAssetIds?.length
        ? []
        : [
            {
              field: 'referenceAssetIds',
              message: 'Add at least one reference image, or pick another mode.',
            },
          ];
    case 'first-last':
      return [
        ...(draft.referenceAssetId ? [] : [{ field: 'referenceAssetId', message: 'Pick the first frame.' }]),
        ...(draft.lastFrameAssetId ? [] : [{ field: 'lastFrameAssetId', message: 'Pick the last frame.' }]),
      ];
    case 'extend':
      return draft.remixOf ? [] : [{ field: 'remixOf', message: 'Pick the clip to extend.' }];
    default:
      return [];
  }
}

/**
 * What a segment's video request carries for its reference mode, or undefined in the plain first-frame
 * mode (then the cast's sheets go as planned). `firstFrameId` is the first frame the segment brings (its
 * picked image, the approved still or the chained last frame). First + last frame sends both frames;
 * several references sends exactly the picked images, instead of the cast's sheets; extend sends the
 * picked take (as the clip to continue) and nothing else.
 */
export function segmentReferences(
  segment: Omit<ReferencePicks, 'remixOf'> & { extendTakeId?: string },
  model: ModelSpec | undefined,
  firstFrameId: string | undefined,
): { fields: ReferenceFields } | { problem: string } | undefined {
  if (draftMode(segment, model) === 'single') return undefined;
  const picks = { ...segment, referenceAssetId: firstFrameId, remixOf: segment.extendTakeId };
  const problem = referenceProblems(picks, model)[0];
  if (problem) return { problem: problem.message };
  const refs = picks.referenceAssetIds?.slice(0, model?.references.multiple ?? 0);
  const fields = referenceRequest({ ...picks, referenceAssetIds: refs }, model);
  return { fields };
}

/**
 * The warning shown before spending on a tier that returns H.265: the render pipeline re-encodes such clips
 * (no lossless join), and a browser without an H.265 decoder cannot preview them. Undefined for H.264.
 */
export function hevcWarning(model: ModelSpec | undefined, size: Size): string | undefined {
  if (!model || outputOf(model, size).codec !== 'hevc') return undefined;
  const h264 = model.sizes.filter((s) => outputOf(model, s.size).codec !== 'hevc').map((s) => s.size);
  const instead = h264.length ? ` ${h264.join(', ')} come back as H.264.` : '';
  return `${model.label} returns H.265 (HEVC) at ${size}: the render pipeline will re-encode it to H.264 to stitch and export (slower, not lossless), and it may not preview in this browser.${instead}`;
}
