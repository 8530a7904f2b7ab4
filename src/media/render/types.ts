/**
 * The render pipeline's contract: what an episode export asks for, which path runs, and what comes back.
 * Two paths beside the lossless join (media/stitch): an audio-only render (video samples copied, one new
 * continuous audio track) and a full render (decode, compose on the episode canvas, captions, encode).
 * Everything here is plain data so it crosses a worker boundary (Blobs are structured-cloneable).
 */

/** One clip in the cut, in episode order. */
export interface RenderClip {
  /** Shown in every message about this clip ("segment 3 — take 2"). */
  label: string;
  blob: Blob;
  /**
   * The slot this clip fills, in seconds from its own start: the whole clip unless trimmed. The episode
   * timeline is the sum of slots; clip i starts where clip i-1's slot ends.
   */
  inPoint?: number;
  outPoint?: number;
  /** Issue 17: the clip's own audio is left out of the mix (its segment is heard with our voices only). */
  muted?: boolean;
}

/**
 * What the render pipeline knows about one clip, read from its MP4 (media/render `inspectClip`), for path
 * selection (`planExport`) and for messages that name exactly what differs.
 */
export interface ClipMediaInfo {
  /** Short codec family: 'avc' | 'hevc' | 'vp9' | 'av1' | …; the full string in `codecString`. */
  videoCodec: string;
  codecString?: string;
  width: number;
  height: number;
  /** Average frame rate, frames per second (e.g. 24, 29.97, 30). */
  fps: number;
  /** Seconds. */
  duration: number;
  /** Absent when the clip has no audio track. */
  audio?: { codec: string; codecString?: string; sampleRate: number; channels: number };
  /** Whether this browser's WebCodecs can decode the video / the audio (false makes a render impossible). */
  canDecodeVideo: boolean;
  canDecodeAudio: boolean;
}

/** Planar PCM: one Float32Array per channel, all the same length. The mixer and loudness meter work on it. */
export interface Pcm {
  sampleRate: number;
  channels: Float32Array[];
}

/** A sound placed on the episode timeline (music bed, dialogue line). */
export interface RenderSound {
  label: string;
  blob: Blob;
  /** Seconds into the episode where it starts. */
  start: number;
  /** Linear gain, 1 = as recorded. */
  gain: number;
}

export interface RenderCaption {
  /** Seconds in the episode. */
  start: number;
  end: number;
  text: string;
}

export type FitMode = 'blur' | 'crop';

export interface RenderOptions {
  /** The episode canvas, e.g. 720x1280. Clips of another size are fitted with `fit`. */
  width: number;
  height: number;
  /** The episode's frame rate; other rates are converted. */
  fps: number;
  fit: FitMode;
  /** Music bed: mixed under the clips' audio, ducked while clip audio or dialogue plays. */
  music?: RenderSound;
  /** Dialogue lines (issue 17): mixed on top, ducking music and clip audio. */
  speech?: RenderSound[];
  /** Captions from the script, timed from the real clip starts. */
  captions?: RenderCaption[];
  /** Burn captions into the picture (forces a full render); otherwise they go in as a soft track. */
  burnCaptions: boolean;
  /** Integrated loudness target, LUFS (default -14); true peak ceiling, dBTP (default -1). */
  targetLufs: number;
  truePeakDb: number;
  /** Crossfade at each join, ms (default 30). */
  crossfadeMs: number;
  /** Force a path (tests, "re-encode everything"); normally chosen by planExport. */
  forcePath?: ExportPath;
}

export type ExportPath = 'lossless' | 'audio' | 'full';

/** Why a clip cannot join losslessly, named so the user sees exactly what differs. */
export interface ClipDifference {
  clip: string;
  /** The field that differs: 'fps' | 'size' | 'video codec' | 'audio codec' | 'audio' | 'sample rate' … */
  field: string;
  /** What this clip has and what the episode has: "24 fps" vs "30 fps", "H.265" vs "H.264", "no audio". */
  clipValue: string;
  episodeValue: string;
}

/** The chosen path with the reasons, for the stitch panel ("Re-encodes 2 of 9 clips because …"). */
export interface ExportPlan {
  path: ExportPath;
  /** One line for the panel: "Lossless — no re-encoding" / "Renders audio: …" / "Re-encodes 2 of 9 clips: …". */
  summary: string;
  differences: ClipDifference[];
  /** Clips the browser cannot decode (render impossible): clip label, what it is, what to do. */
  undecodable: Array<{ clip: string; what: string; fix: string }>;
}

export type RenderStage = 'reading' | 'audio' | 'loudness' | 'video' | 'muxing' | 'done';

export interface RenderProgress {
  stage: RenderStage;
  /** 0–1 over the whole render. */
  fraction: number;
  /** Seconds left, once it can be estimated. */
  secondsLeft?: number;
}

export interface RenderResult {
  blob: Blob;
  path: ExportPath;
  /** Seconds. */
  duration: number;
  /** Start of each clip in the output, seconds (captions are timed from these). */
  clipStarts: number[];
  videoCodec: string;
  audioCodec?: string;
  /** Measured after normalization. */
  loudness?: { integratedLufs: number; truePeakDb: number };
}

export const DEFAULT_RENDER_OPTIONS = {
  fps: 30,
  fit: 'blur',
  burnCaptions: false,
  targetLufs: -14,
  truePeakDb: -1,
  crossfadeMs: 30,
} as const satisfies Partial<RenderOptions>;

/** A render failure the UI can show as is: `clip` names the clip when one is to blame. */
export class RenderError extends Error {
  constructor(
    readonly code: 'undecodable' | 'unreadable' | 'encoder' | 'canceled' | 'worker' | 'input',
    message: string,
    readonly clip?: string,
  ) {
    super(message);
    this.name = 'RenderError';
  }
}
