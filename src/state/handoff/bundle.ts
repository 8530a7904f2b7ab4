/**
 * The editor hand-off bundle: one stored zip with the project files, the captions and the media they
 * reference, laid out so the folder opens anywhere once unzipped:
 *
 *   <title>.fcpxml   <title>.otio   <title>.srt   <title>.vtt   README.txt
 *   media/seg-01-take-2.mp4 …  media/music-….mp3  media/line-01-maya.wav …
 *
 * Both project files name their media relative to themselves (`./media/…` in FCPXML, `media/…` in OTIO),
 * the same layout as OpenTimelineIO's own `.otiod` bundles. The zip is written by the episode export's
 * zip seam (stored entries, streamed, no workers), loaded on demand.
 */
import { fileStem } from '../episode-export.ts';
import { buildSrt, buildVtt } from './captions.ts';
import { FCPXML_VERSION, writeFcpxml } from './fcpxml.ts';
import { writeOtio } from './otio.ts';
import { HandoffError, fps, layoutHandoff, type HandoffTimeline } from './timeline.ts';

export interface HandoffFile {
  /** Path inside the zip (`media/…` for media). */
  name: string;
  blob: Blob;
}

export interface HandoffBundle {
  /** `<stem>-editor.zip`. */
  zipName: string;
  /** Project files, captions and README first, then the media in timeline order. */
  files: HandoffFile[];
}

export const HANDOFF_README = 'README.txt';

/** Every media path the timeline references, in timeline order, each once. */
export function handoffMediaFiles(timeline: HandoffTimeline): string[] {
  const files = [
    ...timeline.clips.map((c) => c.file),
    ...(timeline.music ? [timeline.music.file] : []),
    ...timeline.dialogue.map((l) => l.file),
  ];
  return [...new Set(files)];
}

/**
 * The files of the bundle. `media` maps each path the timeline references (`media/seg-01-take-2.mp4`) to
 * its bytes (Blobs straight from IndexedDB: handles, not copies). Throws a HandoffError naming every file
 * that is missing, or every problem of the timeline; nothing is written then.
 */
export function handoffBundle(
  timeline: HandoffTimeline,
  media: ReadonlyMap<string, Blob>,
  options: { date?: Date } = {},
): HandoffBundle {
  const layout = layoutHandoff(timeline);
  const paths = handoffMediaFiles(timeline);
  const missing = paths.filter((path) => !media.has(path));
  if (missing.length) throw new HandoffError(missing.map((path) => `${path} has no bytes on this device.`));

  const stem = fileStem(timeline.title);
  const text = (name: string, content: string, type: string): HandoffFile => ({
    name,
    blob: new Blob([content], { type }),
  });
  const names = {
    fcpxml: `${stem}.fcpxml`,
    otio: `${stem}.otio`,
    srt: layout.captions.length ? `${stem}.srt` : undefined,
    vtt: layout.captions.length ? `${stem}.vtt` : undefined,
  };
  const files: HandoffFile[] = [
    text(names.fcpxml, writeFcpxml(timeline), 'application/xml'),
    text(names.otio, writeOtio(timeline), 'application/json'),
  ];
  if (names.srt) files.push(text(names.srt, buildSrt(layout), 'application/x-subrip'));
  if (names.vtt) files.push(text(names.vtt, buildVtt(layout), 'text/vtt'));
  files.push(text(HANDOFF_README, handoffReadme(timeline, names, options.date ?? new Date()), 'text/plain'));
  for (const path of paths) files.push({ name: path, blob: media.get(path)! });
  return { zipName: `${stem}-editor.zip`, files };
}

/** Streams `bundle` as one stored zip into `writable`, and closes it; `onProgress(done, total)` counts bytes. */
export async function writeHandoffZip(
  bundle: HandoffBundle,
  writable: WritableStream<Uint8Array>,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<void> {
  const { writeZip } = await import('../episode-zip.ts');
  await writeZip(bundle.files, writable, options);
}

function handoffReadme(
  timeline: HandoffTimeline,
  names: { fcpxml: string; otio: string; srt?: string; vtt?: string },
  date: Date,
): string {
  const rate = fps(timeline.fps);
  const rateText = Number.isInteger(rate) ? `${rate}` : rate.toFixed(3);
  const lines = [
    `${timeline.title}: an editor project, exported from Reelwright on ${date.toISOString().slice(0, 10)}.`,
    '',
    'Unzip it, keep the media folder beside the project files, then:',
    `- Final Cut Pro: File → Import → XML…, choose ${names.fcpxml}.`,
    `- DaVinci Resolve: File → Import → Timeline…, choose ${names.fcpxml} (or ${names.otio}).`,
    `- Any OpenTimelineIO-aware tool: open ${names.otio}.`,
    'If an editor asks where the media is, point it at the media folder: every file there has a unique name.',
    '',
    `${names.fcpxml}: the cut as FCPXML ${FCPXML_VERSION}. ${timeline.width}x${timeline.height} at ${rateText} fps.`,
    `${names.otio}: the same cut as OpenTimelineIO JSON.`,
    '  Video: the approved takes with their in and out points, in order.',
    timeline.music ? `  Music: the bed on its own track, at ${timeline.music.levelDb} dB.` : undefined,
    timeline.dialogue.length
      ? '  Dialogue: each voiced line on the dialogue track, at its place.'
      : undefined,
    timeline.captions.length
      ? '  Captions: titles and markers in the FCPXML, markers in the OTIO file.'
      : undefined,
    names.srt
      ? `${names.srt}, ${names.vtt}: the captions as subtitles (SubRip, WebVTT), timed to the cut.`
      : undefined,
    'media/: the files both projects reference. Paths are relative, so the folder opens anywhere.',
  ];
  return `${lines.filter((l) => l !== undefined).join('\n')}\n`;
}
