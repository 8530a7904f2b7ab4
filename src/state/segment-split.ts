/**
 * Pure episode logic, no I/O: splitting a script into segments of legal durations, staleness of chained
 * segments, and which segments may be queued now (chain order). The store and the builder call these.
 */
import type { ContinuityMode } from '../types.ts';

export type SplitMode = 'auto' | 'beats' | 'paragraphs' | 'sentences';

export interface SplitOptions {
  mode?: SplitMode;
  /**
   * The model's legal clip durations (catalog). `'auto'` (the model picks, see `durationChoices`) may be
   * listed; it is never assigned as a length — pieces always get a planned, legal number of seconds.
   */
  durations: readonly (number | 'auto')[];
  targetSeconds: number;
  /** The longest clip wanted (a pacing cap); defaults to the model's longest legal duration. */
  maxClipSeconds?: number;
  /** Mark every piece to be generated with the model's "auto" length; `seconds` stays the plan. */
  auto?: boolean;
}

export interface SplitPiece {
  text: string;
  /** Planned length: a legal duration. With `auto`, the model may pick another length up to its maximum. */
  seconds: number;
  /** Send the model's "auto" duration for this piece (only when asked for and the durations offer it). */
  auto?: boolean;
}

export interface SplitResult {
  pieces: SplitPiece[];
  total: number;
  /** How the text was cut. */
  mode: Exclude<SplitMode, 'auto'>;
  /** Set when the target cannot be reached (too little text, or too much for the legal durations). */
  warning?: string;
}

const BEAT = /^\s*-{3,}\s*$/m;

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

export function splitBeats(text: string): string[] {
  return text
    .split(/^\s*-{3,}\s*$/m)
    .map((p) => p.trim())
    .filter(Boolean);
}

export function splitParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

export function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?…])["”’)]?\s+(?=\S)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The numeric legal durations, ascending, at most `cap` seconds (the shortest is kept if none fit). */
export function legalDurations(durations: readonly (number | 'auto')[], cap?: number): number[] {
  const numbers = [...new Set(durations)]
    .filter((d): d is number => typeof d === 'number' && Number.isFinite(d) && d > 0)
    .sort((a, b) => a - b);
  if (cap === undefined) return numbers;
  const capped = numbers.filter((d) => d <= cap);
  return capped.length ? capped : numbers.slice(0, 1);
}

/**
 * How many clips `targetSeconds` needs with these durations: as few as the longest legal length allows
 * (75 s on a 30 s model: 3), since every clip boundary is a visible seam and costs the same per second.
 */
export function clipCount(
  durations: readonly (number | 'auto')[],
  targetSeconds: number,
  cap?: number,
): number {
  const legal = legalDurations(durations, cap);
  const max = legal.at(-1);
  if (max === undefined) return 0;
  return Math.max(1, Math.ceil(Math.max(legal[0]!, targetSeconds) / max));
}

/**
 * Splits `text` into pieces and gives each a legal duration so the total lands as close to the target as
 * the durations allow, using the longest legal clips (the fewest segments). `---` lines are beat markers
 * (kept as given); paragraphs and sentences are merged or split to the number of clips the target needs.
 */
export function splitScript(text: string, options: SplitOptions): SplitResult {
  const durations = legalDurations(options.durations, options.maxClipSeconds);
  if (!durations.length) throw new Error('The model offers no clip durations.');
  const auto = options.auto === true && options.durations.includes('auto');
  const target = Math.max(durations[0]!, options.targetSeconds);
  const requested = options.mode ?? 'auto';
  const mode: SplitResult['mode'] =
    requested !== 'auto'
      ? requested
      : BEAT.test(text)
        ? 'beats'
        : splitParagraphs(text).length > 1
          ? 'paragraphs'
          : 'sentences';
  let pieces =
    mode === 'beats'
      ? splitBeats(text)
      : mode === 'paragraphs'
        ? splitParagraphs(text)
        : splitSentences(text);
  if (!pieces.length) return { pieces: [], total: 0, mode, warning: 'There is no text to split.' };

  const min = durations[0]!;
  const max = durations.at(-1)!;
  const fewest = clipCount(durations, target);
  if (mode !== 'beats') {
    // More pieces than clips: merge the shortest neighbouring pair until each clip can use a long duration.
    while (pieces.length > fewest) {
      let best = 0;
      for (let i = 1; i < pieces.length - 1; i += 1) {
        if (words(pieces[i]!) + words(pieces[i + 1]!) < words(pieces[best]!) + words(pieces[best + 1]!))
          best = i;
      }
      pieces = [...pieces.slice(0, best), `${pieces[best]} ${pieces[best + 1]}`, ...pieces.slice(best + 2)];
    }
    // Too few: split the longest piece that has more than one sentence.
    while (pieces.length < fewest) {
      const candidates = pieces
        .map((p, i) => ({ i, parts: splitSentences(p) }))
        .filter((c) => c.parts.length > 1)
        .sort((a, b) => words(pieces[b.i]!) - words(pieces[a.i]!));
      const longest = candidates[0];
      if (!longest) break;
      const half = Math.ceil(longest.parts.length / 2);
      const split = [longest.parts.slice(0, half).join(' '), longest.parts.slice(half).join(' ')];
      pieces = [...pieces.slice(0, longest.i), ...split, ...pieces.slice(longest.i + 1)];
    }
  }
  const seconds = fitDurations(
    pieces.map((p) => Math.max(1, words(p))),
    durations,
    target,
  );
  const result = pieces.map((t, i): SplitPiece => ({
    text: t,
    seconds: seconds[i]!,
    ...(auto ? { auto } : {}),
  }));
  const total = seconds.reduce((a, b) => a + b, 0);
  let warning: string | undefined;
  if (total < target - min / 2) {
    warning = `${pieces.length} segment${pieces.length === 1 ? '' : 's'} of at most ${max} s make ${total} s, short of the ${target} s target: add script or segments.`;
  } else if (total > target + min / 2) {
    warning = `${pieces.length} beats of at least ${min} s make ${total} s, over the ${target} s target: merge or delete segments.`;
  }
  return { pieces: result, total, mode, warning };
}

/**
 * Legal durations for pieces of the given weights whose sum is as close to `target` as possible: first
 * proportional to weight and snapped, then nudged one step at a time while that reduces the error.
 */
export function fitDurations(
  weights: readonly number[],
  durations: readonly number[],
  target: number,
): number[] {
  const legal = [...durations].sort((a, b) => a - b);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const snap = (value: number): number =>
    legal.reduce((best, d) => (Math.abs(d - value) < Math.abs(best - value) ? d : best), legal[0]!);
  const out = weights.map((w) => snap((w / sum) * target));
  for (let guard = 0; guard < 1000; guard += 1) {
    const total = out.reduce((a, b) => a + b, 0);
    const error = total - target;
    if (error === 0) break;
    let bestIndex = -1;
    let bestValue = 0;
    let bestError = Math.abs(error);
    out.forEach((seconds, i) => {
      const at = legal.indexOf(seconds);
      const next = error > 0 ? legal[at - 1] : legal[at + 1];
      if (next === undefined) return;
      const newError = Math.abs(total - seconds + next - target);
      // Prefer changing the piece whose weight fits the change best (long text grows, short text shrinks).
      const fits = error > 0 ? -weights[i]! : weights[i]!;
      const bestFits = bestIndex < 0 ? -Infinity : error > 0 ? -weights[bestIndex]! : weights[bestIndex]!;
      if (newError < bestError || (newError === bestError && bestIndex >= 0 && fits > bestFits)) {
        bestIndex = i;
        bestValue = next;
        bestError = newError;
      }
    });
    if (bestIndex < 0) break;
    out[bestIndex] = bestValue;
  }
  return out;
}

/** A short title from a script line: its first words. */
export function titleFrom(text: string, index: number): string {
  const first = text.replace(/\s+/g, ' ').trim().split(' ').slice(0, 5).join(' ');
  const clean = first.replace(/[.,;:!?…"“”]+$/, '');
  return clean ? `${index + 1}. ${clean}` : `Segment ${index + 1}`;
}

/** What staleness and chain order look at. */
export interface ChainLink {
  id: string;
  continuity: ContinuityMode;
  approvedTakeId?: string;
  chainedFrom?: string;
  edited?: boolean;
}

/**
 * Why each segment's approved take no longer fits, in order. A chained segment is stale when its take
 * started from a clip other than the previous segment's approved take, or when the previous segment was
 * edited or is itself stale (staleness runs down the chain).
 */
export function staleReasons(segments: readonly ChainLink[]): Array<string | undefined> {
  const reasons: Array<string | undefined> = [];
  segments.forEach((segment, i) => {
    const previous = segments[i - 1];
    if (segment.continuity !== 'chain' || !previous || !segment.approvedTakeId) {
      reasons.push(undefined);
      return;
    }
    const n = i; // the previous segment's 1-based number
    if (!segment.chainedFrom) reasons.push(`Its take was not chained from segment ${n}; regenerate it.`);
    else if (segment.chainedFrom !== previous.approvedTakeId)
      reasons.push(
        `Segment ${n} has a different approved take than the one this was chained from; regenerate it.`,
      );
    else if (previous.edited) reasons.push(`Segment ${n} was edited after its take was approved.`);
    else if (reasons[i - 1]) reasons.push(`Segment ${n} is out of date, so this chain is too.`);
    else reasons.push(undefined);
  });
  return reasons;
}

export type ChainPlan =
  { id: string; ready: true; chainFrom?: string } | { id: string; ready: false; reason: string };

/**
 * Which of `targets` can be queued now. A chained segment needs the previous segment's approved, current
 * take (its last frame becomes the first frame); if that segment is being generated too, or has no approved
 * take yet, the chained one waits.
 */
export function planGeneration(segments: readonly ChainLink[], targets: ReadonlySet<string>): ChainPlan[] {
  const stale = staleReasons(segments);
  const plans: ChainPlan[] = [];
  segments.forEach((segment, i) => {
    if (!targets.has(segment.id)) return;
    const previous = segments[i - 1];
    if (segment.continuity !== 'chain' || !previous) {
      plans.push({ id: segment.id, ready: true });
      return;
    }
    const label = `segment ${i}`;
    if (targets.has(previous.id))
      plans.push({
        id: segment.id,
        ready: false,
        reason: `Waits for ${label} to be generated and approved.`,
      });
    else if (!previous.approvedTakeId)
      plans.push({ id: segment.id, ready: false, reason: `Waits for an approved take of ${label}.` });
    else if (previous.edited || stale[i - 1])
      plans.push({
        id: segment.id,
        ready: false,
        reason: `Waits for ${label} to be regenerated and approved.`,
      });
    else plans.push({ id: segment.id, ready: true, chainFrom: previous.approvedTakeId });
  });
  return plans;
}

/** Moves the item at `from` to `to` (clamped), returning a new array. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const out = [...items];
  const clamped = Math.max(0, Math.min(out.length - 1, to));
  const [item] = out.splice(from, 1);
  if (item !== undefined) out.splice(clamped, 0, item);
  return out;
}

export interface CaptionCue {
  start: number;
  end: number;
  text: string;
}

/**
 * Caption cues for clips placed end to end: each segment's script line(s) over its clip, split at
 * sentences in proportion to their length so no cue runs long.
 */
export function captionCues(segments: ReadonlyArray<{ caption: string; duration: number }>): CaptionCue[] {
  const cues: CaptionCue[] = [];
  let at = 0;
  for (const { caption, duration } of segments) {
    const sentences = splitSentences(caption);
    const total = sentences.reduce((sum, s) => sum + words(s), 0) || 1;
    let start = at;
    for (const sentence of sentences) {
      const end = start + (duration * words(sentence)) / total;
      cues.push({ start, end, text: sentence });
      start = end;
    }
    at += duration;
  }
  return cues;
}

/** A WebVTT file from cues (text escaped, lines wrapped near 42 characters). */
export function buildWebVtt(cues: readonly CaptionCue[]): string {
  const stamp = (seconds: number): string => {
    const ms = Math.round(seconds * 1000);
    const h = Math.floor(ms / 3_600_000);
    const m = Math.floor((ms % 3_600_000) / 60_000);
    const s = Math.floor((ms % 60_000) / 1000);
    const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
    return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
  };
  const escape = (text: string): string =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const wrap = (text: string): string => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > 42) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
    return lines.join('\n');
  };
  const body = cues
    .filter((cue) => cue.text.trim() && cue.end > cue.start)
    .map((cue, i) => `${i + 1}\n${stamp(cue.start)} --> ${stamp(cue.end)}\n${escape(wrap(cue.text))}\n`)
    .join('\n');
  return `WEBVTT\n\n${body}`;
}
