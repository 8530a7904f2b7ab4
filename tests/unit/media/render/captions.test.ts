import { describe, expect, it } from 'vitest';
import {
  captionAt,
  layoutCaption,
  MAX_LINES,
  SAFE_AREA,
  toWebVtt,
  wrapWords,
} from '../../../../src/media/render/captions.ts';

/** A stand-in for canvas measureText: every character is 0.55 em wide. */
const measure = (s: string, fontSize: number): number => s.length * fontSize * 0.55;

describe('layoutCaption (burned-in captions for 9:16)', () => {
  const W = 720;
  const H = 1280;
  const safeLeft = W * SAFE_AREA.left;
  const safeRight = W * (1 - SAFE_AREA.right);
  const safeBottom = H * (1 - SAFE_AREA.bottom);

  it('a short line is one line at the full size, centred in the safe area, above the bottom 20%', () => {
    const l = layoutCaption('She runs.', W, H, measure);
    expect(l.lines).toEqual(['She runs.']);
    expect(l.fontSize).toBe(Math.round(W * 0.075));
    expect(l.x).toBe(Math.round((safeLeft + safeRight) / 2));
    expect(l.baselines).toHaveLength(1);
    expect(l.baselines[0]! + l.fontSize * 0.25).toBeLessThanOrEqual(safeBottom);
    expect(l.font).toContain(`${l.fontSize}px`);
    expect(l.outline).toBeGreaterThanOrEqual(2);
  });

  it('wraps a long line onto two lines that each fit between the left edge and the right 15%', () => {
    const text = 'A stranger slides a folded note across the seat of the night bus';
    const l = layoutCaption(text, W, H, measure);
    expect(l.lines.length).toBeLessThanOrEqual(MAX_LINES);
    expect(l.lines.join(' ')).toBe(text);
    for (const line of l.lines) {
      const w = measure(line, l.fontSize);
      expect(l.x - w / 2).toBeGreaterThanOrEqual(safeLeft - 0.5);
      expect(l.x + w / 2).toBeLessThanOrEqual(safeRight + 0.5);
    }
    // Two lines, one line height apart, the last one clear of the bottom safe edge.
    expect(l.baselines[1]! - l.baselines[0]!).toBe(Math.round(l.fontSize * 1.2));
    expect(l.baselines.at(-1)! + l.fontSize * 0.25).toBeLessThanOrEqual(safeBottom);
    expect(l.baselines[0]! - l.fontSize).toBeGreaterThan(H * SAFE_AREA.top);
  });

  it('shrinks the font (to half at most) before it needs a third line', () => {
    const text = 'one two three four five six seven eight nine ten eleven';
    const l = layoutCaption(text, W, H, measure);
    expect(l.fontSize).toBeLessThan(Math.round(W * 0.075));
    expect(l.fontSize).toBeGreaterThanOrEqual(Math.round((W * 0.075) / 2));
    expect(l.lines).toHaveLength(2);
    expect(l.lines.join(' ')).toBe(text);
  });

  it('cuts text that cannot fit two lines even at half size with an ellipsis, never a third line', () => {
    const text = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const l = layoutCaption(text, W, H, measure);
    expect(l.fontSize).toBe(Math.round((W * 0.075) / 2));
    expect(l.lines).toHaveLength(2);
    expect(l.lines[1]!.endsWith('…')).toBe(true);
    for (const line of l.lines) expect(measure(line, l.fontSize)).toBeLessThanOrEqual(safeRight - safeLeft);
  });

  it('scales with the canvas: a 1080x1920 frame gets a 1.5× font', () => {
    expect(layoutCaption('Hi', 1080, 1920, measure).fontSize).toBe(Math.round(1080 * 0.075));
  });
});

describe('wrapWords, captionAt, toWebVtt', () => {
  it('wraps greedily and keeps an over-long word whole', () => {
    const m = (s: string): number => s.length;
    expect(wrapWords('aa bb cc dd', 5, m)).toEqual(['aa bb', 'cc dd']);
    expect(wrapWords('supercalifragilistic ok', 5, m)).toEqual(['supercalifragilistic', 'ok']);
    expect(wrapWords('   ', 5, m)).toEqual([]);
  });

  it('finds the caption on screen at a time (start inclusive, end exclusive)', () => {
    const cues = [
      { start: 0, end: 2, text: 'one' },
      { start: 2, end: 4, text: 'two' },
    ];
    expect(captionAt(cues, 0)?.text).toBe('one');
    expect(captionAt(cues, 2)?.text).toBe('two');
    expect(captionAt(cues, 4)).toBeUndefined();
  });

  it('writes WebVTT cues with millisecond stamps, skipping empty ones', () => {
    const vtt = toWebVtt([
      { start: 0, end: 2.0004, text: 'Mara stands.' },
      { start: 2, end: 2, text: 'zero length' },
      { start: 3661.5, end: 3662, text: '  ' },
      { start: 62.25, end: 64, text: 'Line one\n\n\nline two' },
    ]);
    expect(vtt).toBe(
      'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nMara stands.\n\n00:01:02.250 --> 00:01:04.000\nLine one\nline two\n',
    );
  });
});
