/**
 * The asset-import pipeline the store calls. Cheap checks (empty, size) run here; sniffing, hashing, image
 * decoding/thumbnailing and MP4 probing run in the import worker pool; what needs a media element
 * (video posters, WebM metadata, audio decoding) runs in the page, asynchronously.
 * Every refusal is an ImportProblem with a message a person can act on; nothing is stored for it.
 */
import type { AssetRecord } from '../types.ts';
import { importPool, type ImportPool } from './import-pool.ts';
import type { InspectReport } from './inspect.ts';
import {
  extensionOf,
  EXTENSION_LABELS,
  formatLabel,
  isAcceptedExtension,
  type SniffResult,
} from './sniff.ts';
import { audioDuration, audioWaveform, videoPosterInfo } from './thumbnail.ts';

export const IMPORT_PROBLEMS = [
  'empty',
  'too-large',
  'unsupported-type',
  'mismatch',
  'undecodable-image',
  'unparseable-video',
  'unsupported-codec',
  'undecodable-audio',
] as const;
export type ImportProblem = (typeof IMPORT_PROBLEMS)[number];

/** 1 GiB. */
export const DEFAULT_MAX_BYTES = 1024 ** 3;

export type AnalyzedAsset = Omit<AssetRecord, 'id' | 'blobId' | 'thumbId' | 'created' | 'tags'>;

export type AnalyzeResult =
  | {
      ok: true;
      asset: AnalyzedAsset;
      thumbnail?: Blob;
      /** Facts beyond AssetRecord (codec, fps…), for display; absent for images. */
      media?: { videoCodec?: string; audioCodec?: string; fps?: number; bitrate?: number; container: string };
      /** Accepted, but something the user may want to know ("no preview: this browser can't decode HEVC"). */
      warning?: string;
    }
  | { ok: false; reason: ImportProblem; message: string };

export interface AnalyzeOptions {
  maxBytes: number;
  signal?: AbortSignal;
  /** Poster-frame / metadata timeout for video and audio (default 10 s). */
  timeoutMs?: number;
  /** Defaults to the shared pool. */
  pool?: ImportPool;
}

const ACCEPTED_LIST =
  'Add images (PNG, JPEG, WebP, GIF, AVIF), video (MP4, MOV, WebM) or audio (MP3, WAV, M4A, OGG).';

/** "1.2 GB", "340 KB", "12 bytes" (binary units, as the size limit is). */
export function formatBytes(bytes: number): string {
  const units = ['KB', 'MB', 'GB', 'TB'] as const;
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${units[unit]}`;
}

/** "an MP4 video", "a PNG image", "an OGG audio file". */
const withArticle = (label: string): string =>
  /^([AEIOU]|MP|M4)/.test(label) ? `an ${label}` : `a ${label}`;

const fail = (reason: ImportProblem, message: string): AnalyzeResult => ({ ok: false, reason, message });

function unknownType(name: string): AnalyzeResult {
  const ext = extensionOf(name);
  if (isAcceptedExtension(ext)) {
    return fail(
      'mismatch',
      `${name} is not a real ${EXTENSION_LABELS[ext]} — its contents don't match any supported format.`,
    );
  }
  const what = ext ? `.${ext} files` : 'this kind of file';
  return fail('unsupported-type', `${name}: Reelwright can't use ${what}. ${ACCEPTED_LIST}`);
}

const throwIfAborted = (signal?: AbortSignal) => {
  if (signal?.aborted) throw new DOMException('The import was canceled.', 'AbortError');
};

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const finite = (n: number | undefined): number | undefined =>
  n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;

/**
 * Validates and describes one file. Resolves with the asset metadata (+ thumbnail) or a refusal; rejects
 * only with an AbortError when `signal` fires.
 */
export async function analyzeFile(file: File, opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const { name, size } = file;
  if (size === 0) return fail('empty', `${name} is empty.`);
  if (size > opts.maxBytes) {
    return fail('too-large', `${name} is ${formatBytes(size)}; the limit is ${formatBytes(opts.maxBytes)}.`);
  }
  throwIfAborted(opts.signal);
  const report = await (opts.pool ?? importPool()).inspect(file, { signal: opts.signal });
  throwIfAborted(opts.signal);
  const { sniff } = report;
  if (!sniff) return unknownType(name);
  const base = { name, kind: sniff.kind, mime: sniff.mime, bytes: size, sha256: report.sha256 };

  if (sniff.kind === 'image') return imageResult(file, sniff, report, base);
  if (report.mp4) return mp4Result(file, sniff, report, base, opts);
  if (sniff.kind === 'video') return webmResult(file, sniff, base, opts);
  return audioResult(file, sniff, base, opts);
}

type Base = Pick<AnalyzedAsset, 'name' | 'kind' | 'mime' | 'bytes' | 'sha256'>;

function imageResult(file: File, sniff: SniffResult, report: InspectReport, base: Base): AnalyzeResult {
  const image = report.image;
  if (!image?.ok) {
    return fail(
      'undecodable-image',
      `${file.name} looks like ${withArticle(formatLabel(sniff))} but can't be decoded — the file may be damaged or incomplete.`,
    );
  }
  return {
    ok: true,
    asset: { ...base, width: image.width, height: image.height },
    thumbnail: image.thumbnail,
  };
}

async function mp4Result(
  file: File,
  sniff: SniffResult,
  report: InspectReport,
  base: Base,
  opts: AnalyzeOptions,
): Promise<AnalyzeResult> {
  const mp4 = report.mp4!;
  const label = formatLabel(sniff);
  if (!mp4.ok) {
    return fail(
      sniff.kind === 'audio' ? 'undecodable-audio' : 'unparseable-video',
      `${file.name} looks like ${withArticle(label)} but can't be read: ${mp4.error}.`,
    );
  }
  const probe = mp4.probe;
  const media = {
    videoCodec: probe.videoCodec,
    audioCodec: probe.audioCodec,
    fps: probe.fps,
    bitrate: probe.bitrate,
    container: probe.container,
  };
  if (probe.videoTracks === 0) {
    if (probe.audioTracks === 0) {
      return fail('unparseable-video', `${file.name} has no video or audio track Reelwright can use.`);
    }
    // An audio-only MP4 (M4A, whatever its brand) is an audio asset.
    const audio = await audioResult(
      file,
      { kind: 'audio', mime: 'audio/mp4', container: 'mp4' },
      base,
      opts,
      probe.duration,
    );
    return audio.ok ? { ...audio, media } : audio;
  }
  const support = probe.videoSupport!;
  if (!support.supported) {
    return fail(
      'unsupported-codec',
      `${file.name} uses the ${support.family} video codec (${probe.videoCodec}), which Reelwright can't use. ` +
        'Convert it to H.264, HEVC or AV1 first.',
    );
  }
  const asset: AnalyzedAsset = {
    ...base,
    kind: 'video',
    mime: probe.container === 'mov' ? 'video/quicktime' : 'video/mp4',
    width: probe.width,
    height: probe.height,
    duration: finite(probe.duration),
  };
  try {
    const poster = await videoPosterInfo(file, { timeoutMs: opts.timeoutMs, signal: opts.signal });
    return { ok: true, asset, thumbnail: poster.blob, media };
  } catch (error) {
    throwIfAborted(opts.signal);
    // The file is sound (mp4box read it); this browser just can't show it. Keep it, say why there's no preview.
    return {
      ok: true,
      asset,
      media,
      warning: `No preview for ${file.name}: this browser can't decode ${support.family} here (${errorText(error)})`,
    };
  }
}

async function webmResult(
  file: File,
  sniff: SniffResult,
  base: Base,
  opts: AnalyzeOptions,
): Promise<AnalyzeResult> {
  try {
    const poster = await videoPosterInfo(file, { timeoutMs: opts.timeoutMs, signal: opts.signal });
    return {
      ok: true,
      asset: {
        ...base,
        width: poster.videoWidth,
        height: poster.videoHeight,
        duration: finite(poster.duration),
      },
      thumbnail: poster.blob,
      media: { container: sniff.container },
    };
  } catch (error) {
    throwIfAborted(opts.signal);
    // A WebM holding only audio is an audio asset.
    const audio = await audioResult(
      file,
      { kind: 'audio', mime: 'audio/webm', container: 'webm' },
      base,
      opts,
    ).catch(() => null);
    if (audio?.ok) return audio;
    return fail(
      'unparseable-video',
      `${file.name} looks like ${withArticle(formatLabel(sniff))} but can't be read: ${errorText(error)}`,
    );
  }
}

async function audioResult(
  file: File,
  sniff: SniffResult,
  base: Base,
  opts: AnalyzeOptions,
  knownDuration?: number,
): Promise<AnalyzeResult> {
  const [waveform, elementDuration] = await Promise.allSettled([
    audioWaveform(file, { signal: opts.signal }),
    audioDuration(file, { timeoutMs: opts.timeoutMs }),
  ]);
  throwIfAborted(opts.signal);
  const decoded = waveform.status === 'fulfilled' ? waveform.value : undefined;
  const readable = elementDuration.status === 'fulfilled' ? finite(elementDuration.value) : undefined;
  if (!decoded && readable === undefined) {
    return fail(
      'undecodable-audio',
      `${file.name} looks like ${withArticle(formatLabel(sniff))} but can't be decoded — the file may be damaged or use a codec this browser can't play.`,
    );
  }
  // A fully decoded buffer knows its exact length; otherwise trust the container (probe, then element).
  const duration = decoded?.complete
    ? decoded.decodedDuration
    : (finite(knownDuration) ?? readable ?? decoded?.decodedDuration);
  return {
    ok: true,
    asset: { ...base, kind: 'audio', mime: sniff.mime, duration: finite(duration) },
    thumbnail: decoded?.blob,
    media: { container: sniff.container },
  };
}

export interface AnalyzeFilesOptions extends AnalyzeOptions {
  /** Files in flight at once (default: twice the pool size, so page-side work overlaps worker work). */
  concurrency?: number;
}

/**
 * Analyzes many files with bounded concurrency. `onEach` fires as each one finishes (completion order) and
 * is awaited, so a caller that stores each asset applies back-pressure. Rejects only on abort (AbortError)
 * or when `onEach` throws.
 */
export async function analyzeFiles(
  files: readonly File[],
  opts: AnalyzeFilesOptions,
  onEach: (file: File, result: AnalyzeResult, index: number) => void | Promise<void>,
): Promise<void> {
  const pool = opts.pool ?? importPool();
  const concurrency = Math.max(1, opts.concurrency ?? pool.size * 2);
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const index = next++;
      const result = await analyzeFile(files[index], { ...opts, pool });
      await onEach(files[index], result, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, lane));
}
