import { describe, expect, it } from 'vitest';
import openaiModels from '../../../config/models/openai.json';
import { aspectOf, createOpenAIVideosProvider } from '../../../src/providers/openai-videos-provider.ts';
import type { SubmitRequest } from '../../../src/providers/types.ts';
import type { Connection, ModelSpec } from '../../../src/types.ts';

const sora = openaiModels.models.find((m) => m.id === 'sora-2') as unknown as ModelSpec;

/** The request bodies a gateway would receive. */
function gateway(sizeFormat?: Connection['sizeFormat']) {
  const bodies: Record<string, unknown>[] = [];
  const fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    return new Response(JSON.stringify({ id: 'video_1', object: 'video', status: 'queued' }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  const connection: Connection = {
    id: 'gw',
    kind: 'openai',
    label: 'Gateway',
    baseUrl: 'https://gateway.test/v1',
    apiKey: 'sk-test',
    concurrency: 1,
    sizeFormat,
  };
  const provider = createOpenAIVideosProvider({
    fetch,
    connection,
    sleep: async () => {},
    online: () => true,
  });
  return { bodies, provider };
}

const request = (size: SubmitRequest['size']): SubmitRequest => ({
  model: sora,
  modelId: 'sora-2',
  prompt: 'A lighthouse',
  size,
  seconds: 4,
});

describe('gateways that take the size as an aspect string', () => {
  it('send "9:16" instead of 720x1280 when the connection says so', async () => {
    const aspect = gateway('aspect');
    await aspect.provider.submit(request('720x1280'), new AbortController().signal);
    await aspect.provider.submit(request('1280x720'), new AbortController().signal);
    expect(aspect.bodies.map((b) => b.size)).toEqual(['9:16', '16:9']);
    expect(aspect.bodies[0]).toMatchObject({ model: 'sora-2', seconds: '4' });
  });

  it('keep pixels by default (the Sora 2 contract)', async () => {
    const pixels = gateway();
    await pixels.provider.submit(request('720x1280'), new AbortController().signal);
    expect(pixels.bodies[0]?.size).toBe('720x1280');
  });

  it('map every size to the nearest common aspect', () => {
    expect(aspectOf('1080x1920')).toBe('9:16');
    expect(aspectOf('1024x1792')).toBe('9:16');
    expect(aspectOf('1792x1024')).toBe('16:9');
    expect(aspectOf('720x720')).toBe('1:1');
    expect(aspectOf('768x1024')).toBe('3:4');
    expect(aspectOf('2560x1080')).toBe('21:9');
  });
});
