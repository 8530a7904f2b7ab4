import { describe, expect, it } from 'vitest';
import {
  buildWebVtt,
  captionCues,
  clipCount,
  fitDurations,
  legalDurations,
  moveItem,
  planGeneration,
  splitScript,
  staleReasons,
  type ChainLink,
} from '../../../src/state/segment-split.ts';

const LOCAL = [4, 8, 12];
const SORA = [4, 8, 12];
const VEO = [4, 6, 8];

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

describe('splitScript', () => {
  it('splits paragraphs into legal durations that add up to the target', () => {
    const script = ['One two three four.', 'Five six seven eight.', 'Nine ten eleven twelve.'].join('\n\n');
    const result = splitScript(script, { durations: LOCAL, targetSeconds: 36 });
    expect(result.mode).toBe('paragraphs');
    expect(result.pieces.map((p) => p.seconds)).toEqual([12, 12, 12]);
    expect(result.total).toBe(36);
    expect(result.warning).toBeUndefined();
  });

  it('keeps --- beat markers as given', () => {
    const script =
      'Beat one, a long line with many words in it.\n---\nBeat two.\n\nStill beat two.\n---\nBeat three.';
    const result = splitScript(script, { durations: SORA, targetSeconds: 24 });
    expect(result.mode).toBe('beats');
    expect(result.pieces.map((p) => p.text)).toEqual([
      'Beat one, a long line with many words in it.',
      'Beat two.\n\nStill beat two.',
      'Beat three.',
    ]);
    for (const piece of result.pieces) expect(SORA).toContain(piece.seconds);
    expect(result.total).toBe(24);
  });

  it('splits one long paragraph at sentences and lands close to a 75 s target', () => {
    const sentences = Array.from({ length: 30 }, (_, i) => `Sentence number ${i + 1} moves the story along.`);
    const result = splitScript(sentences.join(' '), { durations: VEO, targetSeconds: 75 });
    expect(result.mode).toBe('sentences');
    for (const piece of result.pieces) expect(VEO).toContain(piece.seconds);
    expect(Math.abs(result.total - 75)).toBeLessThanOrEqual(1);
    // Nothing is lost: every sentence is in exactly one segment, in order.
    expect(result.pieces.map((p) => p.text).join(' ')).toBe(sentences.join(' '));
    expect(result.pieces.length).toBeLessThanOrEqual(Math.floor(75 / 4));
  });

  it('merges short pieces down to the fewest clips the longest duration allows', () => {
    const paragraphs = Array.from({ length: 10 }, (_, i) => `Line ${i}.`).join('\n\n');
    const result = splitScript(paragraphs, { durations: LOCAL, targetSeconds: 16 });
    expect(result.pieces).toHaveLength(2);
    expect(result.total).toBe(16);
    // Nothing is lost in the merge.
    expect(result.pieces.map((p) => p.text).join(' ')).toBe(
      Array.from({ length: 10 }, (_, i) => `Line ${i}.`).join(' '),
    );
  });

  it('splits long paragraphs into sentences when too few pieces reach the target', () => {
    const paragraph = 'First. Second. Third. Fourth. Fifth. Sixth.';
    const result = splitScript(paragraph, { mode: 'paragraphs', durations: [4, 8], targetSeconds: 24 });
    expect(result.pieces.length).toBeGreaterThanOrEqual(3);
    expect(result.total).toBe(24);
  });

  it('warns when the text cannot reach the target', () => {
    const result = splitScript('Only one line.', { durations: LOCAL, targetSeconds: 75 });
    expect(result.pieces).toHaveLength(1);
    expect(result.total).toBe(12);
    expect(result.warning).toMatch(/short of the 75 s target/);
  });

  it('returns nothing (with a reason) for empty text', () => {
    expect(splitScript('  \n\n ', { durations: LOCAL, targetSeconds: 12 })).toMatchObject({
      pieces: [],
      total: 0,
    });
  });
});

describe('fitDurations', () => {
  it('gives longer text longer clips', () => {
    expect(fitDurations([10, 30, 10], LOCAL, 16)).toEqual([4, 8, 4]);
  });
  it('only ever uses legal durations', () => {
    const out = fitDurations([1, 2, 3, 50, 7], VEO, 33);
    for (const d of out) expect(VEO).toContain(d);
    expect(Math.abs(sum(out) - 33)).toBeLessThanOrEqual(1);
  });
});

const seg = (id: string, over: Partial<ChainLink> = {}): ChainLink => ({ id, continuity: 'cut', ...over });

describe('staleReasons', () => {
  it('marks a chained segment stale when the previous approved take changed, and runs down the chain', () => {
    const segments = [
      seg('a', { approvedTakeId: 'a2' }),
      seg('b', { continuity: 'chain', approvedTakeId: 'b1', chainedFrom: 'a1' }),
      seg('c', { continuity: 'chain', approvedTakeId: 'c1', chainedFrom: 'b1' }),
      seg('d', { approvedTakeId: 'd1' }),
    ];
    const reasons = staleReasons(segments);
    expect(reasons[0]).toBeUndefined();
    expect(reasons[1]).toMatch(/Segment 1 has a different approved take/);
    expect(reasons[2]).toMatch(/Segment 2 is out of date/);
    expect(reasons[3]).toBeUndefined();
  });

  it('keeps a chain that matches, and flags one whose previous segment was edited', () => {
    const fresh = [
      seg('a', { approvedTakeId: 'a1' }),
      seg('b', { continuity: 'chain', approvedTakeId: 'b1', chainedFrom: 'a1' }),
    ];
    expect(staleReasons(fresh)).toEqual([undefined, undefined]);
    const edited = [{ ...fresh[0]!, edited: true }, fresh[1]!];
    expect(staleReasons(edited)[1]).toMatch(/Segment 1 was edited/);
  });

  it('a reorder that puts another segment before a chain makes it stale', () => {
    const segments = [
      seg('a', { approvedTakeId: 'a1' }),
      seg('b', { continuity: 'chain', approvedTakeId: 'b1', chainedFrom: 'a1' }),
      seg('x', { approvedTakeId: 'x1' }),
    ];
    expect(staleReasons(moveItem(segments, 2, 1))[2]).toMatch(/Segment 2 has a different approved take/);
  });
});

describe('planGeneration (chain order)', () => {
  it('queues cuts at once and holds a chain until the previous segment is approved', () => {
    const segments = [seg('a'), seg('b', { continuity: 'chain' }), seg('c')];
    const plans = planGeneration(segments, new Set(['a', 'b', 'c']));
    expect(plans).toEqual([
      { id: 'a', ready: true },
      { id: 'b', ready: false, reason: 'Waits for segment 1 to be generated and approved.' },
      { id: 'c', ready: true },
    ]);
  });

  it('chains from the previous approved take once it exists', () => {
    const segments = [seg('a', { approvedTakeId: 'a1' }), seg('b', { continuity: 'chain' })];
    expect(planGeneration(segments, new Set(['b']))).toEqual([{ id: 'b', ready: true, chainFrom: 'a1' }]);
  });

  it('waits when the previous segment has no approved take or is out of date', () => {
    const unapproved = [seg('a'), seg('b', { continuity: 'chain' })];
    expect(planGeneration(unapproved, new Set(['b']))[0]).toMatchObject({
      ready: false,
      reason: /approved take of segment 1/,
    });
    const edited = [seg('a', { approvedTakeId: 'a1', edited: true }), seg('b', { continuity: 'chain' })];
    expect(planGeneration(edited, new Set(['b']))[0]).toMatchObject({ ready: false, reason: /regenerated/ });
  });

  it('treats a chain at the start as a hard cut', () => {
    expect(planGeneration([seg('a', { continuity: 'chain' })], new Set(['a']))).toEqual([
      { id: 'a', ready: true },
    ]);
  });
});

describe('captions', () => {
  it('times cues from the clip durations and escapes the text', () => {
    const cues = captionCues([
      { caption: 'Hello there. <Whisper> & go.', duration: 4.5 },
      { caption: 'Bye.', duration: 3 },
    ]);
    expect(cues.map((c) => [c.start, c.end])).toEqual([
      [0, 1.8], // 2 of 5 words
      [1.8, 4.5],
      [4.5, 7.5],
    ]);
    const vtt = buildWebVtt(cues);
    expect(vtt.startsWith('WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.800\nHello there.\n')).toBe(true);
    expect(vtt).toContain('&lt;Whisper&gt; &amp; go.');
    expect(vtt).toContain('00:00:04.500 --> 00:00:07.500\nBye.');
  });
});

describe('splitScript on long-clip models (issue 16)', () => {
  const KLING_4 = Array.from({ length: 28 }, (_, i) => i + 3); // 3-30 s
  const SEEDANCE_25: (number | 'auto')[] = ['auto', ...Array.from({ length: 27 }, (_, i) => i + 4)];
  const episode = Array.from(
    { length: 7 },
    (_, i) => `Scene ${i + 1}. Mara crosses the market and looks back. The stranger is still there.`,
  ).join('\n\n');

  it('a 75 s episode on a 30 s model needs 3 segments, not 7', () => {
    const result = splitScript(episode, { durations: KLING_4, targetSeconds: 75 });
    expect(result.pieces).toHaveLength(3);
    expect(result.total).toBe(75);
    for (const piece of result.pieces) {
      expect(KLING_4).toContain(piece.seconds);
      expect(piece.seconds).toBeGreaterThanOrEqual(20);
    }
    expect(result.warning).toBeUndefined();
    expect(clipCount(KLING_4, 75)).toBe(3);
  });

  it('the same script on an 8 s model still uses its longest clips', () => {
    const result = splitScript(episode, { durations: VEO, targetSeconds: 75 });
    expect(result.pieces.length).toBe(clipCount(VEO, 75));
    expect(result.pieces.length).toBe(10);
    expect(Math.abs(result.total - 75)).toBeLessThanOrEqual(1);
  });

  it('a pacing cap limits clip length and so raises the count', () => {
    const result = splitScript(episode, { durations: KLING_4, targetSeconds: 75, maxClipSeconds: 15 });
    expect(result.pieces).toHaveLength(5);
    for (const piece of result.pieces) expect(piece.seconds).toBeLessThanOrEqual(15);
    expect(result.total).toBe(75);
  });

  it('"auto" is accepted in the durations but never assigned as a length; asked for, it marks the pieces', () => {
    const planned = splitScript(episode, { durations: SEEDANCE_25, targetSeconds: 75 });
    expect(planned.pieces).toHaveLength(3);
    for (const piece of planned.pieces) {
      expect(typeof piece.seconds).toBe('number');
      expect(piece.auto).toBeUndefined();
    }
    const auto = splitScript(episode, { durations: SEEDANCE_25, targetSeconds: 75, auto: true });
    expect(auto.pieces.every((p) => p.auto === true)).toBe(true);
    expect(auto.total).toBe(75);
    // A model without "auto" is never marked, whatever is asked.
    const noAuto = splitScript(episode, { durations: KLING_4, targetSeconds: 75, auto: true });
    expect(noAuto.pieces.some((p) => p.auto)).toBe(false);
  });

  it('legal durations: numbers only, ascending, capped (keeping the shortest when none fit)', () => {
    expect(legalDurations(['auto', 8, 4, 6, 4])).toEqual([4, 6, 8]);
    expect(legalDurations([4, 6, 8], 6)).toEqual([4, 6]);
    expect(legalDurations([6, 8, 10], 3)).toEqual([6]);
    expect(() => splitScript('Text.', { durations: ['auto'], targetSeconds: 10 })).toThrow(
      /no clip durations/,
    );
  });
});
