/**
 * The heavy, DOM-free half of importing a file: sniff, hash, decode + thumbnail an image, probe an MP4/MOV.
 * Runs inside the import worker (import.worker.ts); inline only when workers are unavailable.
 */
import { sha256Hex } from './hash.ts';
import { ProbeError, probeMp4, type Mp4Probe } from './probe.ts';
import { readHead, sniffType, type SniffResult } from './sniff.ts';
import { encodeThumbnail, imageThumbnail, THUMB_SIDE, thumbSize } from './thumbnail.ts';

export interface InspectReport {
  sha256: string;
  sniff: SniffResult | null;
  image?: { ok: true; width: number; height: number; thumbnail: Blob } | { ok: false; error: string };
  mp4?: { ok: true; probe: Mp4Probe } | { ok: false; error: string };
  /** Milliseconds spent, for benchmarks. */
  ms: number;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function inspectFile(file: Blob, thumbSide = THUMB_SIDE): Promise<InspectReport> {
  const started = performance.now();
  const sniff = sniffType(await readHead(file));
  // Hash alongside decoding: WebCrypto digests off the JS thread, so the two overlap.
  const hashing = sniff ? sha256Hex(file) : Promise.resolve('');
  const report: InspectReport = { sha256: '', sniff, ms: 0 };
  if (sniff?.kind === 'image') {
    try {
      const fast = sniff.container === 'jpeg' ? await jpegFastPath(file, thumbSide) : null;
      if (fast) report.image = { ok: true, ...fast };
      else {
        const bitmap = await createImageBitmap(file);
        try {
          const thumb = await imageThumbnail(bitmap, thumbSide);
          report.image = { ok: true, width: bitmap.width, height: bitmap.height, thumbnail: thumb.blob };
        } finally {
          bitmap.close();
        }
      }
    } catch (error) {
      report.image = { ok: false, error: message(error) };
    }
  } else if (sniff && (sniff.container === 'mp4' || sniff.container === 'mov')) {
    try {
      report.mp4 = { ok: true, probe: await probeMp4(file) };
    } catch (error) {
      report.mp4 = { ok: false, error: error instanceof ProbeError ? error.message : message(error) };
    }
  }
  report.sha256 = await hashing;
  report.ms = performance.now() - started;
  return report;
}

/** Size from the SOFn marker and whether an EXIF orientation other than "normal" is present. */
export function jpegInfo(b: Uint8Array): { width: number; height: number; rotated: boolean } | null {
  let rotated = false;
  for (let at = 2; at + 9 < b.length;) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = (b[at + 2] << 8) | b[at + 3];
    // APP1 "Exif": any orientation tag (0x0112) with a value other than 1 sends us to the general path.
    if (marker === 0xe1 && String.fromCharCode(...b.subarray(at + 4, at + 8)) === 'Exif') {
      const segment = b.subarray(at + 4, at + 2 + length);
      for (let i = 0; i + 10 < segment.length; i++) {
        const le =
          segment[i] === 0x12 && segment[i + 1] === 0x01 && segment[i + 8] !== 1 && segment[i + 8] !== 0;
        const be =
          segment[i] === 0x01 && segment[i + 1] === 0x12 && segment[i + 9] !== 1 && segment[i + 9] !== 0;
        if (le || be) rotated = true;
      }
    }
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: (b[at + 5] << 8) | b[at + 6], width: (b[at + 7] << 8) | b[at + 8], rotated };
    at += 2 + length;
  }
  return null;
}

/**
 * JPEG thumbnails through WebCodecs' ImageDecoder with a desired size: libjpeg-turbo then decodes at 1/2,
 * 1/4 or 1/8 scale in the DCT domain, which skips most of the work for a big photo (the whole entropy-coded
 * stream is still read, so a damaged file still fails). Returns null to take the general path when
 * ImageDecoder is missing or the photo carries an EXIF rotation.
 */
async function jpegFastPath(
  file: Blob,
  thumbSide: number,
): Promise<{ width: number; height: number; thumbnail: Blob } | null> {
  if (typeof ImageDecoder !== 'function') return null;
  const info = jpegInfo(await readHead(file, 256 * 1024));
  if (!info || info.rotated || Math.max(info.width, info.height) < thumbSide * 4) return null;
  const size = thumbSize(info.width, info.height, thumbSide);
  // Ask for twice the thumbnail so the decoder's power-of-two scale never lands below it.
  const decoder = new ImageDecoder({
    data: file.stream(),
    type: 'image/jpeg',
    desiredWidth: size.width * 2,
    desiredHeight: size.height * 2,
  });
  try {
    const { image } = await decoder.decode({ frameIndex: 0, completeFramesOnly: true });
    try {
      const canvas = new OffscreenCanvas(size.width, size.height);
      const ctx = canvas.getContext('2d');
      if (!ctx) return null;
      ctx.imageSmoothingQuality = 'medium';
      ctx.drawImage(image, 0, 0, size.width, size.height);
      return { width: info.width, height: info.height, thumbnail: await encodeThumbnail(canvas) };
    } finally {
      image.close();
    }
  } finally {
    decoder.close();
  }
}
