import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/providers/errors.ts';
import type { SubmitRequest } from '../../../src/providers/types.ts';
import { createCatalog } from '../../../src/state/catalog.ts';
import { prepareJob, type GenerationDeps } from '../../../src/state/generation.ts';
import type { LibraryDb } from '../../../src/state/ports.ts';
import { EXTEND_CLIP_MAX_BYTES } from '../../../src/state/reference-draft.ts';
import type { Connection, JobRecord, ModelSpec, VideoRecord } from '../../../src/types.ts';
import { NO_DEADLINE } from '../../../src/types.ts';
import { model, pollToEnd, provider, signal, startMock, type FalMock } from './helpers.ts';

/**
 * Extend (issue 16): the clip to extend is sent with the request as a base64 data: URI (fal's inline
 * form of a file input), so any clip in the library can be extended, within a size cap.
 */

const veo = model('fal-ai/veo3.1');
const clipBytes = new Uint8Array(3000).map((_, i) => (i * 7) % 256);
const clip = () => ({ blob: new Blob([clipBytes], { type: 'video/mp4' }), name: 'extend-v1.mp4' });
const request = (spec: ModelSpec, extra: Partial<SubmitRequest> = {}): SubmitRequest => ({
  model: spec,
  modelId: spec.id,
  prompt: 'The ship sails on into the dawn',
  size: '720x1280',
  seconds: 8,
  ...extra,
});

describe('fal extend with the clip inline', () => {
  let mock: FalMock;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  it('sends the clip as a data: URI in video_url on the extend endpoint; nothing is uploaded', async () => {
    const fal = provider(mock);
    const handle = await fal.submit(request(veo, { sourceClip: clip() }), signal());
    const job = mock.state().jobs[0]!;
    expect(job.endpoint).toBe('fal-ai/veo3.1/extend-video');
    const url = String(job.input.video_url);
    expect(url).toMatch(/^data:video\/mp4;base64,/);
    expect(Buffer.from(url.split(',')[1]!, 'base64')).toEqual(Buffer.from(clipBytes));
    expect(mock.uploads()).toEqual([]);
    expect((await pollToEnd(fal, mock, handle)).at(-1)?.state).toBe('completed');
  });

  it('a model without an extend endpoint refuses the clip, naming the field', async () => {
    const fal = provider(mock);
    const kling = model('fal-ai/kling-video/v3/standard');
    const error = await fal
      .submit(request(kling, { seconds: 5, sourceClip: clip() }), signal())
      .catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'validation', field: 'remixOf' });
    expect(mock.state().jobs).toEqual([]);
  });
});

describe('preparing an extend job', () => {
  const catalog = createCatalog();
  const fal: Connection = { id: 'fal', kind: 'fal', label: 'fal.ai', concurrency: 2 };
  const video = (bytes: number): VideoRecord =>
    ({ id: 'v1', blobId: 'clip-v1', bytes, connectionId: 'local', providerKind: 'local' }) as VideoRecord;
  const deps = (source: VideoRecord): GenerationDeps => ({
    db: {
      getVideo: async (id: string) => (id === source.id ? source : undefined),
      getBlob: async (id: string) => (id === source.blobId ? new Blob([clipBytes]) : undefined),
    } as unknown as LibraryDb,
    media: {} as GenerationDeps['media'],
    catalog,
    connection: (id) => (id === fal.id ? fal : undefined),
    now: () => 0,
  });
  const job: JobRecord = {
    id: 'j1',
    request: {
      prompt: 'On into the dawn',
      connectionId: 'fal',
      model: 'fal-ai/veo3.1',
      size: '720x1280',
      seconds: 8,
      remixOf: 'v1',
    },
    providerKind: 'fal',
    status: 'waiting',
    progress: 0,
    created: 0,
    updated: 0,
    deadline: NO_DEADLINE,
    attempts: 0,
    estimatedCost: 0,
  };

  it('attaches the stored clip, whichever provider made it', async () => {
    const prepared = await prepareJob(deps(video(clipBytes.length)), job, signal());
    expect(prepared.sourceClip?.blob.type).toBe('video/mp4');
    expect(new Uint8Array(await prepared.sourceClip!.blob.arrayBuffer())).toEqual(clipBytes);
  });

  it('refuses a clip over the cap before reading it, saying how large it may be', async () => {
    const error = await prepareJob(deps(video(EXTEND_CLIP_MAX_BYTES + 1)), job, signal()).catch((e) => e);
    expect(error).toMatchObject({ kind: 'validation', field: 'remixOf' });
    expect(error.message).toMatch(/at most 20\.0 MB/);
  });
});
