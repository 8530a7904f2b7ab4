/**
 * Voiced dialogue, the pure part (issue 17): the spoken lines of a segment's caption kept in step with its
 * stored takes, default voices per speaker, where each line sits on the episode timeline, and the speech
 * sounds the render pipeline mixes (`episodeSpeech`). No I/O: the store's actions live in voices.ts.
 */
import type { RenderSound } from '../media/render/types.ts';
import { estimateSpeechSeconds } from '../providers/speech-request.ts';
import type {
  CastMember,
  DialogueLineRecord,
  ProjectRecord,
  SegmentRecord,
  SpeakerVoice,
  SpeechModelSpec,
} from '../types.ts';
import { dialogueLines } from './dialogue.ts';
import { captionCues } from './segment-split.ts';

/** Seconds between two lines placed one after another, and before the first. */
export const LINE_GAP_S = 0.25;
export const FIRST_LINE_S = 0.25;

/** The key of a speaker in `ProjectRecord.voices`: the name as the script resolves it, upper case. */
export const speakerKey = (speaker: string): string => speaker.trim().replace(/\s+/g, ' ').toUpperCase();

/** Whether the segment's voiced lines are heard (everything but "model audio" only). */
export const usesVoices = (segment: Pick<SegmentRecord, 'speech'>): boolean =>
  (segment.speech ?? 'both') !== 'model';

/**
 * The dialogue lines of `segment.caption` (parsed with dialogue.ts against the series' cast), each keeping
 * the takes, approval and offset it had when its speaker and words are unchanged. New lines are placed one
 * after another from `FIRST_LINE_S`, each at least where the previous one is expected to end.
 */
export function syncLines(
  segment: Pick<SegmentRecord, 'caption' | 'lines'>,
  cast: readonly CastMember[] = [],
): DialogueLineRecord[] {
  const stored = [...(segment.lines ?? [])];
  const parsed = dialogueLines(segment.caption, { cast });
  let nextFree = FIRST_LINE_S;
  return parsed.map((block, index): DialogueLineRecord => {
    const same = (l: DialogueLineRecord): boolean =>
      speakerKey(l.speaker) === speakerKey(block.speaker) && l.text === block.text;
    const at = stored.findIndex(same);
    const kept = at >= 0 ? stored.splice(at, 1)[0] : undefined;
    const offset = kept?.offset ?? round(nextFree);
    nextFree = Math.max(nextFree, offset + estimateSpeechSeconds(block.text) + LINE_GAP_S);
    return {
      index,
      speaker: block.speaker,
      text: block.text,
      takes: kept?.takes ?? [],
      approved: kept?.approved,
      offset,
    };
  });
}

/** The take a line is heard with: the approved one, else the newest. */
export const lineTake = (line: Pick<DialogueLineRecord, 'takes' | 'approved'>): string | undefined =>
  line.approved && line.takes.includes(line.approved) ? line.approved : line.takes.at(-1);

/**
 * The voice of `speaker` in `project`, else a default: the keyless local voice, a different pitch per
 * speaker in order of first appearance (so two speakers never sound the same by default).
 */
export function voiceOf(
  project: Pick<ProjectRecord, 'voices'> | undefined,
  speaker: string,
  speakers: readonly string[],
  local: SpeechModelSpec | undefined,
): SpeakerVoice {
  const set = project?.voices?.[speakerKey(speaker)];
  if (set) return set;
  const keys = [...new Set(speakers.map(speakerKey))];
  const n = Math.max(0, keys.indexOf(speakerKey(speaker)));
  const voices = local?.voices ?? [];
  // Spread speakers over the local pitches: mid, bright, low, high, warm, deep…
  const order = [2, 4, 1, 5, 3, 0];
  const voice = voices[order[n % order.length]! % Math.max(1, voices.length)]?.id ?? 'mid';
  return { connectionId: 'local', model: local?.id ?? 'local-voice', voice, speed: 1 };
}

/**
 * The dialogue sounds of an episode for the render pipeline: each heard line's take at its segment's start
 * plus its offset. `clipStarts[i]` is where segment i starts in the output (RenderResult.clipStarts, or the
 * clip durations summed); `getBlob(assetId)` reads a take's bytes (undefined: the line is left out).
 */
export async function episodeSpeech(
  segments: readonly SegmentRecord[],
  clipStarts: readonly number[],
  getBlob: (assetId: string) => Promise<Blob | undefined>,
): Promise<RenderSound[]> {
  const sounds: RenderSound[] = [];
  for (const [i, segment] of segments.entries()) {
    if (!usesVoices(segment)) continue;
    const start = clipStarts[i] ?? 0;
    for (const line of segment.lines ?? []) {
      const take = lineTake(line);
      const blob = take ? await getBlob(take) : undefined;
      if (!blob) continue;
      sounds.push({
        label: `${segment.title}: ${line.speaker} “${line.text}”`,
        blob,
        start: round(start + Math.max(0, line.offset)),
        gain: 1,
      });
    }
  }
  return sounds;
}

/** Seconds of audio in a WAV file (from its `fmt ` and `data` chunks); undefined when it is not a WAV. */
export function wavDuration(bytes: ArrayBuffer): number | undefined {
  const view = new DataView(bytes);
  const tag = (at: number): string =>
    String.fromCharCode(
      view.getUint8(at),
      view.getUint8(at + 1),
      view.getUint8(at + 2),
      view.getUint8(at + 3),
    );
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return undefined;
  let byteRate = 0;
  for (let at = 12; at + 8 <= bytes.byteLength;) {
    const id = tag(at);
    let size = view.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 20 <= bytes.byteLength) byteRate = view.getUint32(at + 16, true);
    if (id === 'data') {
      // Streamed WAVs may say 0 or 0xFFFFFFFF: the data then runs to the end of the file.
      if (size === 0 || size === 0xffffffff || at + 8 + size > bytes.byteLength)
        size = bytes.byteLength - at - 8;
      return byteRate > 0 ? size / byteRate : undefined;
    }
    at += 8 + size + (size % 2);
  }
  return undefined;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * Caption cues for an episode: a segment with voiced lines shows each line while it is heard (from its
 * start for the take's length); other segments show their script line(s) over their clip, split at sentences
 * (segment-split.ts `captionCues`). `clipStarts` and `duration` are the output's; `takeSeconds(assetId)` is
 * a take's length (undefined: estimated from the text).
 */
export function episodeCaptions(
  segments: readonly SegmentRecord[],
  clipStarts: readonly number[],
  duration: number,
  takeSeconds: (assetId: string) => number | undefined,
): Array<{ start: number; end: number; text: string }> {
  const cues: Array<{ start: number; end: number; text: string }> = [];
  segments.forEach((segment, i) => {
    const start = clipStarts[i] ?? 0;
    const end = clipStarts[i + 1] ?? duration;
    const voiced = usesVoices(segment) ? (segment.lines ?? []).filter((l) => lineTake(l)) : [];
    if (!voiced.length) {
      for (const cue of captionCues([{ caption: segment.caption, duration: Math.max(0, end - start) }]))
        cues.push({ start: round(start + cue.start), end: round(start + cue.end), text: cue.text });
      return;
    }
    for (const line of voiced) {
      const at = start + Math.max(0, line.offset);
      const length = takeSeconds(lineTake(line)!) ?? estimateSpeechSeconds(line.text);
      if (at >= end) continue;
      cues.push({ start: round(at), end: round(Math.min(end, at + length)), text: line.text });
    }
  });
  return cues;
}
