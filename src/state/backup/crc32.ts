/**
 * CRC-32 (IEEE, as in zip) by slicing-by-16: sixteen 256-entry tables, the input read as aligned 32-bit
 * words. Computed once per media file alongside its SHA-256, so zip.js can store the file as-is
 * (`passThrough`) instead of running its own CRC pass over the same bytes.
 * Checked against zlib in tests/unit/backup/crc32.test.ts.
 */

const TABLE = new Int32Array(16 * 256);
for (let n = 0; n < 256; n += 1) {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  TABLE[n] = c;
}
for (let n = 0; n < 256; n += 1) {
  for (let k = 1; k < 16; k += 1) {
    const previous = TABLE[(k - 1) * 256 + n]!;
    TABLE[k * 256 + n] = (previous >>> 8) ^ TABLE[previous & 0xff]!;
  }
}

/** Continues `crc` (0 to start) over `data`; returns the unsigned CRC-32. Little-endian hosts only use the word path. */
export function crc32(data: Uint8Array, crc = 0): number {
  const t = TABLE;
  let c = ~crc;
  let i = 0;
  const n = data.length;
  if (LITTLE_ENDIAN) {
    while (i < n && (data.byteOffset + i) & 3) c = (c >>> 8) ^ t[(c ^ data[i++]!) & 0xff]!;
    const words = new Int32Array(data.buffer, data.byteOffset + i, (n - i) >> 2);
    const end = words.length & ~3;
    for (let w = 0; w < end; w += 4) {
      const a = words[w]! ^ c;
      const b = words[w + 1]!;
      const d = words[w + 2]!;
      const e = words[w + 3]!;
      c =
        t[3840 + (a & 0xff)]! ^
        t[3584 + ((a >>> 8) & 0xff)]! ^
        t[3328 + ((a >>> 16) & 0xff)]! ^
        t[3072 + (a >>> 24)]! ^
        t[2816 + (b & 0xff)]! ^
        t[2560 + ((b >>> 8) & 0xff)]! ^
        t[2304 + ((b >>> 16) & 0xff)]! ^
        t[2048 + (b >>> 24)]! ^
        t[1792 + (d & 0xff)]! ^
        t[1536 + ((d >>> 8) & 0xff)]! ^
        t[1280 + ((d >>> 16) & 0xff)]! ^
        t[1024 + (d >>> 24)]! ^
        t[768 + (e & 0xff)]! ^
        t[512 + ((e >>> 8) & 0xff)]! ^
        t[256 + ((e >>> 16) & 0xff)]! ^
        t[e >>> 24]!;
    }
    i += end * 4;
  }
  while (i < n) c = (c >>> 8) ^ t[(c ^ data[i++]!) & 0xff]!;
  return ~c >>> 0;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
