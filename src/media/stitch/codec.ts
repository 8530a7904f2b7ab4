/**
 * Sample-entry (stsd) inspection: a human summary for error messages and a normalized form for comparing
 * decoder configurations across clips. Bitrate-only fields (`btrt`, esds max/avg bitrate) are ignored because
 * they differ between otherwise identical encodes; everything that reaches the decoder is compared byte for byte.
 */
import { children, fourcc } from './boxes.ts';

export interface SampleEntryInfo {
  kind: 'video' | 'audio' | 'other';
  format: string;
  /** RFC 6381-style codec string when known (avc1.42c00d, mp4a.40.2, opus ...). */
  codec: string;
  width?: number;
  height?: number;
  channels?: number;
  sampleRate?: number;
  /** e.g. "avc1.42c00d 180x320" or "mp4a.40.2 44100 Hz 2 ch". */
  summary: string;
  /** Normalized bytes: equal keys mean the decoder sees the same configuration. */
  key: Uint8Array;
}

const VISUAL_CHILDREN_AT = 86;
const AUDIO_CHILDREN_AT = 36;

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function readDescriptor(bytes: Uint8Array, at: number): { tag: number; start: number; end: number } | null {
  if (at >= bytes.length) return null;
  const tag = bytes[at]!;
  let len = 0;
  let p = at + 1;
  for (let i = 0; i < 4 && p < bytes.length; i++) {
    const b = bytes[p++]!;
    len = (len << 7) | (b & 0x7f);
    if (!(b & 0x80)) break;
  }
  return { tag, start: p, end: Math.min(bytes.length, p + len) };
}

/** From an esds body: objectTypeIndication, stream type byte and DecoderSpecificInfo (AudioSpecificConfig). */
export function parseEsds(body: Uint8Array): { oti: number; streamType: number; dsi: Uint8Array } | null {
  const es = readDescriptor(body, 4);
  if (!es || es.tag !== 0x03) return null;
  let p = es.start + 2;
  const flags = body[p++]!;
  if (flags & 0x80) p += 2;
  if (flags & 0x40) p += 1 + body[p]!;
  if (flags & 0x20) p += 2;
  while (p < es.end) {
    const d = readDescriptor(body, p);
    if (!d) break;
    if (d.tag === 0x04) {
      const oti = body[d.start]!;
      const streamType = body[d.start + 1]!;
      let q = d.start + 13;
      while (q < d.end) {
        const s = readDescriptor(body, q);
        if (!s) break;
        if (s.tag === 0x05) return { oti, streamType, dsi: body.slice(s.start, s.end) };
        q = s.end;
      }
      return { oti, streamType, dsi: new Uint8Array(0) };
    }
    p = d.end;
  }
  return null;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const IGNORED_CHILDREN = new Set(['btrt']);

export function describeSampleEntry(entry: Uint8Array, handler: string): SampleEntryInfo {
  const format = fourcc(entry, 4);
  const dv = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
  const enc = new TextEncoder();
  if (handler === 'vide' && entry.length >= VISUAL_CHILDREN_AT) {
    const width = dv.getUint16(32);
    const height = dv.getUint16(34);
    let codec = format;
    const keyParts: Uint8Array[] = [enc.encode(`${format}|${width}x${height}|`)];
    for (const box of children(entry.subarray(VISUAL_CHILDREN_AT))) {
      if (IGNORED_CHILDREN.has(box.type)) continue;
      if (box.type === 'avcC' && box.body.length >= 4) {
        codec = `${format}.${hex2(box.body[1]!)}${hex2(box.body[2]!)}${hex2(box.body[3]!)}`;
      }
      keyParts.push(box.bytes);
    }
    return {
      kind: 'video',
      format,
      codec,
      width,
      height,
      summary: `${codec} ${width}x${height}`,
      key: concat(keyParts),
    };
  }
  if (handler === 'soun' && entry.length >= AUDIO_CHILDREN_AT) {
    const version = dv.getUint16(16);
    const channels = dv.getUint16(24);
    const sampleSize = dv.getUint16(26);
    let sampleRate = dv.getUint32(32) / 65536;
    const childrenAt = AUDIO_CHILDREN_AT + (version === 1 ? 16 : version === 2 ? 36 : 0);
    if (version === 2 && entry.length >= 48) sampleRate = dv.getFloat64(40);
    let codec = format;
    const keyParts: Uint8Array[] = [enc.encode(`${format}|${channels}|${sampleSize}|${sampleRate}|`)];
    for (const box of children(entry.subarray(childrenAt))) {
      if (IGNORED_CHILDREN.has(box.type)) continue;
      if (box.type === 'esds') {
        const esds = parseEsds(box.body);
        if (esds) {
          const aot = esds.dsi.length ? esds.dsi[0]! >> 3 : 0;
          codec = `${format}.${esds.oti.toString(16)}${esds.oti === 0x40 && aot ? `.${aot}` : ''}`;
          keyParts.push(enc.encode(`esds|${esds.oti}|${esds.streamType}|`), esds.dsi);
          continue;
        }
      }
      if (box.type === 'dOps' && format === 'Opus') codec = 'opus';
      keyParts.push(box.bytes);
    }
    return {
      kind: 'audio',
      format,
      codec,
      channels,
      sampleRate,
      summary: `${codec} ${sampleRate} Hz ${channels} ch`,
      key: concat(keyParts),
    };
  }
  return { kind: 'other', format, codec: format, summary: format, key: entry };
}

export function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
