import { describe, expect, it } from 'vitest';
import openaiModels from '../../../config/models/openai.json';
import { ProviderError } from '../../../src/providers/errors.ts';
import { createOpenAIVideosProvider } from '../../../src/providers/openai-videos-provider.ts';
import type { SubmitRequest } from '../../../src/providers/types.ts';
import type { ModelSpec } from '../../../src/types.ts';
import {
  apiError,
  caught,
  CLOCK_START,
  fakeDeps,
  json,
  KEY,
  mp4Bytes,
  openaiConnection,
  scriptedFetch,
  video,
  type SeenRequest,
  type Step,
} from './fake-fetch.ts';

const [sora2, sora2Pro] = openaiModels.models as ModelSpec[];
const PROMPT = 'A calico cat playing a piano on stage';
const signal = () => new AbortController().signal;

function request(patch: Partial<SubmitRequest> = {}): SubmitRequest {
  return { model: sora2, modelId: 'sora-2', prompt: PROMPT, size: '720x1280', seconds: 8, ...patch };
}

function setup(...steps: Step[]) {
  const net = scriptedFetch(...steps);
  const fake = fakeDeps(net.fetch);
  return { ...fake, net, provider: createOpenAIVideosProvider(fake.deps) };
}

describe('submit', () => {
  it('sends JSON without a reference: model, prompt, seconds as a string, size', async () => {
    const { provider, net } = setup(json(video()));
    const handle = await provider.submit(request(), signal());
    expect(handle).toEqual({ id: 'video_123' });
    const [call] = net.calls;
    expect(call.method).toBe('POST');
    expect(call.url.href).toBe('https://api.openai.com/v1/videos');
    expect(call.headers.get('content-type')).toBe('application/json');
    const body = JSON.parse(call.body as string);
    expect(body).toEqual({ model: 'sora-2', prompt: PROMPT, seconds: '8', size: '720x1280' });
    expect(typeof body.seconds).toBe('string');
  });

  it('sends multipart with input_reference as a real file part when there is a reference', async () => {
    const { provider, net } = setup(json(video()));
    const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
    await provider.submit(
      request({
        model: sora2Pro,
        modelId: 'sora-2-pro',
        size: '1024x1792',
        reference: { blob: png, name: 'first.png' },
      }),
      signal(),
    );
    const form = net.calls[0].body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect(form.get('model')).toBe('sora-2-pro');
    expect(form.get('prompt')).toBe(PROMPT);
    expect(form.get('seconds')).toBe('8');
    expect(form.get('size')).toBe('1024x1792');
    const file = form.get('input_reference');
    expect(file).toBeInstanceOf(File);
    expect((file as File).name).toBe('first.png');
    expect((file as File).type).toBe('image/png');
    expect((file as File).size).toBe(4);
    expect(net.calls[0].headers.get('content-type')).toBeNull();
  });

  it('types an untyped reference from its file name', async () => {
    const { provider, net } = setup(json(video()));
    await provider.submit(
      request({ reference: { blob: new Blob([new Uint8Array(3)]), name: 'frame.jpg' } }),
      signal(),
    );
    const file = (net.calls[0].body as FormData).get('input_reference') as File;
    expect(file.type).toBe('image/jpeg');
  });

  it('refuses a reference that is not JPEG, PNG or WebP before sending', async () => {
    const { provider, net } = setup();
    const gif = new Blob([new Uint8Array(3)], { type: 'image/gif' });
    const error = await caught(
      provider.submit(request({ reference: { blob: gif, name: 'a.gif' } }), signal()),
    );
    expect(error).toMatchObject({ kind: 'validation', field: 'input_reference' });
    expect(net.calls).toHaveLength(0);
  });

  it("checks the size against the model's sizes before sending", async () => {
    const { provider, net } = setup();
    const error = await caught(provider.submit(request({ size: '1792x1024' }), signal()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'validation', field: 'size', retryable: false });
    expect((error as Error).message).toContain('1792x1024');
    expect(net.calls).toHaveLength(0);
  });

  it("checks the seconds against the model's durations before sending", async () => {
    const { provider, net } = setup();
    const error = await caught(provider.submit(request({ seconds: 10 }), signal()));
    expect(error).toMatchObject({ kind: 'validation', field: 'seconds' });
    expect(net.calls).toHaveLength(0);
  });

  it('encodes seconds as the catalog says for gateways (integer, "8s")', async () => {
    const { provider, net } = setup(json(video()), json(video()));
    await provider.submit(request({ model: { ...sora2, durationEncoding: 'integer' } }), signal());
    await provider.submit(request({ model: { ...sora2, durationEncoding: 'string-s' } }), signal());
    expect(JSON.parse(net.calls[0].body as string).seconds).toBe(8);
    expect(JSON.parse(net.calls[1].body as string).seconds).toBe('8s');
  });

  it('remixes with POST /videos/{id}/remix {prompt}', async () => {
    const { provider, net } = setup(json(video({ id: 'video_456', remixed_from_video_id: 'video_123' })));
    const handle = await provider.submit(
      request({ prompt: 'Now at night', remixOf: { id: 'video_123' } }),
      signal(),
    );
    expect(handle).toEqual({ id: 'video_456' });
    expect(net.calls[0].url.pathname).toBe('/v1/videos/video_123/remix');
    expect(JSON.parse(net.calls[0].body as string)).toEqual({ prompt: 'Now at night' });
  });

  it('maps a request-time guardrail to content-policy', async () => {
    const { provider } = setup(
      apiError(400, {
        message: 'Your request was blocked by our moderation system.',
        code: 'sentinel_block',
      }),
    );
    const error = await caught(provider.submit(request(), signal()));
    expect(error).toMatchObject({ kind: 'content-policy', status: 400, code: 'sentinel_block' });
  });

  it('a reference size mismatch says Reelwright can fit it', async () => {
    const { provider } = setup(
      apiError(400, { message: 'Inpaint image must match the requested width and height' }),
    );
    const png = new Blob([new Uint8Array(4)], { type: 'image/png' });
    const error = await caught(
      provider.submit(request({ reference: { blob: png, name: 'r.png' } }), signal()),
    );
    expect(error).toMatchObject({ kind: 'validation', field: 'input_reference' });
    expect((error as Error).message).toBe(
      'The reference image must be exactly 720x1280; Reelwright can fit it for you.',
    );
  });

  it('a create that times out is not re-sent and says the outcome is unknown', async () => {
    const net = scriptedFetch('hang', json(video()));
    const { deps } = fakeDeps(net.fetch);
    const provider = createOpenAIVideosProvider(deps, { createTimeoutMs: 15 });
    const error = await caught(provider.submit(request(), signal()));
    expect(error).toMatchObject({ kind: 'timeout', outcomeUnknown: true });
    expect(net.calls).toHaveLength(1);
  });

  it('a create answered without an id is outcome-unknown (reconcile, do not re-send)', async () => {
    const { provider } = setup(json({ object: 'video' }));
    const error = await caught(provider.submit(request(), signal()));
    expect(error).toMatchObject({ kind: 'server', outcomeUnknown: true });
  });

  it('Azure: api-key header and the deployment named on 404', async () => {
    const net = scriptedFetch(
      json(
        {
          error: {
            code: 'DeploymentNotFound',
            message: 'The API deployment for this resource does not exist.',
          },
        },
        { status: 404 },
      ),
    );
    const { deps } = fakeDeps(net.fetch, {
      connection: openaiConnection({
        baseUrl: 'https://res.openai.azure.com/openai/v1',
        authStyle: 'api-key',
      }),
    });
    const provider = createOpenAIVideosProvider(deps);
    const error = await caught(provider.submit(request({ modelId: 'my-sora' }), signal()));
    expect(net.calls[0].headers.get('api-key')).toBe(KEY);
    expect(net.calls[0].headers.get('authorization')).toBeNull();
    expect(error).toMatchObject({ kind: 'not-found' });
    expect((error as Error).message).toBe("The deployment 'my-sora' does not exist on res.openai.azure.com.");
  });
});

describe('poll', () => {
  it.each([
    ['queued', 'queued'],
    ['in_progress', 'running'],
    ['something_new', 'running'],
  ])('%s → %s', async (status, state) => {
    const { provider } = setup(json(video({ status, progress: 42 })));
    const result = await provider.poll({ id: 'video_123' }, signal());
    expect(result).toMatchObject({ state, progress: 42 });
    expect(result.error).toBeUndefined();
  });

  it('reads openai-poll-after-ms as the next-poll hint', async () => {
    const { provider, net } = setup(
      json(video({ status: 'in_progress' }), { headers: { 'openai-poll-after-ms': '4000' } }),
    );
    const result = await provider.poll({ id: 'video_123' }, signal());
    expect(result.pollAfterMs).toBe(4000);
    expect(net.calls[0].url.pathname).toBe('/v1/videos/video_123');
  });

  it('leaves the hint undefined when there is none', async () => {
    const { provider } = setup(json(video()));
    expect((await provider.poll({ id: 'video_123' }, signal())).pollAfterMs).toBeUndefined();
  });

  it('completed: expiresAt in ms from expires_at in seconds', async () => {
    const completedAt = Math.floor(CLOCK_START / 1000) - 60;
    const { provider } = setup(
      json(
        video({
          status: 'completed',
          progress: 100,
          completed_at: completedAt,
          expires_at: completedAt + 3600,
        }),
      ),
    );
    const result = await provider.poll({ id: 'video_123' }, signal());
    expect(result).toMatchObject({
      state: 'completed',
      progress: 100,
      expiresAt: (completedAt + 3600) * 1000,
    });
  });

  it('completed but past expires_at → expired', async () => {
    const past = Math.floor(CLOCK_START / 1000) - 10;
    const { provider } = setup(json(video({ status: 'completed', expires_at: past })));
    expect((await provider.poll({ id: 'video_123' }, signal())).state).toBe('expired');
  });

  it('failed with moderation_blocked → content-policy error', async () => {
    const { provider } = setup(
      json(
        video({
          status: 'failed',
          error: { code: 'moderation_blocked', message: 'The video was blocked by moderation.' },
        }),
      ),
    );
    const result = await provider.poll({ id: 'video_123' }, signal());
    expect(result.state).toBe('failed');
    expect(result.error).toMatchObject({
      kind: 'content-policy',
      code: 'moderation_blocked',
      retryable: false,
    });
  });

  it('failed for another reason → server error with the provider message', async () => {
    const { provider } = setup(
      json(
        video({ status: 'failed', error: { code: 'internal_error', message: 'Video generation failed.' } }),
      ),
    );
    const result = await provider.poll({ id: 'video_123' }, signal());
    expect(result.error).toMatchObject({ kind: 'server', code: 'internal_error' });
  });

  it('a 404 on poll → not-found', async () => {
    const { provider } = setup(apiError(404, { message: "Video 'video_x' not found" }));
    const error = await caught(provider.poll({ id: 'video_x' }, signal()));
    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
  });

  it('encodes the id in the path', async () => {
    const { provider, net } = setup(json(video()));
    await provider.poll({ id: 'a/b?c' }, signal());
    expect(net.calls[0].url.pathname).toBe('/v1/videos/a%2Fb%3Fc');
  });
});

describe('download', () => {
  const mp4 = () => new Response(mp4Bytes(), { headers: { 'content-type': 'video/mp4' } });
  const webp = () => new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/webp' } });
  const jpeg = () => new Response(new Uint8Array([4, 5]), { headers: { 'content-type': 'image/jpeg' } });

  it('fetches the video, thumbnail and spritesheet as Blobs with auth', async () => {
    const { provider, net } = setup(mp4(), webp(), jpeg());
    const result = await provider.download({ id: 'video_123' }, signal());
    expect(result.files).toHaveLength(1);
    expect(result.files[0].type).toBe('video/mp4');
    expect(result.files[0].size).toBe(64);
    expect(result.thumbnail?.type).toBe('image/webp');
    expect(result.spritesheet?.type).toBe('image/jpeg');
    expect(net.calls.map((c: SeenRequest) => c.url.search)).toEqual([
      '?variant=video',
      '?variant=thumbnail',
      '?variant=spritesheet',
    ]);
    expect(net.calls.every((c: SeenRequest) => c.headers.get('authorization') === `Bearer ${KEY}`)).toBe(
      true,
    );
  });

  it('previews are best-effort', async () => {
    const missing = () => apiError(404, { message: 'not found' });
    const { provider } = setup(mp4(), missing(), missing(), missing());
    const result = await provider.download({ id: 'video_123' }, signal());
    expect(result.files).toHaveLength(1);
    expect(result.thumbnail).toBeUndefined();
    expect(result.spritesheet).toBeUndefined();
  });

  it('rejects an empty body', async () => {
    const { provider } = setup(new Response(new Uint8Array(0), { headers: { 'content-type': 'video/mp4' } }));
    const error = await caught(provider.download({ id: 'video_123' }, signal()));
    expect(error).toMatchObject({ kind: 'validation' });
    expect((error as Error).message).toMatch(/empty/);
  });

  it('rejects a body that is not a video', async () => {
    const { provider } = setup(json({ url: 'https://example.com/v.mp4' }));
    const error = await caught(provider.download({ id: 'video_123' }, signal()));
    expect(error).toMatchObject({ kind: 'validation' });
    expect((error as Error).message).toContain('application/json');
  });

  it('accepts an MP4 served as application/octet-stream and types it', async () => {
    const { provider } = setup(
      new Response(mp4Bytes(), { headers: { 'content-type': 'application/octet-stream' } }),
      webp(),
      jpeg(),
    );
    const result = await provider.download({ id: 'video_123' }, signal());
    expect(result.files[0].type).toBe('video/mp4');
  });

  it('404 after expiry → not-found saying expired', async () => {
    const { provider } = setup(apiError(404, { message: 'Video content has expired.' }));
    const error = await caught(provider.download({ id: 'video_123' }, signal()));
    expect(error).toMatchObject({ kind: 'not-found', retryable: false });
    expect((error as Error).message).toMatch(/expired/);
  });
});

describe('remove and cancel', () => {
  it('remove deletes the remote copy; an already-gone video is fine', async () => {
    const { provider, net } = setup(
      json({ id: 'video_123', object: 'video.deleted', deleted: true }),
      apiError(404, { message: 'not found' }),
    );
    await provider.remove?.({ id: 'video_123' }, signal());
    await provider.remove?.({ id: 'video_123' }, signal());
    expect(net.calls.map((c: SeenRequest) => [c.method, c.url.pathname])).toEqual([
      ['DELETE', '/v1/videos/video_123'],
      ['DELETE', '/v1/videos/video_123'],
    ]);
  });

  it('has no cancel: the contract has no cancel endpoint', () => {
    const { provider } = setup();
    expect(provider.cancel).toBeUndefined();
  });
});

describe('reconcile', () => {
  // The window is in epoch ms; created_at is in Unix seconds.
  const from = Date.UTC(2026, 0, 10, 12, 0, 0);
  const to = from + 5 * 60_000;
  const sec = (ms: number) => Math.floor(ms / 1000);
  const page = (items: Record<string, unknown>[], hasMore: boolean) =>
    json({
      object: 'list',
      data: items,
      first_id: items[0]?.id ?? null,
      last_id: items.at(-1)?.id ?? null,
      has_more: hasMore,
    });

  it('finds the job by prompt and window across pages', async () => {
    const { provider, net } = setup(
      page(
        [
          video({ id: 'v_newer', prompt: 'Something else', created_at: sec(to - 1000) }),
          video({ id: 'v_other', prompt: 'Another prompt', created_at: sec(to - 2000) }),
        ],
        true,
      ),
      page(
        [
          video({ id: 'v_mine', prompt: PROMPT, created_at: sec(from + 30_000) }),
          video({ id: 'v_old', prompt: PROMPT, created_at: sec(from - 3_600_000) }),
        ],
        true,
      ),
    );
    const handle = await provider.reconcile?.(request(), { from, to }, signal());
    expect(handle).toEqual({ id: 'v_mine' });
    expect(net.calls).toHaveLength(2);
    expect(net.calls[0].url.searchParams.get('order')).toBe('desc');
    expect(net.calls[0].url.searchParams.get('limit')).toBe('100');
    expect(net.calls[0].url.searchParams.get('after')).toBeNull();
    expect(net.calls[1].url.searchParams.get('after')).toBe('v_other');
  });

  it('returns null when the same prompt is outside the window, and stops paging once past it', async () => {
    const { provider, net } = setup(
      page(
        [
          video({ id: 'v_after', prompt: PROMPT, created_at: sec(to + 120_000) }),
          video({ id: 'v_before', prompt: PROMPT, created_at: sec(from - 120_000) }),
        ],
        true,
      ),
    );
    expect(await provider.reconcile?.(request(), { from, to }, signal())).toBeNull();
    expect(net.calls).toHaveLength(1);
  });

  it('returns null when no item matches and there are no more pages', async () => {
    const { provider } = setup(
      page([video({ id: 'v1', prompt: 'other', created_at: sec(from + 1000) })], false),
    );
    expect(await provider.reconcile?.(request(), { from, to }, signal())).toBeNull();
  });

  it('compares created_at (Unix seconds) with a window in epoch ms', async () => {
    const matched = setup(page([video({ id: 'v1', created_at: sec(from + 1000) })], false));
    expect(await matched.provider.reconcile?.(request(), { from, to }, signal())).toEqual({ id: 'v1' });
    // A window given in seconds by mistake must not match a job made now.
    const wrongUnits = setup(page([video({ id: 'v1', created_at: sec(from + 1000) })], false));
    expect(
      await wrongUnits.provider.reconcile?.(request(), { from: sec(from), to: sec(to) }, signal()),
    ).toBeNull();
  });

  it('ignores a same-prompt job of another size', async () => {
    const { provider } = setup(
      page([video({ id: 'v1', size: '1280x720', created_at: sec(from + 1000) })], false),
    );
    expect(await provider.reconcile?.(request(), { from, to }, signal())).toBeNull();
  });
});

describe('test (health)', () => {
  it('ok when the list answers', async () => {
    const { provider, net } = setup(json({ object: 'list', data: [], has_more: false }));
    expect(await provider.test?.(signal())).toEqual({ state: 'ok', detail: 'Connected to api.openai.com.' });
    expect(net.calls[0].url.search).toBe('?limit=1');
  });

  it('auth when the key is rejected', async () => {
    const { provider } = setup(
      apiError(401, { message: 'Incorrect API key provided', code: 'invalid_api_key' }),
    );
    expect(await provider.test?.(signal())).toEqual({
      state: 'auth',
      detail: 'This key was rejected by api.openai.com.',
    });
  });

  it('cors when only the CORS request fails (a no-cors probe answers)', async () => {
    const { provider, net } = setup('drop', new Response(null, { status: 200 }));
    const health = await provider.test?.(signal());
    expect(health?.state).toBe('cors');
    expect(net.calls[1].init.mode).toBe('no-cors');
    expect(net.calls[1].headers.get('authorization')).toBeNull();
  });

  it('unreachable when nothing answers', async () => {
    const { provider } = setup('drop', 'drop');
    const health = await provider.test?.(signal());
    expect(health).toEqual({
      state: 'unreachable',
      detail:
        'Could not reach api.openai.com. It may be down, or it does not allow requests from this app (CORS).',
    });
  });
});
