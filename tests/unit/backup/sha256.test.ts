import { createHash, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, hashingStream, sha256OfStream, toHex } from '../../../src/state/backup/sha256.ts';

const pattern = (length: number): Uint8Array => {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) bytes[i] = (i * 2654435761) >>> 24;
  return bytes;
};

describe('Sha256', () => {
  it('matches WebCrypto for every length around the block and padding boundaries', async () => {
    for (const length of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 4097]) {
      const bytes = pattern(length);
      const expected = toHex(new Uint8Array(await webcrypto.subtle.digest('SHA-256', bytes)));
      expect(new Sha256().update(bytes).hex(), `length ${length}`).toBe(expected);
    }
  });

  it('gives the same digest however the input is split into chunks', () => {
    const bytes = pattern(10_000);
    const expected = createHash('sha256').update(bytes).digest('hex');
    for (const size of [1, 7, 63, 64, 65, 1000]) {
      const hasher = new Sha256();
      for (let offset = 0; offset < bytes.length; offset += size)
        hasher.update(bytes.subarray(offset, offset + size));
      expect(hasher.hex(), `chunks of ${size}`).toBe(expected);
    }
  });

  it('hashes streams and tees them through a TransformStream', async () => {
    const bytes = pattern(300_000);
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(await sha256OfStream(new Blob([bytes as BlobPart]).stream())).toEqual({
      sha256: expected,
      size: bytes.length,
    });
    const tap = hashingStream();
    const out = await new Response(
      new Blob([bytes as BlobPart]).stream().pipeThrough(tap.stream),
    ).arrayBuffer();
    expect(new Uint8Array(out)).toEqual(bytes);
    expect(tap.result()).toEqual({ sha256: expected, size: bytes.length });
  });

  // The JS hasher only handles files over 64 MB (smaller ones use WebCrypto). Its speed is a bench figure
  // (`npm run bench -- sha256`), not a test: here, 32 MB fed in 1 MB chunks gives Node's digest.
  it('hashes a large input fed in 1 MB chunks to the same digest as Node', () => {
    const bytes = pattern(32 * 1024 * 1024);
    const hasher = new Sha256();
    for (let offset = 0; offset < bytes.length; offset += 1 << 20)
      hasher.update(bytes.subarray(offset, offset + (1 << 20)));
    expect(hasher.hex()).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
