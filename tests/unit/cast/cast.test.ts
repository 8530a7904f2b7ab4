import { describe, expect, it } from 'vitest';
import {
  describePlan,
  finalPromptOf,
  membersOf,
  mentionName,
  newMember,
  parseMentions,
  planReferences,
  unknownMentions,
  weavePrompt,
} from '../../../src/state/cast.ts';
import { createCatalog } from '../../../src/state/catalog.ts';
import type { CastMember, ModelSpec, ProjectRecord } from '../../../src/types.ts';

const mara: CastMember = {
  id: 'm',
  name: 'Mara',
  description: 'short black bob, green raincoat',
  referenceIds: ['mara-front', 'mara-side'],
};
const theo: CastMember = {
  id: 't',
  name: 'Theo',
  description: 'tall, grey beard, navy peacoat.',
  referenceIds: ['theo-front'],
};
const ines: CastMember = {
  id: 'i',
  name: 'Old Ines',
  description: 'silver braid',
  referenceIds: ['ines-front'],
};
const roof: CastMember = {
  id: 'r',
  name: 'Rooftop',
  description: 'wet rooftop at night',
  referenceIds: ['roof'],
};
const project: ProjectRecord = {
  id: 'p',
  title: 'P',
  created: 0,
  updated: 0,
  cast: [mara, theo, ines],
  sets: [roof],
};

const catalog = createCatalog();
const model = (id: string): ModelSpec => {
  const found = catalog.models.find((m) => m.id === id && m.mode === 'video');
  if (!found) throw new Error(`no ${id}`);
  return found;
};

describe('mentions', () => {
  it('finds @Names once each, in order, ignoring e-mail addresses and trailing punctuation', () => {
    expect(parseMentions('@Mara meets @Theo. @mara waves; mail a@b.com, @Old_Ines!')).toEqual([
      'Mara',
      'Theo',
      'Old_Ines',
    ]);
    expect(parseMentions('no one here @ all')).toEqual([]);
  });

  it('resolves mentions and picks against the cast in bible order; unknown names are reported', () => {
    const segment = { prompt: '@Theo on the @Rooftop', caption: 'with @Old_Ines', castIds: ['m'] };
    expect(membersOf(segment, [...project.cast!, roof]).map((m) => m.id)).toEqual(['m', 't', 'i', 'r']);
    expect(unknownMentions('@Theo and @Zed', project.cast!)).toEqual(['Zed']);
    expect(mentionName('Old Ines')).toBe('Old_Ines');
  });

  it('refuses an empty or duplicate name', () => {
    expect(newMember(' ', '', [])).toBeUndefined();
    expect(newMember('mara', '', [mara])).toBeUndefined();
    expect(newMember(' Zed ', ' tall ', [mara], 'z')).toEqual({
      id: 'z',
      name: 'Zed',
      description: 'tall',
      referenceIds: [],
    });
  });
});

describe('prompt weaving', () => {
  it('writes names plainly and adds one stable line per member, characters then set', () => {
    const woven = weavePrompt('@Mara hands @Theo a key on the @Rooftop.', [mara, theo, roof], [roof]);
    expect(woven).toBe(
      'Mara hands Theo a key on the Rooftop.\n\n' +
        'Cast — Mara: short black bob, green raincoat. Theo: tall, grey beard, navy peacoat.\n\n' +
        'Set — Rooftop: wet rooftop at night.',
    );
    expect(weavePrompt('@Mara hands @Theo a key on the @Rooftop.', [mara, theo, roof], [roof])).toBe(woven);
  });

  it('uses the edited final prompt when there is one', () => {
    const segment = { prompt: '@Mara runs', caption: '', finalPrompt: ' Mara runs fast ' };
    expect(finalPromptOf(segment, project)).toBe('Mara runs fast');
    expect(finalPromptOf({ ...segment, finalPrompt: undefined }, project)).toBe(
      'Mara runs\n\nCast — Mara: short black bob, green raincoat.',
    );
  });
});

describe('reference plan from the catalog entry', () => {
  it('several references go to the multi-reference field, main sheet of each member', () => {
    const plan = planReferences(model('fal-ai/veo3.1'), [mara, theo]);
    expect(plan).toEqual({
      kind: 'multi',
      assetIds: ['mara-front', 'theo-front'],
      memberIds: ['m', 't'],
      field: 'image_urls',
      label: 'Ingredients',
    });
  });

  it('a first frame leads the references; too many for the slots is a choice, keep narrows it', () => {
    const veo = model('fal-ai/veo3.1');
    const plan = planReferences(veo, [mara, theo, ines], { firstFrameId: 'chain' });
    expect(plan).toMatchObject({ kind: 'choose', slots: 2, needed: 3, options: ['keep', 'composite'] });
    expect(describePlan(plan, [mara, theo, ines])).toContain('keep 2');
    expect(
      planReferences(veo, [mara, theo, ines], { firstFrameId: 'chain', keep: ['m', 'i'] }),
    ).toMatchObject({
      kind: 'multi',
      assetIds: ['chain', 'mara-front', 'ines-front'],
    });
  });

  it('a first-frame-only model takes one member as the first frame; two need a choice', () => {
    const kling = model('fal-ai/kling-video/v3/standard');
    expect(planReferences(kling, [mara])).toEqual({
      kind: 'single',
      assetId: 'mara-front',
      memberIds: ['m'],
    });
    expect(planReferences(kling, [mara, theo])).toMatchObject({ kind: 'choose', slots: 1, needed: 2 });
    expect(planReferences(kling, [mara], { firstFrameId: 'chain' })).toMatchObject({
      kind: 'choose',
      slots: 0,
      options: ['composite'],
    });
  });

  it('members without images send nothing', () => {
    expect(planReferences(model('fal-ai/veo3.1'), [{ ...mara, referenceIds: [] }])).toEqual({ kind: 'none' });
  });
});
