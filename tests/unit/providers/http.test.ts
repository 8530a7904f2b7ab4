import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/providers/errors.ts';
import { authHeaders, buildUrl, requestBlob, requestJson } from '../../../src/providers/http.ts';
import {
  apiError,
  caught,
  fakeDeps,
  json,
  KEY,
  openaiConnection,
  scriptedFetch,
  type Step,
} from './fake-fetch.ts';

const signal = () => new AbortController().signal;

describe('retries of idempotent requests', () => {
  it('retries a GET on 5xx with backoff, then succeeds', async () => {
    const net = scriptedFetch(
      apiError(502, { message: 'Bad gateway' }),
      apiError(503, { message: 'x' }),
      json({ ok: 1 }),
    );
    const { deps, sleeps, retries } = fakeDeps(net.fetch);
    const result = await requestJson<{ ok: number }>(deps, {
      method: 'GET',
      path: '/videos/v1',
      signal: signal(),
    });
    expect(result.data).toEqual({ ok: 1 });
    expect(net.calls).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
    expect(retries.map((r) => [r.retry, r.error.kind])).toEqual([
      [1, 'server'],
      [2, 'server'],
    ]);
  });

  it('gives up after two retries and throws the mapped error', async () => {
    const net = scriptedFetch(...Array.from({ length: 3 }, () => apiError(500, { message: 'boom' })));
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(requestJson(deps, { method: 'GET', path: '/videos/v1', signal: signal() }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'server', status: 500, retryable: true, requestId: 'req_123' });
    expect(net.calls).toHaveLength(3);
  });

  it('retries a GET after a dropped connection', async () => {
    const net = scriptedFetch('drop', json({ ok: 1 }));
    const { deps, sleeps } = fakeDeps(net.fetch);
    await requestJson(deps, { method: 'GET', path: '/videos', signal: signal() });
    expect(net.calls).toHaveLength(2);
    expect(sleeps).toEqual([500]);
  });

  it('waits as long as retry-after-ms says', async () => {
    const net = scriptedFetch(
      apiError(
        429,
        { message: 'Rate limit reached', code: 'rate_limit_exceeded' },
        { 'retry-after-ms': '2345' },
      ),
      json({}),
    );
    const { deps, sleeps, retries } = fakeDeps(net.fetch);
    await requestJson(deps, { method: 'GET', path: '/videos', signal: signal() });
    expect(sleeps).toEqual([2345]);
    expect(retries[0].error).toMatchObject({ kind: 'rate-limit', retryAfterMs: 2345 });
  });

  it('does not retry when x-should-retry is false', async () => {
    const net = scriptedFetch(apiError(503, { message: 'nope' }, { 'x-should-retry': 'false' }));
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(requestJson(deps, { method: 'GET', path: '/videos', signal: signal() }));
    expect(error).toMatchObject({ kind: 'server', retryable: false });
    expect(net.calls).toHaveLength(1);
  });

  it('retries a 400 when x-should-retry is true', async () => {
    const net = scriptedFetch(apiError(400, { message: 'flaky' }, { 'x-should-retry': 'true' }), json({}));
    const { deps } = fakeDeps(net.fetch);
    await requestJson(deps, { method: 'GET', path: '/videos', signal: signal() });
    expect(net.calls).toHaveLength(2);
  });

  it('retries a GET that timed out', async () => {
    const net = scriptedFetch('hang', json({ ok: true }));
    const { deps } = fakeDeps(net.fetch);
    const result = await requestJson(deps, {
      method: 'GET',
      path: '/videos',
      signal: signal(),
      timeoutMs: 20,
    });
    expect(result.data).toEqual({ ok: true });
    expect(net.calls).toHaveLength(2);
  });
});

describe('a create (POST) is never re-sent when its outcome is unknown', () => {
  const create = { method: 'POST' as const, path: '/videos', body: { prompt: 'p' } };

  it('timeout → outcomeUnknown timeout, sent once', async () => {
    const net = scriptedFetch('hang', json(video()));
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(requestJson(deps, { ...create, signal: signal(), timeoutMs: 20 }));
    expect(error).toMatchObject({ kind: 'timeout', outcomeUnknown: true, retryable: false });
    expect(net.calls).toHaveLength(1);
  });

  it('connection dropped → outcomeUnknown network, sent once', async () => {
    const net = scriptedFetch('drop', json(video()));
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(requestJson(deps, { ...create, signal: signal() }));
    expect(error).toMatchObject({ kind: 'network', outcomeUnknown: true, retryable: false });
    expect(net.calls).toHaveLength(1);
  });

  it('a definite 429 is retried (nothing was created)', async () => {
    const net = scriptedFetch(
      apiError(429, { message: 'Rate limit reached', code: 'rate_limit_exceeded' }, { 'retry-after': '3' }),
      json(video()),
    );
    const { deps, sleeps } = fakeDeps(net.fetch);
    const result = await requestJson(deps, { ...create, signal: signal() });
    expect(result.data).toMatchObject({ id: 'video_123' });
    expect(net.calls).toHaveLength(2);
    expect(sleeps).toEqual([3000]);
  });

  it('a definite 500 is retried, as the SDK does', async () => {
    const net = scriptedFetch(apiError(500, { message: 'oops' }), json(video()));
    const { deps } = fakeDeps(net.fetch);
    await requestJson(deps, { ...create, signal: signal() });
    expect(net.calls).toHaveLength(2);
  });

  it('insufficient_quota is not retried', async () => {
    const net = scriptedFetch(
      apiError(429, {
        message: 'You exceeded your current quota',
        code: 'insufficient_quota',
        type: 'insufficient_quota',
      }),
    );
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(requestJson(deps, { ...create, signal: signal() }));
    expect(error).toMatchObject({ kind: 'quota', outcomeUnknown: false });
    expect(net.calls).toHaveLength(1);
  });

  it('a 429 that stays 429 ends as rate-limit with the server hint', async () => {
    const limited = () =>
      apiError(429, { message: 'Rate limit reached', code: 'rate_limit_exceeded' }, { 'retry-after': '90' });
    const net = scriptedFetch(limited(), limited(), limited());
    const { deps, sleeps } = fakeDeps(net.fetch);
    const error = await caught(requestJson(deps, { ...create, signal: signal() }));
    // 90 s is over the SDK's 60 s limit: backoff inline, the hint travels on the error for the runner.
    expect(sleeps).toEqual([500, 1000]);
    expect(error).toMatchObject({ kind: 'rate-limit', retryAfterMs: 90_000, outcomeUnknown: false });
  });
});

describe('abort, offline, timeout', () => {
  it('a caller abort rejects with the abort reason, not a ProviderError', async () => {
    const net = scriptedFetch('hang');
    const { deps } = fakeDeps(net.fetch);
    const controller = new AbortController();
    const pending = requestJson(deps, {
      method: 'POST',
      path: '/videos',
      body: {},
      signal: controller.signal,
    });
    controller.abort();
    const error = await caught(pending);
    expect(error).not.toBeInstanceOf(ProviderError);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('sends nothing while offline', async () => {
    const net = scriptedFetch();
    const { deps } = fakeDeps(net.fetch, { online: () => false });
    const error = await caught(
      requestJson(deps, { method: 'POST', path: '/videos', body: {}, signal: signal() }),
    );
    expect(error).toMatchObject({ kind: 'network', outcomeUnknown: false });
    expect((error as Error).message).toMatch(/^You are offline/);
    expect(net.calls).toHaveLength(0);
  });

  it('a GET that keeps failing to connect ends as unreachable/CORS', async () => {
    const net = scriptedFetch('drop', 'drop', 'drop');
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(requestJson(deps, { method: 'GET', path: '/videos', signal: signal() }));
    expect(error).toMatchObject({ kind: 'unreachable', retryable: true });
    expect((error as Error).message).toContain('(CORS)');
  });

  it('a GET that keeps timing out ends as timeout, retryable', async () => {
    const net = scriptedFetch('hang', 'hang');
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(
      requestJson(deps, { method: 'GET', path: '/videos', signal: signal(), timeoutMs: 10, maxRetries: 1 }),
    );
    expect(error).toMatchObject({ kind: 'timeout', retryable: true, outcomeUnknown: false });
  });

  it('a 200 that is not JSON (an HTML page at a wrong base URL) is a clear error', async () => {
    const net = scriptedFetch(
      new Response('<!doctype html><html></html>', { headers: { 'content-type': 'text/html' } }),
    );
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(requestJson(deps, { method: 'GET', path: '/videos', signal: signal() }));
    expect(error).toMatchObject({ kind: 'server' });
    expect((error as Error).message).toMatch(/not the Videos API/);
  });
});

describe('auth headers', () => {
  it('sends Bearer, organization and project to the connection origin', async () => {
    const net = scriptedFetch(json({}));
    const { deps } = fakeDeps(net.fetch, {
      connection: openaiConnection({ organization: 'org_1', project: 'proj_1' }),
    });
    await requestJson(deps, {
      method: 'GET',
      path: '/videos',
      query: { limit: 1, after: undefined },
      signal: signal(),
    });
    const [call] = net.calls;
    expect(call.url.href).toBe('https://api.openai.com/v1/videos?limit=1');
    expect(call.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(call.headers.get('openai-organization')).toBe('org_1');
    expect(call.headers.get('openai-project')).toBe('proj_1');
    expect(call.headers.get('api-key')).toBeNull();
  });

  it("Azure: api-key header, no Authorization, the base URL's path kept", async () => {
    const net = scriptedFetch(json({}));
    const { deps } = fakeDeps(net.fetch, {
      connection: openaiConnection({
        baseUrl: 'https://res.openai.azure.com/openai/v1/',
        authStyle: 'api-key',
      }),
    });
    await requestJson(deps, { method: 'GET', path: '/videos/v1', signal: signal() });
    const [call] = net.calls;
    expect(call.url.href).toBe('https://res.openai.azure.com/openai/v1/videos/v1');
    expect(call.headers.get('api-key')).toBe(KEY);
    expect(call.headers.get('authorization')).toBeNull();
  });

  it('never sends the key to another origin', async () => {
    const net = scriptedFetch(
      new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/png' } }),
    );
    const { deps } = fakeDeps(net.fetch, { connection: openaiConnection({ organization: 'org_1' }) });
    const result = await requestBlob(deps, {
      method: 'GET',
      path: 'https://cdn.example.net/img.png',
      signal: signal(),
    });
    expect(result.data.type).toBe('image/png');
    const [call] = net.calls;
    expect(call.url.origin).toBe('https://cdn.example.net');
    expect([...call.headers.keys()].filter((k) => /auth|api-key|openai/i.test(k))).toEqual([]);
    expect(JSON.stringify(call.init)).not.toContain(KEY);
  });

  it('a look-alike origin gets no key either', () => {
    const connection = openaiConnection();
    expect(authHeaders(connection, new URL('https://api.openai.com.evil.test/v1/videos'))).toEqual({});
    expect(authHeaders(connection, new URL('http://api.openai.com/v1/videos'))).toEqual({});
    expect(authHeaders(connection, buildUrl(connection, '/videos'))).toHaveProperty('Authorization');
  });
});

describe('the key never appears in an error', () => {
  const echo = (status: number) =>
    apiError(status, { message: `Key ${KEY} is not valid for this gateway`, param: KEY, code: KEY });
  const cases: [string, Step[], { method: 'GET' | 'POST'; timeoutMs?: number }][] = [
    ['401 echoing the key', [echo(401)], { method: 'GET' }],
    ['400 echoing the key', [echo(400)], { method: 'POST' }],
    [
      '500 echoing the key as text',
      [new Response(`upstream said ${KEY}`, { status: 500 })],
      { method: 'POST' },
    ],
    ['403 plain', [apiError(403, { message: 'Forbidden' })], { method: 'GET' }],
    ['dropped connection', ['drop'], { method: 'POST' }],
    ['timeout', ['hang'], { method: 'POST', timeoutMs: 10 }],
  ];

  it.each(cases)('%s', async (_name, steps, options) => {
    const net = scriptedFetch(...steps, ...steps, ...steps);
    const { deps } = fakeDeps(net.fetch, { connection: openaiConnection({ organization: 'org_1' }) });
    const error = await caught(
      requestJson(deps, {
        ...options,
        path: '/videos',
        body: options.method === 'POST' ? {} : undefined,
        signal: signal(),
      }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    const provider = error as ProviderError;
    const surfaces = [
      provider.message,
      provider.action,
      String(provider),
      provider.stack ?? '',
      JSON.stringify(provider),
      JSON.stringify(provider.toInfo()),
      inspect(provider, { depth: 5 }),
    ];
    for (const text of surfaces) expect(text).not.toContain(KEY);
  });
});

describe('bodies', () => {
  it('JSON bodies carry a JSON content type', async () => {
    const net = scriptedFetch(json({}));
    const { deps } = fakeDeps(net.fetch);
    await requestJson(deps, { method: 'POST', path: '/videos', body: { prompt: 'p' }, signal: signal() });
    expect(net.calls[0].headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(net.calls[0].body as string)).toEqual({ prompt: 'p' });
  });

  it('FormData is left for fetch to frame (no content type set by us)', async () => {
    const net = scriptedFetch(json({}));
    const { deps } = fakeDeps(net.fetch);
    const form = new FormData();
    form.append('prompt', 'p');
    await requestJson(deps, { method: 'POST', path: '/videos', body: form, signal: signal() });
    expect(net.calls[0].body).toBe(form);
    expect(net.calls[0].headers.get('content-type')).toBeNull();
  });

  it('blob downloads report progress and drop content-type parameters', async () => {
    const bytes = new Uint8Array(1000);
    const net = scriptedFetch(
      new Response(bytes, {
        headers: { 'content-type': 'video/mp4; codecs=avc1', 'content-length': '1000' },
      }),
    );
    const { deps } = fakeDeps(net.fetch);
    const progress: number[] = [];
    const { data } = await requestBlob(
      deps,
      { method: 'GET', path: '/videos/v/content', signal: signal() },
      (p) => progress.push(p),
    );
    expect(data.type).toBe('video/mp4');
    expect(data.size).toBe(1000);
    expect(progress.at(-1)).toBe(100);
  });
});

function video() {
  return { id: 'video_123', object: 'video', status: 'queued' };
}
