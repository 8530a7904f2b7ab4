/**
 * The captions beside the project files: SubRip (`.srt`, which Resolve, Premiere and Final Cut Pro all
 * import as a subtitle track) and WebVTT (`.vtt`, for players and the web). Cue times are the same whole
 * frames the project files use, so the subtitle track lines up with the titles and markers.
 */
import { buildWebVtt } from '../segment-split.ts';
import { framesToSeconds, type HandoffLayout } from './timeline.ts';

interface Cue {
  start: number;
  end: number;
  text: string;
}

const cues = (layout: HandoffLayout): Cue[] =>
  layout.captions.map((c) => ({
    start: framesToSeconds(c.start, layout.rate),
    end: framesToSeconds(c.start + c.duration, layout.rate),
    text: c.text,
  }));

/** `HH:MM:SS,mmm` (SubRip uses a comma). */
const stamp = (seconds: number): string => {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor((ms % 3_600_000) / 60_000))}:${pad(Math.floor((ms % 60_000) / 1000))},${pad(ms % 1000, 3)}`;
};

/** SubRip: numbered cues, CRLF-free, a blank line between cues; no markup (SRT text is shown as is). */
export function buildSrt(layout: HandoffLayout): string {
  return cues(layout)
    .map(
      (cue, i) =>
        `${i + 1}\n${stamp(cue.start)} --> ${stamp(cue.end)}\n${cue.text.replace(/\n{2,}/g, '\n')}\n`,
    )
    .join('\n');
}

export function buildVtt(layout: HandoffLayout): string {
  return buildWebVtt(cues(layout));
}
