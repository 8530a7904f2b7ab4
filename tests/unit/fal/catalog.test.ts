import { describe, expect, it } from 'vitest';
import {
  buildFalInput,
  encodeDuration,
  endpointFor,
  fieldsOf,
  modeFor,
} from '../../../src/providers/fal-input.ts';
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
        expect(fieldsOf(m).audio).toBe('generate_audio');
        expect(m.perSecondAudio).toBeGreaterThan(0);
      }
      expect(m.note).toBeTruthy();
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

  it('builds a legal input for every model, size and mode it offers', () => {
    for (const m of video) {
      for (const mode of Object.keys(m.endpoints ?? {}) as (keyof NonNullable<typeof m.endpoints>)[]) {
        expect(endpointFor(m, mode)).toBe(m.endpoints?.[mode]);
        for (const option of m.sizes) {
          const input = buildFalInput(
            m,
            mode,
            { prompt: 'x', size: option.size, seconds: m.durations[0], audio: true },
            { first: 'u1', last: 'u2', references: ['u1', 'u2'].slice(0, m.references.multiple), video: 'v' },
          );
          expect(input).toMatchObject(option.params ?? {});
        }
      }
    }
    expect(modeFor({ first: true, last: true })).toBe('first-last');
  });
});
