/**
 * The one schema for a model entry (config/models/*.json and the user's custom models), defined once with
 * valibot. It validates custom entries at run time (`validateModelEntry`), and `npm run catalog:schema`
 * writes it out as JSON Schema (config/models/model.schema.json) for editors and other tools. The JSON
 * Schema carries the structure; the cross-field rules below (a first-frame model names its endpoint and
 * field, durations ascend, …) run only here.
 */
import * as v from 'valibot';
import { OUTPUT_CODECS, REFERENCE_KINDS, type ModelSpec, type Size } from '../types.ts';

const MAX_SECONDS = 120;

const text = (field: string, max: number) =>
  v.pipe(
    v.string(`${field} must be text.`),
    v.minLength(1, `${field} must not be empty.`),
    v.maxLength(max, `${field} must be at most ${max} characters.`),
  );

/** An API field or endpoint name: no spaces. */
const token = (field: string) =>
  v.pipe(text(field, 200), v.regex(/^\S+$/, `${field} must not contain spaces.`));

const seconds = (field: string) =>
  v.pipe(
    v.number(`${field} must be a number of seconds.`),
    v.integer(`${field} must be whole seconds.`),
    v.minValue(1, `${field} must be at least 1 second.`),
    v.maxValue(MAX_SECONDS, `${field} must be at most ${MAX_SECONDS} seconds.`),
  );

const price = (field: string) =>
  v.pipe(
    v.number(`${field} must be a price in USD.`),
    v.minValue(0, `${field} must not be negative.`),
    v.maxValue(100, `${field} must be at most $100.`),
  );

const count = (field: string, min: number, max: number) =>
  v.pipe(
    v.number(`${field} must be a number.`),
    v.integer(`${field} must be a whole number.`),
    v.minValue(min, `${field} must be at least ${min}.`),
    v.maxValue(max, `${field} must be at most ${max}.`),
  );

/** A strict object whose issues name the key: unknown keys are refused, missing keys named. */
function strict<const T extends v.ObjectEntries>(name: string, entries: T, example: string) {
  return v.strictObject(entries, (issue) => {
    const key = issue.path?.at(-1)?.key;
    const where = name ? `${name}.${String(key)}` : String(key);
    if (issue.expected === 'never') return `Unknown key ${where}.`;
    if (key !== undefined && issue.received === 'undefined') return `${where} is required.`;
    return `${name || 'The entry'} must be an object like ${example}.`;
  });
}

const OutputSchema = v.pipe(
  strict(
    'output',
    {
      codec: v.picklist(OUTPUT_CODECS, `codec must be one of ${OUTPUT_CODECS.join(', ')}.`),
      confirmed: v.optional(v.boolean('confirmed must be true or false.')),
    },
    '{"codec": "h264"}',
  ),
  v.description('The codec of the returned clip; confirmed when a provider source states it.'),
);

const SizeOptionSchema = strict(
  'size',
  {
    // Typed as the domain's `${number}x${number}`; the regex is what enforces it.
    size: v.pipe(
      v.string('size must be text like 720x1280.'),
      v.regex(/^[1-9]\d{1,4}x[1-9]\d{1,4}$/, 'size must be WIDTHxHEIGHT in pixels, like 720x1280.'),
    ) as unknown as v.GenericSchema<Size, Size>,
    params: v.optional(
      v.pipe(
        v.record(v.string(), v.string('params values must be text.'), 'params must be an object.'),
        v.description(
          'Provider inputs sent for this size, e.g. {"aspect_ratio": "9:16", "resolution": "720p"}.',
        ),
      ),
    ),
    perSecond: v.optional(price('perSecond')),
    perSecondAudio: v.optional(price('perSecondAudio')),
    output: v.optional(OutputSchema),
  },
  '{"size": "720x1280"}',
);

const MODES = ['text', 'image', 'first-last', 'reference', 'extend'] as const;

const EndpointsSchema = strict(
  'endpoints',
  Object.fromEntries(MODES.map((mode) => [mode, v.optional(token(`endpoints.${mode}`))])) as Record<
    (typeof MODES)[number],
    v.OptionalSchema<ReturnType<typeof token>, undefined>
  >,
  '{"text": "fal-ai/…", "image": "fal-ai/…/image-to-video"}',
);

const FieldsSchema = strict(
  'fields',
  {
    duration: v.optional(token('fields.duration')),
    image: v.optional(token('fields.image')),
    firstImage: v.optional(token('fields.firstImage')),
    lastImage: v.optional(token('fields.lastImage')),
    images: v.optional(token('fields.images')),
    imagesEncoding: v.optional(
      v.picklist(['list', 'elements'], 'fields.imagesEncoding must be list or elements.'),
    ),
    video: v.optional(token('fields.video')),
    audio: v.optional(token('fields.audio')),
    count: v.optional(token('fields.count')),
  },
  '{"image": "image_url"}',
);

const ENTRY_KEYS = {
  provider: v.picklist(['local', 'openai', 'fal'], 'provider must be one of local, openai, fal.'),
  id: v.pipe(token('id'), v.description('The model id sent to the provider (fal: the base endpoint id).')),
  label: text('label', 120),
  mode: v.picklist(['video', 'image'], 'mode must be video or image.'),
  durations: v.pipe(
    v.array(seconds('durations'), 'durations must be a list of whole seconds, like [4, 6, 8].'),
    v.maxLength(MAX_SECONDS, `durations may list at most ${MAX_SECONDS} values.`),
    v.description('Legal clip lengths in seconds, ascending. Empty for still models.'),
  ),
  durationEncoding: v.picklist(
    ['string', 'integer', 'string-s'],
    'durationEncoding must be string ("8"), integer (8) or string-s ("8s").',
  ),
  durationAuto: v.optional(
    v.pipe(
      strict(
        'durationAuto',
        { value: text('durationAuto.value', 20), maxSeconds: seconds('durationAuto.maxSeconds') },
        '{"value": "auto", "maxSeconds": 30}',
      ),
      v.description('The model picks the length: the value sent, and the longest clip it may pick.'),
    ),
  ),
  sizes: v.pipe(
    v.array(SizeOptionSchema, 'sizes must be a list of {"size": "720x1280"} entries.'),
    v.minLength(1, 'sizes must list at least one size.'),
  ),
  sizeRule: v.optional(
    strict(
      'sizeRule',
      {
        multipleOf: count('sizeRule.multipleOf', 1, 512),
        minEdge: count('sizeRule.minEdge', 1, 16_384),
        maxEdge: count('sizeRule.maxEdge', 1, 16_384),
        maxPixels: count('sizeRule.maxPixels', 1, 268_435_456),
        maxAspect: v.pipe(v.number('sizeRule.maxAspect must be a number.'), v.minValue(1)),
      },
      '{"multipleOf": 16, "minEdge": 256, "maxEdge": 3840, "maxPixels": 8294400, "maxAspect": 3}',
    ),
  ),
  references: strict(
    'references',
    {
      firstFrame: v.boolean('references.firstFrame must be true or false.'),
      lastFrame: v.boolean('references.lastFrame must be true or false.'),
      multiple: count('references.multiple', 0, 50),
      multipleKind: v.optional(
        v.picklist(REFERENCE_KINDS, `references.multipleKind must be one of ${REFERENCE_KINDS.join(', ')}.`),
      ),
    },
    '{"firstFrame": true, "lastFrame": false, "multiple": 1}',
  ),
  remix: v.boolean('remix must be true or false.'),
  extend: v.boolean('extend must be true or false.'),
  audio: v.picklist(['toggle', 'always', 'none'], 'audio must be toggle, always or none.'),
  perSecond: v.pipe(price('perSecond'), v.description('USD per generated second (without audio).')),
  perSecondAudio: v.optional(price('perSecondAudio')),
  perImage: v.optional(price('perImage')),
  endpoints: v.optional(EndpointsSchema),
  defaults: v.optional(v.record(v.string(), v.unknown(), 'defaults must be an object.')),
  fields: v.optional(FieldsSchema),
  output: v.optional(OutputSchema),
  note: v.optional(v.pipe(v.string('note must be text.'), v.maxLength(4000, 'note is too long.'))),
  verified: v.optional(v.boolean('verified must be true or false.')),
  unverified: v.optional(text('unverified', 2000)),
};

type Entry = v.InferOutput<v.StrictObjectSchema<typeof ENTRY_KEYS, undefined>>;

/** A rule over several fields; `path` names the field the message is about. */
interface Rule {
  path: string[];
  message: (entry: Entry) => string | undefined;
}

const maxOf = (list: readonly number[]): number => list.at(-1) ?? 0;

const RULES: Rule[] = [
  {
    path: ['durations'],
    message: (e) =>
      e.mode === 'video' && e.durations.length === 0
        ? 'durations must list at least one length for a video model.'
        : e.durations.some((d, i) => i > 0 && d <= e.durations[i - 1]!)
          ? 'durations must ascend without repeats, like [4, 6, 8].'
          : undefined,
  },
  {
    path: ['durationAuto', 'maxSeconds'],
    message: (e) =>
      e.durationAuto && e.durationAuto.maxSeconds < maxOf(e.durations)
        ? `durationAuto.maxSeconds must be at least the longest duration (${maxOf(e.durations)} s): estimates plan for the longest clip the model may pick.`
        : undefined,
  },
  {
    path: ['sizes'],
    message: (e) => {
      const seen = new Set<string>();
      const twice = e.sizes.find((s) => (seen.has(s.size) ? true : (seen.add(s.size), false)));
      return twice ? `sizes lists ${twice.size} twice.` : undefined;
    },
  },
  {
    path: ['references', 'multipleKind'],
    message: (e) =>
      e.references.multipleKind && e.references.multiple < 2
        ? 'references.multipleKind only applies when references.multiple is 2 or more.'
        : undefined,
  },
  {
    path: ['unverified'],
    message: (e) =>
      e.verified === false && !e.unverified
        ? 'unverified must say which facts could not be checked, and why.'
        : e.verified !== false && e.unverified
          ? 'unverified is only for an entry with "verified": false.'
          : undefined,
  },
  { path: ['endpoints'], message: (e) => falOnly(e, falEndpointProblem) },
  { path: ['fields'], message: (e) => falOnly(e, falFieldProblem) },
];

function falOnly(e: Entry, check: (e: Entry) => string | undefined): string | undefined {
  return e.provider === 'fal' ? check(e) : undefined;
}

/** A fal model names an endpoint for every mode it claims, and claims every mode it names. */
function falEndpointProblem(e: Entry): string | undefined {
  const endpoints = e.endpoints ?? {};
  if (!endpoints.text && !endpoints.image) return 'endpoints must name at least a text or an image endpoint.';
  if (e.mode === 'video' && !endpoints.text) return 'endpoints.text is required for a fal video model.';
  if (e.references.firstFrame && !endpoints.image)
    return 'endpoints.image is required when references.firstFrame is true.';
  if (e.references.lastFrame && !endpoints['first-last'])
    return 'endpoints.first-last is required when references.lastFrame is true.';
  if (e.references.multiple > 1 && !endpoints.reference)
    return 'endpoints.reference is required when references.multiple is 2 or more.';
  if (endpoints.reference && e.references.multiple < 2)
    return 'endpoints.reference needs references.multiple of 2 or more.';
  if (e.extend && !endpoints.extend) return 'endpoints.extend is required when extend is true.';
  if (endpoints.extend && !e.extend) return 'endpoints.extend needs "extend": true.';
  return undefined;
}

/** …and the input field each of those modes fills. */
function falFieldProblem(e: Entry): string | undefined {
  const fields = e.fields ?? {};
  if (e.references.firstFrame && !fields.image) return 'fields.image (the first-frame input) is required.';
  if (e.references.lastFrame && !fields.lastImage)
    return 'fields.lastImage (the last-frame input) is required.';
  if (e.references.multiple > 1 && !fields.images)
    return 'fields.images (the reference list input) is required.';
  if (fields.imagesEncoding && !fields.images) return 'fields.imagesEncoding needs fields.images.';
  if (e.extend && !fields.video) return 'fields.video (the clip to extend) is required.';
  if (e.audio === 'toggle' && e.mode === 'video' && !fields.audio)
    return 'fields.audio (the audio switch input) is required when audio is toggle.';
  return undefined;
}

/** The model entry schema: structure, then the cross-field rules (each reported on its own field). */
export const ModelEntrySchema = v.pipe(
  strict('', ENTRY_KEYS, '{"provider": "fal", "id": "…", …}'),
  ...RULES.map((rule) =>
    v.forward(
      v.check<Entry, (issue: v.CheckIssue<Entry>) => string>(
        (entry) => rule.message(entry) === undefined,
        (issue) => rule.message(issue.input) ?? '',
      ),
      rule.path as never,
    ),
  ),
);

export type ModelEntry = v.InferOutput<typeof ModelEntrySchema>;

// The schema and the domain type must describe the same thing: each is assignable to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _entryIsModelSpec: Same<ModelEntry, ModelSpec> = true;
void _entryIsModelSpec;

export type ModelEntryResult =
  { ok: true; entry: ModelSpec } | { ok: false; field: string; message: string; problems: string[] };

/**
 * Checks one model entry (a parsed JSON object) before it is trusted: the first problem names its field
 * (`sizes.1.size`, `endpoints`), `problems` lists them all. Nothing is changed on failure.
 */
export function validateModelEntry(json: unknown): ModelEntryResult {
  const result = v.safeParse(ModelEntrySchema, json);
  if (result.success) return { ok: true, entry: result.output };
  const described = result.issues.map((issue) => {
    const field = unknownKey(issue) ?? v.getDotPath(issue) ?? '(entry)';
    return { field, message: issue.message };
  });
  const first = described[0]!;
  return {
    ok: false,
    field: first.field,
    message: first.message,
    problems: described.map((d) => `${d.field}: ${d.message}`),
  };
}

/** A strict object reports an unknown key at the object itself; name the key instead. */
function unknownKey(issue: v.BaseIssue<unknown>): string | undefined {
  if (issue.expected !== 'never' || !issue.path?.length) return undefined;
  return v.getDotPath(issue) ?? undefined;
}

/** The shapes a custom model file may take: one entry, a list, or a catalog file `{ "models": [...] }`. */
export function entriesOf(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object' && Array.isArray((json as { models?: unknown }).models))
    return (json as { models: unknown[] }).models;
  return [json];
}
