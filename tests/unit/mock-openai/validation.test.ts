// Validation messages of POST /videos, /remix, GET /videos and /content (raw fetch, exact envelopes).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodePng, MEDIA_DIR, readImageInfo } from '../../mocks/openai/app.mjs';
import { api, completedJob, createJob, postForm, postJson, type RawResponse, useMock } from './helpers';

const ctx = useMock();
const file = (bytes: Uint8Array, name: string, type: string) =>
  new File([Uint8Array.from(bytes)], name, { type });
const fixture = (name: string) => new Uint8Array(readFileSync(MEDIA_DIR + name));

function expectError(r: RawResponse, status: number, error: Record<string, unknown>) {
  expect(r.status).toBe(status);
  expect(Object.keys(r.json.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(r.json.error).toMatchObject({ type: 'invalid_request_error', ...error });
}

describe('POST /videos validation', () => {
  it('accepts JSON without a file and applies defaults', async () => {
    const r = await postJson(ctx.mock, '/videos', { prompt: 'A boat' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ model: 'sora-2', size: '720x1280', seconds: '4', status: 'queued' });
  });

  it('JSON number seconds -> invalid_type with the real message', async () => {
    const r = await postJson(ctx.mock, '/videos', { prompt: 'A boat', seconds: 8 });
    expectError(r, 400, {
      message: "Invalid type for 'seconds': expected one of '4', '8', or '12', but got an integer instead.",
      param: 'seconds',
      code: 'invalid_type',
    });
  });

  it('unsupported seconds string -> invalid_value', async () => {
    const r = await postForm(ctx.mock, '/videos', { prompt: 'A boat', seconds: '10' });
    expectError(r, 400, {
      message: "Invalid value: '10'. Supported values are: '4', '8', and '12'.",
      param: 'seconds',
      code: 'invalid_value',
    });
  });

  it('unsupported size lists the supported values', async () => {
    const r = await postForm(ctx.mock, '/videos', { prompt: 'A boat', size: '1080x1080' });
    expectError(r, 400, {
      message:
        "Invalid value: '1080x1080'. Supported values are: '720x1280', '1280x720', '1024x1792', and '1792x1024'.",
      param: 'size',
      code: 'invalid_value',
    });
  });

  it('sora-2 refuses the pro-only sizes; sora-2-pro accepts them', async () => {
    const r = await postForm(ctx.mock, '/videos', { prompt: 'A boat', size: '1024x1792', model: 'sora-2' });
    expectError(r, 400, { param: 'size', code: 'invalid_value' });
    expect(r.json.error.message).toBe(
      "Invalid value: '1024x1792'. Supported values for model 'sora-2' are: '720x1280' and '1280x720'.",
    );
    const ok = await postForm(ctx.mock, '/videos', {
      prompt: 'A boat',
      size: '1024x1792',
      model: 'sora-2-pro',
    });
    expect(ok.status).toBe(200);
    // gateway models (any string) take every VideoSize
    const gw = await postJson(ctx.mock, '/videos', { prompt: 'A boat', size: '1792x1024', model: 'veo-3.1' });
    expect(gw.json).toMatchObject({ model: 'veo-3.1', size: '1792x1024' });
  });

  it('unknown parameter', async () => {
    const r = await postJson(ctx.mock, '/videos', { prompt: 'A boat', width: 720 });
    expectError(r, 400, {
      message: "Unknown parameter: 'width'.",
      param: 'width',
      code: 'unknown_parameter',
    });
  });

  it('missing / empty / too long prompt', async () => {
    expectError(await postJson(ctx.mock, '/videos', { size: '720x1280' }), 400, {
      message: "Missing required parameter: 'prompt'.",
      param: 'prompt',
      code: 'missing_required_parameter',
    });
    expectError(await postForm(ctx.mock, '/videos', { prompt: '' }), 400, {
      param: 'prompt',
      code: 'string_below_min_length',
    });
    const long = await postJson(ctx.mock, '/videos', { prompt: 'x'.repeat(32001) });
    expectError(long, 400, { param: 'prompt', code: 'string_above_max_length' });
    expect(long.json.error.message).toContain('maximum length 32000');
  });

  it('input_reference sent as a string (multipart text part or JSON) is not a file', async () => {
    const message = "Invalid type for 'input_reference': expected a file, but got a string instead.";
    const form = await postForm(ctx.mock, '/videos', {
      prompt: 'A boat',
      input_reference: 'data:image/png;base64,AAAA',
    });
    expectError(form, 400, { message, param: 'input_reference', code: 'invalid_type' });
    const json = await postJson(ctx.mock, '/videos', {
      prompt: 'A boat',
      input_reference: 'https://x/y.png',
    });
    expectError(json, 400, { message, param: 'input_reference' });
  });

  it('reference image dimensions are read from PNG, JPEG and WebP headers', async () => {
    const cases: Array<[File, string, number]> = [
      [file(encodePng(1280, 720), 'a.png', 'image/png'), '1280x720', 200],
      [file(encodePng(1280, 720), 'a.png', 'image/png'), '720x1280', 400],
      [file(fixture('ref-720x1280.jpg'), 'b.jpg', 'image/jpeg'), '720x1280', 200],
      [file(fixture('ref-720x1280.jpg'), 'b.jpg', 'image/jpeg'), '1280x720', 400],
      [file(fixture('ref-1280x720.webp'), 'c.webp', 'image/webp'), '1280x720', 200],
      [file(fixture('ref-1280x720.webp'), 'c.webp', 'image/webp'), '720x1280', 400],
    ];
    for (const [f, size, status] of cases) {
      const r = await postForm(ctx.mock, '/videos', { prompt: 'A boat', size, input_reference: f });
      expect(r.status, `${f.name} as ${size}`).toBe(status);
      if (status === 400) {
        expectError(r, 400, {
          message: 'Inpaint image must match the requested width and height',
          param: 'input_reference',
        });
      }
    }
  });

  it('reference: unsupported or undecodable files', async () => {
    const gif = await postForm(ctx.mock, '/videos', {
      prompt: 'A boat',
      input_reference: file(new Uint8Array([71, 73, 70]), 'a.gif', 'image/gif'),
    });
    expectError(gif, 400, { param: 'input_reference' });
    expect(gif.json.error.message).toContain("unsupported mimetype ('image/gif')");
    const junk = await postForm(ctx.mock, '/videos', {
      prompt: 'A boat',
      input_reference: file(new Uint8Array(64), 'a.png', 'image/png'),
    });
    expectError(junk, 400, { param: 'input_reference' });
  });

  it('JSON input_reference object with a data URL is size-checked', async () => {
    const url = `data:image/png;base64,${encodePng(720, 1280).toString('base64')}`;
    const ok = await postJson(ctx.mock, '/videos', { prompt: 'A boat', input_reference: { image_url: url } });
    expect(ok.status).toBe(200);
    const bad = await postJson(ctx.mock, '/videos', {
      prompt: 'A boat',
      size: '1280x720',
      input_reference: { image_url: url },
    });
    expectError(bad, 400, { message: 'Inpaint image must match the requested width and height' });
  });

  it('bad JSON and unsupported content types', async () => {
    const r = await api(ctx.mock, '/videos', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"prompt":',
    });
    expectError(r, 400, { param: null, code: null });
    expect(r.json.error.message).toMatch(/^We could not parse the JSON body of your request/);
    const t = await api(ctx.mock, '/videos', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    });
    expectError(t, 400, {});
  });
});

describe('other routes', () => {
  it('list query validation', async () => {
    expectError(await api(ctx.mock, '/videos?limit=101'), 400, {
      param: 'limit',
      code: 'integer_above_max_value',
    });
    expectError(await api(ctx.mock, '/videos?limit=abc'), 400, { param: 'limit', code: 'invalid_type' });
    expectError(await api(ctx.mock, '/videos?order=up'), 400, {
      message: "Invalid value: 'up'. Supported values are: 'asc' and 'desc'.",
      param: 'order',
    });
    const zero = await api(ctx.mock, '/videos?limit=0');
    expect(zero.json).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });

  it('list envelope', async () => {
    const a = await createJob(ctx.mock);
    ctx.mock.advance(10);
    const b = await createJob(ctx.mock);
    const r = await api(ctx.mock, '/videos?limit=1');
    expect(r.json).toMatchObject({ object: 'list', first_id: b, last_id: b, has_more: true });
    const r2 = await api(ctx.mock, `/videos?limit=1&after=${b}`);
    expect(r2.json).toMatchObject({ first_id: a, last_id: a, has_more: false });
  });

  it('unknown ids -> 404 on retrieve, delete, content and remix', async () => {
    for (const [path, method] of [
      ['/videos/video_nope', 'GET'],
      ['/videos/video_nope', 'DELETE'],
      ['/videos/video_nope/content', 'GET'],
    ]) {
      const r = await api(ctx.mock, path, { method });
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.json.error.message).toContain('video_nope');
    }
    expect((await postJson(ctx.mock, '/videos/video_nope/remix', { prompt: 'x' })).status).toBe(404);
  });

  it('unknown path -> Invalid URL', async () => {
    const r = await api(ctx.mock, '/nothing/here');
    expectError(r, 404, { message: 'Invalid URL (GET /v1/nothing/here)' });
  });

  it('content before completion is refused; variant is validated', async () => {
    const id = await createJob(ctx.mock);
    expect((await api(ctx.mock, `/videos/${id}/content`)).status).toBe(400);
    ctx.mock.advance(60_001);
    expectError(await api(ctx.mock, `/videos/${id}/content?variant=poster`), 400, {
      message: "Invalid value: 'poster'. Supported values are: 'video', 'thumbnail', and 'spritesheet'.",
      param: 'variant',
    });
    const ok = await api(ctx.mock, `/videos/${id}/content?variant=video`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('video/mp4');
  });

  it('content expires at expires_at (404, expired message)', async () => {
    const id = await completedJob(ctx.mock);
    const v = (await api(ctx.mock, `/videos/${id}`)).json;
    expect(v.expires_at - v.completed_at).toBe(3600);
    ctx.mock.advance(3598_000); // completed_at is floored to the second
    expect((await api(ctx.mock, `/videos/${id}/content`)).status).toBe(200);
    ctx.mock.advance(3_000);
    const r = await api(ctx.mock, `/videos/${id}/content`);
    expect(r.status).toBe(404);
    expect(r.json.error.message).toMatch(/expired/);
    // metadata is still there
    expect((await api(ctx.mock, `/videos/${id}`)).json.status).toBe('completed');
  });

  it('remix validation: unknown parameter, prompt required', async () => {
    const id = await completedJob(ctx.mock);
    expectError(await postJson(ctx.mock, `/videos/${id}/remix`, { prompt: 'x', size: '720x1280' }), 400, {
      message: "Unknown parameter: 'size'.",
    });
    expectError(await postJson(ctx.mock, `/videos/${id}/remix`, {}), 400, { param: 'prompt' });
    const form = await postForm(ctx.mock, `/videos/${id}/remix`, { prompt: 'multipart works too' });
    expect(form.json).toMatchObject({ remixed_from_video_id: id, prompt: 'multipart works too' });
  });

  it('delete refuses unfinished jobs', async () => {
    const id = await createJob(ctx.mock);
    expect((await api(ctx.mock, `/videos/${id}`, { method: 'DELETE' })).status).toBe(400);
  });
});

describe('image header reader', () => {
  it('reads PNG, JPEG (SOF0), WebP VP8, VP8L and VP8X', () => {
    expect(readImageInfo(fixture('ref-1280x720.png'))).toEqual({ format: 'png', width: 1280, height: 720 });
    expect(readImageInfo(fixture('ref-720x1280.jpg'))).toEqual({ format: 'jpeg', width: 720, height: 1280 });
    expect(readImageInfo(fixture('ref-1280x720.webp'))).toEqual({ format: 'webp', width: 1280, height: 720 });
    expect(readImageInfo(fixture('ref-64x48-lossless.webp'))).toEqual({
      format: 'webp',
      width: 64,
      height: 48,
    });
    expect(readImageInfo(fixture('ref-64x48-alpha.webp'))).toEqual({ format: 'webp', width: 64, height: 48 });
    expect(readImageInfo(new Uint8Array([1, 2, 3]))).toBeNull();
  });
});
