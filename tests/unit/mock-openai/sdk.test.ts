// Drives the mock with the official `openai` SDK: if the SDK is happy, the mock speaks the real wire format.
import { describe, expect, it } from 'vitest';
import OpenAI, { toFile } from 'openai';
import { encodePng, readImageInfo } from '../../mocks/openai/app.mjs';
import { KEY, useMock } from './helpers';

const ctx = useMock();
const client = () => new OpenAI({ apiKey: KEY, baseURL: ctx.mock.url, maxRetries: 0 });
const DURATION = 60_000;

describe('openai SDK against the mock', () => {
  it('creates a video (multipart, no reference) and polls it to completion', async () => {
    const openai = client();
    const created = await openai.videos.create({
      prompt: 'A calico cat playing a piano on stage',
      model: 'sora-2',
      size: '1280x720',
      seconds: '8',
    });
    expect(created).toMatchObject({
      object: 'video',
      model: 'sora-2',
      status: 'queued',
      progress: 0,
      size: '1280x720',
      seconds: '8',
      completed_at: null,
      expires_at: null,
      remixed_from_video_id: null,
      error: null,
      prompt: 'A calico cat playing a piano on stage',
    });
    expect(created.id).toMatch(/^video_[0-9a-f]{32}$/);
    expect(Object.keys(created).sort()).toEqual(
      [
        'id',
        'object',
        'model',
        'status',
        'progress',
        'created_at',
        'completed_at',
        'expires_at',
        'prompt',
        'size',
        'seconds',
        'remixed_from_video_id',
        'error',
      ].sort(),
    );

    const seen: Array<[string, number]> = [];
    for (let i = 0; i < 12; i++) {
      const { data: v, response } = await openai.videos.retrieve(created.id).withResponse();
      expect(response.headers.get('openai-poll-after-ms')).toBe('1000');
      expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
      seen.push([v.status, v.progress]);
      if (v.status === 'completed') {
        expect(v.progress).toBe(100);
        expect(v.completed_at).toBeTypeOf('number');
        expect(v.expires_at).toBe((v.completed_at as number) + 3600);
        break;
      }
      ctx.mock.advance(DURATION / 10);
    }
    const statuses = seen.map(([s]) => s);
    expect(statuses[0]).toBe('queued');
    expect(statuses).toContain('in_progress');
    expect(statuses.at(-1)).toBe('completed');
    const progresses = seen.filter(([s]) => s === 'in_progress').map(([, p]) => p);
    expect(progresses.length).toBeGreaterThan(2);
    expect([...progresses].sort((a, b) => a - b)).toEqual(progresses);
    expect(new Set(progresses).size).toBe(progresses.length);
    expect(ctx.mock.state().createsAccepted).toBe(1);
  });

  it('creates with an input_reference file of the exact size', async () => {
    const openai = client();
    const png = encodePng(720, 1280);
    const created = await openai.videos.create({
      prompt: 'She turns to the window',
      model: 'sora-2-pro',
      size: '720x1280',
      input_reference: await toFile(png, 'first-frame.png', { type: 'image/png' }),
    });
    expect(created.status).toBe('queued');
    expect(created.model).toBe('sora-2-pro');
  });

  it('rejects a reference image of the wrong size with the real message', async () => {
    const openai = client();
    const err = await openai.videos
      .create({
        prompt: 'x',
        size: '1280x720',
        input_reference: await toFile(encodePng(720, 1280), 'ref.png', { type: 'image/png' }),
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.status).toBe(400);
    expect(e.message).toContain('Inpaint image must match the requested width and height');
    expect(e.param).toBe('input_reference');
    expect(e.requestID).toMatch(/^req_/);
    expect(ctx.mock.state().createsAccepted).toBe(0);
  });

  it('lists with pagination (limit, after, has_more) and the auto-paginator', async () => {
    const openai = client();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await openai.videos.create({ prompt: `shot ${i}` })).id);
      ctx.mock.advance(1000);
    }
    const page = await openai.videos.list({ limit: 2, order: 'asc' });
    expect(page.data.map((v) => v.id)).toEqual(ids.slice(0, 2));
    expect(page.has_more).toBe(true);
    const next = await openai.videos.list({ limit: 2, order: 'asc', after: ids[1] });
    expect(next.data.map((v) => v.id)).toEqual(ids.slice(2, 4));

    const all: string[] = [];
    for await (const v of openai.videos.list({ limit: 2 })) all.push(v.id);
    expect(all).toEqual([...ids].reverse()); // default order: desc
  });

  it('remixes a completed video; refuses an unfinished source', async () => {
    const openai = client();
    const src = await openai.videos.create({ prompt: 'A red kite', size: '1280x720', seconds: '4' });
    const early = await openai.videos.remix(src.id, { prompt: 'A blue kite' }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(OpenAI.BadRequestError);

    ctx.mock.advance(DURATION);
    const remix = await openai.videos.remix(src.id, { prompt: 'A blue kite' });
    expect(remix).toMatchObject({
      status: 'queued',
      remixed_from_video_id: src.id,
      prompt: 'A blue kite',
      size: '1280x720',
      seconds: '4',
      model: 'sora-2',
    });
    expect(remix.id).not.toBe(src.id);
    expect(ctx.mock.state().remixesAccepted).toBe(1);
  });

  it('downloads the three content variants as real media', async () => {
    const openai = client();
    const v = await openai.videos.create({ prompt: 'Rain on a tin roof', size: '720x1280' });
    ctx.mock.advance(DURATION);

    const video = await openai.videos.downloadContent(v.id);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    const mp4 = Buffer.from(await video.arrayBuffer());
    expect(mp4.toString('latin1', 4, 8)).toBe('ftyp');
    expect(mp4.length).toBeGreaterThan(10_000);
    expect(mp4.includes(Buffer.from('avc1'))).toBe(true);
    expect(mp4.includes(Buffer.from('mp4a'))).toBe(true);

    const thumb = await openai.videos.downloadContent(v.id, { variant: 'thumbnail' });
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect(readImageInfo(new Uint8Array(await thumb.arrayBuffer()))).toEqual({
      format: 'webp',
      width: 720,
      height: 1280,
    });

    const sprite = await openai.videos.downloadContent(v.id, { variant: 'spritesheet' });
    expect(sprite.headers.get('content-type')).toBe('image/jpeg');
    expect(readImageInfo(new Uint8Array(await sprite.arrayBuffer()))?.format).toBe('jpeg');
  });

  it('serves the clip matching the job size', async () => {
    const openai = client();
    const v = await openai.videos.create({ prompt: 'Wide shot', size: '1792x1024', model: 'sora-2-pro' });
    ctx.mock.advance(DURATION);
    const mp4 = Buffer.from(await (await openai.videos.downloadContent(v.id)).arrayBuffer());
    // tkhd width/height are 16.16 fixed point right before the end of the box
    const tkhd = mp4.indexOf('tkhd');
    const end = tkhd - 4 + mp4.readUInt32BE(tkhd - 4);
    expect(mp4.readUInt32BE(end - 8) >> 16).toBe(1792);
    expect(mp4.readUInt32BE(end - 4) >> 16).toBe(1024);
  });

  it('deletes a completed video; it is gone afterwards', async () => {
    const openai = client();
    const v = await openai.videos.create({ prompt: 'Gone soon' });
    ctx.mock.advance(DURATION);
    const del = await openai.videos.delete(v.id);
    expect(del).toEqual({ id: v.id, object: 'video.deleted', deleted: true });
    await expect(openai.videos.retrieve(v.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(ctx.mock.state().deletes).toBe(1);
  });

  it('generates an image with gpt-image-1 (b64 PNG of the requested size)', async () => {
    const openai = client();
    const res = await openai.images.generate({
      model: 'gpt-image-1',
      prompt: 'A portrait',
      size: '1024x1536',
      n: 2,
    });
    expect(res.data).toHaveLength(2);
    const png = Buffer.from(res.data?.[0].b64_json as string, 'base64');
    expect(readImageInfo(png)).toEqual({ format: 'png', width: 1024, height: 1536 });
    expect(res).toMatchObject({ output_format: 'png', size: '1024x1536', background: 'opaque' });
    expect(res.usage?.total_tokens).toBeGreaterThan(0);
    expect(ctx.mock.state()).toMatchObject({ imageRequests: 1, missingModelImageRequests: 0 });
  });

  it('SDK retries a 429 honouring retry-after-ms and succeeds', async () => {
    const openai = new OpenAI({ apiKey: KEY, baseURL: ctx.mock.url, maxRetries: 2 });
    ctx.mock.setFaults({ type: 'rate_limit', count: 2, route: 'list', retryAfterMs: 5 });
    const page = await openai.videos.list();
    expect(page.data).toEqual([]);
    expect(ctx.mock.state().lists).toBe(3);
  });
});
