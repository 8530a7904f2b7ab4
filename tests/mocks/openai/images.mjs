// Image helpers: a dimension reader for PNG / JPEG / WebP headers and a tiny PNG encoder.
import { deflateSync } from 'node:zlib';

/**
 * @typedef {{ format: 'png' | 'jpeg' | 'webp', width: number, height: number }} ImageInfo
 */

/**
 * Reads the pixel size from the header bytes of a PNG (IHDR), JPEG (first SOFn marker) or WebP
 * (VP8 / VP8L / VP8X chunk). Returns null when the bytes are not one of these formats or are truncated.
 * @param {Uint8Array} bytes
 * @returns {ImageInfo | null}
 */
export function readImageInfo(bytes) {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) {
    if (b.toString('latin1', 12, 16) !== 'IHDR') return null;
    return { format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return readJpeg(b);
  if (b.length >= 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
    return readWebp(b);
  }
  return null;
}

/** @param {Buffer} b */
function readJpeg(b) {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // EOI / SOS before any SOF
    const len = b.readUInt16BE(i + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) return null;
      return {
        format: /** @type {const} */ ('jpeg'),
        height: b.readUInt16BE(i + 5),
        width: b.readUInt16BE(i + 7),
      };
    }
    i += 2 + len;
  }
  return null;
}

/** @param {Buffer} b */
function readWebp(b) {
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') {
    // frame tag (3 bytes) + start code 9d 01 2a, then 14-bit width/height
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return {
      format: /** @type {const} */ ('webp'),
      width: b.readUInt16LE(26) & 0x3fff,
      height: b.readUInt16LE(28) & 0x3fff,
    };
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return null;
    const bits = b.readUInt32LE(21);
    return {
      format: /** @type {const} */ ('webp'),
      width: (bits & 0x3fff) + 1,
      height: ((bits >> 14) & 0x3fff) + 1,
    };
  }
  if (chunk === 'VP8X') {
    return {
      format: /** @type {const} */ ('webp'),
      width: b.readUIntLE(24, 3) + 1,
      height: b.readUIntLE(27, 3) + 1,
    };
  }
  return null;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** @param {Buffer} buf */
function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/**
 * Encodes an 8-bit RGB PNG of the given size: a vertical gradient from `top` to `bottom` colour with a
 * lighter square in the middle (enough to be recognisably "an image" in a UI).
 * @param {number} width
 * @param {number} height
 * @param {{ top?: [number, number, number], bottom?: [number, number, number] }} [colors]
 */
export function encodePng(width, height, colors = {}) {
  const top = colors.top ?? [40, 60, 140];
  const bottom = colors.bottom ?? [200, 80, 60];
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  const x0 = Math.floor(width / 3);
  const x1 = Math.ceil((2 * width) / 3);
  const y0 = Math.floor(height / 3);
  const y1 = Math.ceil((2 * height) / 3);
  for (let y = 0; y < height; y++) {
    const t = height > 1 ? y / (height - 1) : 0;
    const r = Math.round(top[0] + (bottom[0] - top[0]) * t);
    const g = Math.round(top[1] + (bottom[1] - top[1]) * t);
    const bl = Math.round(top[2] + (bottom[2] - top[2]) * t);
    const row = y * stride;
    raw[row] = 0; // filter: none
    const inSquareRow = y >= y0 && y < y1;
    for (let x = 0; x < width; x++) {
      const o = row + 1 + x * 3;
      const lit = inSquareRow && x >= x0 && x < x1;
      raw[o] = lit ? 240 : r;
      raw[o + 1] = lit ? 240 : g;
      raw[o + 2] = lit ? 230 : bl;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 6 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
