import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/providers/errors.ts';
import { requestBlob, requestJson } from '../../../src/providers/http.ts';
import { generateImages } from '../../../src/providers/openai-images.ts';
import { clampHint, pollDelay, retryAfterHint } from '../../../src/providers/retry.ts';
import { apiError, caught, fakeDeps, json, KEY, scriptedFetch } from '../providers/fake-fetch.ts';

const signal = () => new AbortController().signal;

describe('a hostile gateway cannot redirect the key elsewhere', () => {
  it('sends every request that carries auth with redirect: "error"', async () => {
    const net = scriptedFetch(json({ id: 'v1' }));
    const { deps } = fakeDeps(net.fetch);
    await requestJson(deps, { method: 'POST', path: '/videos', body: { a: 1 }, signal: signal() });
    expect(net.calls[0]!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(net.calls[0]!.init.redirect).toBe('error');
  });

  it('re-requests a redirecting content download without any auth header', async () => {
    const net = scriptedFetch(
      new Response(null, { status: 302, headers: { location: 'https://evil.example/steal' } }),
      new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'video/mp4' } }),
    );
    const { deps } = fakeDeps(net.fetch, {
      connection: { ...fakeDeps(net.fetch).deps.connection, authStyle: 'api-key', organization: 'org-1' },
    });
    const { data } = await requestBlob(deps, { method: 'GET', path: '/videos/v1/content', signal: signal() });
    expect(data.size).toBe(3);
    expect(net.calls[0]!.init.redirect).toBe('manual');
    expect(net.calls[0]!.headers.get('api-key')).toBe(KEY);
    expect(net.calls[1]!.url.href).toBe('https://evil.example/steal');
    expect([...net.calls[1]!.headers.keys()].filter((h) => /auth|api-key|openai/i.test(h))).toEqual([]);
  });
});

describe('provider hints are clamped', () => {
  it('clamps a huge retry-after to 120 s and a zero one to 1 s', async () => {
    expect(retryAfterHint(new Headers({ 'retry-after': '999999999' }))).toBe(120_000);
    expect(retryAfterHint(new Headers({ 'retry-after-ms': '0' }))).toBe(1_000);
    expect(clampHint(Infinity)).toBe(120_000);
    expect(pollDelay(0, 10 * 365 * 86_400_000)).toBe(120_000);
    const net = scriptedFetch(
      apiError(429, { message: 'slow' }, { 'retry-after': '31536000', 'x-should-retry': 'false' }),
    );
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(
      requestJson(deps, { method: 'POST', path: '/videos', body: {}, signal: signal() }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryAfterMs).toBe(120_000);
  });
});

describe('provider downloads have byte caps', () => {
  it('refuses a 10 GB content-length before reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const net = scriptedFetch(
      new Response(body, {
        headers: { 'content-type': 'video/mp4', 'content-length': String(10 * 1024 ** 3) },
      }),
    );
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(
      requestBlob(deps, { method: 'GET', path: '/videos/v/content', signal: signal() }),
    );
    expect((error as ProviderError).message).toMatch(
      /sent a download of at least 10240 MB, over the 1024 MB limit/,
    );
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('stops a body that grows past the cap while streaming (no content-length)', async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const net = scriptedFetch(new Response(body, { headers: { 'content-type': 'image/png' } }));
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(
      requestBlob(deps, { method: 'GET', path: '/x', signal: signal(), maxBytes: 1024 * 1024 }),
    );
    expect((error as ProviderError).message).toMatch(/over the 1 MB limit/);
  });
});

describe('provider stills are typed by their bytes', () => {
  it('refuses an SVG declared as PNG', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ).toString('base64');
    const net = scriptedFetch(json({ data: [{ b64_json: svg }], output_format: 'png' }));
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(
      generateImages(deps, { modelId: 'gpt-image-1', prompt: 'x', size: '1024x1024' }, signal()),
    );
    expect((error as ProviderError).message).toMatch(
      /not a PNG, JPEG, WebP, GIF or AVIF image \(declared as image\/png\)/,
    );
  });
});
