/**
 * Records as they travel in a backup: JSON, with every Blob (anywhere in a record) replaced by a
 * reference to a media file of the archive, and Dates tagged so they come back as Dates.
 */
import { BackupError } from './errors.ts';

export const BLOB_TAG = '$rwBlob';
const DATE_TAG = '$rwDate';

export interface BlobRef {
  [BLOB_TAG]: string;
  type: string;
  size: number;
}

/** Replaces Blobs by references from `name(blob)`; calls `found` for each Blob met. */
export function encodeRecord(value: unknown, found: (blob: Blob) => string): unknown {
  if (value instanceof Blob) {
    const ref: BlobRef = { [BLOB_TAG]: found(value), type: value.type, size: value.size };
    return ref;
  }
  if (value instanceof Date) return { [DATE_TAG]: value.toISOString() };
  if (Array.isArray(value)) return value.map((item) => encodeRecord(item, found));
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
      throw new BackupError('bad-record', `A record holds a ${typeof value}, which a backup cannot carry.`);
    }
    return value;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new BackupError(
      'bad-record',
      `A record holds a ${value.constructor?.name ?? 'value'}, which a backup cannot carry.`,
    );
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = encodeRecord(item, found);
  }
  return out;
}

/** Every media path a decoded-but-not-yet-resolved record refers to. */
export function blobRefs(value: unknown, into: BlobRef[] = []): BlobRef[] {
  if (Array.isArray(value)) for (const item of value) blobRefs(item, into);
  else if (value && typeof value === 'object') {
    if (isBlobRef(value)) into.push(value);
    else for (const item of Object.values(value)) blobRefs(item, into);
  }
  return into;
}

/** Puts Blobs (from `resolve`) and Dates back into a record parsed from JSON. */
export function decodeRecord(value: unknown, resolve: (ref: BlobRef) => Blob): unknown {
  if (Array.isArray(value)) return value.map((item) => decodeRecord(item, resolve));
  if (!value || typeof value !== 'object') return value;
  if (isBlobRef(value)) return resolve(value);
  const tagged = value as Record<string, unknown>;
  if (typeof tagged[DATE_TAG] === 'string' && Object.keys(tagged).length === 1)
    return new Date(tagged[DATE_TAG]);
  // Keys come from the file: defined, never assigned, so a `__proto__` key cannot reach a prototype.
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(tagged))
    Object.defineProperty(out, key, {
      value: decodeRecord(item, resolve),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

export function isBlobRef(value: unknown): value is BlobRef {
  const ref = value as Partial<BlobRef> | null;
  return (
    !!ref && typeof ref === 'object' && typeof ref[BLOB_TAG] === 'string' && typeof ref.size === 'number'
  );
}

/** Every string inside a record (ids it points at); Blobs and blob references are skipped. */
export function stringsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value && typeof value === 'object' && !(value instanceof Blob) && !isBlobRef(value)) {
    for (const item of Object.values(value)) stringsIn(item, into);
  }
  return into;
}

/** True if the value holds a Blob anywhere. */
export function holdsBlob(value: unknown): boolean {
  if (value instanceof Blob) return true;
  if (Array.isArray(value)) return value.some(holdsBlob);
  if (value && typeof value === 'object') return Object.values(value).some(holdsBlob);
  return false;
}
