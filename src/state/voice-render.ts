/**
 * The voiced dialogue of an episode as the render pipeline takes it (issue 17): the heard takes as speech
 * sounds (the mixer ducks the music and clip audio under them) and the caption cues timed to the same
 * lines. Reads the takes' bytes through the library port; the placement rules are voice-lines.ts.
 */
import type { RenderCaption, RenderSound } from '../media/render/types.ts';
import type { SegmentRecord } from '../types.ts';
import type { LibraryDb } from './ports.ts';
import { episodeCaptions, episodeSpeech, lineTake, usesVoices } from './voice-lines.ts';

/** Whether any segment's voiced lines would be heard in the render. */
export const hasVoicedLines = (segments: readonly SegmentRecord[]): boolean =>
  segments.some((s) => usesVoices(s) && (s.lines ?? []).some((l) => lineTake(l)));

/**
 * A plan-time stand-in for the speech (the plan needs to know there is some, not its bytes). A segment
 * heard with "Our voices" only needs it too: its clip's own audio is left out, which a lossless join cannot.
 */
export const plannedSpeech = (segments: readonly SegmentRecord[]): RenderSound[] | undefined =>
  hasVoicedLines(segments) || segments.some((s) => s.speech === 'voices')
    ? [{ label: 'dialogue', blob: new Blob(), start: 0, gain: 1 }]
    : undefined;

/** What the heard lines of the segments depend on (part of the render plan's key). */
export const voicesKey = (segments: readonly SegmentRecord[]): string =>
  segments
    .map(
      (s) => `${s.speech ?? ''}:${(s.lines ?? []).map((l) => `${lineTake(l) ?? ''}@${l.offset}`).join(',')}`,
    )
    .join('|');

/**
 * The speech sounds and caption cues of an episode whose clips start at `clipStarts` (seconds) and whose
 * cut lasts `duration`. A take whose bytes are gone is left out of the mix and its caption estimated.
 */
export async function episodeVoices(
  db: Pick<LibraryDb, 'getAsset' | 'getBlob'>,
  segments: readonly SegmentRecord[],
  clipStarts: readonly number[],
  duration: number,
): Promise<{ speech: RenderSound[]; captions: RenderCaption[] }> {
  const seconds = new Map<string, number | undefined>();
  const speech = await episodeSpeech(segments, clipStarts, async (assetId) => {
    const asset = await db.getAsset(assetId);
    seconds.set(assetId, asset?.duration);
    return asset ? await db.getBlob(asset.blobId) : undefined;
  });
  const captions = episodeCaptions(segments, clipStarts, duration, (id) => seconds.get(id));
  return { speech, captions };
}
