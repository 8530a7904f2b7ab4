/**
 * The user's custom model entries (Settings → Custom models): stored in settings under `customModels`,
 * each checked with the same schema as config/models/*.json before it is kept. Pure functions; the store
 * persists the list and hands it to the catalog.
 */
import type { ModelSpec } from '../types.ts';
import { parseCustomModels } from './catalog.ts';
import { validateModelEntry } from './model-schema.ts';

export const CUSTOM_MODELS_SETTING = 'customModels';

/** The same model: provider, id and mode (the catalog's key). */
export const sameModel = (a: ModelSpec, b: Pick<ModelSpec, 'provider' | 'id' | 'mode'>): boolean =>
  a.provider === b.provider && a.id === b.id && a.mode === b.mode;

export const customKey = (m: Pick<ModelSpec, 'provider' | 'id' | 'mode'>): string =>
  `${m.provider}:${m.mode}:${m.id}`;

export type CustomModelsChange =
  { ok: true; models: ModelSpec[]; message: string } | { ok: false; field: string; message: string };

/** "durations.1" → "durations[1]", the way a person reads a path into a JSON entry. */
export const fieldLabel = (field: string): string => field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');

function parseJson(text: string): { ok: true; json: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `This is not JSON: ${(error as Error).message}` };
  }
}

/**
 * Adds one entry (the JSON text of the editor), or replaces the entry `replacing` names. Refused with the
 * field named when the schema or the cross-field rules reject it, or when the id is taken.
 */
export function saveCustomModel(
  current: readonly ModelSpec[],
  builtIn: readonly ModelSpec[],
  text: string,
  replacing?: string,
): CustomModelsChange {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, field: '(entry)', message: parsed.message };
  const result = validateModelEntry(parsed.json);
  if (!result.ok)
    return {
      ok: false,
      field: fieldLabel(result.field),
      message: `${fieldLabel(result.field)}: ${result.message}`,
    };
  const entry = result.entry;
  const others = current.filter((m) => customKey(m) !== replacing);
  const clash = [...builtIn, ...others].find((m) => sameModel(m, entry));
  if (clash)
    return { ok: false, field: 'id', message: `id: ${clash.label} already uses the id ${clash.id}.` };
  const index = replacing ? current.findIndex((m) => customKey(m) === replacing) : -1;
  const models = [...others];
  models.splice(index >= 0 ? index : models.length, 0, entry);
  return { ok: true, models, message: `${index >= 0 ? 'Saved' : 'Added'} ${entry.label}.` };
}

/** Imports a file: one entry, a list, or `{ "models": [...] }`; an entry with a known id replaces it. */
export function importCustomModels(
  current: readonly ModelSpec[],
  builtIn: readonly ModelSpec[],
  text: string,
): CustomModelsChange {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, field: '(file)', message: parsed.message };
  const result = parseCustomModels(parsed.json, builtIn);
  if (!result.ok) {
    const field = fieldLabel(result.field);
    return { ok: false, field, message: `Entry ${result.index + 1}, ${field}: ${result.message}` };
  }
  const models = [...current.filter((m) => !result.models.some((n) => sameModel(n, m))), ...result.models];
  const n = result.models.length;
  return { ok: true, models, message: `Imported ${n} model${n === 1 ? '' : 's'}.` };
}

export const removeCustomModel = (current: readonly ModelSpec[], key: string): ModelSpec[] =>
  current.filter((m) => customKey(m) !== key);

/** The file an export writes: the shape of config/models/*.json, so it imports anywhere. */
export const exportCustomModels = (current: readonly ModelSpec[]): string =>
  `${JSON.stringify({ models: current }, null, 2)}\n`;

/** Stored entries are checked again on load: one that no longer passes is dropped, not trusted. */
export function loadCustomModels(stored: unknown, builtIn: readonly ModelSpec[]): ModelSpec[] {
  if (!Array.isArray(stored)) return [];
  const models: ModelSpec[] = [];
  for (const raw of stored) {
    const result = validateModelEntry(raw);
    if (result.ok && ![...builtIn, ...models].some((m) => sameModel(m, result.entry)))
      models.push(result.entry);
  }
  return models;
}

/** A starting point for a new entry: a fal text-to-video model with the fields the schema requires. */
export const CUSTOM_MODEL_TEMPLATE: ModelSpec = {
  provider: 'fal',
  id: 'vendor/new-model/text-to-video',
  label: 'New model',
  mode: 'video',
  durations: [5, 10],
  durationEncoding: 'string',
  sizes: [{ size: '720x1280', params: { aspect_ratio: '9:16', resolution: '720p' } }],
  references: { firstFrame: false, lastFrame: false, multiple: 0 },
  remix: false,
  extend: false,
  audio: 'none',
  perSecond: 0.1,
  endpoints: { text: 'vendor/new-model/text-to-video' },
  fields: { duration: 'duration' },
};
