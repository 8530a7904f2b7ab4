import { describe, expect, it } from 'vitest';
import {
  buildFalInput,
  encodeDuration,
  endpointFor,
  fieldsOf,
  modeFor,
} from '../../../src/providers/fal-input.ts';
import { validateInput } from '../../mocks/fal/rules.mjs';
import { models } from './helpers.ts';

const video = models.filter((m) => m.mode === 'video');
const images = models.filter((m) => m.mode === 'image');

describe('fal catalog (config/models/fal.json)', () => {
  it('lists the live video models and two image models, all for the fal provider, with unique ids', () => {
    expect(video.map((m) => m.id)).toEqual(
      expect.arrayContaining([
        'fal-ai/veo3.1',
        'fal-ai/veo3.1/fast',
        'fal-ai/kling-video/v3/standard',
        'fal-ai/kling-video/v3/pro',
        'bytedance/seedance-2.0',
        'fal-ai/wan/v2.7',
        'fal-ai/ltx-2.3',
        'google/gemini-omni-flash',
        'fal-ai/kling-video/o3/standard',
        // Today's models (issue 16).
        'bytedance/seedance-2.5',
        'kling/v4',
        'alibaba/wan-3.0',
        'lightricks/ltx-2.5/fast',
        'alibaba/happy-horse',
      ]),
    );
    expect(images).toHaveLength(2);
    expect(new Set(models.map((m) => m.id)).size).toBe(models.length);
    for (const m of models) expect(m.provider).toBe('fal');
  });

  it.each(video.map((m) => [m.id, m] as const))(
    '%s: durations, sizes with params, endpoints, prices',
    (_id, m) => {
      expect(m.durations.length).toBeGreaterThan(0);
      expect([...m.durations].sort((a, b) => a - b)).toEqual(m.durations);
      expect(['string', 'integer', 'string-s']).toContain(m.durationEncoding);
      expect(m.sizes.length).toBeGreaterThan(0);
      for (const option of m.sizes) {
        expect(option.size).toMatch(/^\d+x\d+$/);
        expect(Object.keys(option.params ?? {})).toContain('aspect_ratio');
      }
      expect(m.endpoints?.text).toBeTruthy();
      if (m.references.firstFrame) expect(m.endpoints?.image).toBeTruthy();
      if (m.references.lastFrame) expect(m.endpoints?.['first-last']).toBeTruthy();
      if (m.extend) expect(m.endpoints?.extend).toBeTruthy();
      if (m.endpoints?.reference) expect(m.references.multiple).toBeGreaterThan(1);
      expect(m.perSecond).toBeGreaterThan(0);
      if (m.audio === 'toggle') {
        expect(fieldsOf(m).audio).toBeTruthy();
        expect(m.perSecondAudio).toBeGreaterThan(0);
      }
      expect(m.note).toBeTruthy();
      expect(m.output?.codec).toBeTruthy();
      expect(typeof m.verified).toBe('boolean');
      if (m.verified === false) expect(m.unverified?.length).toBeGreaterThan(20);
    },
  );

  it.each(images.map((m) => [m.id, m] as const))('%s: per-image price, sizes, an endpoint', (_id, m) => {
    expect(m.perImage).toBeGreaterThan(0);
    expect(m.sizes.length).toBeGreaterThan(0);
    expect(Object.keys(m.endpoints ?? {}).length).toBeGreaterThan(0);
    expect(fieldsOf(m).count).toBe('num_images');
  });

  it('states the three duration encodings the real APIs use', () => {
    const wire = (id: string, s: number) => {
      const m = models.find((x) => x.id === id);
      return m && encodeDuration(s, m.durationEncoding);
    };
    expect(wire('fal-ai/veo3.1', 8)).toBe('8s');
    expect(wire('fal-ai/kling-video/v3/pro', 5)).toBe('5');
    expect(wire('fal-ai/wan/v2.7', 5)).toBe(5);
  });

  it("builds an input the real API (the mock's rules) accepts for every model, size, duration and mode", () => {
    const reachable = () => true;
    for (const m of video) {
      for (const mode of Object.keys(m.endpoints ?? {}) as (keyof NonNullable<typeof m.endpoints>)[]) {
        const endpoint = endpointFor(m, mode);
        expect(endpoint).toBe(m.endpoints?.[mode]);
        const many = Array.from({ length: m.references.multiple }, (_, i) => `u${i}`);
        const files = { first: 'u1', last: 'u2', references: many, video: 'v' };
        for (const option of m.sizes) {
          for (const seconds of [m.durations[0]!, m.durations.at(-1)!]) {
            const input = buildFalInput(
              m,
              mode,
              { prompt: 'x', size: option.size, seconds, audio: true },
              files,
            );
            expect(input).toMatchObject(option.params ?? {});
            expect(
              validateInput(endpoint, input, reachable),
              `${endpoint} ${option.size} ${seconds}s`,
            ).toEqual([]);
          }
        }
        if (m.durationAuto) {
          const input = buildFalInput(m, mode, { prompt: 'x', size: m.sizes[0]!.size, auto: true }, files);
          expect(input[fieldsOf(m).duration ?? 'duration']).toBe(m.durationAuto.value);
          expect(validateInput(endpoint, input, reachable)).toEqual([]);
        }
      }
    }
    expect(modeFor({ first: true, last: true })).toBe('first-last');
  });

  it('sends Kling elements as [{frontal_image_url, reference_image_urls}] and the mock checks each one', () => {
    const o3 = models.find((m) => m.id === 'fal-ai/kling-video/o3/standard')!;
    const input = buildFalInput(
      o3,
      'reference',
      { prompt: '@Element1 meets @Element2', size: '720x1280', seconds: 5 },
      {
        references: ['https://a/1.png', 'https://a/2.png'],
      },
    );
    expect(input.elements).toEqual([
      { frontal_image_url: 'https://a/1.png', reference_image_urls: ['https://a/1.png'] },
      { frontal_image_url: 'https://a/2.png', reference_image_urls: ['https://a/2.png'] },
    ]);
    const endpoint = 'fal-ai/kling-video/o3/standard/reference-to-video';
    expect(validateInput(endpoint, input, () => true)).toEqual([]);
    // A plain URL list where elements are expected is refused like the real API (pydantic model_type).
    const asList = { ...input, elements: ['https://a/1.png'] };
    expect(validateInput(endpoint, asList, () => true)[0]).toMatchObject({
      loc: ['body', 'elements', 0],
      type: 'model_type',
    });
    const noViews = {
      ...input,
      elements: [{ frontal_image_url: 'https://a/1.png', reference_image_urls: [] }],
    };
    expect(validateInput(endpoint, noViews, () => true)[0]?.loc).toEqual([
      'body',
      'elements',
      0,
      'reference_image_urls',
    ]);
    const five = { ...input, elements: Array.from({ length: 5 }, () => (input.elements as unknown[])[0]) };
    expect(validateInput(endpoint, five, () => true)[0]).toMatchObject({ type: 'too_long' });
  });

  it('"auto" durations: the mock takes them where the model offers them and refuses them elsewhere', () => {
    expect(
      validateInput('bytedance/seedance-2.5/text-to-video', { prompt: 'x', duration: 'auto' }, () => true),
    ).toEqual([]);
    expect(
      validateInput('alibaba/wan-3.0/text-to-video', { prompt: 'x', duration: 'auto' }, () => true),
    ).toEqual([]);
    expect(
      validateInput('kling/v4/text-to-video', { prompt: 'x', duration: 'auto' }, () => true)[0],
    ).toMatchObject({
      loc: ['body', 'duration'],
      type: 'literal_error',
    });
    const veo = models.find((m) => m.id === 'fal-ai/veo3.1')!;
    expect(() => buildFalInput(veo, 'text', { prompt: 'x', size: '720x1280', auto: true })).toThrow(
      /cannot pick the length/,
    );
  });

  it('Wan 2.7 continues a clip through image-to-video: a first frame or a clip, never both', () => {
    const wan = models.find((m) => m.id === 'fal-ai/wan/v2.7')!;
    const endpoint = endpointFor(wan, 'extend');
    const input = buildFalInput(
      wan,
      'extend',
      { prompt: 'x', size: '720x1280', seconds: 5 },
      { video: 'https://v' },
    );
    expect(input.video_url).toBe('https://v');
    expect(validateInput(endpoint, input, () => true)).toEqual([]);
    expect(validateInput(endpoint, { ...input, image_url: 'https://i' }, () => true)[0]?.type).toBe(
      'value_error',
    );
    expect(validateInput(endpoint, { prompt: 'x' }, () => true)[0]?.type).toBe('value_error');
  });
});
