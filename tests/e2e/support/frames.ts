/**
 * Outside readers of media files (ffmpeg), shared by the Playwright specs and the Vitest stitch suite, so a
 * test's expectations never depend on the app's own decoder.
 */
import { execFileSync } from 'node:child_process';

/** `ffmpeg -v error -i path -f null -`: returns stderr (empty when the file decodes cleanly). */
export function decodeErrors(path: string): string {
  try {
    execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-'], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return '';
  } catch (err) {
    return String((err as { stderr?: string }).stderr ?? err);
  }
}

/**
 * Every video frame of a file as ffmpeg decodes it (rgb24, presentation order, no frame dropped or
 * duplicated: `-fps_mode passthrough`), as the MD5 of its RGB bytes (ffmpeg's framemd5 muxer).
 */
export function frameDigests(path: string): string[] {
  const out = execFileSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      path,
      '-map',
      '0:v:0',
      '-fps_mode',
      'passthrough',
      '-pix_fmt',
      'rgb24',
      '-f',
      'framemd5',
      '-',
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  return out
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(',').at(-1)!.trim());
}

/** Frame `index` (0-based, presentation order) of a file as packed RGB bytes. */
export function rgbFrameAt(path: string, index: number): Buffer {
  return execFileSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      path,
      '-map',
      '0:v:0',
      '-vf',
      `select=eq(n\\,${index})`,
      '-fps_mode',
      'passthrough',
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    { maxBuffer: 64 << 20 },
  );
}

/** Mean absolute difference of two same-sized RGB pictures, 0–255 per channel. */
export function meanDifference(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error(`pictures differ in size: ${a.length} vs ${b.length} bytes`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

export interface FrameMismatch {
  /** Index in the stitched output. */
  index: number;
  /** Which source clip and frame should be there (or `missing` past the end of either side). */
  expected: string;
  got: string;
}

/**
 * Compares the stitched output's frames with its sources' frames, in order: the output must be exactly the
 * sources' frames one after another. Returns the first mismatch (a shifted, dropped, duplicated or damaged
 * frame), or undefined when every frame matches.
 */
export function firstFrameMismatch(output: string[], sources: string[][]): FrameMismatch | undefined {
  const expected = sources.flatMap((frames, clip) =>
    frames.map((digest, frame) => ({ digest, clip, frame })),
  );
  const name = (e?: { clip: number; frame: number }): string =>
    e ? `clip ${e.clip + 1} frame ${e.frame}` : 'missing';
  const where = (digest: string | undefined): string => {
    if (digest === undefined) return 'missing';
    const found = expected.find((e) => e.digest === digest);
    return found ? name(found) : 'a frame no source has';
  };
  for (let index = 0; index < Math.max(output.length, expected.length); index++) {
    if (output[index] !== expected[index]?.digest)
      return { index, expected: name(expected[index]), got: where(output[index]) };
  }
  return undefined;
}
