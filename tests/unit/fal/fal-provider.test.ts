import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/providers/errors.ts';
import { generateFalImages } from '../../../src/providers/fal-images.ts';
import { createFalProvider, type FalPollResult } from '../../../src/providers/fal-provider.ts';
import type { SubmitRequest } from '../../../src/providers/types.ts';
import type { ModelSpec } from '../../../src/types.ts';
import {
  connection,
  deps,
  model,
  png,
  pollToEnd,
  provider,
  signal,
  startMock,
  TEST_KEY,
  type FalMock,
} from './helpers.ts';

const veo = model('fal-ai/veo3.1');
const request = (spec: ModelSpec, extra: Partial<SubmitRequest> = {}): SubmitRequest => ({
  model: spec,
  modelId: spec.id,
  prompt: 'A lighthouse keeper waves at a passing ship',
  size: spec.sizes[0].size,
  seconds: spec.durations[spec.durations.length - 1],
  ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

describe('fal provider against the mock', () => {
  let mock: FalMock;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  it('text-to-video: submit, poll, download MP4 bytes', async () => {
    const fal = provider(mock);
    const handle = await fal.submit(request(veo, { audio: false }), signal());
    expect(handle.data).toMatchObject({
      endpoint: 'fal-ai/veo3.1',
      statusUrl: `${mock.queueUrl}/fal-ai/veo3.1/requests/${handle.id}/status`,
    });
    const states = await pollToEnd(fal, mock, handle);
    expect(states.map((s) => s.state)).toEqual(['queued', 'running', 'running', 'completed']);
    const done = states.at(-1) as FalPollResult;
    expect(done.expiresAt).toBeGreaterThan(Date.now());
    expect(JSON.parse(done.remote?.data?.resultUrls ?? '[]')).toHaveLength(1);
    const { files } = await fal.download(handle, signal());
    expect(files[0].type).toBe('video/mp4');
    const head = new Uint8Array(await files[0].slice(0, 12).arrayBuffer());
    expect(new TextDecoder().decode(head.slice(4, 8))).toBe('ftyp');
    const input = mock.state().jobs[0].input;
    expect(input).toMatchObject({
      prompt: expect.any(String),
      duration: '8s',
      aspect_ratio: '9:16',
      resolution: '720p',
      generate_audio: false,
    });
  });

  it('image-to-video: uploads the reference, passes file_url, polls the sub-path-dropped URL; the key never reaches upload or CDN', async () => {
    const fal = provider(mock);
    const handle = await fal.submit(
      request(veo, { reference: { blob: png(), name: 'first.png' } }),
      signal(),
    );
    await pollToEnd(fal, mock, handle);
    const { files } = await fal.download(handle, signal());
    expect(files[0].size).toBeGreaterThan(1000);

    const state = mock.state();
    expect(state.jobs[0].endpoint).toBe('fal-ai/veo3.1/image-to-video');
    expect(String(state.jobs[0].input.image_url)).toMatch(new RegExp(`^${mock.cdnUrl}/files/`));
    const statusPaths = state.requests.filter((r) => r.route === 'status').map((r) => r.path);
    expect(statusPaths.length).toBeGreaterThan(0);
    for (const path of statusPaths) expect(path).toBe(`/queue/fal-ai/veo3.1/requests/${handle.id}/status`);

    const byRoute = (route: string) => state.requests.filter((r) => r.route === route);
    for (const route of ['submit', 'status', 'result', 'initiate']) {
      expect(byRoute(route).length).toBeGreaterThan(0);
      for (const r of byRoute(route)) expect(r.authorization).toBe(`Key ${TEST_KEY}`);
    }
    for (const route of ['upload', 'cdn']) {
      expect(byRoute(route).length).toBeGreaterThan(0);
      for (const r of byRoute(route)) expect(r.authorization).toBeNull();
    }
  });

  it('picks the endpoint and fields per mode: first-last, several references, extend', async () => {
    const fal = provider(mock);
    await fal.submit(
      request(veo, { reference: { blob: png(), name: 'a.png' }, lastFrame: { blob: png(), name: 'b.png' } }),
      signal(),
    );
    const kling = model('fal-ai/kling-video/v3/standard');
    await fal.submit(
      request(kling, {
        reference: { blob: png(), name: 'a.png' },
        lastFrame: { blob: png(), name: 'b.png' },
      }),
      signal(),
    );
    const seedance = model('bytedance/seedance-2.0');
    await fal.submit(
      request(seedance, { references: [1, 2, 3].map((i) => ({ blob: png(), name: `r${i}.png` })) }),
      signal(),
    );
    const [veoJob, klingJob, seedJob] = mock.state().jobs;
    expect(veoJob.endpoint).toBe('fal-ai/veo3.1/first-last-frame-to-video');
    expect(Object.keys(veoJob.input)).toEqual(expect.arrayContaining(['first_frame_url', 'last_frame_url']));
    expect(klingJob.endpoint).toBe('fal-ai/kling-video/v3/standard/image-to-video');
    expect(Object.keys(klingJob.input)).toEqual(expect.arrayContaining(['start_image_url', 'end_image_url']));
    expect(klingJob.input.duration).toBe('15');
    expect(seedJob.endpoint).toBe('bytedance/seedance-2.0/reference-to-video');
    expect(seedJob.input.image_urls).toHaveLength(3);

    // Extend a finished Veo clip: the cached CDN URL becomes video_url.
    mock.reset();
    const source = await fal.submit(request(veo), signal());
    const done = (await pollToEnd(fal, mock, source)).at(-1) as FalPollResult;
    const extended = await fal.submit(request(veo, { remixOf: done.remote }), signal());
    const job = mock.state().jobs.find((j) => j.id === extended.id);
    expect(job?.endpoint).toBe('fal-ai/veo3.1/extend-video');
    expect(String(job?.input.video_url)).toMatch(/output\.mp4$/);
    expect((await pollToEnd(fal, mock, extended)).at(-1)?.state).toBe('completed');
  });

  it('encodes durations per model: Veo "8s", Kling "5", Wan 5', async () => {
    const fal = provider(mock);
    await fal.submit(request(veo, { seconds: 8 }), signal());
    await fal.submit(request(model('fal-ai/kling-video/v3/pro'), { seconds: 5 }), signal());
    await fal.submit(request(model('fal-ai/wan/v2.7'), { seconds: 5 }), signal());
    expect(mock.state().jobs.map((j) => j.input.duration)).toEqual(['8s', '5', 5]);
    mock.advance(3000);
    // All three are valid under the real rules: every result is a video, none a 422.
    for (const job of mock.state().jobs) {
      const res = await fetch(`${mock.queueUrl}/${job.app}/requests/${job.id}`, {
        headers: { Authorization: `Key ${TEST_KEY}` },
      });
      expect(res.status).toBe(200);
    }
  });

  it('maps a wrong duration encoding (422 detail) to a validation error naming duration', async () => {
    const wrong: ModelSpec = { ...veo, durationEncoding: 'integer' };
    const fal = provider(mock);
    const handle = await fal.submit(request(wrong, { seconds: 8 }), signal());
    const end = (await pollToEnd(fal, mock, handle)).at(-1);
    expect(end?.state).toBe('failed');
    expect(end?.error).toMatchObject({
      kind: 'validation',
      field: 'duration',
      status: 422,
      retryable: false,
    });
    expect(end?.error?.message).toContain("Input should be '4s', '6s' or '8s'");

    const strict = await startMock({ validateAt: 'submit' });
    try {
      const error = await rejection(provider(strict).submit(request(wrong, { seconds: 8 }), signal()));
      expect(error).toMatchObject({ kind: 'validation', field: 'duration', status: 422 });
    } finally {
      await strict.close();
    }
  });

  it('validates against the catalog before sending anything', async () => {
    const fal = provider(mock);
    expect(await rejection(fal.submit(request(veo, { seconds: 5 }), signal()))).toMatchObject({
      kind: 'validation',
      field: 'seconds',
    });
    expect(await rejection(fal.submit(request(veo, { size: '999x999' }), signal()))).toMatchObject({
      kind: 'validation',
      field: 'size',
    });
    // Gemini Omni Flash has no first+last endpoint (LTX 2.3 has one: its image-to-video takes end_image_url).
    const omni = model('google/gemini-omni-flash');
    const lastOnly = request(omni, {
      reference: { blob: png(), name: 'a.png' },
      lastFrame: { blob: png(), name: 'b.png' },
    });
    expect((await rejection(fal.submit(lastOnly, signal()))).kind).toBe('validation');
    expect(mock.state().counters.submits).toBe(0);
    expect(mock.state().counters.initiates).toBe(0);
  });

  it('cancels a queued job; cancelling a finished or unknown job is not an error', async () => {
    const fal = provider(mock);
    const handle = await fal.submit(request(veo), signal());
    await fal.cancel?.(handle, signal());
    expect(mock.state().jobs[0].status).toBe('CANCELED');
    await fal.cancel?.(handle, signal());
    const end = (await pollToEnd(fal, mock, handle)).at(-1);
    expect(end?.state).toBe('failed');
    expect(end?.error?.code).toBe('client_cancelled');
    const cancels = mock.state().requests.filter((r) => r.route === 'cancel');
    expect(cancels.map((r) => r.path)).toEqual([
      `/queue/fal-ai/veo3.1/requests/${handle.id}/cancel`,
      `/queue/fal-ai/veo3.1/requests/${handle.id}/cancel`,
    ]);
  });

  describe('faults → taxonomy', () => {
    it('429 with retry-after: waits as asked and retries; past the retries, rate-limit with retryAfterMs', async () => {
      const d = deps(mock);
      const fal = createFalProvider(d);
      const handle = await fal.submit(request(veo), signal());
      mock.setFaults([{ kind: 'rate-limit', route: 'status', retryAfter: 3 }]);
      expect((await fal.poll(handle, signal())).state).toBe('queued');
      expect(d.sleeps).toEqual([3000]);
      mock.setFaults([{ kind: 'rate-limit', route: 'status', retryAfter: 4, count: 5 }]);
      const error = await rejection(fal.poll(handle, signal()));
      expect(error).toMatchObject({ kind: 'rate-limit', status: 429, retryable: true, retryAfterMs: 4000 });
    });

    it('5xx bursts: a submit is re-sent after a definite 503; a long burst is a retryable server error', async () => {
      const fal = provider(mock);
      mock.setFaults([
        { kind: 'server-error', route: 'submit', status: 503, errorType: 'runner_scheduling_failure' },
      ]);
      await fal.submit(request(veo), signal());
      expect(mock.state().counters.submits).toBe(2);
      expect(mock.state().jobs).toHaveLength(1);
      mock.setFaults([{ kind: 'server-error', route: 'submit', status: 500, count: 3 }]);
      const error = await rejection(fal.submit(request(veo), signal()));
      expect(error).toMatchObject({ kind: 'server', status: 500, retryable: true });
    });

    it('COMPLETED with a 500 downstream_service_error result → failed, server', async () => {
      mock.setFaults([
        {
          kind: 'completed-error',
          status: 500,
          errorType: 'downstream_service_error',
          detail: 'Upstream timed out',
        },
      ]);
      const fal = provider(mock);
      const handle = await fal.submit(request(veo), signal());
      const end = (await pollToEnd(fal, mock, handle)).at(-1);
      expect(end?.state).toBe('failed');
      expect(end?.error).toMatchObject({ kind: 'server', code: 'downstream_service_error', status: 500 });
      expect(end?.error?.message).toContain('Upstream timed out');
      expect(mock.state().counters.results).toBe(1);
    });

    it('COMPLETED with a content_policy_violation detail → failed, content-policy', async () => {
      mock.setFaults([{ kind: 'completed-error' }]);
      const fal = provider(mock);
      const handle = await fal.submit(request(veo), signal());
      const end = (await pollToEnd(fal, mock, handle)).at(-1);
      expect(end?.error).toMatchObject({ kind: 'content-policy', status: 422, retryable: false });
    });

    it('expired result (410) → expired / not-found; expired CDN file → not-found "expired" on download', async () => {
      mock.setFaults([{ kind: 'expired' }]);
      const fal = provider(mock);
      const gone = await fal.submit(request(veo), signal());
      const end = (await pollToEnd(fal, mock, gone)).at(-1);
      expect(end?.state).toBe('expired');
      expect(end?.error).toMatchObject({ kind: 'not-found', code: 'expired' });

      const handle = await fal.submit(request(veo), signal());
      const done = (await pollToEnd(fal, mock, handle)).at(-1) as FalPollResult;
      mock.advance(2 * 3_600_000);
      const error = await rejection(fal.download(done.remote ?? handle, signal()));
      expect(error).toMatchObject({ kind: 'not-found', code: 'expired' });
      expect(error.message).toMatch(/expired/);
      // The job itself is gone too.
      expect((await fal.poll(handle, signal())).state).toBe('expired');
    });

    it('download re-fetches the result when nothing is cached', async () => {
      const fal = provider(mock);
      const handle = await fal.submit(request(veo), signal());
      await pollToEnd(fal, mock, handle);
      const fresh = provider(mock);
      const { files } = await fresh.download(handle, signal());
      expect(files[0].size).toBeGreaterThan(1000);
      expect(mock.state().counters.results).toBe(2);
    });

    it('hang: times out and retries a poll; a hung submit has an unknown outcome', async () => {
      const fal = provider(mock, { timeoutMs: 150 });
      const handle = await fal.submit(request(veo), signal());
      mock.setFaults([{ kind: 'hang', route: 'status' }]);
      expect((await fal.poll(handle, signal())).state).toBe('queued');
      mock.setFaults([{ kind: 'hang', route: 'submit' }]);
      const error = await rejection(fal.submit(request(veo), signal()));
      expect(error).toMatchObject({ kind: 'timeout', outcomeUnknown: true });
    });

    it('401 → auth "This key was rejected by fal.ai", without the key in the error', async () => {
      const secret = 'fal-wrong-key-1234567890';
      const fal = createFalProvider({ ...deps(mock), connection: connection(mock, secret) });
      const error = await rejection(fal.submit(request(veo), signal()));
      expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false });
      expect(error.message).toBe('This key was rejected by fal.ai.');
      expect(JSON.stringify({ ...error.toInfo(), message: error.message })).not.toContain(secret);

      mock.setFaults([{ kind: 'unauthorized', route: 'status' }]);
      const good = provider(mock);
      const handle = await good.submit(request(veo), signal());
      expect((await rejection(good.poll(handle, signal()))).kind).toBe('auth');
    });

    it('never sends the key to a status URL on another origin', async () => {
      const fal = provider(mock);
      const handle = await fal.submit(request(veo), signal());
      const moved = {
        ...handle,
        data: { ...handle.data, statusUrl: 'https://evil.example/requests/x/status' },
      };
      let called = false;
      const spy = createFalProvider({
        ...deps(mock),
        fetch: async (...args: Parameters<typeof fetch>) => {
          called = true;
          return fetch(...args);
        },
      });
      expect((await rejection(spy.poll(moved, signal()))).kind).toBe('local');
      expect(called).toBe(false);
    });

    it('health check: ok with the key, auth without', async () => {
      expect((await provider(mock).test?.(signal()))?.state).toBe('ok');
      const bad = createFalProvider({ ...deps(mock), connection: connection(mock, 'nope-nope-nope') });
      expect((await bad.test?.(signal()))?.state).toBe('auth');
    });
  });

  describe('images', () => {
    it('FLUX dev: n stills of a pixel size through the queue', async () => {
      const flux = model('fal-ai/flux/dev');
      const d = deps(mock, { sleep: async () => mock.advance(1000) });
      const request = { model: flux, prompt: 'a harbour', size: '720x1280' as const, n: 2 };
      const blobs = await generateFalImages(d, request, signal(), { pollMs: 10 });
      expect(blobs).toHaveLength(2);
      expect(blobs[0].type).toBe('image/png');
      expect(mock.state().jobs[0].input).toMatchObject({
        image_size: { width: 720, height: 1280 },
        num_images: 2,
      });
    });

    it('Kontext: uploads the image to edit and sends image_url', async () => {
      const kontext = model('fal-ai/flux-pro/kontext');
      const d = deps(mock, { sleep: async () => mock.advance(1000) });
      const blobs = await generateFalImages(
        d,
        { model: kontext, prompt: 'make it night', size: '720x1280', image: { blob: png(), name: 'in.png' } },
        signal(),
      );
      expect(blobs).toHaveLength(1);
      const job = mock.state().jobs[0];
      expect(job.endpoint).toBe('fal-ai/flux-pro/kontext');
      expect(job.input).toMatchObject({ aspect_ratio: '9:16', num_images: 1 });
      expect(String(job.input.image_url)).toMatch(/in\.png$/);
    });
  });
});
