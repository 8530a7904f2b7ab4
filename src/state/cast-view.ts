/**
 * What the cast UI shows, pure: a member's character-sheet candidates (from the sheet jobs it asked for),
 * and the chips of a segment. No I/O; the episodes pane passes the store's state in.
 */
import type {
  AssetRecord,
  CastMember,
  JobRecord,
  ModelSpec,
  ProjectRecord,
  SegmentRecord,
} from '../types.ts';
import {
  castOf,
  finalPromptOf,
  membersOf,
  planReferences,
  unknownMentions,
  weavePrompt,
  type ReferencePlan,
} from './cast.ts';

export interface SheetCandidates {
  /** Sheet jobs still on their way. */
  pending: number;
  /** Why sheet jobs failed (shown, never silently dropped). */
  failures: string[];
  /** Finished sheet stills not yet approved, oldest job first. */
  stills: AssetRecord[];
}

export function sheetCandidates(
  member: CastMember,
  jobs: readonly JobRecord[],
  assets: readonly AssetRecord[],
): SheetCandidates {
  const result: SheetCandidates = { pending: 0, failures: [], stills: [] };
  for (const id of member.sheetJobIds ?? []) {
    const job = jobs.find((j) => j.id === id);
    if (!job) continue;
    if (job.status === 'done') {
      for (const assetId of job.resultIds ?? []) {
        const asset = assets.find((a) => a.id === assetId);
        if (asset && !member.referenceIds.includes(asset.id)) result.stills.push(asset);
      }
    } else if (['failed', 'canceled', 'expired', 'unknown'].includes(job.status)) {
      result.failures.push(job.error?.message ?? `The sheet job ended: ${job.status}.`);
    } else result.pending += 1;
  }
  return result;
}

export interface CastChip {
  id: string;
  name: string;
  /** A set (location) rather than a character. */
  set: boolean;
  /** Picked on the segment (else only mentioned as `@Name`). */
  picked: boolean;
}

/** Who a segment shows, as chips: characters before sets, in cast-bible order. */
export function castChips(
  segment: Pick<SegmentRecord, 'prompt' | 'caption' | 'castIds'>,
  project: ProjectRecord | undefined,
): CastChip[] {
  const sets = new Set((project?.sets ?? []).map((s) => s.id));
  const picked = new Set(segment.castIds ?? []);
  return membersOf(segment, castOf(project)).map((m) => ({
    id: m.id,
    name: m.name,
    set: sets.has(m.id),
    picked: picked.has(m.id),
  }));
}

export interface SegmentCastView {
  /** Everyone in the segment (picked or mentioned). */
  members: CastMember[];
  /** The prompt with the cast woven in (what is sent unless the user edited it). */
  woven: string;
  /** What is sent: the user's edit, else the woven prompt. */
  final: string;
  /** The user edited the final prompt (prompt or cast changes no longer reach it). */
  edited: boolean;
  /** The reference plan as it will be sent (with the user's keep choice). */
  plan: ReferencePlan;
  /** The plan without the keep choice: `choose` means the user must pick (or has picked). */
  needs: ReferencePlan;
  /** `@Names` that are not in the cast. */
  unknown: string[];
}

/**
 * The cast part of one segment's editor. `firstFrame` says whether the segment already brings a first
 * frame (a picked reference, an approved still, or the previous take's last frame when chained).
 */
export function segmentCastView(
  segment: Pick<
    SegmentRecord,
    'prompt' | 'caption' | 'castIds' | 'castKeep' | 'finalPrompt' | 'castComposite'
  >,
  project: ProjectRecord | undefined,
  model: ModelSpec | undefined,
  firstFrameId: string | undefined,
): SegmentCastView {
  const members = membersOf(segment, castOf(project));
  const woven = weavePrompt(segment.prompt, members, project?.sets ?? []);
  const edited = !!segment.finalPrompt?.trim();
  const none: ReferencePlan = { kind: 'none' };
  const options = { firstFrameId };
  const plan =
    model && !segment.castComposite
      ? planReferences(model, members, { ...options, keep: segment.castKeep })
      : none;
  const needs = model && !segment.castComposite ? planReferences(model, members, options) : none;
  return {
    members,
    woven,
    final: finalPromptOf(segment, project),
    edited,
    plan,
    needs,
    unknown: unknownMentions(`${segment.prompt}\n${segment.caption}`, castOf(project)),
  };
}

/** The first frame a segment brings before any cast sheet (as the episode builder will send it). */
export function segmentFirstFrame(
  segment: Pick<SegmentRecord, 'continuity' | 'referenceAssetId' | 'stillFirst' | 'approvedStillId'>,
  index: number,
): string | undefined {
  if (segment.stillFirst) return segment.approvedStillId ?? 'still';
  if (segment.continuity === 'chain') return index > 0 ? 'last-frame' : undefined;
  return segment.referenceAssetId;
}
