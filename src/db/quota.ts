/**
 * Storage-full errors and storage estimates. Repositories turn any quota failure into a
 * `StorageFullError` so the store can show one plain message, whatever the browser called it.
 */

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
/** Legacy DOMException codes: 22 (QUOTA_EXCEEDED_ERR), 1014 (Firefox NS_ERROR_DOM_QUOTA_REACHED). */
const QUOTA_CODES = new Set([22, 1014]);

export class StorageFullError extends Error {
  override name = 'StorageFullError';

  constructor(options?: { cause?: unknown }) {
    super(
      'Your device is out of space for Reelwright. Delete clips or assets you no longer need, or free space on this device, then try again.',
      options,
    );
  }
}

/** True for every browser's flavour of "the origin's storage quota is exhausted". */
export function isQuotaError(error: unknown): boolean {
  if (error instanceof StorageFullError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (typeof name === 'string' && QUOTA_NAMES.has(name)) return true;
  return error instanceof DOMException && typeof code === 'number' && QUOTA_CODES.has(code);
}

/** Maps quota failures to `StorageFullError`; every other error is returned unchanged. */
export function toStorageError(error: unknown): unknown {
  if (error instanceof StorageFullError || !isQuotaError(error)) return error;
  return new StorageFullError({ cause: error });
}

export interface StorageEstimateInfo {
  /** False when the browser has no StorageManager (old browsers, insecure contexts, Node). */
  supported: boolean;
  /** Bytes used by this origin, when known. */
  usage?: number;
  /** Bytes this origin may use, when known. */
  quota?: number;
  /** Whether storage is persistent (not evicted under pressure); undefined when unknown. */
  persisted?: boolean;
}

type StorageLike = Partial<Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>>;

const defaultStorage = (): StorageLike | undefined =>
  typeof navigator === 'undefined' ? undefined : (navigator.storage as StorageLike | undefined);

/** How much space the app uses and may use. Never throws; missing APIs read as unknown. */
export async function estimateStorage(
  storage: StorageLike | undefined = defaultStorage(),
): Promise<StorageEstimateInfo> {
  if (!storage?.estimate) return { supported: false };
  const [estimate, persisted] = await Promise.all([
    storage.estimate().catch(() => undefined),
    storage.persisted ? storage.persisted().catch(() => undefined) : Promise.resolve(undefined),
  ]);
  return { supported: true, usage: estimate?.usage, quota: estimate?.quota, persisted };
}

/** Asks the browser to keep this origin's data under storage pressure. Resolves false if unsupported. */
export async function requestPersistentStorage(
  storage: StorageLike | undefined = defaultStorage(),
): Promise<boolean> {
  if (!storage?.persist) return false;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}
