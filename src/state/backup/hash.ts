/** SHA-256 of a Blob: natively when it fits a bounded buffer, else streamed through the JS hasher. */
import { sha256OfStream, toHex } from './sha256.ts';

/**
 * Up to this size a blob is read into one buffer and hashed by WebCrypto (native speed, ~10x the JS
 * hasher); above it, memory matters more than speed and the blob is hashed as a stream in constant memory.
 */
export const NATIVE_HASH_LIMIT = 64 * 1024 * 1024;

export async function hashBlob(
  blob: Blob,
  options: { signal?: AbortSignal; onChunk?: (bytes: number) => void } = {},
): Promise<{ sha256: string; size: number; bytes?: Uint8Array }> {
  if (blob.size <= NATIVE_HASH_LIMIT) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    options.signal?.throwIfAborted();
    const sha256 = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
    options.onChunk?.(bytes.length);
    return { sha256, size: bytes.length, bytes };
  }
  return sha256OfStream(blob.stream(), options);
}
