/**
 * One typed request end to end (issue 15): where each GenerationRequest field goes at each boundary, and the
 * one lookup of a request's connection and model. The prompt bar's draft becomes a request, a request
 * becomes a draft again (send again), the provider's SubmitRequest and the saved clip are built from it;
 * each copies the fields named here instead of its own hand-written list.
 */
import type { Connection, GenerationRequest, ModelSpec, VideoRecord } from '../types.ts';
import type { Draft } from './app-state.ts';
import type { ModelCatalog } from './catalog.ts';
import { referenceRequest } from './reference-draft.ts';

/** How a boundary treats a field: copied as is, turned into something else by its code, or not carried. */
type Carry = 'copy' | 'mapped' | 'none';

/**
 * Every request field and what the draft, the provider's SubmitRequest and the saved clip (VideoRecord) do
 * with it. A field added to GenerationRequest does not compile until it is placed here.
 */
export const REQUEST_FIELDS = {
  prompt: { draft: 'mapped', submit: 'copy', clip: 'copy' }, // the draft's prompt is sent trimmed
  connectionId: { draft: 'copy', submit: 'mapped', clip: 'copy' }, // resolved to the provider itself
  model: { draft: 'copy', submit: 'mapped', clip: 'copy' }, // sent as `modelId` with the catalog spec
  size: { draft: 'copy', submit: 'copy', clip: 'copy' },
  seconds: { draft: 'copy', submit: 'copy', clip: 'copy' },
  audio: { draft: 'mapped', submit: 'copy', clip: 'none' }, // a draft always has one (default on)
  fit: { draft: 'mapped', submit: 'mapped', clip: 'none' }, // applied to the reference images
  mode: { draft: 'mapped', submit: 'mapped', clip: 'none' }, // picks the catalog model
  variants: { draft: 'mapped', submit: 'copy', clip: 'none' }, // image mode only
  target: { draft: 'mapped', submit: 'none', clip: 'none' }, // image mode only; stills are fitted to it
  referenceAssetId: { draft: 'mapped', submit: 'mapped', clip: 'copy' }, // per reference mode / a file
  lastFrameAssetId: { draft: 'mapped', submit: 'mapped', clip: 'none' },
  referenceAssetIds: { draft: 'mapped', submit: 'mapped', clip: 'none' },
  remixOf: { draft: 'mapped', submit: 'mapped', clip: 'copy' }, // the remote handle or the clip itself
  segmentId: { draft: 'none', submit: 'none', clip: 'copy' },
  autoDuration: { draft: 'none', submit: 'none', clip: 'none' },
} as const satisfies Record<keyof GenerationRequest, Record<'draft' | 'submit' | 'clip', Carry>>;

type Boundary = 'draft' | 'submit' | 'clip';
type Fields = typeof REQUEST_FIELDS;
/** The fields a boundary copies as they are. */
export type CopiedFields<B extends Boundary> = {
  [K in keyof Fields]: Fields[K][B] extends 'copy' ? K : never;
}[keyof Fields];

function copied<B extends Boundary>(boundary: B): Array<CopiedFields<B>> {
  const keys = Object.keys(REQUEST_FIELDS) as Array<keyof Fields>;
  return keys.filter((k) => REQUEST_FIELDS[k][boundary] === 'copy') as Array<CopiedFields<B>>;
}

const DRAFT_COPIED = copied('draft');
const SUBMIT_COPIED = copied('submit');
const CLIP_COPIED = copied('clip');

/** The named fields of `source`, each present (an absent one as undefined, so a spread clears it). */
function pick<T, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, source[k]])) as Pick<T, K>;
}

/** What the prompt bar's draft asks for: one reference mode per request, stills' fields only for stills. */
export function requestFromDraft(draft: Draft, model: ModelSpec | undefined): GenerationRequest {
  const image = draft.mode === 'image';
  return {
    ...pick(draft, DRAFT_COPIED),
    prompt: draft.prompt.trim(),
    audio: draft.audio,
    fit: draft.fit,
    ...referenceRequest(draft, model),
    mode: draft.mode,
    variants: image ? draft.variants : undefined,
    target: image ? draft.target : undefined,
  };
}

/** A stored request back in the prompt bar (send again): the draft's defaults for what it left out. */
export function draftFromRequest(request: GenerationRequest): Partial<Draft> {
  return {
    ...pick(request, DRAFT_COPIED),
    mode: request.mode ?? 'video',
    prompt: request.prompt,
    audio: request.audio ?? true,
    fit: request.fit ?? 'crop',
    variants: request.variants ?? 1,
    target: request.target,
    referenceAssetId: request.referenceAssetId,
    lastFrameAssetId: request.lastFrameAssetId,
    referenceAssetIds: request.referenceAssetIds,
    remixOf: request.remixOf,
    refMode: request.referenceAssetIds?.length
      ? 'multi'
      : request.lastFrameAssetId
        ? 'first-last'
        : undefined,
  };
}

/** The request fields a provider gets as they are (the rest is resolved or turned into files). */
export function submitFields(request: GenerationRequest): Pick<GenerationRequest, CopiedFields<'submit'>> {
  return pick(request, SUBMIT_COPIED);
}

/** The request fields a saved clip keeps. */
export function clipFields(request: GenerationRequest): Pick<VideoRecord, CopiedFields<'clip'>> {
  return pick(request, CLIP_COPIED);
}

/** What resolves a request's connection and model (the store core, or the job runner's deps). */
export interface RequestLookup {
  readonly catalog: ModelCatalog;
  connection(id: string): Connection | undefined;
}

/** A request's connection and its catalog model, looked up once (either may be gone). */
export interface Resolved {
  connection?: Connection;
  model?: ModelSpec;
}

export function resolveRequest(
  lookup: RequestLookup,
  request: Pick<GenerationRequest, 'connectionId' | 'model' | 'mode'>,
): Resolved {
  const connection = lookup.connection(request.connectionId);
  const model = connection ? lookup.catalog.find(connection, request.model, request.mode) : undefined;
  return { connection, model };
}
