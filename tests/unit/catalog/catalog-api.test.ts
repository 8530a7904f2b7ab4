import { describe, expect, it } from 'vitest';
import fal from '../../../config/models/fal.json';
import local from '../../../config/models/local.json';
import openai from '../../../config/models/openai.json';
import {
  codecWarning,
  durationChoices,
  estimateCost,
  modelVerification,
  outputOf,
  referenceModes,
  referenceSlots,
  validateRequest,
} from '../../../src/state/catalog.ts';
import type { GenerationRequest, ModelSpec } from '../../../src/types.ts';

const all = [...fal.models, ...openai.models, ...local.models] as unknown as ModelSpec[];
const model = (id: string): ModelSpec => {
  const found = all.find((m) => m.id === id);
  if (!found) throw new Error(`no model ${id}`);
  return found;
};
const request = (over: Partial<GenerationRequest>): GenerationRequest => ({
  prompt: 'A night market',
  connectionId: 'fal',
  model: 'x',
  size: '720x1280',
  seconds: 5,
  ...over,
});

describe('referenceSlots', () => {
  it('Veo 3.1: first frame (first_frame_url when a last frame goes too), last frame, 3 ingredients, a clip', () => {
    expect(referenceSlots(model('fal-ai/veo3.1'))).toEqual([
      {
        role: 'first',
        field: 'image_url',
        max: 1,
        label: 'First frame',
        mode: 'image',
        fieldWithLast: 'first_frame_url',
      },
      { role: 'last', field: 'last_frame_url', max: 1, label: 'Last frame', mode: 'first-last' },
      { role: 'reference', field: 'image_urls', max: 3, label: 'Ingredients', mode: 'reference' },
      { role: 'video', field: 'video_url', max: 1, label: 'Clip to extend', mode: 'extend' },
    ]);
    expect(referenceModes(model('fal-ai/veo3.1'))).toEqual(['single', 'first-last', 'multi', 'extend']);
  });

  it("names each model's own fields and counts", () => {
    const slot = (id: string, role: string) => referenceSlots(model(id)).find((s) => s.role === role);
    expect(slot('fal-ai/kling-video/o3/standard', 'reference')).toMatchObject({
      field: 'elements',
      max: 4,
      label: 'Elements',
    });
    expect(slot('kling/v4', 'first')).toMatchObject({ field: 'start_image_url' });
    expect(slot('kling/v4', 'last')).toMatchObject({ field: 'end_image_url' });
    expect(slot('alibaba/wan-3.0', 'reference')).toMatchObject({ field: 'reference_image_urls', max: 10 });
    expect(slot('bytedance/seedance-2.5', 'reference')).toMatchObject({
      field: 'image_urls',
      max: 30,
      label: 'Reference images',
    });
    expect(slot('alibaba/happy-horse', 'reference')).toMatchObject({ field: 'image_urls', max: 9 });
    expect(slot('fal-ai/wan/v2.7', 'video')).toMatchObject({ field: 'video_url' });
    expect(slot('sora-2', 'first')).toMatchObject({ field: 'input_reference', max: 1 });
    expect(slot('fal-ai/flux-pro/kontext', 'first')).toMatchObject({ label: 'Image to edit' });
  });

  it('offers no slot a model cannot fill', () => {
    expect(referenceModes(model('google/gemini-omni-flash'))).toEqual(['single', 'multi']);
    expect(referenceModes(model('lightricks/ltx-2.5/fast'))).toEqual(['single']);
    expect(referenceModes(model('local-preview'))).toEqual(['single']);
    expect(referenceSlots(model('fal-ai/flux/dev'))).toEqual([]);
  });

  it('every catalog slot points at a field the model sends', () => {
    for (const m of all) {
      for (const s of referenceSlots(m)) {
        expect(s.max).toBeGreaterThan(0);
        if (m.provider === 'fal') expect(Object.values(m.fields ?? {})).toContain(s.field);
      }
    }
  });
});

describe('durations: a "model picks" choice', () => {
  it('is offered first where the model has one, with its ceiling', () => {
    const choices = durationChoices(model('bytedance/seedance-2.5'));
    expect(choices[0]).toEqual({ value: 'auto', label: 'Model picks (up to 30 s)' });
    expect(choices.slice(1).map((c) => c.value)).toEqual(Array.from({ length: 27 }, (_, i) => i + 4));
    expect(durationChoices(model('alibaba/wan-3.0'))[0]?.value).toBe('auto');
    expect(durationChoices(model('fal-ai/veo3.1')).map((c) => c.value)).toEqual([4, 6, 8]);
  });

  it('is priced at the longest clip the model may pick, and refused where there is none', () => {
    const seedance = model('bytedance/seedance-2.5');
    expect(estimateCost(seedance, { size: '720x1280', seconds: 5, autoDuration: true })).toBe(14.19);
    expect(estimateCost(seedance, { size: '720x1280', seconds: 5 })).toBe(2.36);
    expect(
      validateRequest(seedance, request({ model: seedance.id, autoDuration: true, seconds: 0 })),
    ).toEqual([]);
    const kling = model('kling/v4');
    expect(validateRequest(kling, request({ model: kling.id, autoDuration: true }))).toEqual([
      { field: 'seconds', message: 'Kling 4.0 (fal.ai) cannot pick the length itself; choose a duration.' },
    ]);
    expect(validateRequest(kling, request({ model: kling.id, seconds: 30 }))).toEqual([]);
    expect(validateRequest(kling, request({ model: kling.id, seconds: 31 }))[0]?.field).toBe('seconds');
  });
});

describe('output codec', () => {
  it('Seedance 2.5 returns H.265 at 1080p: a warning names the H.264 sizes', () => {
    const seedance = model('bytedance/seedance-2.5');
    expect(outputOf(seedance, '1080x1920')).toEqual({ codec: 'hevc', confirmed: true });
    expect(outputOf(seedance, '720x1280').codec).toBe('h264');
    expect(codecWarning(seedance, '1080x1920')).toMatch(
      /H\.265 \(HEVC\) at 1080x1920.*720x1280, 1280x720 come back as H\.264/,
    );
    expect(codecWarning(seedance, '720x1280')).toBeUndefined();
  });

  it('no other catalog size is H.265', () => {
    const hevc = all.flatMap((m) =>
      m.sizes.filter((s) => outputOf(m, s.size).codec === 'hevc').map((s) => `${m.id} ${s.size}`),
    );
    expect(hevc).toEqual(['bytedance/seedance-2.5 1080x1920', 'bytedance/seedance-2.5 1920x1080']);
  });
});

describe('modelVerification', () => {
  it('marks the entries whose facts could not all be read from a source, with the reason', () => {
    expect(modelVerification(model('alibaba/happy-horse'))).toEqual({ verified: true });
    const kling = modelVerification(model('kling/v4'));
    expect(kling.verified).toBe(false);
    expect(kling.reason).toMatch(/reference-to-video field/);
    expect(modelVerification({ ...model('sora-2'), verified: undefined }).reason).toMatch(/No source/);
    const unverified = all.filter((m) => !modelVerification(m).verified).map((m) => m.id);
    expect(unverified).toEqual(
      expect.arrayContaining([
        'bytedance/seedance-2.5',
        'kling/v4',
        'alibaba/wan-3.0',
        'lightricks/ltx-2.5/fast',
      ]),
    );
  });
});

describe('the catalog keeps up (issue 16)', () => {
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('has this generation’s models with their legal lengths, and keeps the previous one', () => {
    expect(model('bytedance/seedance-2.5').durations).toEqual(range(4, 30));
    expect(model('bytedance/seedance-2.5').durationAuto).toMatchObject({ maxSeconds: 30 });
    expect(model('kling/v4').durations).toEqual(range(3, 30));
    expect(model('alibaba/wan-3.0').durations).toEqual(range(2, 30));
    expect(model('alibaba/happy-horse').durations).toEqual(range(3, 15));
    expect(model('lightricks/ltx-2.5/fast').durations.at(-1)).toBe(20);
    for (const previous of [
      'bytedance/seedance-2.0',
      'fal-ai/kling-video/v3/standard',
      'fal-ai/wan/v2.7',
      'fal-ai/ltx-2.3',
    ])
      expect(model(previous).mode).toBe('video');
  });

  it('every provider entry marked verified names its source in `note`; one without a source is unverified', () => {
    const source = /https?:\/\/|fal-js|openapi|PROVIDERS\.md/;
    for (const m of all.filter((m) => m.provider !== 'local')) {
      if (!source.test(m.note ?? '')) expect(modelVerification(m).verified, m.id).toBe(false);
      if (modelVerification(m).verified) expect(m.note, m.id).toMatch(source);
      else expect(modelVerification(m).reason?.length, m.id).toBeGreaterThan(20);
    }
  });
});
