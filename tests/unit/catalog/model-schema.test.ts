import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import fal from '../../../config/models/fal.json';
import local from '../../../config/models/local.json';
import openai from '../../../config/models/openai.json';
import { parseCustomModels } from '../../../src/state/catalog.ts';
import { MODEL_SCHEMA_PATH, modelSchemaText } from '../../../src/state/model-schema-json.ts';
import { validateModelEntry } from '../../../src/state/model-schema.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const committed = readFileSync(`${root}${MODEL_SCHEMA_PATH}`, 'utf8');
const entries = [...fal.models, ...openai.models, ...local.models] as unknown[];
const ajv = new Ajv({ allErrors: true });
const ajvValidate = ajv.compile(JSON.parse(committed));

/** A small, valid custom fal model to break one field at a time. */
const custom = () => ({
  provider: 'fal',
  id: 'acme/new-model',
  label: 'Acme New Model',
  mode: 'video',
  durations: [5, 10],
  durationEncoding: 'integer',
  durationAuto: { value: 'auto', maxSeconds: 10 },
  sizes: [{ size: '720x1280', params: { aspect_ratio: '9:16' } }],
  references: { firstFrame: true, lastFrame: false, multiple: 4, multipleKind: 'images' },
  remix: false,
  extend: false,
  audio: 'toggle',
  perSecond: 0.1,
  perSecondAudio: 0.15,
  endpoints: { text: 'acme/new-model/t2v', image: 'acme/new-model/i2v', reference: 'acme/new-model/r2v' },
  fields: { image: 'image_url', images: 'image_urls', audio: 'generate_audio' },
  output: { codec: 'hevc' },
});

describe('the model entry schema (one definition, valibot → JSON Schema)', () => {
  it('the committed config/models/model.schema.json is what `npm run catalog:schema` generates', async () => {
    expect(committed).toBe(await modelSchemaText(root));
  });

  it.each(entries.map((e) => [(e as { id: string }).id, e] as const))(
    '%s validates with valibot and with ajv against the committed JSON Schema',
    (_id, entry) => {
      const result = validateModelEntry(entry);
      expect(result.ok ? [] : result.problems).toEqual([]);
      expect(ajvValidate(entry), JSON.stringify(ajvValidate.errors)).toBe(true);
    },
  );

  it('accepts a well-formed custom model, and ajv agrees', () => {
    expect(validateModelEntry(custom())).toMatchObject({ ok: true, entry: { id: 'acme/new-model' } });
    expect(ajvValidate(custom())).toBe(true);
  });

  it.each([
    [
      'a size that is not WxH',
      (e: ReturnType<typeof custom>) => (e.sizes[0]!.size = '9:16'),
      'sizes.0.size',
      /WIDTHxHEIGHT/,
    ],
    ['an unknown key', (e: Record<string, unknown>) => (e.colour = 'red'), 'colour', /Unknown key colour/],
    [
      'a missing price',
      (e: Record<string, unknown>) => delete e.perSecond,
      'perSecond',
      /perSecond is required/,
    ],
    [
      'fractional seconds',
      (e: ReturnType<typeof custom>) => (e.durations = [4.5]),
      'durations.0',
      /whole seconds/,
    ],
    [
      'an unknown codec',
      (e: ReturnType<typeof custom>) => (e.output = { codec: 'av1' as 'hevc' }),
      'output.codec',
      /h264, hevc/,
    ],
    [
      'an unknown reference kind',
      (e: ReturnType<typeof custom>) => (e.references.multipleKind = 'faces'),
      'references.multipleKind',
      /images, ingredients, elements/,
    ],
  ])('refuses %s, naming the field (valibot and ajv)', (_what, breakIt, field, message) => {
    const entry = custom();
    breakIt(entry as never);
    const result = validateModelEntry(entry);
    expect(result).toMatchObject({ ok: false, field });
    if (!result.ok) expect(result.message).toMatch(message);
    expect(ajvValidate(entry)).toBe(false);
  });

  it.each([
    [
      'durations out of order',
      (e: ReturnType<typeof custom>) => (e.durations = [10, 5]),
      'durations',
      /ascend/,
    ],
    [
      'an auto maximum below the longest duration',
      (e: ReturnType<typeof custom>) => (e.durationAuto.maxSeconds = 5),
      'durationAuto.maxSeconds',
      /at least the longest/,
    ],
    [
      'a first-frame model without its endpoint',
      (e: ReturnType<typeof custom>) => delete (e.endpoints as Record<string, string>).image,
      'endpoints',
      /endpoints.image is required/,
    ],
    [
      'several references without the list field',
      (e: ReturnType<typeof custom>) => delete (e.fields as Record<string, string>).images,
      'fields',
      /fields.images/,
    ],
    [
      'an audio switch without its input',
      (e: ReturnType<typeof custom>) => delete (e.fields as Record<string, string>).audio,
      'fields',
      /fields.audio/,
    ],
    [
      'the same size twice',
      (e: ReturnType<typeof custom>) => e.sizes.push({ ...e.sizes[0]! }),
      'sizes',
      /twice/,
    ],
    [
      '"verified": false without a reason',
      (e: Record<string, unknown>) => (e.verified = false),
      'unverified',
      /which facts/,
    ],
  ])('refuses %s (a cross-field rule valibot checks), naming the field', (_what, breakIt, field, message) => {
    const entry = custom();
    breakIt(entry as never);
    const result = validateModelEntry(entry);
    expect(result).toMatchObject({ ok: false, field });
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('refuses what is not an object at all', () => {
    expect(validateModelEntry('sora-2')).toMatchObject({ ok: false, field: '(entry)' });
    expect(validateModelEntry(null)).toMatchObject({ ok: false });
  });
});

describe('parseCustomModels', () => {
  it('takes one entry, a list, or a catalog file, and refuses a whole file at its first bad entry', () => {
    expect(parseCustomModels(custom())).toMatchObject({ ok: true, models: [{ id: 'acme/new-model' }] });
    expect(parseCustomModels({ models: [custom()] })).toMatchObject({ ok: true });
    const second = { ...custom(), id: 'acme/other', sizes: [] };
    expect(parseCustomModels([custom(), second])).toMatchObject({ ok: false, index: 1, field: 'sizes' });
  });

  it('refuses an id the catalog already has for that provider and mode', () => {
    const clash = { ...custom(), id: 'fal-ai/veo3.1' };
    const result = parseCustomModels(clash, fal.models as never);
    expect(result).toMatchObject({ ok: false, index: 0, field: 'id' });
    if (!result.ok) expect(result.message).toMatch(/Veo 3.1/);
  });
});
