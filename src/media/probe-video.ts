/**
 * The probe dispatcher: MP4/MOV go to the mp4box probe (probe.ts), WebM to a <video> element (frames.ts).
 * Kept apart from both so neither imports the other (issue 15: no import cycles).
 */
import type { VideoProbe } from '../types.ts';
import { ProbeError, probeMp4, type OpenMp4Options } from './probe.ts';

export type { VideoProbe };

/**
 * Width, height, duration and codecs of a clip. MP4/MOV through mp4box (Node-safe); WebM through a <video>
 * element (page only). Throws ProbeError when the file can't be parsed or has no video track.
 */
export async function probeVideo(blob: Blob, opts: OpenMp4Options = {}): Promise<VideoProbe> {
  const { readHead, sniffType } = await import('./sniff.ts');
  const sniffed = sniffType(await readHead(blob));
  if (sniffed?.container === 'webm') {
    const { loadVideo } = await import('./frames.ts');
    const loaded = await loadVideo(blob, { signal: opts.signal }).catch((error: unknown) => {
      throw new ProbeError('unparseable', error instanceof Error ? error.message : String(error));
    });
    loaded.dispose();
    if (!loaded.width) throw new ProbeError('unparseable', 'the file has no video track');
    const duration = Number.isFinite(loaded.duration) ? loaded.duration : 0;
    return {
      width: loaded.width,
      height: loaded.height,
      duration,
      codec: 'webm',
      bitrate: duration ? Math.round((blob.size * 8) / duration) : undefined,
    };
  }
  if (sniffed?.container !== 'mp4' && sniffed?.container !== 'mov') {
    throw new ProbeError('unparseable', 'the file is not an MP4, MOV or WebM video');
  }
  const probe = await probeMp4(blob, opts);
  if (!probe.videoCodec || !probe.width || !probe.height)
    throw new ProbeError('unparseable', 'the file has no video track');
  return {
    width: probe.width,
    height: probe.height,
    duration: probe.duration,
    codec: probe.videoCodec,
    audioCodec: probe.audioCodec,
    fps: probe.fps,
    bitrate: probe.bitrate,
  };
}
