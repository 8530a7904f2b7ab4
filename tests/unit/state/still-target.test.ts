import { describe, expect, it } from 'vitest';
import { withOpenAIImages } from '../../../src/providers/openai-images.ts';
import type { Provider, SubmitRequest } from '../../../src/providers/types.ts';
import { LOCAL_CONNECTION, initialState } from '../../../src/state/app-state.ts';
import { createCatalog, validateRequest } from '../../../src/state/catalog.ts';
import { coerceDraft, switchMode } from '../../../src/state/draft.ts';
import {
  canMakeSize,
  nearestStillSize,
  planStill,
  stillModelFor,
  targetFromKey,
  targetKey,
  videoTargets,
} from '../../../src/state/still-target.ts';
import type { Connection, ModelSpec, Size } from '../../../src/types.ts';
import { fakeDeps, json, scriptedFetch } from '../providers/fake-fetch.ts';

const catalog = createCatalog();
const OPENAI: Connection = { id: 'oa', kind: 'openai', label: 'OpenAI', concurrency: 2 };
const FAL: Connection = { id: 'fal', kind: 'fal', label: 'fal.ai', concurrency: 2 };
const connections = [LOCAL_CONNECTION, OPENAI, FAL];
const model = (connection: Connection, id: string): ModelSpec => catalog.find(connection, id, 'image')!;
const gptImage1 = model(OPENAI, 'gpt-image-1');
const gptImage2 = model(OPENAI, 'gpt-image-2');
const localStill = model(LOCAL_CONNECTION, 'local-still');
const fluxDev = model(FAL, 'fal-ai/flux/dev');

describe('nearest legal still size for a video size', () => {
  it.each<[string, ModelSpec, Size, Size]>([
    // gpt-image-1: only 1024x1024, 1536x1024, 1024x1536 — the closest aspect ratio wins.
    ['gpt-image-1, portrait 9:16', gptImage1, '720x1280', '1024x1536'],
    ['gpt-image-1, landscape 16:9', gptImage1, '1280x720', '1536x1024'],
    ['gpt-image-1, square', gptImage1, '720x720', '1024x1024'],
    ['gpt-image-1, 1080p portrait', gptImage1, '1080x1920', '1024x1536'],
    // gpt-image-2: any size with both sides divisible by 16 — exact when possible, else rounded up.
    ['gpt-image-2, 720x1280 exactly', gptImage2, '720x1280', '720x1280'],
    ['gpt-image-2, 1080x1920 → 1088x1920', gptImage2, '1080x1920', '1088x1920'],
    ['gpt-image-2, 1920x1080 → 1920x1088', gptImage2, '1920x1080', '1920x1088'],
    ['gpt-image-2, 4K portrait exactly', gptImage2, '2160x3840', '2160x3840'],
    ['gpt-image-2, 1080x1080 → 1088x1088', gptImage2, '1080x1080', '1088x1088'],
    // Listed sizes only: equal aspect ratios prefer the smallest size that covers the target.
    ['local still, 1024x1792 → 1080x1920', localStill, '1024x1792', '1080x1920'],
    ['local still, exact', localStill, '1280x720', '1280x720'],
    ['FLUX dev, square 720 → 1024x1024', fluxDev, '720x720', '1024x1024'],
  ])('%s', (_name, still, target, expected) => {
    const size = nearestStillSize(still, target);
    expect(size).toBe(expected);
    expect(canMakeSize(still, size)).toBe(true);
    // The chosen size is legal for the catalog's request validation too.
    const problems = validateRequest(still, {
      prompt: 'a lighthouse',
      connectionId: 'x',
      model: still.id,
      size,
      seconds: 0,
      mode: 'image',
      variants: 2,
    });
    expect(problems).toEqual([]);
  });

  it('gpt-image-2 never breaks its limits (multiple of 16, 3840x2160)', () => {
    for (const target of ['3840x2160', '2160x3840', '1000x1000', '250x250'] as Size[]) {
      const size = nearestStillSize(gptImage2, target);
      const [w, h] = size.split('x').map(Number) as [number, number];
      expect(w % 16, size).toBe(0);
      expect(h % 16, size).toBe(0);
      expect(w * h).toBeLessThanOrEqual(3840 * 2160);
      expect(Math.min(w, h)).toBeGreaterThanOrEqual(256);
    }
  });

  it('a size the model cannot make is refused by validation; a rule size it can make is accepted', () => {
    const request = { prompt: 'p', connectionId: 'x', seconds: 0, mode: 'image' as const, variants: 1 };
    expect(validateRequest(gptImage1, { ...request, model: 'gpt-image-1', size: '720x1280' })).toHaveLength(
      1,
    );
    expect(validateRequest(gptImage2, { ...request, model: 'gpt-image-2', size: '1536x864' })).toEqual([]);
    expect(validateRequest(gptImage2, { ...request, model: 'gpt-image-2', size: '1000x1000' })).toHaveLength(
      1,
    );
  });

  it('plans say whether the still will be fitted', () => {
    expect(planStill(gptImage1, '720x1280')).toEqual({ size: '1024x1536', target: '720x1280', exact: false });
    expect(planStill(gptImage2, '720x1280')).toEqual({ size: '720x1280', target: '720x1280', exact: true });
  });
});

describe('video targets and the draft', () => {
  it('lists every first-frame video model × size of the configured connections, round-tripping keys', () => {
    const targets = videoTargets(catalog, [LOCAL_CONNECTION, OPENAI]);
    expect(targets.map(targetKey)).toContain('oa|sora-2|720x1280');
    expect(targets.map(targetKey)).toContain('local|local-preview|1080x1920');
    expect(targetFromKey('oa|sora-2|720x1280')).toEqual({
      connectionId: 'oa',
      model: 'sora-2',
      size: '720x1280',
    });
    expect(targetFromKey('')).toBeUndefined();
  });

  it('Video → Image targets the clip being set up; the still size follows the still model', () => {
    const video = coerceDraft(
      { ...initialState().draft, connectionId: 'oa', model: 'sora-2', size: '720x1280' },
      catalog,
      connections,
    );
    const image = switchMode(video, 'image', catalog, connections);
    expect(image.target).toEqual({ connectionId: 'oa', model: 'sora-2', size: '720x1280' });
    expect(image.model).toBe('gpt-image-1');
    expect(image.size).toBe('1024x1536');
    const two = coerceDraft({ ...image, model: 'gpt-image-2' }, catalog, connections);
    expect(two.size).toBe('720x1280');
    // Back to Video: the target model and size.
    const back = switchMode(
      { ...two, target: { connectionId: 'oa', model: 'sora-2-pro', size: '1024x1792' } },
      'video',
      catalog,
      connections,
    );
    expect(back).toMatchObject({ mode: 'video', connectionId: 'oa', model: 'sora-2-pro', size: '1024x1792' });
  });

  it('a target whose connection is gone is dropped', () => {
    const draft = coerceDraft(
      {
        ...initialState().draft,
        mode: 'image',
        model: 'local-still',
        target: { connectionId: 'gone', model: 'sora-2', size: '720x1280' },
      },
      catalog,
      connections,
    );
    expect(draft.target).toBeUndefined();
  });

  it('an episode segment uses its connection’s still model that makes the size exactly', () => {
    expect(stillModelFor(catalog, connections, 'oa', '720x1280')?.model.id).toBe('gpt-image-2');
    expect(stillModelFor(catalog, connections, 'local', '720x1280')?.model.id).toBe('local-still');
  });
});

describe('OpenAI stills through the job interface', () => {
  const video: Provider = {
    kind: 'openai',
    submit: async () => ({ id: 'video_1' }),
    poll: async () => ({ state: 'running' }),
    download: async () => ({ files: [] }),
  };
  const request = (variants: number): SubmitRequest => ({
    model: gptImage1,
    modelId: 'gpt-image-1',
    prompt: 'a lighthouse at dusk',
    size: '1024x1536',
    seconds: 0,
    variants,
  });
  const PNG = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
  ]).toString('base64');

  it('submit makes the stills (sending model and n), poll completes, download hands them over', async () => {
    const net = scriptedFetch(
      json({ created: 1, data: [{ b64_json: PNG }, { b64_json: PNG }, { b64_json: PNG }] }),
    );
    const { deps } = fakeDeps(net.fetch);
    const provider = withOpenAIImages(video, deps);
    const signal = new AbortController().signal;
    const handle = await provider.submit(request(3), signal);
    expect(JSON.parse(net.calls[0]!.body as string)).toMatchObject({ model: 'gpt-image-1', n: 3 });
    expect(await provider.poll(handle, signal)).toMatchObject({ state: 'completed' });
    expect((await provider.download(handle, signal)).files).toHaveLength(3);
  });

  it('an unknown id (the tab closed before saving) is expired, says it may have been billed, sends nothing', async () => {
    const net = scriptedFetch();
    const { deps } = fakeDeps(net.fetch);
    const provider = withOpenAIImages(video, deps);
    const result = await provider.poll(
      { id: 'openai-image_lost', data: { mode: 'image' } },
      new AbortController().signal,
    );
    expect(result.state).toBe('expired');
    expect(result.error?.message).toMatch(/may have been billed/);
    expect(net.calls).toHaveLength(0);
    expect(
      await provider.reconcile!(request(1), { from: 0, to: 1 }, new AbortController().signal),
    ).toBeNull();
  });

  it('video jobs pass through untouched', async () => {
    const { deps } = fakeDeps(scriptedFetch().fetch);
    const provider = withOpenAIImages(video, deps);
    expect(await provider.poll({ id: 'video_1' }, new AbortController().signal)).toEqual({
      state: 'running',
    });
  });
});
