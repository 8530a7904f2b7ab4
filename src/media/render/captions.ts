/**
 * Captions for vertical video: the burned-in layout (large, outlined, at most two word-wrapped lines, inside
 * the 9:16 safe area — clear of the bottom 20% and the right 15% where apps draw their UI) and the WebVTT text
 * of the soft subtitle track. The layout is pure (a `measure` function stands in for the canvas) so it is
 * unit-tested in Node.
 */
import type { RenderCaption } from './types.ts';

export const SAFE_AREA = { left: 0.05, right: 0.15, top: 0.08, bottom: 0.2 } as const;
export const MAX_LINES = 2;

export interface CaptionLayout {
  font: string;
  fontSize: number;
  lines: string[];
  /** Centre x of every line, px. */
  x: number;
  /** Baseline y of each line, px. */
  baselines: number[];
  /** Outline width, px. */
  outline: number;
}

/** Greedy word wrap; a single word wider than the line is kept whole (it is shrunk with the font). */
export function wrapWords(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Lays `text` out for a `width` x `height` frame: the font starts at 7.5% of the width and shrinks (to half)
 * until the text fits two lines inside the safe area; text that still does not fit is cut with an ellipsis.
 */
export function layoutCaption(
  text: string,
  width: number,
  height: number,
  measure: (s: string, fontSize: number) => number,
): CaptionLayout {
  const left = width * SAFE_AREA.left;
  const maxWidth = width * (1 - SAFE_AREA.left - SAFE_AREA.right);
  const start = Math.round(width * 0.075);
  let fontSize = start;
  let lines: string[] = [];
  for (; fontSize >= Math.round(start / 2); fontSize -= 2) {
    lines = wrapWords(text, maxWidth, (s) => measure(s, fontSize));
    if (lines.length <= MAX_LINES && lines.every((l) => measure(l, fontSize) <= maxWidth)) break;
  }
  fontSize = Math.max(fontSize, Math.round(start / 2));
  if (lines.length > MAX_LINES) {
    lines = lines.slice(0, MAX_LINES);
    let last = lines[MAX_LINES - 1]!;
    while (last.includes(' ') && measure(`${last}…`, fontSize) > maxWidth) last = last.replace(/\s+\S+$/, '');
    lines[MAX_LINES - 1] = `${last}…`;
  }
  const lineHeight = Math.round(fontSize * 1.2);
  const bottom = height * (1 - SAFE_AREA.bottom);
  // The last line's descenders (~0.25 em) stay above the bottom safe edge.
  const lastBaseline = bottom - fontSize * 0.3;
  const baselines = lines.map((_, i) => Math.round(lastBaseline - (lines.length - 1 - i) * lineHeight));
  return {
    font: `800 ${fontSize}px system-ui, sans-serif`,
    fontSize,
    lines,
    x: Math.round(left + maxWidth / 2),
    baselines,
    outline: Math.max(2, Math.round(fontSize * 0.16)),
  };
}

/** The caption on screen at `t` seconds, if any. */
export function captionAt(captions: readonly RenderCaption[], t: number): RenderCaption | undefined {
  return captions.find((c) => t >= c.start && t < c.end);
}

const stamp = (s: number): string => {
  const ms = Math.max(0, Math.round(s * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const sec = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(sec)}.${pad(ms % 1000, 3)}`;
};

/** WebVTT for the soft subtitle track. */
export function toWebVtt(captions: readonly RenderCaption[]): string {
  const cues = captions
    .filter((c) => c.end > c.start && c.text.trim())
    .map((c) => `${stamp(c.start)} --> ${stamp(c.end)}\n${c.text.trim().replace(/\n{2,}/g, '\n')}`);
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}
