/** Clips as stored, and the facts read from their bytes. */
import type { Size } from './assets.ts';
import type { ProviderKind } from './connections.ts';

/** A generated clip's metadata. Sizes, duration and codec are read from the file, never the provider. */
/** A clip in the library; its width, height, duration, codecs, fps and bitrate are read from the file (VideoProbe). */
export interface VideoRecord extends VideoProbe {
  id: string;
  jobId: string;
  prompt: string;
  connectionId: string;
  providerKind: ProviderKind;
  model: string;
  /** The size and seconds that were requested. */
  size: Size;
  seconds: number;
  bytes: number;
  cost: number;
  providerJobId?: string;
  referenceAssetId?: string;
  remixOf?: string;
  segmentId?: string;
  /** Set on a stitched episode (the whole cut): the episode it was made from. */
  episodeId?: string;
  created: number;
  completed: number;
  blobId: string;
  thumbId?: string;
  /** The provider's scrub-preview spritesheet (a grid of frames), stored as a blob when given. */
  spriteId?: string;
  favourite?: boolean;
  tags?: string[];
  /** Where the clip's top-level boxes are, found when it was saved: lets the stitcher read `moov` in one go. */
  layout?: ClipLayout;
}

/** Byte positions of an MP4's top-level boxes (a hint: the stitcher checks it and rediscovers when stale). */
export interface ClipLayout {
  /** [offset, size] of the `moov` box. */
  moov: [number, number];
  /** [start, end) of the `mdat` payload (after its header). */
  mdat: [number, number];
  /** [offset, size] of the `ftyp` box, when the file has one. */
  ftyp?: [number, number];
}

/** The facts read from a clip's own bytes (never taken from a provider's claim). */
export interface VideoProbe {
  width: number;
  height: number;
  duration: number;
  codec: string;
  audioCodec?: string;
  fps?: number;
  bitrate?: number;
}
