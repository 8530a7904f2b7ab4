/**
 * Content sniffing: what a file IS, decided from its first bytes, never from its name.
 * Pure (no DOM at import time) so it runs in Node tests, the page and the import worker alike.
 */
import type { AssetKind } from '../types.ts';

export interface SniffResult {
  kind: AssetKind;
  /** The MIME type the asset is stored and served with. */
  mime: string;
  /** Container / format family: 'png', 'jpeg', 'webp', 'gif', 'avif', 'mp4', 'mov', 'webm', 'mp3', 'adts', 'wav', 'ogg'. */
  container: string;
}

/** How many bytes `sniffType` wants; more never hurts, fewer may miss MP3 frame checks and Ogg codecs. */
export const SNIFF_BYTES = 4096;

/** Reads the first `n` bytes of a blob (or all of it when it is shorter). */
export async function readHead(blob: Blob, n = SNIFF_BYTES): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, n).arrayBuffer());
}

const ascii = (b: Uint8Array, at: number, len: number): string =>
  at + len > b.length ? '' : String.fromCharCode(...b.subarray(at, at + len));

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

const u32 = (b: Uint8Array, at: number): number =>
  ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const EBML = [0x1a, 0x45, 0xdf, 0xa3] as const;

/** ftyp brands of HEIF still images (and other ISO-BMFF files) that are not accepted. */
const REJECTED_BRANDS = new Set([
  'heic',
  'heix',
  'heim',
  'heis',
  'hevc',
  'hevx',
  'mif1',
  'msf1',
  'jp2 ',
  'crx ',
  'jpx ',
]);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);

export function sniffType(head: Uint8Array): SniffResult | null {
  if (head.length < 4) return null;
  return (
    sniffImage(head) ??
    sniffIsoBmff(head) ??
    sniffWebm(head) ??
    sniffRiff(head) ??
    sniffOgg(head) ??
    sniffMpegAudio(head)
  );
}

function sniffImage(b: Uint8Array): SniffResult | null {
  // PNG: signature, then the IHDR chunk must come first (length 13).
  if (startsWith(b, PNG)) {
    return u32(b, 8) === 13 && ascii(b, 12, 4) === 'IHDR'
      ? { kind: 'image', mime: 'image/png', container: 'png' }
      : null;
  }
  // JPEG: SOI followed by a marker.
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { kind: 'image', mime: 'image/jpeg', container: 'jpeg' };
  const gif = ascii(b, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return { kind: 'image', mime: 'image/gif', container: 'gif' };
  return null;
}

function ftypBrands(b: Uint8Array): { major: string; compatible: string[] } | null {
  if (ascii(b, 4, 4) !== 'ftyp') return null;
  const size = u32(b, 0);
  if (size < 16 || size > 4096) return null;
  const end = Math.min(size, b.length);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= end; at += 4) compatible.push(ascii(b, at, 4));
  return { major: ascii(b, 8, 4), compatible };
}

function sniffIsoBmff(b: Uint8Array): SniffResult | null {
  const ftyp = ftypBrands(b);
  if (!ftyp) {
    // Old QuickTime files may start straight with a moov/mdat/wide/free atom and have no ftyp.
    const type = ascii(b, 4, 4);
    const size = u32(b, 0);
    if (
      ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(type) &&
      (size >= 8 || size === 0 || size === 1)
    ) {
      // Require a second plausible atom right after a small first one, so "xxxxfree…" text doesn't pass.
      if (type === 'moov' || type === 'mdat')
        return { kind: 'video', mime: 'video/quicktime', container: 'mov' };
      const next = ascii(b, size + 4, 4);
      if (['moov', 'mdat', 'wide', 'free', 'skip'].includes(next)) {
        return { kind: 'video', mime: 'video/quicktime', container: 'mov' };
      }
    }
    return null;
  }
  const { major, compatible } = ftyp;
  if (AVIF_BRANDS.has(major) || (REJECTED_BRANDS.has(major) && compatible.some((c) => AVIF_BRANDS.has(c)))) {
    return { kind: 'image', mime: 'image/avif', container: 'avif' };
  }
  if (REJECTED_BRANDS.has(major)) return null;
  if (AUDIO_BRANDS.has(major)) return { kind: 'audio', mime: 'audio/mp4', container: 'mp4' };
  if (major === 'qt  ') return { kind: 'video', mime: 'video/quicktime', container: 'mov' };
  return { kind: 'video', mime: 'video/mp4', container: 'mp4' };
}

/** Reads an EBML variable-length integer; returns [value, length] or null. */
function vint(b: Uint8Array, at: number, keepMarker: boolean): [number, number] | null {
  const first = b[at];
  if (first === undefined || first === 0) return null;
  let len = 1;
  while (len <= 8 && !(first & (0x80 >> (len - 1)))) len++;
  if (len > 8 || at + len > b.length) return null;
  let value = keepMarker ? first : first & (0xff >> len);
  for (let i = 1; i < len; i++) value = value * 256 + b[at + i];
  return [value, len];
}

function sniffWebm(b: Uint8Array): SniffResult | null {
  if (!startsWith(b, EBML)) return null;
  const header = vint(b, 4, false);
  if (!header) return null;
  const [size, sizeLen] = header;
  const end = Math.min(b.length, 4 + sizeLen + size);
  for (let at = 4 + sizeLen; at < end;) {
    const id = vint(b, at, true);
    if (!id) return null;
    const len = vint(b, at + id[1], false);
    if (!len) return null;
    const dataAt = at + id[1] + len[1];
    if (id[0] === 0x4282) {
      const docType = ascii(b, dataAt, len[0]).replace(/\0+$/, '');
      // Only WebM is accepted; Matroska (.mkv) may hold codecs the browser can't play.
      return docType === 'webm' ? { kind: 'video', mime: 'video/webm', container: 'webm' } : null;
    }
    at = dataAt + len[0];
  }
  return null;
}

function sniffRiff(b: Uint8Array): SniffResult | null {
  if (ascii(b, 0, 4) !== 'RIFF') return null;
  const form = ascii(b, 8, 4);
  if (form === 'WAVE') return { kind: 'audio', mime: 'audio/wav', container: 'wav' };
  if (form === 'WEBP' && ['VP8 ', 'VP8L', 'VP8X'].includes(ascii(b, 12, 4))) {
    return { kind: 'image', mime: 'image/webp', container: 'webp' };
  }
  return null;
}

function sniffOgg(b: Uint8Array): SniffResult | null {
  if (ascii(b, 0, 4) !== 'OggS' || b.length < 28) return null;
  // First page: 27-byte header, then the segment table; the first packet names the codec.
  const segments = b[26];
  const packetAt = 27 + segments;
  if (ascii(b, packetAt, 8) === 'OpusHead') return { kind: 'audio', mime: 'audio/ogg', container: 'ogg' };
  if (b[packetAt] === 0x01 && ascii(b, packetAt + 1, 6) === 'vorbis') {
    return { kind: 'audio', mime: 'audio/ogg', container: 'ogg' };
  }
  return null;
}

const MP3_BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320] as const;
const MP3_BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160] as const;
const MP3_RATES = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] } as const;

/** Length in bytes of the MPEG-1/2/2.5 Layer III frame whose header is at `at`, or 0 if it isn't one. */
function mp3FrameLength(b: Uint8Array, at: number): number {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) return 0;
  const version = (b[at + 1] >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 = reserved
  const layer = (b[at + 1] >> 1) & 3; // 1 = Layer III
  const bitrateIndex = b[at + 2] >> 4;
  const rateIndex = (b[at + 2] >> 2) & 3;
  const padding = (b[at + 2] >> 1) & 1;
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return 0;
  const rate = MP3_RATES[version as 0 | 2 | 3][rateIndex];
  const kbps = (version === 3 ? MP3_BITRATES_V1_L3 : MP3_BITRATES_V2_L3)[bitrateIndex];
  return Math.floor(((version === 3 ? 144 : 72) * kbps * 1000) / rate) + padding;
}

function adtsFrameLength(b: Uint8Array, at: number): number {
  if (at + 7 > b.length || b[at] !== 0xff || (b[at + 1] & 0xf6) !== 0xf0) return 0;
  if (((b[at + 2] >> 2) & 0xf) > 12) return 0; // sampling frequency index
  return ((b[at + 3] & 0x03) << 11) | (b[at + 4] << 3) | (b[at + 5] >> 5);
}

/** Frame sync alone is weak evidence, so a frame must be followed by another one (when the head holds it). */
function chained(b: Uint8Array, at: number, frameLength: (b: Uint8Array, at: number) => number): boolean {
  const len = frameLength(b, at);
  if (len < 7) return false;
  const next = at + len;
  return next + 4 > b.length ? true : frameLength(b, next) > 0;
}

function sniffMpegAudio(b: Uint8Array): SniffResult | null {
  let at = 0;
  if (ascii(b, 0, 3) === 'ID3' && b[3] < 0xff && b.length >= 10) {
    // ID3v2 tag: a synchsafe size; audio (MP3, or occasionally ADTS AAC) follows.
    const size = ((b[6] & 0x7f) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f);
    at = 10 + size + (b[5] & 0x10 ? 10 : 0);
    if (at >= b.length) return { kind: 'audio', mime: 'audio/mpeg', container: 'mp3' }; // tag longer than the head
    while (at < b.length && b[at] === 0) at++; // padding
  }
  if (chained(b, at, mp3FrameLength)) return { kind: 'audio', mime: 'audio/mpeg', container: 'mp3' };
  if (chained(b, at, adtsFrameLength)) return { kind: 'audio', mime: 'audio/aac', container: 'adts' };
  return null;
}

/** What each accepted file extension claims to be, for "X is not a real Y" messages. */
export const EXTENSION_LABELS = {
  png: 'PNG image',
  jpg: 'JPEG image',
  jpeg: 'JPEG image',
  jfif: 'JPEG image',
  webp: 'WebP image',
  gif: 'GIF image',
  avif: 'AVIF image',
  mp4: 'MP4 video',
  m4v: 'MP4 video',
  mov: 'MOV video',
  qt: 'MOV video',
  webm: 'WebM video',
  mp3: 'MP3 audio file',
  wav: 'WAV audio file',
  wave: 'WAV audio file',
  m4a: 'M4A audio file',
  aac: 'AAC audio file',
  ogg: 'OGG audio file',
  oga: 'OGG audio file',
  opus: 'Opus audio file',
} as const satisfies Record<string, string>;
export type AcceptedExtension = keyof typeof EXTENSION_LABELS;

/** Lower-case extension without the dot, or '' when the name has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

export const isAcceptedExtension = (ext: string): ext is AcceptedExtension =>
  Object.hasOwn(EXTENSION_LABELS, ext);

/** A human label for a sniffed format ("PNG image", "MP4 video"), used in decode-failure messages. */
export function formatLabel(s: SniffResult): string {
  const labels: Record<string, string> = {
    png: 'PNG image',
    jpeg: 'JPEG image',
    webp: 'WebP image',
    gif: 'GIF image',
    avif: 'AVIF image',
    mov: 'MOV video',
    webm: 'WebM video',
    mp3: 'MP3 audio file',
    adts: 'AAC audio file',
    wav: 'WAV audio file',
    ogg: 'OGG audio file',
  };
  if (s.container === 'mp4') return s.kind === 'audio' ? 'M4A audio file' : 'MP4 video';
  return labels[s.container] ?? s.mime;
}
