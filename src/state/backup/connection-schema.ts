/**
 * The schema of a connection as a backup carries it (checked by the importer with every other record):
 * https, or plain http to this machine only; concurrency 1–8; a provider kind this app knows.
 * Kept apart from imported-connections.ts so valibot stays out of the app's first script.
 */
import * as v from 'valibot';
import { isAllowedBaseUrl } from '../base-url.ts';

export const PROVIDER_KINDS = ['local', 'openai', 'fal'] as const;
export const MAX_CONCURRENCY = 8;

const short = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** One connection as a backup carries it (keys never travel here; unknown fields are kept as they are). */
export const ConnectionSchema = v.looseObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(200), v.regex(/^[\w.:-]+$/, 'Invalid connection id')),
  kind: v.picklist(PROVIDER_KINDS, 'Unknown provider kind'),
  label: short(200),
  baseUrl: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(2048),
      v.check(isAllowedBaseUrl, 'The base URL must be https (or http to localhost)'),
    ),
  ),
  authStyle: v.optional(v.picklist(['bearer', 'api-key'])),
  organization: v.optional(short(200)),
  project: v.optional(short(200)),
  models: v.optional(v.pipe(v.array(short(300)), v.maxLength(500))),
  sizes: v.optional(v.pipe(v.array(v.pipe(v.string(), v.regex(/^\d{1,5}x\d{1,5}$/))), v.maxLength(100))),
  durations: v.optional(
    v.pipe(v.array(v.pipe(v.number(), v.minValue(0), v.maxValue(3600))), v.maxLength(100)),
  ),
  concurrency: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(1, 'Concurrency must be 1–8'),
    v.maxValue(MAX_CONCURRENCY, 'Concurrency must be 1–8'),
  ),
  sizeFormat: v.optional(v.picklist(['pixels', 'aspect'])),
  imported: v.optional(v.boolean()),
});

/** The `connections` settings row: a list of connections. */
export const ConnectionsSchema = v.pipe(v.array(ConnectionSchema), v.maxLength(200));
