/**
 * MP4 / MOV probing with mp4box, reading only the boxes it needs: the file is fed in slices at the offsets
 * mp4box asks for (it skips over `mdat`), and reading stops as soon as the `moov` box is parsed, so a
 * multi-GB file costs a few reads of a few MB. Pure (Blob in, facts out): runs in Node, the page and workers.
 */
import { createFile, MP4BoxBuffer, type ISOFile, type Movie, type Track } from 'mp4box';

/** Why a file could not be probed. `kind` maps straight onto an import problem. */
export class ProbeError extends Error {
  constructor(
    readonly kind: 'unparseable' | 'aborted',
    message: string,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

export const VIDEO_CODEC_FAMILIES = {
  avc1: 'H.264',
  avc3: 'H.264',
  hvc1: 'HEVC',
  hev1: 'HEVC',
  av01: 'AV1',
  mp4v: 'MPEG-4 Part 2',
  vp08: 'VP8',
  vp09: 'VP9',
  s263: 'H.263',
  h263: 'H.263',
  jpeg: 'Motion JPEG',
  mjpa: 'Motion JPEG',
  mjpb: 'Motion JPEG',
  apch: 'Apple ProRes',
  apcn: 'Apple ProRes',
  apcs: 'Apple ProRes',
  apco: 'Apple ProRes',
  ap4h: 'Apple ProRes',
  ap4x: 'Apple ProRes',
  dvh1: 'Dolby Vision',
  dvhe: 'Dolby Vision',
  dvav: 'Dolby Vision',
  dva1: 'Dolby Vision',
  encv: 'an encrypted (DRM) codec',
} as const satisfies Record<string, string>;

/** Video codecs Reelwright accepts inside MP4/MOV (DESIGN: H.264, HEVC, AV1). */
export const SUPPORTED_VIDEO_FAMILIES: readonly string[] = ['H.264', 'HEVC', 'AV1'];

export interface CodecSupport {
  supported: boolean;
  /** Human name: "H.264", "HEVC", "AV1", "MPEG-4 Part 2", or the four-character code when unknown. */
  family: string;
}

/** Classifies an RFC 6381 codec string from mp4box ("avc1.64001f", "hvc1.1.6.L93.B0", "mp4v.20.9"). */
export function classifyVideoCodec(codec: string): CodecSupport {
  const fourcc = codec.slice(0, 4);
  let family: string = (VIDEO_CODEC_FAMILIES as Record<string, string>)[fourcc] ?? fourcc.trim();
  if (fourcc === 'mp4v') {
    const oti = codec.split('.')[1]?.toLowerCase();
    if (oti && /^6[0-5]$/.test(oti)) family = 'MPEG-2 Video';
    else if (oti === '6a') family = 'MPEG-1 Video';
  }
  return { supported: SUPPORTED_VIDEO_FAMILIES.includes(family), family };
}

export interface Mp4Probe {
  container: 'mp4' | 'mov';
  brands: string[];
  /** Seconds. */
  duration: number;
  /** Display size of the first video track (rotation from the track matrix applied). */
  width?: number;
  height?: number;
  videoCodec?: string;
  videoSupport?: CodecSupport;
  audioCodec?: string;
  fps?: number;
  /** Bits per second over the whole file. */
  bitrate?: number;
  trackCount: number;
  videoTracks: number;
  audioTracks: number;
  fragmented: boolean;
  /** Bytes read to get here (the point of slicing: stays tiny for huge files). */
  bytesRead: number;
}

export interface OpenedMp4 {
  file: ISOFile;
  info: Movie;
  bytesRead: number;
}

export interface OpenMp4Options {
  signal?: AbortSignal;
  /** Size of each read (default 1 MiB). */
  chunkBytes?: number;
  /** Give up after reading this much without finding a complete moov (default 256 MiB). */
  maxReadBytes?: number;
}

/**
 * Parses the movie header of an MP4/MOV without loading `mdat`. Throws ProbeError('unparseable') when there
 * is no complete moov box or mp4box rejects the structure.
 */
export async function openMp4(blob: Blob, opts: OpenMp4Options = {}): Promise<OpenedMp4> {
  const chunk = opts.chunkBytes ?? 1 << 20;
  const maxRead = opts.maxReadBytes ?? 256 << 20;
  const file = createFile();
  let info: Movie | undefined;
  let failure: string | undefined;
  file.onReady = (movie) => {
    info = movie;
  };
  file.onError = (_module, message) => {
    failure = message;
  };
  let pos = 0;
  let bytesRead = 0;
  while (!info && !failure && pos < blob.size) {
    if (opts.signal?.aborted) throw new ProbeError('aborted', 'Probing was canceled.');
    if (bytesRead > maxRead) break;
    const end = Math.min(blob.size, pos + chunk);
    const buffer = MP4BoxBuffer.fromArrayBuffer(await blob.slice(pos, end).arrayBuffer(), pos);
    bytesRead += end - pos;
    let next: number;
    try {
      next = file.appendBuffer(buffer, end >= blob.size);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
      break;
    }
    // mp4box answers with the next offset it needs: past a skipped mdat, or the end of what it has.
    pos = typeof next === 'number' && next > pos ? next : end;
  }
  if (!info) {
    throw new ProbeError(
      'unparseable',
      failure
        ? `the file structure is damaged (${failure.replace(/\.?\s*Aborting parsing\.?$/, '')})`
        : 'no complete movie header (moov box) was found — the file may be truncated',
    );
  }
  if (info.tracks.length === 0) throw new ProbeError('unparseable', 'the movie header lists no tracks');
  return { file, info, bytesRead };
}

function displaySize(track: Track): { width: number; height: number } {
  const width = track.video?.width || track.track_width;
  const height = track.video?.height || track.track_height;
  // A 90/270 degree rotation matrix ([0, ±1, _, ∓1, 0, …]) swaps the displayed sides (phone portrait video).
  const m = track.matrix as ArrayLike<number> | undefined;
  const rotated = m && m.length >= 5 && m[0] === 0 && m[4] === 0 && m[1] !== 0;
  return rotated ? { width: height, height: width } : { width, height };
}

/** The decoder's OTI for mp4v entries, so "mp4v" becomes "mp4v.20" (MPEG-4 Part 2) / "mp4v.61" (MPEG-2). */
function codecString(file: ISOFile, track: Track): string {
  if (track.codec !== 'mp4v') return track.codec;
  const entry = file.getTrackById(track.id)?.mdia?.minf?.stbl?.stsd?.entries?.[0] as
    { esds?: { esd?: { getOTI?: () => number } } } | undefined;
  const oti = entry?.esds?.esd?.getOTI?.();
  return typeof oti === 'number' && oti > 0 ? `mp4v.${oti.toString(16)}` : 'mp4v';
}

export function describeMp4(opened: OpenedMp4, fileBytes: number): Mp4Probe {
  const { file, info, bytesRead } = opened;
  const video = info.videoTracks[0];
  const audio = info.audioTracks[0];
  let duration = info.timescale ? info.duration / info.timescale : 0;
  if (!duration && info.fragment_duration) duration = info.fragment_duration.num / info.fragment_duration.den;
  if (!duration) {
    const longest = Math.max(
      0,
      ...info.tracks.map((t) => (t.timescale ? t.samples_duration / t.timescale : 0)),
    );
    duration = longest;
  }
  const probe: Mp4Probe = {
    container: info.brands[0] === 'qt  ' ? 'mov' : 'mp4',
    brands: [...new Set(info.brands)],
    duration,
    trackCount: info.tracks.length,
    videoTracks: info.videoTracks.length,
    audioTracks: info.audioTracks.length,
    fragmented: info.isFragmented,
    bytesRead,
  };
  if (duration > 0) probe.bitrate = Math.round((fileBytes * 8) / duration);
  if (video) {
    Object.assign(probe, displaySize(video));
    probe.videoCodec = codecString(file, video);
    probe.videoSupport = classifyVideoCodec(probe.videoCodec);
    if (video.nb_samples > 0 && video.samples_duration > 0) {
      probe.fps = Math.round(((video.nb_samples * video.timescale) / video.samples_duration) * 1000) / 1000;
    }
  }
  if (audio) probe.audioCodec = audio.codec;
  return probe;
}

/** Probes an MP4/MOV blob. Throws ProbeError when it can't be parsed. */
export async function probeMp4(blob: Blob, opts: OpenMp4Options = {}): Promise<Mp4Probe> {
  return describeMp4(await openMp4(blob, opts), blob.size);
}
