import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../../src/state/catalog.ts';
import {
  castChips,
  segmentCastView,
  segmentFirstFrame,
  sheetCandidates,
} from '../../../src/state/cast-view.ts';
import type { AssetRecord, CastMember, JobRecord, ModelSpec, ProjectRecord } from '../../../src/types.ts';

const mara: CastMember = { id: 'm', name: 'Mara', description: 'green raincoat', referenceIds: ['mara-1'] };
const tom: CastMember = { id: 't', name: 'Tom', description: 'grey beard', referenceIds: ['tom-1'] };
const pier: CastMember = { id: 'p', name: 'Pier', description: 'wet planks at night', referenceIds: [] };
const project: ProjectRecord = {
  id: 'x',
  title: 'X',
  created: 0,
  updated: 0,
  cast: [mara, tom],
  sets: [pier],
};

const catalog = createCatalog();
const model = (id: string): ModelSpec => catalog.models.find((m) => m.id === id && m.mode === 'video')!;

const asset = (id: string): AssetRecord =>
  ({ id, name: `${id}.png`, kind: 'image', blobId: `asset-${id}`, tags: [] }) as unknown as AssetRecord;
const job = (id: string, status: JobRecord['status'], extra: Partial<JobRecord> = {}): JobRecord =>
  ({ id, status, ...extra }) as unknown as JobRecord;

describe('sheet candidates', () => {
  it('shows finished sheets not yet approved, counts the pending ones and names the failures', () => {
    const member = { ...mara, sheetJobIds: ['a', 'b', 'c', 'gone'] };
    const jobs = [
      job('a', 'done', { resultIds: ['s1', 'mara-1'] }),
      job('b', 'running'),
      job('c', 'failed', {
        error: { kind: 'server', message: 'The still model is down.', action: '', retryable: true },
      }),
    ];
    const result = sheetCandidates(member, jobs, [asset('s1'), asset('mara-1')]);
    expect(result.stills.map((a) => a.id)).toEqual(['s1']);
    expect(result.pending).toBe(1);
    expect(result.failures).toEqual(['The still model is down.']);
  });
});

describe('segment chips', () => {
  it('lists picked and mentioned members, characters before sets, in cast-bible order', () => {
    const chips = castChips({ prompt: '@Tom on the @Pier', caption: '', castIds: ['m'] }, project);
    expect(chips).toEqual([
      { id: 'm', name: 'Mara', set: false, picked: true },
      { id: 't', name: 'Tom', set: false, picked: false },
      { id: 'p', name: 'Pier', set: true, picked: false },
    ]);
    expect(castChips({ prompt: 'nobody', caption: '' }, project)).toEqual([]);
  });
});

describe('segment cast view', () => {
  const segment = { prompt: '@Mara and @Tom meet @Ghost', caption: '' };

  it('weaves the descriptions, plans several references on a multi-reference model, flags unknown names', () => {
    const view = segmentCastView(segment, project, model('fal-ai/veo3.1'), undefined);
    expect(view.final).toBe('Mara and Tom meet Ghost\n\nCast — Mara: green raincoat. Tom: grey beard.');
    expect(view.edited).toBe(false);
    expect(view.plan).toMatchObject({ kind: 'multi', assetIds: ['mara-1', 'tom-1'], field: 'image_urls' });
    expect(view.unknown).toEqual(['Ghost']);
  });

  it('sends the edited prompt when there is one', () => {
    const view = segmentCastView(
      { ...segment, finalPrompt: 'My own words' },
      project,
      model('fal-ai/veo3.1'),
      undefined,
    );
    expect(view.final).toBe('My own words');
    expect(view.edited).toBe(true);
    expect(view.woven).toContain('Cast — Mara');
  });

  it('too few slots: `needs` keeps asking while `plan` follows the keep choice', () => {
    const kling = model('fal-ai/kling-video/v3/standard');
    const open = segmentCastView(segment, project, kling, undefined);
    expect(open.needs).toMatchObject({ kind: 'choose', slots: 1, needed: 2 });
    expect(open.plan.kind).toBe('choose');
    const kept = segmentCastView({ ...segment, castKeep: ['t'] }, project, kling, undefined);
    expect(kept.needs.kind).toBe('choose');
    expect(kept.plan).toEqual({ kind: 'single', assetId: 'tom-1', memberIds: ['t'] });
  });

  it('a composite sheet sends no sheets', () => {
    const view = segmentCastView(
      { ...segment, castComposite: true },
      project,
      model('fal-ai/kling-video/v3/standard'),
      'still',
    );
    expect(view.plan.kind).toBe('none');
    expect(view.needs.kind).toBe('none');
  });
});

describe('segment first frame', () => {
  it('matches what the episode builder sends before any sheet', () => {
    const base = { continuity: 'cut' as const, referenceAssetId: 'ref' };
    expect(segmentFirstFrame(base, 0)).toBe('ref');
    expect(segmentFirstFrame({ ...base, continuity: 'chain' }, 0)).toBeUndefined();
    expect(segmentFirstFrame({ ...base, continuity: 'chain' }, 2)).toBe('last-frame');
    expect(segmentFirstFrame({ ...base, stillFirst: true, approvedStillId: 'still-1' }, 1)).toBe('still-1');
  });
});
