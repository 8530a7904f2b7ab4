import type { Connection } from '../types.ts';
import type { Draft } from './app-state.ts';
import type { ModelCatalog } from './catalog.ts';

/** Keeps a draft legal: a known connection, a model it offers, and only that model's sizes and durations. */
export function coerceDraft(draft: Draft, catalog: ModelCatalog, connections: readonly Connection[]): Draft {
  const connection = connections.find((c) => c.id === draft.connectionId) ?? connections[0];
  if (!connection) return draft;
  const models = catalog.modelsFor(connection, draft.mode);
  const model = models.find((m) => m.id === draft.model) ?? models[0];
  if (!model) return { ...draft, connectionId: connection.id };
  const size = model.sizes.some((s) => s.size === draft.size)
    ? draft.size
    : (model.sizes[0]?.size ?? draft.size);
  const seconds = model.durations.includes(draft.seconds)
    ? draft.seconds
    : (model.durations.find((d) => d >= draft.seconds) ?? model.durations[0] ?? draft.seconds);
  const acceptsReference = model.references.firstFrame || model.references.multiple > 0;
  return {
    ...draft,
    connectionId: connection.id,
    model: model.id,
    size,
    seconds,
    audio: model.audio === 'toggle' ? draft.audio : model.audio === 'always',
    referenceAssetId: acceptsReference ? draft.referenceAssetId : undefined,
    remixOf: model.remix ? draft.remixOf : undefined,
    variants: Math.min(4, Math.max(1, draft.variants)),
  };
}
