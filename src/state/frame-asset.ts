/**
 * The one "video frame → image asset" maker: a clip's last frame, fitted (crop) to a size, stored once as
 * an image asset with a thumbnail. The de-duplication key is the clip and the size, so the viewer's "use
 * last frame" and the episode chain find the same asset instead of storing the frame twice.
 */
import type { AssetRecord, VideoRecord } from '../types.ts';
import type { LibraryDb, MediaPort } from './ports.ts';

export interface FrameAssetDeps {
  db: LibraryDb;
  media: MediaPort;
  now(): number;
}

/** The de-duplication key (stored as the asset's sha256) of a clip's last frame at a size. */
export const lastFrameKey = (videoId: string, width: number, height: number): string =>
  `last-frame-${videoId}-${width}x${height}`;

const THUMB_EDGE = 320;

/**
 * The id of the asset holding `video`'s last frame at `width`×`height`, made now unless it is already
 * stored; `created` says which. Throws when the clip's bytes are gone or the frame cannot be read.
 */
export async function lastFrameAsset(
  deps: FrameAssetDeps,
  video: VideoRecord,
  size: { width: number; height: number; name: string },
): Promise<{ id: string; created: boolean }> {
  const { db, media } = deps;
  const { width, height } = size;
  const sha256 = lastFrameKey(video.id, width, height);
  const existing = await db.findAssetBySha256(sha256);
  if (existing) return { id: existing.id, created: false };
  const clip = await db.getBlob(video.blobId);
  if (!clip) throw new Error('the clip is no longer on this device');
  const frame = await media.fitImage(await media.extractFrame(clip, 'last'), width, height, 'crop');
  const scale = Math.min(1, THUMB_EDGE / Math.max(width, height));
  const thumb = await media
    .fitImage(frame, Math.round(width * scale), Math.round(height * scale), 'crop')
    .catch(() => undefined);
  const id = crypto.randomUUID();
  const asset: AssetRecord = {
    id,
    name: size.name,
    kind: 'image',
    mime: frame.type || 'image/png',
    bytes: frame.size,
    width,
    height,
    sha256,
    created: deps.now(),
    tags: ['last-frame'],
    blobId: `asset-${id}`,
    thumbId: thumb ? `thumb-${id}` : undefined,
    origin: { kind: 'last-frame', videoId: video.id },
  };
  await db.addAsset(asset, frame, thumb);
  return { id, created: true };
}
