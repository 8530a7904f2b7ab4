import { describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/state/app-state.ts';
import { createCatalog } from '../../../src/state/catalog.ts';
import {
  coerceReferences,
  draftMode,
  draftModes,
  hevcWarning,
  referenceProblems,
  referenceRequest,
  segmentReferences,
} from '../../../src/state/reference-draft.ts';
import type { ModelSpec } from '../../../src/types.ts';

const catalog = createCatalog();
const model = (id: string, mode: 'video' | 'image' = 'video'): ModelSpec =>
  catalog.models.find((m) => m.id === id && m.mode === mode)!;

const draft = (patch: Partial<Draft> = {}): Draft => ({
  mode: 'video',
  prompt: 'A pier at night',
  connectionId: 'fal',
  model: 'fal-ai/veo3.1',
  size: '720x1280',
  seconds: 4,
  audio: true,
  fit: 'crop',
  variants: 1,
  ...patch,
});

describe('reference modes per model', () => {
  it('offers what the catalog entry allows, and no choice for a first frame alone', () => {
    expect(draftModes(model('fal-ai/veo3.1'))).toEqual(['single', 'first-last', 'multi', 'extend']);
    // A segment's references leave extending out.
    expect(draftModes(model('fal-ai/veo3.1'), { extend: false })).toEqual(['single', 'first-last', 'multi']);
    expect(draftModes(model('fal-ai/kling-video/v3/standard'))).toEqual(['single', 'first-last']);
    expect(draftModes(model('lightricks/ltx-2.5/fast'))).toEqual([]);
    expect(draftModes(model('sora-2'))).toEqual([]);
    expect(draftModes(model('fal-ai/flux-pro/kontext', 'image'))).toEqual([]);
  });

  it('falls back to the first frame when the model lacks the draft mode, dropping that mode’s picks', () => {
    const kling = model('fal-ai/kling-video/v3/standard');
    const picked = draft({ refMode: 'multi', referenceAssetIds: ['a', 'b'], lastFrameAssetId: 'z' });
    expect(draftMode(picked, kling)).toBe('single');
    expect(coerceReferences(picked, kling)).toMatchObject({
      refMode: undefined,
      referenceAssetIds: undefined,
      lastFrameAssetId: undefined,
    });
  });

  it('keeps at most the model’s number of references, without duplicates', () => {
    const veo = model('fal-ai/veo3.1');
    const picked = draft({ refMode: 'multi', referenceAssetIds: ['a', 'a', 'b', 'c', 'd'] });
    expect(coerceReferences(picked, veo).referenceAssetIds).toEqual(['a', 'b', 'c']);
  });
});

describe('what a request carries', () => {
  const veo = model('fal-ai/veo3.1');
  it('one mode per request', () => {
    const d = draft({ referenceAssetId: 'first', lastFrameAssetId: 'last', referenceAssetIds: ['r1'] });
    expect(referenceRequest({ ...d, refMode: 'first-last' }, veo)).toEqual({
      referenceAssetId: 'first',
      lastFrameAssetId: 'last',
    });
    expect(referenceRequest({ ...d, refMode: 'multi' }, veo)).toEqual({ referenceAssetIds: ['r1'] });
    // Veo cannot remix: in first-frame mode a leftover remix source is not sent.
    expect(referenceRequest({ ...d, remixOf: 'clip' }, veo)).toEqual({ referenceAssetId: 'first' });
  });

  it('names what is missing before anything is sent', () => {
    expect(referenceProblems(draft({ refMode: 'first-last', referenceAssetId: 'a' }), veo)).toEqual([
      { field: 'lastFrameAssetId', message: 'Pick the last frame.' },
    ]);
    expect(referenceProblems(draft({ refMode: 'multi' }), veo).map((p) => p.field)).toEqual([
      'referenceAssetIds',
    ]);
    expect(referenceProblems(draft(), veo)).toEqual([]);
  });
});

describe('a segment’s reference mode', () => {
  const veo = model('fal-ai/veo3.1');
  it('first + last frame sends the frame the segment brings and the picked last frame', () => {
    const segment = { refMode: 'first-last' as const, referenceAssetId: 'picked', lastFrameAssetId: 'end' };
    // Chained: the previous take's last frame is the first frame, whatever was picked before.
    expect(segmentReferences(segment, veo, 'chained')).toEqual({
      fields: { referenceAssetId: 'chained', lastFrameAssetId: 'end' },
    });
    expect(segmentReferences({ refMode: 'first-last' }, veo, 'picked')).toEqual({
      problem: 'Pick the last frame.',
    });
  });

  it('several references sends exactly the picked images, at most the model’s count', () => {
    const segment = { refMode: 'multi' as const, referenceAssetIds: ['a', 'b', 'c', 'd'] };
    expect(segmentReferences(segment, veo, 'first')).toEqual({
      fields: { referenceAssetIds: ['a', 'b', 'c'] },
    });
    expect(segmentReferences({ refMode: 'multi' }, veo, undefined)).toMatchObject({
      problem: expect.stringContaining('reference image'),
    });
  });

  it('extend sends the picked take as the clip to continue, and no frame', () => {
    expect(segmentReferences({ refMode: 'extend', extendTakeId: 'take-1' }, veo, 'first')).toEqual({
      fields: { remixOf: 'take-1' },
    });
    expect(segmentReferences({ refMode: 'extend' }, veo, 'first')).toEqual({
      problem: 'Pick the clip to extend.',
    });
    const kling = model('fal-ai/kling-video/v3/standard');
    expect(segmentReferences({ refMode: 'extend', extendTakeId: 't' }, kling, 'a')).toBeUndefined();
  });

  it('is undefined in the first-frame mode, or when the model lacks the segment’s mode', () => {
    expect(segmentReferences({}, veo, 'first')).toBeUndefined();
    const ltx = model('lightricks/ltx-2.5/fast');
    expect(segmentReferences({ refMode: 'first-last', lastFrameAssetId: 'x' }, ltx, 'a')).toBeUndefined();
  });
});

describe('H.265 warning before spending', () => {
  it('warns for a tier that returns H.265 and names the H.264 sizes', () => {
    const hevc = catalog.models.find((m) => m.sizes.some((s) => s.output?.codec === 'hevc'))!;
    const size = hevc.sizes.find((s) => s.output?.codec === 'hevc')!.size;
    const warning = hevcWarning(hevc, size)!;
    expect(warning).toContain('H.265');
    expect(warning).toContain('re-encode');
    expect(hevcWarning(hevc, hevc.sizes.find((s) => s.output?.codec !== 'hevc')!.size)).toBeUndefined();
    expect(hevcWarning(model('fal-ai/veo3.1'), '720x1280')).toBeUndefined();
  });
});
