/// <reference lib="webworker" />
/**
 * Backup digest worker: reads a Blob (posted as a handle, no copy), hashes it with WebCrypto and, when
 * asked, computes its CRC-32 and hands the bytes back (transferred, no copy). Spoken to only through
 * digest.ts; the page's thread stays free to write the previous file meanwhile.
 */
import { crc32 } from './crc32.ts';
import type { DigestRequest, DigestResponse } from './digest.ts';
import { toHex } from './sha256.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener('message', (event: MessageEvent<DigestRequest>) => {
  const { id, blob, keep } = event.data;
  void (async () => {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const sha256 = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
    if (!keep) return { id, ok: true, sha256, size: bytes.length } satisfies DigestResponse;
    return { id, ok: true, sha256, size: bytes.length, crc32: crc32(bytes), bytes } satisfies DigestResponse;
  })().then(
    (reply) => scope.postMessage(reply, reply.bytes ? [reply.bytes.buffer] : []),
    (error: unknown) =>
      scope.postMessage({
        id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies DigestResponse),
  );
});
