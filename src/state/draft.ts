import type { Connection, StillTarget } from '../types.ts';
import type { Draft } from './app-state.ts';
import type { ModelCatalog } from './catalog.ts';
import { coerceReferences } from './reference-draft.ts';
import { nearestStillSize } from './still-target.ts';

/** Keeps a draft legal: a known connection, a model it offers, and only that model's sizes and durations. */
export function coerceDraft(draft: Draft, catalog: ModelCatalog, connections: readonly Connection[]): Draft {
  const connection = connections.find((c) => c.id === draft.connectionId) ?? connections[0];
  if (!connection) return draft;
  const models = catalog.modelsFor(connection, draft.mode);
  const model = models.find((m) => m.id === draft.model) ?? models[0];
  if (!model) return { ...draft, connectionId: connection.id };
  const target = liveTarget(draft.target, catalog, connections);
  // A still made for a video is requested at (or nearest to) that video's size, then fitted to it.
  const size =
    model.mode === 'image' && target
      ? nearestStillSize(model, target.size)
      : model.sizes.some((s) => s.size === draft.size)
        ? draft.size
        : (model.sizes[0]?.size ?? draft.size);
  const seconds = model.durations.includes(draft.seconds)
    ? draft.seconds
    : (model.durations.find((d) => d >= draft.seconds) ?? model.durations[0] ?? draft.seconds);
  const acceptsReference = model.references.firstFrame || model.references.multiple > 0;
  return coerceReferences(
    {
      ...draft,
      connectionId: connection.id,
      model: model.id,
      size,
      seconds,
      audio: model.audio === 'toggle' ? draft.audio : model.audio === 'always',
      referenceAssetId: acceptsReference ? draft.referenceAssetId : undefined,
      remixOf: model.remix || model.extend ? draft.remixOf : undefined,
      variants: Math.min(4, Math.max(1, draft.variants)),
      target,
    },
    model,
  );
}

/** The target only while its connection still offers that video model at that size. */
function liveTarget(
  target: StillTarget | undefined,
  catalog: ModelCatalog,
  connections: readonly Connection[],
): StillTarget | undefined {
  const connection = target && connections.find((c) => c.id === target.connectionId);
  const model = connection && catalog.find(connection, target.model, 'video');
  return model?.sizes.some((s) => s.size === target?.size) ? target : undefined;
}

/**
 * Switching modes. Video → Image: the stills are for the clip being set up (its model and size become the
 * target). Image → Video: back to the target video model and size. A connection without still models
 * hands over to the local preview still.
 */
export function switchMode(
  draft: Draft,
  mode: Draft['mode'],
  catalog: ModelCatalog,
  connections: readonly Connection[],
): Draft {
  if (mode === draft.mode) return draft;
  if (mode === 'image') {
    const connection = connections.find((c) => c.id === draft.connectionId);
    const video = connection && catalog.find(connection, draft.model, 'video');
    const target = video?.references.firstFrame
      ? { connectionId: draft.connectionId, model: draft.model, size: draft.size }
      : draft.target;
    const hasStills = connection && catalog.modelsFor(connection, 'image').length > 0;
    const connectionId = hasStills
      ? draft.connectionId
      : (connections.find((c) => c.kind === 'local')?.id ?? draft.connectionId);
    return coerceDraft({ ...draft, mode, target, connectionId, remixOf: undefined }, catalog, connections);
  }
  const target = liveTarget(draft.target, catalog, connections);
  const back = target ? { connectionId: target.connectionId, model: target.model, size: target.size } : {};
  return coerceDraft({ ...draft, mode, ...back }, catalog, connections);
}
