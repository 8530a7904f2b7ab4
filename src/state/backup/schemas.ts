/**
 * What an imported record may look like, one valibot schema per store, checked on the JSON as it comes
 * out of the file (blob references and date tags unresolved) and before anything is written.
 *
 * Fields this app always writes are required and checked for type, range and length; optional fields
 * are checked when present. Unknown fields are kept (records from other versions of this app carry
 * them), but every value anywhere in a record is held to the generic limits below, and every blob a
 * record points at must have a media type the store may hold: no HTML, SVG or script ever comes back as a
 * `blob:` URL of this origin.
 */
import * as v from 'valibot';
import { ERROR_KINDS, JOB_STATUSES } from '../../types.ts';
import { ModelEntrySchema } from '../model-schema.ts';
import { ConnectionsSchema, PROVIDER_KINDS } from './connection-schema.ts';
import { BLOB_TAG } from './records.ts';

/** Generic limits on any value of any record. */
export const RECORD_LIMITS = {
  depth: 24,
  /** Longest string (a script, a prompt, a caption track). */
  string: 1_000_000,
  array: 100_000,
  keys: 1_000,
} as const;

/** Media types a stored blob may have (parameters such as `; codecs=…` allowed); '' is an untyped blob. */
const BLOB_MIME =
  /^(image\/(png|jpeg|webp|gif|avif)|video\/(mp4|webm|quicktime)|audio\/(mp4|mpeg|mp3|wav|wave|x-wav|ogg|opus|aac|flac|x-flac|webm|x-m4a|aiff|x-aiff|pcm)|text\/vtt|application\/octet-stream)?(;[ \w=.,"+-]{0,200})?$/;
/** Media types an asset record may declare. */
const ASSET_MIME =
  /^(image\/(png|jpeg|webp|gif|avif)|video\/(mp4|webm|quicktime)|audio\/(mp4|mpeg|mp3|wav|wave|x-wav|ogg|opus|aac|flac|x-flac|webm|x-m4a|aiff|x-aiff|pcm))$/;

export const isAllowedBlobType = (type: string): boolean => BLOB_MIME.test(type.toLowerCase());

const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(300));
const ids = v.pipe(v.array(id), v.maxLength(10_000));
const name = str(1_000);
const text = str(RECORD_LIMITS.string);
/** Epoch milliseconds (or a count): a non-negative safe integer. */
const time = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const seconds = v.pipe(v.number(), v.minValue(0), v.maxValue(86_400));
const pixels = v.pipe(v.number(), v.minValue(0), v.maxValue(100_000));
/** USD: never negative, never absurd. */
const money = v.pipe(v.number(), v.minValue(0, 'Money cannot be negative'), v.maxValue(1_000_000));
const size = v.pipe(v.string(), v.regex(/^\d{1,5}x\d{1,5}$/, 'Invalid size'));
const provider = v.picklist(PROVIDER_KINDS, 'Unknown provider kind');
const optional = v.optional;

const ErrorInfoSchema = v.looseObject({
  kind: v.picklist(ERROR_KINDS),
  message: str(10_000),
  action: str(10_000),
  status: optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999))),
  code: optional(str(500)),
  requestId: optional(str(500)),
  field: optional(str(500)),
  retryable: v.boolean(),
});

const CastMemberSchema = v.looseObject({
  id,
  name: str(200),
  description: str(20_000),
  referenceIds: ids,
  voice: optional(str(2_000)),
  sheetJobIds: optional(ids),
});

const BlobRefSchema = v.object({
  [BLOB_TAG]: v.pipe(v.string(), v.startsWith('media/'), v.maxLength(500)),
  type: v.pipe(v.string(), v.check(isAllowedBlobType, 'This media type may not be stored')),
  size: count,
});

const StoreSchemas = {
  assets: v.looseObject({
    id,
    name,
    kind: v.picklist(['image', 'video', 'audio']),
    mime: v.pipe(v.string(), v.regex(ASSET_MIME, 'This media type may not be an asset')),
    bytes: count,
    width: optional(pixels),
    height: optional(pixels),
    duration: optional(seconds),
    sha256: str(128),
    created: time,
    tags: v.pipe(v.array(str(200)), v.maxLength(1_000)),
    blobId: id,
    thumbId: optional(id),
    origin: optional(
      v.looseObject({
        kind: v.picklist(['last-frame', 'generated-still', 'fitted']),
        videoId: optional(id),
        jobId: optional(id),
        prompt: optional(text),
      }),
    ),
  }),
  blobs: v.looseObject({ id, blob: BlobRefSchema }),
  videos: v.looseObject({
    id,
    jobId: id,
    prompt: text,
    connectionId: id,
    providerKind: provider,
    model: str(300),
    size,
    seconds,
    width: pixels,
    height: pixels,
    duration: seconds,
    codec: str(100),
    audioCodec: optional(str(100)),
    fps: optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1_000))),
    bitrate: optional(count),
    bytes: count,
    cost: money,
    providerJobId: optional(str(500)),
    referenceAssetId: optional(id),
    remixOf: optional(id),
    segmentId: optional(id),
    episodeId: optional(id),
    created: time,
    completed: time,
    blobId: id,
    thumbId: optional(id),
    spriteId: optional(id),
    favourite: optional(v.boolean()),
    tags: optional(v.pipe(v.array(str(200)), v.maxLength(1_000))),
    layout: optional(v.looseObject({ moov: v.tuple([count, count]), mdat: v.tuple([count, count]) })),
  }),
  prompts: v.looseObject({
    id,
    text,
    firstUsed: time,
    lastUsed: time,
    useCount: count,
    videoIds: ids,
  }),
  jobs: v.looseObject({
    id,
    request: v.looseObject({
      prompt: text,
      connectionId: id,
      model: str(300),
      size,
      seconds,
      variants: optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(16))),
    }),
    providerKind: provider,
    status: v.picklist(JOB_STATUSES),
    progress: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
    error: optional(ErrorInfoSchema),
    detail: optional(str(10_000)),
    created: time,
    updated: time,
    submittedAt: optional(time),
    deadline: time,
    nextAt: optional(time),
    attempts: count,
    estimatedCost: money,
    finalCost: optional(money),
    resultIds: optional(ids),
  }),
  spend: v.looseObject({
    jobId: id,
    connectionId: id,
    providerKind: provider,
    model: str(300),
    estimated: money,
    final: optional(money),
    day: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'Invalid day')),
    created: time,
    segmentId: optional(id),
  }),
  projects: v.looseObject({
    id,
    title: name,
    created: time,
    updated: time,
    cast: optional(v.pipe(v.array(CastMemberSchema), v.maxLength(1_000))),
    sets: optional(v.pipe(v.array(CastMemberSchema), v.maxLength(1_000))),
  }),
  episodes: v.looseObject({
    id,
    projectId: id,
    title: name,
    targetSeconds: seconds,
    aspect: str(20),
    size,
    connectionId: id,
    model: str(300),
    script: text,
    musicAssetId: optional(id),
    musicLevel: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
    captions: v.boolean(),
    exportVideoId: optional(id),
    autoApprove: optional(v.boolean()),
    created: time,
    updated: time,
  }),
  segments: v.looseObject({
    id,
    episodeId: id,
    order: count,
    title: name,
    prompt: text,
    caption: text,
    seconds,
    size: optional(size),
    continuity: v.picklist(['cut', 'chain', 'keyframe']),
    referenceAssetId: optional(id),
    takeIds: ids,
    approvedTakeId: optional(id),
    chainedFrom: optional(id),
    stillIds: optional(ids),
    approvedStillId: optional(id),
    castIds: optional(ids),
    castKeep: optional(ids),
    finalPrompt: optional(text),
    created: optional(time),
    updated: optional(time),
  }),
  settings: v.looseObject({ key: v.pipe(v.string(), v.minLength(1), v.maxLength(200)), value: v.unknown() }),
} as const;

/** Settings rows whose value has a known shape. */
const SettingSchemas: Record<string, v.GenericSchema> = {
  connections: ConnectionsSchema,
  budget: v.looseObject({
    dailyCap: optional(money),
    projectCaps: optional(v.record(id, money)),
  }),
  preferences: v.looseObject({
    pace: optional(v.picklist(['realistic', 'fast'])),
    maxAssetBytes: optional(count),
    persistenceAsked: optional(v.boolean()),
  }),
  customModels: v.pipe(v.array(ModelEntrySchema), v.maxLength(1_000)),
};

/** True when `store` has a schema of its own (a unit test keeps every store of the database covered). */
export const hasStoreSchema = (store: string): boolean => Object.hasOwn(StoreSchemas, store);

/** A record of a store this version has no schema for (added by a later version): generic limits only. */
const AnyRecord = v.looseObject({});

export type RecordCheck = { ok: true } | { ok: false; problem: string };

/** Checks one parsed NDJSON record of `store`: the generic limits, then the store's schema. */
export function checkRecord(store: string, raw: unknown): RecordCheck {
  const generic = genericProblem(raw, 0, '');
  if (generic) return { ok: false, problem: generic };
  const schema = Object.hasOwn(StoreSchemas, store)
    ? StoreSchemas[store as keyof typeof StoreSchemas]
    : AnyRecord;
  const result = v.safeParse(schema, raw);
  if (!result.success) return { ok: false, problem: describe(result.issues[0]) };
  if (store === 'settings') {
    const row = raw as { key: string; value: unknown };
    if (Object.hasOwn(SettingSchemas, row.key)) {
      const setting = v.safeParse(SettingSchemas[row.key]!, row.value);
      if (!setting.success) return { ok: false, problem: describe(setting.issues[0], 'value') };
    }
  }
  return { ok: true };
}

function describe(issue: v.BaseIssue<unknown>, prefix?: string): string {
  const path = [prefix, v.getDotPath(issue)].filter(Boolean).join('.');
  const received = issue.received && issue.received.length <= 60 ? ` (got ${issue.received})` : '';
  return `${path || 'the record'}: ${issue.message.replace(/^Invalid (type|key|length|value): /, '')}${received}`;
}

/** Depth, string, array and key-count limits; blob references anywhere must have an allowed type. */
function genericProblem(value: unknown, depth: number, path: string): string | undefined {
  if (depth > RECORD_LIMITS.depth) return `${path || 'the record'}: nested too deeply`;
  if (typeof value === 'string')
    return value.length > RECORD_LIMITS.string ? `${path}: text is too long` : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path}: not a number`;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    if (value.length > RECORD_LIMITS.array) return `${path}: list is too long`;
    for (const [i, item] of value.entries()) {
      const problem = genericProblem(item, depth + 1, path ? `${path}.${i}` : String(i));
      if (problem) return problem;
    }
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length > RECORD_LIMITS.keys) return `${path || 'the record'}: too many fields`;
  if (Object.hasOwn(value, BLOB_TAG)) {
    const ref = v.safeParse(BlobRefSchema, value);
    return ref.success ? undefined : `${path || 'the record'}.${describe(ref.issues[0])}`;
  }
  for (const key of keys) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype')
      return `${path ? `${path}.` : ''}${key}: this field name is not allowed`;
    const problem = genericProblem(
      (value as Record<string, unknown>)[key],
      depth + 1,
      path ? `${path}.${key}` : key,
    );
    if (problem) return problem;
  }
  return undefined;
}
