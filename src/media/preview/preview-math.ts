/**
 * Pure helpers of the local preview renderer: codec choice, timing, colours and text wrapping.
 * No DOM, no WebCodecs — unit-tested in Node.
 */

/**
 * Frames per second of every local preview clip. Fixed so clips of one size always stitch losslessly;
 * 24 rather than 30 because the software H.264 encoder is the bottleneck (8 s 720x1280: ~1.7 s vs ~2.5 s).
 */
export const PREVIEW_FPS = 24;
/** Audio of every local preview clip: Opus, 48 kHz mono. */
export const PREVIEW_AUDIO = {
  codec: 'opus',
  sampleRate: 48_000,
  numberOfChannels: 1,
  bitrate: 48_000,
} as const;
/** Seconds between keyframes. */
export const PREVIEW_KEYFRAME_SECONDS = 1;
/** Video track timescale (ticks per second); divisible by 24, 25 and 30. */
export const VIDEO_TIMESCALE = 90_000;
/** Movie (mvhd/tkhd/elst) timescale. */
export const MOVIE_TIMESCALE = 1_000;
/** The label every local preview frame carries. */
export const PREVIEW_LABEL = 'LOCAL PREVIEW — not AI';

/** One row of the H.264 level table (ITU-T H.264 Table A-1): max macroblocks per frame and per second. */
interface AvcLevel {
  level: number;
  idc: number;
  maxFs: number;
  maxMbps: number;
}

const AVC_LEVELS: readonly AvcLevel[] = [
  { level: 3.0, idc: 0x1e, maxFs: 1_620, maxMbps: 40_500 },
  { level: 3.1, idc: 0x1f, maxFs: 3_600, maxMbps: 108_000 },
  { level: 3.2, idc: 0x20, maxFs: 5_120, maxMbps: 216_000 },
  { level: 4.0, idc: 0x28, maxFs: 8_192, maxMbps: 245_760 },
  { level: 4.2, idc: 0x2a, maxFs: 8_704, maxMbps: 522_240 },
  { level: 5.0, idc: 0x32, maxFs: 22_080, maxMbps: 589_824 },
  { level: 5.1, idc: 0x33, maxFs: 36_864, maxMbps: 983_040 },
  { level: 5.2, idc: 0x34, maxFs: 36_864, maxMbps: 2_073_600 },
];

/** The encoder configuration of a preview size: the same size always yields the same configuration. */
export interface AvcChoice {
  /** RFC 6381 codec string, constrained baseline (`avc1.42e0xx`). */
  codec: string;
  /** H.264 level, e.g. 3.1. */
  level: number;
  /** level_idc byte, e.g. 0x1f. */
  levelIdc: number;
  /** Macroblocks per frame. */
  macroblocks: number;
  bitrate: number;
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/**
 * The lowest H.264 level that allows `width`x`height` at `fps` (frame size, macroblock rate and the
 * per-side limit sqrt(8 * MaxFS)), as a constrained-baseline codec string. Throws when nothing fits.
 */
export function chooseAvc(width: number, height: number, fps: number = PREVIEW_FPS): AvcChoice {
  assertSize(width, height);
  const mbW = Math.ceil(width / 16);
  const mbH = Math.ceil(height / 16);
  const macroblocks = mbW * mbH;
  const found = AVC_LEVELS.find((l) => {
    const side = Math.sqrt(l.maxFs * 8);
    return macroblocks <= l.maxFs && macroblocks * fps <= l.maxMbps && mbW <= side && mbH <= side;
  });
  if (!found) throw new RangeError(`${width}x${height} at ${fps} fps is larger than any H.264 level allows`);
  return {
    codec: `avc1.42e0${hex2(found.idc)}`,
    level: found.level,
    levelIdc: found.idc,
    macroblocks,
    bitrate: previewBitrate(width, height, fps),
  };
}

/** Target video bitrate: ~0.05 bits per pixel per frame (1.1 Mbit/s for 720x1280 at 24 fps), 0.4-6 Mbit/s. */
export function previewBitrate(width: number, height: number, fps: number = PREVIEW_FPS): number {
  const raw = width * height * fps * 0.05;
  return Math.round(Math.min(6_000_000, Math.max(400_000, raw)) / 1000) * 1000;
}

/** RFC 6381 codec string read from an avcC record (profile, constraint flags, level). */
export function avcCodecFromAvcC(avcC: Uint8Array): string {
  if (avcC.length < 4 || avcC[0] !== 1) throw new Error('Not an AVCDecoderConfigurationRecord');
  return `avc1.${hex2(avcC[1])}${hex2(avcC[2])}${hex2(avcC[3])}`;
}

export function assertSize(width: number, height: number): void {
  const ok = (n: number): boolean => Number.isInteger(n) && n >= 16 && n <= 4096 && n % 2 === 0;
  if (!ok(width) || !ok(height)) {
    throw new RangeError(
      `Preview size must be even whole pixels between 16 and 4096, got ${width}x${height}`,
    );
  }
}

/** Frames in a clip of `seconds` at `fps`. */
export const frameCount = (seconds: number, fps: number = PREVIEW_FPS): number => Math.round(seconds * fps);

/** Presentation timestamp of frame `index` in microseconds (WebCodecs' unit). */
export const frameTimestampUs = (index: number, fps: number = PREVIEW_FPS): number =>
  Math.round((index * 1e6) / fps);

/** `mm:ss.ff` — minutes, seconds and the frame within the second. */
export function formatTimecode(frameIndex: number, fps: number = PREVIEW_FPS): string {
  const f = Math.max(0, Math.floor(frameIndex));
  const totalSeconds = Math.floor(f / fps);
  const frames = f - totalSeconds * fps;
  const mm = Math.floor(totalSeconds / 60);
  const ss = totalSeconds % 60;
  return `${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}.${String(frames).padStart(2, '0')}`;
}

/** FNV-1a 32-bit hash of a string (UTF-16 code units), as an unsigned integer. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The colours and tone of a prompt's scene; the same prompt (and variant) always looks and sounds the same. */
export interface ScenePalette {
  hash: number;
  /** 0-359 */
  hue: number;
  /** Dark background colours, top and bottom. */
  top: string;
  bottom: string;
  /** Bright accent for the moving orb, and the same colour fully transparent (for its gradient edge). */
  accent: string;
  accentClear: string;
  /** The background's middle colour as RGB 0-255, for tests and thumbnails. */
  rgb: [number, number, number];
  /** Root frequency of the ambience tone in Hz (110-208 Hz, a semitone of the A2 octave). */
  toneHz: number;
}

export function scenePalette(prompt: string, variant = 0): ScenePalette {
  const hash = hashString(`${prompt.trim().toLowerCase()}#${variant}`);
  const hue = hash % 360;
  const sat = 45 + ((hash >>> 9) % 25);
  const light = 22 + ((hash >>> 17) % 10);
  return {
    hash,
    hue,
    top: `hsl(${hue} ${sat}% ${light + 8}%)`,
    bottom: `hsl(${(hue + 40) % 360} ${sat}% ${Math.max(8, light - 10)}%)`,
    accent: `hsl(${(hue + 180) % 360} 85% 65%)`,
    accentClear: `hsl(${(hue + 180) % 360} 85% 65% / 0)`,
    rgb: hslToRgb(hue, sat, light),
    toneHz: 110 * 2 ** (((hash >>> 24) % 12) / 12),
  };
}

/** HSL (degrees, percent, percent) to RGB 0-255. */
export function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const sN = s / 100;
  const lN = l / 100;
  const k = (n: number): number => (n + h / 30) % 12;
  const a = sN * Math.min(lN, 1 - lN);
  const f = (n: number): number => lN - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

/**
 * Greedy word wrap: lines no wider than `maxWidth` (per `measure`), at most `maxLines`, the last one
 * ellipsised when text is left over. Words longer than a line are broken by characters.
 */
export function wrapText(
  text: string,
  maxWidth: number,
  measure: (s: string) => number,
  maxLines = Infinity,
): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  const pushWord = (word: string): void => {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= maxWidth) {
      line = candidate;
      return;
    }
    if (line) lines.push(line);
    line = '';
    // A single word wider than the line: break it by characters.
    let rest = word;
    while (measure(rest) > maxWidth && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && measure(rest.slice(0, cut)) > maxWidth) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  };
  for (const word of words) pushWord(word);
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = `${kept[maxLines - 1]}…`;
  while (last.length > 1 && measure(last) > maxWidth) last = `${last.slice(0, -2)}…`;
  kept[maxLines - 1] = last;
  return kept;
}
