// Fault injection through the factory and through the HTTP control API.
import { describe, expect, it, vi } from 'vitest';
import OpenAI from 'openai';
import { api, completedJob, createJob, KEY, postForm, postJson, useMock } from './helpers';

const ctx = useMock();

async function control(path: string, body?: unknown) {
  const res = await fetch(`${ctx.mock.origin}/__mock/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('faults', () => {
  it('rate_limit: 429 with retry-after / retry-after-ms for the next N requests of a route', async () => {
    ctx.mock.setFaults({
      type: 'rate_limit',
      count: 2,
      route: 'create',
      retryAfterSec: 7,
      retryAfterMs: 6500,
    });
    expect((await api(ctx.mock, '/videos')).status).toBe(200); // list is not targeted
    for (let i = 0; i < 2; i++) {
      const r = await postForm(ctx.mock, '/videos', { prompt: 'x' });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('7');
      expect(r.headers.get('retry-after-ms')).toBe('6500');
      expect(r.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      expect(r.json.error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded', param: null });
      expect(r.json.error.message).toMatch(/^Rate limit reached for sora-2/);
    }
    expect((await postForm(ctx.mock, '/videos', { prompt: 'x' })).status).toBe(200);
    expect(ctx.mock.state()).toMatchObject({
      creates: 3,
      createsAccepted: 1,
      faultsTriggered: 2,
      faults: [],
    });
  });

  it('insufficient_quota: 429 without retry-after by default', async () => {
    ctx.mock.setFaults({ type: 'insufficient_quota' });
    const r = await postForm(ctx.mock, '/videos', { prompt: 'x' });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBeNull();
    expect(r.json.error).toEqual({
      message:
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      type: 'insufficient_quota',
      param: null,
      code: 'insufficient_quota',
    });
  });

  it('server_error bursts: 500 JSON, 502 Cloudflare HTML, 503 JSON, then normal', async () => {
    ctx.mock.setFaults([
      { type: 'server_error', status: 500, route: 'retrieve' },
      { type: 'server_error', status: 502, route: 'retrieve' },
      { type: 'server_error', status: 503, route: 'retrieve', shouldRetry: false },
    ]);
    const id = await createJob(ctx.mock);
    const r1 = await api(ctx.mock, `/videos/${id}`);
    expect(r1.status).toBe(500);
    expect(r1.json.error.type).toBe('server_error');
    const r2 = await api(ctx.mock, `/videos/${id}`);
    expect(r2.status).toBe(502);
    expect(r2.headers.get('content-type')).toBe('text/html');
    expect(r2.text).toContain('502 Bad Gateway');
    const r3 = await api(ctx.mock, `/videos/${id}`);
    expect(r3.status).toBe(503);
    expect(r3.headers.get('x-should-retry')).toBe('false');
    expect((await api(ctx.mock, `/videos/${id}`)).status).toBe(200);
  });

  it('the SDK retries a 500 burst on retrieve', async () => {
    const id = await createJob(ctx.mock);
    ctx.mock.setFaults({ type: 'server_error', count: 2, route: 'retrieve' });
    const openai = new OpenAI({ apiKey: KEY, baseURL: ctx.mock.url, maxRetries: 2 });
    const v = await openai.videos.retrieve(id);
    expect(v.id).toBe(id);
    expect(ctx.mock.state().retrieves).toBe(3);
  }, 15_000);

  it('hang: the request never gets an answer; the next one does', async () => {
    ctx.mock.setFaults({ type: 'hang', route: 'list' });
    // The mock holding the request unanswered is the proof; then the client gives up by itself.
    const controller = new AbortController();
    const pending = fetch(`${ctx.mock.url}/videos`, {
      headers: { authorization: `Bearer ${KEY}` },
      signal: controller.signal,
    }).then(
      (r) => `answered ${r.status}`,
      (e: Error) => e.name,
    );
    await vi.waitFor(() => expect(ctx.mock.state().hungRequests).toBe(1), { timeout: 10_000 });
    controller.abort();
    expect(await pending).toBe('AbortError');
    expect((await api(ctx.mock, '/videos')).status).toBe(200);
    expect(ctx.mock.state().hungRequests).toBe(1);
  });

  it('drop_after_accept: the job is created and counted once, the connection dies mid-response', async () => {
    ctx.mock.setFaults({ type: 'drop_after_accept' });
    const form = new FormData();
    form.append('prompt', 'Unknown outcome');
    const err = await fetch(`${ctx.mock.url}/videos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: form,
    })
      .then((res) => res.json())
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(TypeError); // the body never completes (socket closed)
    const s = ctx.mock.state();
    expect(s).toMatchObject({ creates: 1, createsAccepted: 1, droppedConnections: 1 });
    expect(s.lastRequests.at(-1)).toMatchObject({ route: 'create', status: 'dropped' });
    // reconciliation: the job is listed
    const list = await api(ctx.mock, '/videos');
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0]).toMatchObject({ prompt: 'Unknown outcome', id: s.jobs[0].id });
  });

  it('moderation: the next job fails in band (HTTP 200, status failed, moderation_blocked)', async () => {
    ctx.mock.setFaults({ type: 'moderation' });
    const id = await createJob(ctx.mock);
    const ok = await createJob(ctx.mock);
    ctx.mock.advance(60_001);
    const r = await api(ctx.mock, `/videos/${id}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      status: 'failed',
      error: { code: 'moderation_blocked', message: expect.any(String) },
      expires_at: null,
    });
    expect((await api(ctx.mock, `/videos/${ok}`)).json.status).toBe('completed');
    expect((await api(ctx.mock, `/videos/${id}/content`)).status).toBe(400);
    // failed jobs can be deleted
    expect((await api(ctx.mock, `/videos/${id}`, { method: 'DELETE' })).json.deleted).toBe(true);
  });

  it('sentinel_block: 400 at request time, no job', async () => {
    ctx.mock.setFaults({ type: 'sentinel_block' });
    const r = await postJson(ctx.mock, '/videos', { prompt: 'x' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'sentinel_block', type: 'invalid_request_error' });
    expect(ctx.mock.state()).toMatchObject({ creates: 1, createsAccepted: 0 });
  });

  it('expired: content 404 as if past expires_at', async () => {
    const id = await completedJob(ctx.mock);
    ctx.mock.setFaults({ type: 'expired' });
    const r = await api(ctx.mock, `/videos/${id}/content`);
    expect(r.status).toBe(404);
    expect(r.json.error.message).toMatch(/expired/);
    expect((await api(ctx.mock, `/videos/${id}/content`)).status).toBe(200); // count 1
  });

  it('unauthorized: 401 for everything while armed with always', async () => {
    ctx.mock.setFaults({ type: 'unauthorized', always: true });
    for (const path of ['/videos', '/videos/video_x']) {
      const r = await api(ctx.mock, path);
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe('invalid_api_key');
    }
    ctx.mock.clearFaults();
    expect((await api(ctx.mock, '/videos')).status).toBe(200);
  });

  it('faults can target several routes and count down across them', async () => {
    ctx.mock.setFaults({ type: 'server_error', count: 2, route: ['list', 'images'] });
    expect((await api(ctx.mock, '/videos')).status).toBe(500);
    expect(
      (await postJson(ctx.mock, '/images/generations', { model: 'gpt-image-1', prompt: 'x' })).status,
    ).toBe(500);
    expect((await api(ctx.mock, '/videos')).status).toBe(200);
  });

  it('HTTP control API: faults, config, advance, state, reset', async () => {
    const armed = await control('faults', { faults: [{ type: 'rate_limit', route: 'list', count: 3 }] });
    expect(armed.json.faults).toEqual([
      { type: 'rate_limit', remaining: 3, always: false, routes: ['list'], hits: 0 },
    ]);
    expect((await api(ctx.mock, '/videos')).status).toBe(429);
    expect((await control('faults', { type: 'nope' })).status).toBe(400);

    await control('config', { jobDurationMs: 1000 });
    const id = await createJob(ctx.mock);
    await control('advance', { ms: 1001 });
    const state = (await control('state')).json;
    expect(state.jobs[0]).toMatchObject({ id, status: 'completed' });
    expect(state.config.jobDurationMs).toBe(1000);
    expect(state.faults[0].remaining).toBe(2);
    expect(state.lastRequests.length).toBeGreaterThan(0);

    const reset = await control('reset', {});
    expect(reset.json).toMatchObject({ requests: 0, jobs: [], faults: [], clockOffsetMs: 0 });
    expect(reset.json.config.jobDurationMs).toBe(60_000);
  });

  it('real-time progress with a short jobDurationMs', async () => {
    ctx.mock.configure({ jobDurationMs: 200 });
    const id = await createJob(ctx.mock);
    // Nobody advances the virtual clock here: the job completes on real time alone. Polled, not slept.
    await vi.waitFor(
      async () => expect((await api(ctx.mock, `/videos/${id}`)).json.status).toBe('completed'),
      { timeout: 10_000, interval: 50 },
    );
  });
});
