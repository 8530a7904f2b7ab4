/**
 * The cast bible, pure: who a segment names (`@Mara` or the picker), the final prompt with their
 * descriptions woven in (a stable, visible block), and how their reference images go to a model,
 * chosen from its catalog entry. No I/O here; the store and the episode builder call these.
 */
import type { CastMember, ModelSpec, ProjectRecord, SegmentRecord } from '../types.ts';
import { referenceSlots } from './catalog.ts';

/** `@Name`: a letter first, then letters, digits, `-` or `_` (`@Mara`, `@Old_Tom`, `@Dock-7`). */
const MENTION = /(^|[^\p{L}\p{N}_@])@([\p{L}][\p{L}\p{N}_-]*)/gu;

/** The names mentioned in a text, in first-seen order, without duplicates (case kept as written). */
export function parseMentions(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(MENTION)) {
    const name = match[2]!.replace(/[-_]+$/, '');
    if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  }
  return names;
}

const key = (name: string): string => name.trim().toLowerCase();

/** A name that can be written as `@Name`: spaces become `_`, other symbols are dropped. */
export function mentionName(name: string): string {
  return name
    .trim()
    .replace(/\s+/g, '_')
    .replace(/[^\p{L}\p{N}_-]/gu, '');
}

/** Every character and set of a project, characters first. */
export const castOf = (project: ProjectRecord | undefined): CastMember[] => [
  ...(project?.cast ?? []),
  ...(project?.sets ?? []),
];

/**
 * Who is in a segment: the picked members, then the members mentioned in its prompt or caption, in the
 * order of the cast bible (so the same people always come out in the same order). Unknown names are ignored.
 */
export function membersOf(
  segment: Pick<SegmentRecord, 'prompt' | 'caption' | 'castIds'>,
  members: readonly CastMember[],
): CastMember[] {
  const named = new Set(parseMentions(`${segment.prompt}\n${segment.caption}`).map(key));
  const picked = new Set(segment.castIds ?? []);
  return members.filter((m) => picked.has(m.id) || named.has(key(mentionName(m.name))));
}

/** Names that are mentioned but not in the cast (shown so a typo is noticed before spending). */
export function unknownMentions(text: string, members: readonly CastMember[]): string[] {
  const known = new Set(members.map((m) => key(mentionName(m.name))));
  return parseMentions(text).filter((n) => !known.has(key(n)));
}

/**
 * The prompt the model receives: the text with `@Name` written as `Name`, then one line per member
 * ("Mara: short black bob, green raincoat."), characters under "Cast", places under "Set". Stable: the same
 * segment and cast always give the same text; a member without a description adds nothing.
 */
export function weavePrompt(
  prompt: string,
  members: readonly CastMember[],
  sets: readonly CastMember[] = [],
): string {
  const setIds = new Set(sets.map((s) => s.id));
  const text = prompt.replace(MENTION, (_all, before: string, name: string) => `${before}${name}`).trim();
  const line = (m: CastMember): string | undefined => {
    const description = m.description.trim().replace(/\s+/g, ' ');
    if (!description) return undefined;
    return `${m.name.trim()}: ${description.replace(/[.]?$/, '.')}`;
  };
  const block = (title: string, list: readonly CastMember[]): string | undefined => {
    const lines = list.map(line).filter((l): l is string => l !== undefined);
    return lines.length ? `${title} — ${lines.join(' ')}` : undefined;
  };
  const parts = [
    text,
    block(
      'Cast',
      members.filter((m) => !setIds.has(m.id)),
    ),
    block(
      'Set',
      members.filter((m) => setIds.has(m.id)),
    ),
  ].filter((p): p is string => !!p);
  return parts.join('\n\n');
}

/** The final prompt of a segment: the user's edit when there is one, else the woven prompt. */
export function finalPromptOf(
  segment: Pick<SegmentRecord, 'prompt' | 'caption' | 'castIds' | 'finalPrompt'>,
  project: ProjectRecord | undefined,
): string {
  if (segment.finalPrompt?.trim()) return segment.finalPrompt.trim();
  return weavePrompt(segment.prompt, membersOf(segment, castOf(project)), project?.sets ?? []);
}

/** How a shot's reference images go to a model. */
export type ReferencePlan =
  /** Nothing to send beyond what the segment already has. */
  | { kind: 'none' }
  /** One image in the first-frame slot. */
  | { kind: 'single'; assetId: string; memberIds: string[] }
  /** Several images in the model's multi-reference slot (`field`: `image_urls`, `elements`…). */
  | { kind: 'multi'; assetIds: string[]; memberIds: string[]; field: string; label: string }
  /**
   * The model has fewer slots than the shot needs: the user keeps some members, or makes a composite
   * sheet still first (one image with everyone, then sent as one reference).
   */
  | { kind: 'choose'; slots: number; needed: number; memberIds: string[]; options: ('keep' | 'composite')[] };

/**
 * Picks the reference form from the model's catalog entry: several references when it has a
 * multi-reference slot with room, else one image as the first frame when one member is needed, else a
 * choice. `keep` (member ids the user chose) narrows the members first. A segment first frame (chained,
 * keyframe, approved still) leads the list of references, so it is never silently dropped.
 */
export function planReferences(
  model: ModelSpec,
  members: readonly CastMember[],
  options: { keep?: readonly string[]; firstFrameId?: string } = {},
): ReferencePlan {
  const withImages = members.filter((m) => m.referenceIds.length > 0);
  const kept = options.keep?.length ? withImages.filter((m) => options.keep!.includes(m.id)) : withImages;
  if (!kept.length) return { kind: 'none' };
  const slots = referenceSlots(model);
  const multi = slots.find((s) => s.role === 'reference');
  const first = slots.find((s) => s.role === 'first');
  const lead = options.firstFrameId ? [options.firstFrameId] : [];
  const sheets = kept.map((m) => m.referenceIds[0]!);
  const memberIds = kept.map((m) => m.id);
  if (multi && lead.length + sheets.length <= multi.max) {
    const assetIds = [...new Set([...lead, ...sheets])];
    return { kind: 'multi', assetIds, memberIds, field: multi.field, label: multi.label };
  }
  if (!multi && first && !lead.length && sheets.length === 1)
    return { kind: 'single', assetId: sheets[0]!, memberIds };
  const room = multi ? multi.max - lead.length : first && !lead.length ? 1 : 0;
  return {
    kind: 'choose',
    slots: Math.max(0, room),
    needed: sheets.length,
    memberIds,
    options: room > 0 ? ['keep', 'composite'] : ['composite'],
  };
}

/** A one-line explanation of a plan, for the segment editor. */
export function describePlan(plan: ReferencePlan, members: readonly CastMember[]): string {
  const names = (ids: readonly string[]): string =>
    ids.map((id) => members.find((m) => m.id === id)?.name ?? '?').join(', ');
  switch (plan.kind) {
    case 'none':
      return 'No cast reference images are sent.';
    case 'single':
      return `${names(plan.memberIds)}'s sheet is sent as the first frame.`;
    case 'multi':
      return `${plan.label} (${plan.field}): ${plan.assetIds.length} image${plan.assetIds.length === 1 ? '' : 's'} for ${names(plan.memberIds)}.`;
    case 'choose':
      return plan.slots > 0
        ? `This model takes ${plan.slots} reference${plan.slots === 1 ? '' : 's'} here but the shot names ${plan.needed}: keep ${plan.slots}, or make a composite sheet still first.`
        : `This model takes no cast references here: make a composite sheet still first (it becomes the first frame).`;
  }
}

/** The prompt of a character sheet still: the description on a plain background, front, side and full body. */
export function sheetPrompt(member: CastMember, isSet = false): string {
  const look = member.description.trim() || member.name;
  return isSet
    ? `Establishing reference of ${member.name}: ${look}. Wide, even light, no people.`
    : `Character reference sheet of ${member.name}: ${look}. Front view, side view and full body, plain light background, even studio light.`;
}

/** A composite sheet still for several members (used when the model has too few reference slots). */
export function compositePrompt(members: readonly CastMember[]): string {
  const looks = members.map((m) => `${m.name} (${m.description.trim() || 'as described'})`).join('; ');
  return `Group reference sheet, everyone side by side, full body, plain light background: ${looks}.`;
}

/** A new member with a clean name; undefined when the name is empty or taken (case-insensitive). */
export function newMember(
  name: string,
  description: string,
  taken: readonly CastMember[],
  id: string = crypto.randomUUID(),
): CastMember | undefined {
  const clean = name.trim();
  if (!clean || taken.some((m) => key(mentionName(m.name)) === key(mentionName(clean)))) return undefined;
  return { id, name: clean, description: description.trim(), referenceIds: [] };
}
