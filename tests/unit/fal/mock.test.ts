import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkCatalog, loadCatalog } from '../../mocks/fal/rules.mjs';
import { startMock, TEST_KEY, type FalMock } from './helpers.ts';

const auth = { Authorization: `Key ${TEST_KEY}`, 'Content-Type': 'application/json' };

describe('fal mock: queue contract', () => {
  let mock: FalMock;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  const submit = (endpoint: string, body: unknown, headers: Record<string, string> = auth) =>
    fetch(`${mock.queueUrl}/${endpoint}`, { method: 'POST', headers, body: JSON.stringify(body) });

  async function upload(): Promise<string> {
    const init = await fetch(`${mock.restUrl}/storage/upload/initiate?storage_type=fal-cdn-v3`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ content_type: 'image/png', file_name: 'ref.png' }),
    });
    const { upload_url, file_url } = (await init.json()) as { upload_url: string; file_url: string };
    const put = await fetch(upload_url, {
      method: 'PUT',
      body: new Uint8Array([1, 2, 3]),
      headers: { 'Content-Type': 'image/png' },
    });
    expect(put.status).toBe(200);
    return file_url;
  }

  it('returns URLs that drop the endpoint sub-path, and walks IN_QUEUE → IN_PROGRESS → COMPLETED', async () => {
    const imageUrl = await upload();
    const res = await submit('fal-ai/veo3.1/image-to-video', {
      prompt: 'a cat',
      image_url: imageUrl,
      duration: '8s',
    });
    expect(res.status).toBe(200);
    const job = (await res.json()) as Record<string, string>;
    expect(job.status).toBe('IN_QUEUE');
    expect(job.status_url).toBe(`${mock.queueUrl}/fal-ai/veo3.1/requests/${job.request_id}/status`);
    expect(job.response_url).toBe(`${mock.queueUrl}/fal-ai/veo3.1/requests/${job.request_id}`);
    expect(job.cancel_url).toBe(`${mock.queueUrl}/fal-ai/veo3.1/requests/${job.request_id}/cancel`);

    const first = await fetch(`${job.status_url}?logs=1`, { headers: auth });
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ status: 'IN_QUEUE', logs: [] });
    const early = await fetch(job.response_url, { headers: auth });
    expect(early.status).toBe(400);
    mock.advance(1500);
    expect(await (await fetch(job.status_url, { headers: auth })).json()).toMatchObject({
      status: 'IN_PROGRESS',
    });
    mock.advance(1500);
    const done = await fetch(job.status_url, { headers: auth });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: 'COMPLETED' });
    const output = (await (await fetch(job.response_url, { headers: auth })).json()) as {
      video: { url: string; content_type: string; file_size: number };
    };
    expect(output.video.content_type).toBe('video/mp4');
    const clip = await fetch(output.video.url);
    expect(clip.status).toBe(200);
    const bytes = new Uint8Array(await clip.arrayBuffer());
    expect(bytes.length).toBe(output.video.file_size);
    expect(new TextDecoder().decode(bytes.slice(4, 8))).toBe('ftyp');

    // The sub-path URL a naive client would build is not the status URL.
    const wrong = await fetch(
      `${mock.queueUrl}/fal-ai/veo3.1/image-to-video/requests/${job.request_id}/status`,
      {
        headers: auth,
      },
    );
    expect(wrong.status).not.toBe(200);
  });

  it('rejects the wrong duration encoding like pydantic v2 (422 detail at the result)', async () => {
    const res = await submit('fal-ai/veo3.1', { prompt: 'a cat', duration: 8 });
    const job = (await res.json()) as Record<string, string>;
    mock.advance(3000);
    const result = await fetch(job.response_url, { headers: auth });
    expect(result.status).toBe(422);
    expect(await result.json()).toEqual({
      detail: [
        {
          loc: ['body', 'duration'],
          msg: "Input should be '4s', '6s' or '8s'",
          type: 'literal_error',
          input: 8,
          ctx: { expected: "'4s', '6s' or '8s'" },
        },
      ],
    });
  });

  it('with validateAt submit, answers 422 at once: missing prompt, bad aspect, unreachable image, wrong types', async () => {
    const strict = await startMock({ validateAt: 'submit' });
    try {
      const post = (endpoint: string, body: unknown) =>
        fetch(`${strict.queueUrl}/${endpoint}`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify(body),
        });
      const detail = async (res: Response) => {
        expect(res.status).toBe(422);
        return ((await res.json()) as { detail: { loc: unknown[]; type: string; msg: string }[] }).detail;
      };
      expect((await detail(await post('fal-ai/veo3.1', { duration: '8s' })))[0]).toMatchObject({
        loc: ['body', 'prompt'],
        type: 'missing',
      });
      expect(
        (await detail(await post('fal-ai/veo3.1', { prompt: 'x', aspect_ratio: '4:5' })))[0],
      ).toMatchObject({
        loc: ['body', 'aspect_ratio'],
        msg: "Input should be '16:9' or '9:16'",
      });
      expect((await detail(await post('fal-ai/veo3.1', { prompt: 'x', resolution: '8k' })))[0].loc).toEqual([
        'body',
        'resolution',
      ]);
      expect((await detail(await post('fal-ai/veo3.1/image-to-video', { prompt: 'x' })))[0]).toMatchObject({
        loc: ['body', 'image_url'],
        type: 'missing',
      });
      const remote = await detail(
        await post('fal-ai/veo3.1/image-to-video', { prompt: 'x', image_url: 'https://example.com/cat.png' }),
      );
      expect(remote[0]).toMatchObject({ loc: ['body', 'image_url'], type: 'file_download_error' });
      expect(
        (
          await detail(await post('fal-ai/kling-video/v3/pro/text-to-video', { prompt: 'x', duration: 5 }))
        )[0],
      ).toMatchObject({
        loc: ['body', 'duration'],
        type: 'literal_error',
      });
      expect(
        (await detail(await post('fal-ai/wan/v2.7/text-to-video', { prompt: 'x', duration: '5' })))[0].msg,
      ).toBe('Input should be 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 or 15');
      const ok = await post('fal-ai/wan/v2.7/text-to-video', { prompt: 'x', duration: 5 });
      expect(ok.status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('checks the key on queue and initiate only, and answers 404 for unknown endpoints', async () => {
    expect(
      (await submit('fal-ai/veo3.1', { prompt: 'x' }, { 'Content-Type': 'application/json' })).status,
    ).toBe(401);
    const bearer = await submit('fal-ai/veo3.1', { prompt: 'x' }, { Authorization: `Bearer ${TEST_KEY}` });
    expect(bearer.status).toBe(401);
    expect(await bearer.json()).toEqual({ detail: 'Unauthorized' });
    const initiate = await fetch(`${mock.restUrl}/storage/upload/initiate`, { method: 'POST', body: '{}' });
    expect(initiate.status).toBe(401);
    expect((await submit('fal-ai/nope', { prompt: 'x' })).status).toBe(404);
  });

  it('cancels: 202 while queued, 400 ALREADY_COMPLETED after, 404 NOT_FOUND for unknown ids', async () => {
    const job = (await (await submit('fal-ai/veo3.1', { prompt: 'x' })).json()) as Record<string, string>;
    const first = await fetch(job.cancel_url, { method: 'PUT', headers: auth });
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ status: 'CANCELLATION_REQUESTED' });
    const again = await fetch(job.cancel_url, { method: 'PUT', headers: auth });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ status: 'ALREADY_COMPLETED' });
    const unknown = await fetch(`${mock.queueUrl}/fal-ai/veo3.1/requests/nope/cancel`, {
      method: 'PUT',
      headers: auth,
    });
    expect(unknown.status).toBe(404);
    expect(mock.state().jobs[0].status).toBe('CANCELED');
  });

  it('answers CORS preflights and exposes the fal headers', async () => {
    const res = await fetch(`${mock.queueUrl}/fal-ai/veo3.1`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:4173',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    const real = await submit('fal-ai/veo3.1', { prompt: 'x' });
    expect(real.headers.get('access-control-expose-headers')).toMatch(
      /X-Fal-Error-Type.*x-fal-request-id.*retry-after/,
    );
  });

  it('expires results and CDN files after the TTL', async () => {
    const job = (await (await submit('fal-ai/veo3.1', { prompt: 'x' })).json()) as Record<string, string>;
    mock.advance(3000);
    const output = (await (await fetch(job.response_url, { headers: auth })).json()) as {
      video: { url: string };
    };
    mock.advance(3_600_001);
    expect((await fetch(job.response_url, { headers: auth })).status).toBe(404);
    expect((await fetch(output.video.url)).status).toBe(404);
  });

  it('serves the control API over HTTP', async () => {
    const set = await fetch(`${mock.url}/__mock/faults`, {
      method: 'POST',
      body: JSON.stringify({ faults: [{ kind: 'rate-limit', route: 'submit', retryAfter: 7 }] }),
    });
    expect(set.status).toBe(200);
    const limited = await submit('fal-ai/veo3.1', { prompt: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await submit('fal-ai/veo3.1', { prompt: 'x' })).status).toBe(200);
    const state = (await (await fetch(`${mock.url}/__mock/state`)).json()) as {
      counters: { submits: number; perModel: Record<string, number> };
    };
    expect(state.counters.submits).toBe(2);
    expect(state.counters.perModel['fal-ai/veo3.1']).toBe(2);
    await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
    expect(mock.state().counters.submits).toBe(0);
  });
});

describe('fal mock: catalog drift', () => {
  it('agrees with config/models/fal.json', () => {
    expect(checkCatalog(loadCatalog())).toEqual([]);
  });

  it('reports a catalog entry the real API would reject', () => {
    const [veo] = loadCatalog();
    const drifted = [
      {
        ...veo,
        durationEncoding: 'integer' as const,
        sizes: [{ size: '720x1280' as const, params: { aspect_ratio: '4:5' } }],
      },
    ];
    const problems = checkCatalog(drifted);
    expect(problems.some((p) => p.includes('rejects duration 8'))).toBe(true);
    expect(problems.some((p) => p.includes('aspect_ratio=4:5'))).toBe(true);
  });
});
