/** Library files, their bytes and the prompt history. */

export const ASSET_KINDS = ['image', 'video', 'audio'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** A user file in the library. Bytes live in the `blobs` store under `blobId`. */
export interface AssetRecord {
  id: string;
  name: string;
  kind: AssetKind;
  mime: string;
  bytes: number;
  width?: number;
  height?: number;
  /** Seconds, for video and audio. */
  duration?: number;
  /** Hex SHA-256 of the bytes; the same file is never stored twice. */
  sha256: string;
  created: number;
  tags: string[];
  blobId: string;
  thumbId?: string;
  /** Where the asset came from when Reelwright made it (last frame of a clip, a generated still…). */
  origin?: {
    kind: 'last-frame' | 'generated-still' | 'fitted' | 'voiced-line';
    videoId?: string;
    jobId?: string;
    prompt?: string;
  };
}

/** The bytes of an asset, clip or thumbnail. Only read when they are shown or exported. */
export interface BlobRecord {
  id: string;
  blob: Blob;
}

export type Size = `${number}x${number}`;

export interface PromptRecord {
  id: string;
  text: string;
  firstUsed: number;
  lastUsed: number;
  useCount: number;
  videoIds: string[];
}
