import { crc32 as zlibCrc32 } from 'node:zlib';
import { BlobWriter, ZipReader, BlobReader } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/state/backup/crc32.ts';
import { exportToBlob, freshDb, noise, seed } from './helpers.ts';

describe('crc32', () => {
  it('matches zlib for every length and alignment, and continues across chunks', () => {
    const data = noise(70_001, 7);
    for (const [start, end] of [
      [0, 0],
      [0, 1],
      [1, 8],
      [3, 67],
      [2, 4099],
      [0, 70_001],
    ] as const) {
      const part = data.subarray(start, end);
      expect(crc32(part)).toBe(zlibCrc32(part) >>> 0);
    }
    expect(crc32(data.subarray(1001), crc32(data.subarray(0, 1001)))).toBe(zlibCrc32(data) >>> 0);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('an exported archive passes a CRC-checking unzip of every entry', async () => {
    const { raw, db } = await freshDb();
    await seed(raw);
    const reader = new ZipReader(new BlobReader(await exportToBlob(db)), { checkCrc32: true });
    const entries = await reader.getEntries();
    expect(entries.length).toBeGreaterThan(8);
    for (const entry of entries) {
      if (entry.directory) continue;
      const data = await entry.getData(new BlobWriter());
      expect(data.size).toBe(entry.uncompressedSize);
      expect(entry.crc32).toBe(zlibCrc32(new Uint8Array(await data.arrayBuffer())) >>> 0);
    }
    await reader.close();
  });
});
