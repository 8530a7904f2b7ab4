/**
 * The heavy, DOM-free half of importing a file: sniff, hash, decode + thumbnail an image, probe an MP4/MOV.
 * Runs inside the import worker (import.worker.ts); inline only when workers are unavailable.
 */
import { sha256Hex } from './hash.ts';
import { ProbeError, probeMp4, type Mp4Probe } from './probe.ts';
import { readHead, sniffType, type SniffResult } from './sniff.ts';
import { imageThumbnail, THUMB_SIDE } from './thumbnail.ts';

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
      const bitmap = await createImageBitmap(file);
      try {
        const thumb = await imageThumbnail(bitmap, thumbSide);
        report.image = { ok: true, width: bitmap.width, height: bitmap.height, thumbnail: thumb.blob };
      } finally {
        bitmap.close();
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
