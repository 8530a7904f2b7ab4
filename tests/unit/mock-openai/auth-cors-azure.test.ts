// Auth (OpenAI and Azure), CORS and the images endpoint's model handling.
import { describe, expect, it } from 'vitest';
import { createOpenAIMock, EXPOSED_HEADERS, maskKey, readImageInfo } from '../../mocks/openai/app.mjs';
import { api, postForm, postJson, useMock } from './helpers';

const ctx = useMock();

describe('auth', () => {
  it('missing key -> 401 with the real message', async () => {
    const r = await api(ctx.mock, '/videos', { key: null });
    expect(r.status).toBe(401);
    expect(r.json.error).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
    expect(r.json.error.message).toMatch(/^You didn't provide an API key/);
  });

  it('wrong key -> 401 invalid_api_key with the key masked like OpenAI', async () => {
    const r = await api(ctx.mock, '/videos', { key: 'sk-test-invalid' });
    expect(r.status).toBe(401);
    expect(r.json.error).toEqual({
      message:
        'Incorrect API key provided: sk-te****lid. You can find your API key at https://platform.openai.com/account/api-keys.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });
    expect(maskKey('sk-PMafPabcdefghijklmnopqrstuvwxyz0123456789abcE873')).toBe(
      `sk-PMafP${'*'.repeat(39)}E873`,
    );
    expect(ctx.mock.state().unauthorized).toBe(1);
  });

  it('every route needs auth (content too)', async () => {
    for (const [path, method] of [
      ['/videos', 'POST'],
      ['/videos', 'GET'],
      ['/videos/v', 'GET'],
      ['/videos/v', 'DELETE'],
      ['/videos/v/content', 'GET'],
      ['/videos/v/remix', 'POST'],
      ['/images/generations', 'POST'],
    ]) {
      expect((await api(ctx.mock, path, { method, key: null })).status, `${method} ${path}`).toBe(401);
    }
  });

  it('api-key header is not accepted outside Azure mode', async () => {
    const r = await api(ctx.mock, '/videos', { key: null, headers: { 'api-key': 'sk-test-valid' } });
    expect(r.status).toBe(401);
  });
});

describe('CORS', () => {
  it('preflight reflects requested method and headers and exposes the useful headers', async () => {
    const res = await fetch(`${ctx.mock.url}/videos`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-stainless-os',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type,x-stainless-os');
    const get = await api(ctx.mock, '/videos', { headers: { origin: 'http://localhost:5173' } });
    const exposed = get.headers.get('access-control-expose-headers')?.split(', ') ?? [];
    for (const h of [
      'x-request-id',
      'retry-after',
      'retry-after-ms',
      'openai-poll-after-ms',
      'x-ratelimit-limit-requests',
      'x-ratelimit-remaining-requests',
      'x-should-retry',
    ]) {
      expect(exposed).toContain(h);
    }
    expect(EXPOSED_HEADERS).toEqual(expect.arrayContaining(exposed));
    // errors carry CORS headers too (so the app can read them)
    const err = await api(ctx.mock, '/videos', { key: 'bad-key-123' });
    expect(err.headers.get('access-control-allow-origin')).toBe('*');
    expect(err.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('reflect mode echoes the Origin', async () => {
    ctx.mock.configure({ corsOrigin: 'reflect' });
    const r = await api(ctx.mock, '/videos', { headers: { origin: 'https://app.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(r.headers.get('vary')).toBe('Origin');
  });

  it('CORS off: no ACAO on preflights or responses', async () => {
    ctx.mock.configure({ cors: false });
    const pre = await fetch(`${ctx.mock.url}/videos`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost', 'access-control-request-method': 'POST' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-methods')).toBeNull();
    const r = await api(ctx.mock, '/videos');
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('Azure mode', () => {
  it('api-key auth, deployment names, Azure 401 and DeploymentNotFound shapes, 720p sizes only', async () => {
    const az = await createOpenAIMock({
      azure: true,
      quiet: true,
      azureDeployments: { 'my-sora': 'sora-2' },
    });
    try {
      expect(az.url).toMatch(/\/openai\/v1$/);
      const bad = await fetch(`${az.url}/videos`, { headers: { 'api-key': 'nope' } });
      expect(bad.status).toBe(401);
      expect(await bad.json()).toEqual({
        error: {
          code: '401',
          message: expect.stringMatching(/^Access denied due to invalid subscription key/),
        },
      });

      const form = (fields: Record<string, string>) => {
        const f = new FormData();
        for (const [k, v] of Object.entries(fields)) f.append(k, v);
        return f;
      };
      const post = (
        fields: Record<string, string>,
        headers: Record<string, string> = { 'api-key': 'sk-test-valid' },
      ) => fetch(`${az.url}/videos`, { method: 'POST', headers, body: form(fields) });

      const created = await post({ prompt: 'x', model: 'my-sora', size: '1280x720' });
      expect(created.status).toBe(200);
      expect(await created.json()).toMatchObject({ model: 'my-sora', status: 'queued' });
      // Bearer works as well
      expect(
        (await post({ prompt: 'x', model: 'my-sora' }, { authorization: 'Bearer sk-test-valid' })).status,
      ).toBe(200);

      const unknown = await post({ prompt: 'x', model: 'sora-2' });
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).error.code).toBe('DeploymentNotFound');

      const big = await post({ prompt: 'x', model: 'my-sora', size: '1792x1024' });
      expect(big.status).toBe(400);
      expect((await big.json()).error.param).toBe('size');
      expect(az.state().responseValidationFailures).toBe(0);
    } finally {
      await az.close();
    }
  });

  it('can be switched on at runtime', async () => {
    ctx.mock.configure({ azure: true });
    const r = await api(ctx.mock, '/videos', { key: null, headers: { 'api-key': 'wrong' } });
    expect(r.json).toEqual({ error: { code: '401', message: expect.any(String) } });
  });
});

describe('POST /images/generations', () => {
  it('missing model falls back to dall-e-2 (url) and is counted', async () => {
    const r = await postJson(ctx.mock, '/images/generations', { prompt: 'A fox', size: '512x512' });
    expect(r.status).toBe(200);
    expect(r.json.model).toBe('dall-e-2');
    expect(r.headers.get('x-mock-image-model')).toBe('dall-e-2');
    expect(r.json.data[0].url).toMatch(/\/__mock\/files\/img-[0-9a-f]+\.png$/);
    const png = new Uint8Array(await (await fetch(r.json.data[0].url)).arrayBuffer());
    expect(readImageInfo(png)).toEqual({ format: 'png', width: 512, height: 512 });
    expect(ctx.mock.state()).toMatchObject({ imageRequests: 1, missingModelImageRequests: 1 });
    expect(ctx.mock.state().lastRequests.at(-1)).toMatchObject({ modelFallback: true, model: 'dall-e-2' });
  });

  it('missing model with a GPT-only parameter falls back to gpt-image-1', async () => {
    const r = await postJson(ctx.mock, '/images/generations', { prompt: 'A fox', output_format: 'png' });
    expect(r.json.model).toBe('gpt-image-1');
    expect(r.json.data[0].b64_json).toBeTypeOf('string');
    expect(ctx.mock.state().missingModelImageRequests).toBe(1);
  });

  it('gpt-image-1 sizes are the fixed set', async () => {
    const r = await postJson(ctx.mock, '/images/generations', {
      model: 'gpt-image-1',
      prompt: 'x',
      size: '512x512',
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({
      message:
        "Invalid value: '512x512'. Supported values are: '1024x1024', '1024x1536', '1536x1024', and 'auto'.",
      param: 'size',
    });
    const rf = await postJson(ctx.mock, '/images/generations', {
      model: 'gpt-image-1.5',
      prompt: 'x',
      response_format: 'b64_json',
    });
    expect(rf.json.error.message).toBe("Unknown parameter: 'response_format'.");
  });

  it('gpt-image-2 takes any size divisible by 16 within bounds', async () => {
    const ok = await postJson(ctx.mock, '/images/generations', {
      model: 'gpt-image-2',
      prompt: 'x',
      size: '720x1280',
    });
    expect(ok.status).toBe(200);
    expect(readImageInfo(Buffer.from(ok.json.data[0].b64_json, 'base64'))).toEqual({
      format: 'png',
      width: 720,
      height: 1280,
    });
    expect(ok.json.size).toBeUndefined(); // the response enum only knows the standard sizes
    for (const size of ['1000x1000', '4096x1024', '3840x2176', '128x128']) {
      const r = await postJson(ctx.mock, '/images/generations', { model: 'gpt-image-2', prompt: 'x', size });
      expect(r.status, size).toBe(400);
      expect(r.json.error.param).toBe('size');
    }
  });

  it('n is 1..10; dall-e-3 returns a revised_prompt', async () => {
    const r = await postJson(ctx.mock, '/images/generations', { model: 'gpt-image-1', prompt: 'x', n: 11 });
    expect(r.json.error).toMatchObject({ param: 'n', code: 'integer_above_max_value' });
    const d3 = await postJson(ctx.mock, '/images/generations', {
      model: 'dall-e-3',
      prompt: 'x',
      response_format: 'b64_json',
    });
    expect(d3.json.data[0]).toMatchObject({ b64_json: expect.any(String), revised_prompt: 'x' });
  });

  it('streams SSE events when stream: true', async () => {
    const r = await postJson(ctx.mock, '/images/generations', {
      model: 'gpt-image-1',
      prompt: 'x',
      stream: true,
      partial_images: 1,
    });
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    expect(r.text).toContain('event: image_generation.partial_image');
    expect(r.text).toContain('event: image_generation.completed');
  });

  it('multipart create is also fine for the form-only client path', async () => {
    expect((await postForm(ctx.mock, '/videos', { prompt: 'ok' })).status).toBe(200);
  });
});
