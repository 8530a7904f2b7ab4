// Real media bytes served by GET /videos/{id}/content. Built by tests/fixtures/media/make-fixtures.sh.
// One 4 s H.264 Main + AAC clip per VideoSize: the mock serves the clip matching the job's size, whatever
// `seconds` was requested (the app must read the real duration from the file, as it should anyway).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MEDIA_DIR = fileURLToPath(new URL('../../fixtures/media/', import.meta.url));

export const VIDEO_SIZES = /** @type {const} */ (['720x1280', '1280x720', '1024x1792', '1792x1024']);

/** @type {Record<string, { file: (size: string) => string, contentType: string }>} */
const VARIANTS = {
  video: { file: (s) => `video-${s}.mp4`, contentType: 'video/mp4' },
  thumbnail: { file: (s) => `thumbnail-${s}.webp`, contentType: 'image/webp' },
  spritesheet: { file: (s) => `spritesheet-${s}.jpg`, contentType: 'image/jpeg' },
};

/** @type {Map<string, Buffer>} */
const cache = new Map();

/**
 * @param {string} size one of VIDEO_SIZES
 * @param {'video' | 'thumbnail' | 'spritesheet'} variant
 * @param {string | null} [videoFile] an MP4 (absolute path) served as the video instead, whatever the size
 *   (the `videoFile` option: a chosen fixture such as a 24 fps or silent clip)
 * @returns {{ bytes: Buffer, contentType: string, file: string }}
 */
export function mediaFor(size, variant, videoFile = null) {
  const v = VARIANTS[variant];
  const chosen = variant === 'video' && videoFile ? videoFile : null;
  const file = chosen ?? v.file(size);
  let bytes = cache.get(file);
  if (!bytes) {
    bytes = readFileSync(chosen ?? MEDIA_DIR + file);
    cache.set(file, bytes);
  }
  return { bytes, contentType: v.contentType, file };
}

/**
 * Checks that served bytes look like what the content type promises (the content route has no JSON schema
 * to validate against, so this is its response check).
 * @param {Buffer} bytes @param {string} contentType
 */
export function bytesMatchType(bytes, contentType) {
  if (contentType === 'video/mp4') return bytes.toString('latin1', 4, 8) === 'ftyp';
  if (contentType === 'image/webp') return bytes.toString('latin1', 8, 12) === 'WEBP';
  if (contentType === 'image/jpeg') return bytes[0] === 0xff && bytes[1] === 0xd8;
  if (contentType === 'image/png') return bytes[0] === 0x89 && bytes.toString('latin1', 1, 4) === 'PNG';
  if (contentType === 'audio/wav') {
    return bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WAVE';
  }
  if (contentType === 'audio/flac') return bytes.toString('latin1', 0, 4) === 'fLaC';
  if (contentType === 'audio/pcm') return bytes.length > 0 && bytes.length % 2 === 0;
  return false;
}
