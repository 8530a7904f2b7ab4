/** Episodes (drama structure, schema v3): series, cast, segments and dialogue. */
import type { Size } from './assets.ts';

/** How a segment starts: a hard cut, chained from the previous approved take's last frame, or a shared keyframe. */
export const CONTINUITY_MODES = ['cut', 'chain', 'keyframe'] as const;
export type ContinuityMode = (typeof CONTINUITY_MODES)[number];

/** A character or a set (location) of a series: how it looks, and the reference images that show it. */
export interface CastMember {
  id: string;
  /** Named in scripts and prompts as `@Name` (letters, digits, `-` and `_`). */
  name: string;
  /** Short visual description (face, hair, wardrobe; or the look of a place), woven into prompts. */
  description: string;
  /** Reference image asset ids: front, side, full-body sheet… The first is the main one. */
  referenceIds: string[];
  /** Optional voice note (characters). */
  voice?: string;
  /** Character-sheet still jobs asked for and not yet approved or dismissed. */
  sheetJobIds?: string[];
}

/** A series: a named group of episodes. */
export interface ProjectRecord {
  id: string;
  title: string;
  created: number;
  updated: number;
  /** The cast bible: characters (kept on the project, so backups carry it). */
  cast?: CastMember[];
  /** Locations kept the same way as characters. */
  sets?: CastMember[];
  /** Issue 17: the voice of each speaker of the series' scripts, keyed by `speakerKey(name)`. */
  voices?: Record<string, SpeakerVoice>;
}

/** How one speaker is voiced: a speech connection, its model and voice id, and a speed. */
export interface SpeakerVoice {
  connectionId: string;
  model: string;
  voice: string;
  speed: number;
}

/** One 60-90 s episode: its settings, script and the stitched cut once made. */
export interface EpisodeRecord {
  id: string;
  projectId: string;
  title: string;
  /** Seconds the segments should add up to (default 75). */
  targetSeconds: number;
  /** "9:16" by default; follows `size`. */
  aspect: string;
  size: Size;
  connectionId: string;
  model: string;
  /** The script the segments were split from (kept for captions and re-splitting). */
  script: string;
  /** Music bed from the asset library and its level (0-1). Exported beside the MP4, never mixed in. */
  musicAssetId?: string;
  musicLevel: number;
  /** Build a WebVTT caption track from the segments' script lines. */
  captions: boolean;
  /** The stitched cut in the `videos` store (VideoRecord with `episodeId`). */
  exportVideoId?: string;
  /** How the cut was made (issue 13): its path, the real clip starts (caption timing) and what went in. */
  exportInfo?: EpisodeExportInfo;
  /** Render settings (issue 13); absent fields default from the clips (most common size and frame rate). */
  render?: EpisodeRenderSettings;
  /** The first finished take of a segment is approved unless the user picked another (issue 13). */
  autoApprove?: boolean;
  created: number;
  updated: number;
}

/** An episode's render settings; every field optional (defaults: clips' most common size/fps, blur, −14 LUFS). */
export interface EpisodeRenderSettings {
  width?: number;
  height?: number;
  fps?: number;
  fit?: 'blur' | 'crop';
  burnCaptions?: boolean;
  targetLufs?: number;
  crossfadeMs?: number;
}

export interface EpisodeExportInfo {
  path: 'lossless' | 'audio' | 'full';
  /** Seconds, one per segment, in the exported file. */
  clipStarts: number[];
  duration: number;
  musicMixed: boolean;
  captionsBurned: boolean;
}

/** One clip-long beat of an episode. Takes are clips (videos) kept as ids; one may be approved. */
export interface SegmentRecord {
  id: string;
  episodeId: string;
  /** Position in the episode, 0-based and dense. */
  order: number;
  title: string;
  /** What is sent to the model. */
  prompt: string;
  /** The script line(s) this segment carries; the caption text. */
  caption: string;
  seconds: number;
  /** Overrides the episode's size (a different size cannot be stitched losslessly; the stitcher says so). */
  size?: Size;
  continuity: ContinuityMode;
  /** First-frame reference (optional for `cut`, the shared keyframe for `keyframe`). */
  referenceAssetId?: string;
  takeIds: string[];
  approvedTakeId?: string;
  /** For a chained approved take: the clip whose last frame it started from. */
  chainedFrom?: string;
  /** Generate was asked for, but this chained segment waits for the previous segment's approved take. */
  awaitingChain?: boolean;
  /** The prompt, duration, size, reference or continuity changed after a take was approved. */
  edited?: boolean;
  /** Why the approved take no longer fits (shown, never silently kept). */
  stale?: string;
  /** Text → still → video: no video job is sent until a still is approved. */
  stillFirst?: boolean;
  /** Generated still candidates (asset ids), oldest first. */
  stillIds?: string[];
  /** The approved still: the first frame of every video take. */
  approvedStillId?: string;
  /** Cast members and sets picked for this segment (besides the `@Name` mentions in its prompt). */
  castIds?: string[];
  /** When the model takes fewer references than the segment needs: the member ids whose sheets are sent. */
  castKeep?: string[];
  /** The final prompt as the user edited it (else it is built from the prompt and the cast). */
  finalPrompt?: string;
  /** Too few reference slots: a composite sheet still (the approved still) is the first frame; no sheets are sent. */
  castComposite?: boolean;
  /** Issue 17: the voiced dialogue lines of the caption (`NAME: line`), with their takes. */
  lines?: DialogueLineRecord[];
  /** Whose speech is heard: the video model's own audio, our voiced lines, or both (default both). */
  speech?: SpeechSource;
  /** Reference mode beyond a first frame, where the episode's model allows it (else the first frame only). */
  refMode?: 'first-last' | 'multi' | 'extend';
  /** Extend mode: the take (video id) whose clip the next take continues. */
  extendTakeId?: string;
  /** First + last frame mode: the last frame (the first is `referenceAssetId`, the chained frame or the still). */
  lastFrameAssetId?: string;
  /** Several references mode: the images sent, in order (instead of the cast's sheets). */
  referenceAssetIds?: string[];
  created: number;
  updated: number;
}

export const SPEECH_SOURCES = ['model', 'voices', 'both'] as const;
export type SpeechSource = (typeof SPEECH_SOURCES)[number];

/** One spoken line of a segment and its voiced takes (audio assets), kept like video takes. */
export interface DialogueLineRecord {
  /** Position among the segment's dialogue lines, 0-based. */
  index: number;
  speaker: string;
  text: string;
  /** Audio asset ids, oldest first. */
  takes: string[];
  approved?: string;
  /** Seconds from the segment's start where the line begins. */
  offset: number;
}
