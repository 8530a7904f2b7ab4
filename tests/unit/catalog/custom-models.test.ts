import { describe, expect, it } from 'vitest';
import { createCatalog, validateRequest } from '../../../src/state/catalog.ts';
import {
  CUSTOM_MODEL_TEMPLATE,
  customKey,
  exportCustomModels,
  fieldLabel,
  importCustomModels,
  loadCustomModels,
  removeCustomModel,
  saveCustomModel,
} from '../../../src/state/custom-models.ts';
import type { Connection, ModelSpec } from '../../../src/types.ts';

const builtIn = createCatalog().catalogModels;
const entry = (over: Partial<ModelSpec> = {}): ModelSpec => ({ ...CUSTOM_MODEL_TEMPLATE, ...over });
const text = (value: unknown): string => JSON.stringify(value);
const fal: Connection = {
  id: 'fal-1',
  kind: 'fal',
  label: 'fal',
  baseUrl: 'https://queue.fal.run',
  concurrency: 2,
};

describe('custom models', () => {
  it('adds a valid entry, then edits it in place and removes it', () => {
    const added = saveCustomModel([], builtIn, text(entry()));
    expect(added).toMatchObject({ ok: true, message: 'Added New model.' });
    const models = added.ok ? added.models : [];
    expect(models).toHaveLength(1);
    const edited = saveCustomModel(models, builtIn, text(entry({ label: 'Renamed' })), customKey(models[0]!));
    expect(edited.ok && edited.models.map((m) => m.label)).toEqual(['Renamed']);
    expect(removeCustomModel(edited.ok ? edited.models : [], customKey(models[0]!))).toEqual([]);
  });

  it('refuses an invalid entry with the field named, e.g. durations[1]', () => {
    const result = saveCustomModel([], builtIn, text({ ...entry(), durations: [5, 'ten'] }));
    expect(result).toEqual({
      ok: false,
      field: 'durations[1]',
      message: 'durations[1]: durations must be a number of seconds.',
    });
    const tooLong = saveCustomModel([], builtIn, text({ ...entry(), durations: [5, 500] }));
    expect(tooLong).toMatchObject({ ok: false, field: 'durations[1]' });
    const badSize = saveCustomModel([], builtIn, text({ ...entry(), sizes: [{ size: '9:16' }] }));
    expect(badSize).toMatchObject({ ok: false, field: 'sizes[0].size' });
    const missing = saveCustomModel([], builtIn, text({ ...entry(), perSecond: undefined }));
    expect(missing).toMatchObject({
      ok: false,
      field: 'perSecond',
      message: 'perSecond: perSecond is required.',
    });
    expect(saveCustomModel([], builtIn, '{ nope')).toMatchObject({ ok: false, field: '(entry)' });
  });

  it('refuses an id the catalog already uses', () => {
    const veo = builtIn.find((m) => m.id === 'fal-ai/veo3.1')!;
    expect(saveCustomModel([], builtIn, text(veo))).toMatchObject({ ok: false, field: 'id' });
  });

  it('imports a file (list or {models}) and exports the same shape; a bad entry refuses the file', () => {
    const second = entry({ id: 'vendor/other', label: 'Other', endpoints: { text: 'vendor/other' } });
    const imported = importCustomModels([], builtIn, text({ models: [entry(), second] }));
    expect(imported).toMatchObject({ ok: true, message: 'Imported 2 models.' });
    const models = imported.ok ? imported.models : [];
    const again = importCustomModels([], builtIn, exportCustomModels(models));
    expect(again.ok && again.models).toEqual(models);
    const bad = importCustomModels(models, builtIn, text([entry(), { ...second, audio: 'loud' }]));
    expect(bad).toMatchObject({ ok: false, field: 'audio' });
    expect(bad.ok ? '' : bad.message).toMatch(/^Entry 2, audio: /);
  });

  it('drops stored entries that no longer pass the schema', () => {
    expect(loadCustomModels([entry(), { ...entry({ id: 'x' }), sizes: [] }], builtIn)).toEqual([entry()]);
    expect(loadCustomModels('junk', builtIn)).toEqual([]);
  });

  it('the catalog offers a custom model on its provider, unverified, and requests are checked against it', () => {
    const catalog = createCatalog();
    catalog.setCustom([entry()]);
    const model = catalog.find(fal, CUSTOM_MODEL_TEMPLATE.id);
    expect(model?.durations).toEqual([5, 10]);
    expect(model?.verified).not.toBe(true);
    // A connection that lists its models still offers the custom one.
    expect(catalog.find({ ...fal, models: ['fal-ai/veo3.1'] }, CUSTOM_MODEL_TEMPLATE.id)).toBeDefined();
    const request = {
      prompt: 'A rooftop at dusk',
      connectionId: fal.id,
      model: CUSTOM_MODEL_TEMPLATE.id,
      size: '720x1280' as const,
      seconds: 5,
    };
    expect(validateRequest(model, request)).toEqual([]);
    expect(validateRequest(model, { ...request, seconds: 8 }).map((p) => p.field)).toEqual(['seconds']);
    expect(validateRequest(model, { ...request, size: '1080x1920' }).map((p) => p.field)).toEqual(['size']);
  });

  it('names paths the way JSON is read', () => {
    expect(fieldLabel('sizes.1.size')).toBe('sizes[1].size');
    expect(fieldLabel('endpoints.first-last')).toBe('endpoints.first-last');
  });
});
