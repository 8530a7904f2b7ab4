/**
 * Fitting a reference image to a provider's exact output size. Runs in the page or a worker
 * (createImageBitmap + OffscreenCanvas only).
 */
import type { FitMode } from '../types.ts';

export interface ImageSize {
  width: number;
  height: number;
}

/** Natural size of an image blob (EXIF orientation applied, as the browser shows it). */
export async function imageSize(blob: Blob): Promise<ImageSize> {
  const bitmap = await createImageBitmap(blob);
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

/** Where the source lands on a `width` x `height` canvas: cover (crop) or contain (letterbox), centred. */
export function fitRect(
  src: ImageSize,
  width: number,
  height: number,
  mode: FitMode,
): { x: number; y: number; width: number; height: number } {
  const scale =
    mode === 'crop'
      ? Math.max(width / src.width, height / src.height)
      : Math.min(width / src.width, height / src.height);
  const w = src.width * scale;
  const h = src.height * scale;
  return { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h };
}

/**
 * Returns an image of EXACTLY `width` x `height`. 'crop' fills the frame and cuts the overflow, centred;
 * 'letterbox' fits the whole image and fills the bars with black.
 */
export async function fitImage(
  blob: Blob,
  width: number,
  height: number,
  mode: FitMode,
  type = 'image/png',
  quality?: number,
): Promise<Blob> {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`fitImage needs a positive whole-pixel size, got ${width}x${height}.`);
  }
  const bitmap = await createImageBitmap(blob);
  try {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas available to fit the image.');
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingQuality = 'high';
    const r = fitRect(bitmap, width, height, mode);
    // Whole pixels for letterbox so the bars are pure black with no blended seam.
    if (mode === 'letterbox')
      ctx.drawImage(bitmap, Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height));
    else ctx.drawImage(bitmap, r.x, r.y, r.width, r.height);
    return await canvas.convertToBlob({ type, quality });
  } finally {
    bitmap.close();
  }
}
