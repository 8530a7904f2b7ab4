import { describe, expect, it } from 'vitest';
import type { DownloadResult, SubmitRequest } from '../../../src/providers/types.ts';
import type { Draft } from '../../../src/state/app-state.ts';
import type { ModelCatalog } from '../../../src/state/catalog.ts';
import { completeJob, prepareJob, type GenerationDeps } from '../../../src/state/generation.ts';
import type { LibraryDb, MediaPort } from '../../../src/state/ports.ts';
import { draftFromRequest, REQUEST_FIELDS, requestFromDraft } from '../../../src/state/request-fields.ts';
import type { Connection, GenerationRequest, JobRecord, ModelSpec, VideoRecord } from '../../../src/types.ts';
import { NO_DEADLINE } from '../../../src/types.ts';

/**
 * One typed request end to end (issue 15): every GenerationRequest field is placed at every boundary, and
 * what a boundary copies arrives there unchanged. `FULL` is `Required<…>`: a new request field does not
 * compile here (nor in REQUEST_FIELDS) until it is set and placed.
 */

const FULL: Required<GenerationRequest> = {
  prompt: 'A pier at dusk',
  connectionId: 'fal-1',
  model: 'fal-ai/any',
  size: '720x1280',
  seconds: 8,
  audio: false,
  referenceAssetId: 'first',
  fit: 'letterbox',
  remixOf: 'clip-0',
  segmentId: 'seg-1',
  mode: 'video',
  variants: 3,
  target: { connectionId: 'fal-1', model: 'fal-ai/any', size: '720x1280' },
  autoDuration: true,
  lastFrameAssetId: 'last',
  referenceAssetIds: ['r1', 'r2'],
};

/** A model with every reference mode (first frame + remix, first + last, several references). */
const SPEC = {
  provider: 'fal',
  id: 'fal-ai/any',
  label: 'Any',
  mode: 'video',
  durations: [4, 8],
  durationEncoding: 'number',
  sizes: [{ size: '720x1280' }],
  references: { firstFrame: true, lastFrame: true, multiple: 3 },
  remix: true,
  extend: false,
  audio: 'toggle',
  perSecond: 0.1,
  fields: { image: 'image_url', lastImage: 'end_image_url', images: 'image_urls' },
} as unknown as ModelSpec;

const CONNECTION = { id: 'fal-1', kind: 'fal', label: 'fal' } as Connection;

const DRAFT: Draft = {
  mode: 'video',
  prompt: '',
  connectionId: 'local',
  model: 'local-preview',
  size: '1280x720',
  seconds: 4,
  audio: true,
  fit: 'crop',
  variants: 1,
};

const job = (request: GenerationRequest): JobRecord => ({
  id: 'job-1',
  request,
  providerKind: 'fal',
  status: 'downloading',
  progress: 0,
  created: 1,
  updated: 1,
  deadline: NO_DEADLINE,
  attempts: 1,
  estimatedCost: 0.8,
  remote: { id: 'remote-1' },
});

/** Deps over plain maps, counting connection and catalog lookups and recording what is saved. */
function deps() {
  const lookups = { connection: 0, find: 0 };
  const fits: string[] = [];
  const saved: VideoRecord[] = [];
  const source = { id: 'clip-0', connectionId: 'fal-1', providerKind: 'fal', providerJobId: 'remote-0' };
  const db = {
    getAsset: async (id: string) => ({ id, name: `${id}.png`, blobId: `blob-${id}` }),
    getBlob: async (id: string) => new Blob([id]),
    getVideo: async (id: string) => (id === source.id ? source : undefined),
    putBlob: async () => {},
    saveClip: async (video: VideoRecord) => void saved.push(video),
    attachVideoToPrompt: async () => {},
    recordSpend: async () => {},
  } as unknown as LibraryDb;
  const media = {
    fitImage: async (blob: Blob, _w: number, _h: number, fit: string) => (fits.push(fit), blob),
    probeVideo: async () => ({ width: 720, height: 1280, duration: 8, codec: 'avc1.640028' }),
    posterFrame: async () => undefined,
  } as unknown as MediaPort;
  const catalog = {
    find: (connection: Connection, id: string, mode = 'video') => {
      lookups.find += 1;
      return connection.id === 'fal-1' && id === SPEC.id && mode === 'video' ? SPEC : undefined;
    },
  } as unknown as ModelCatalog;
  const generationDeps: GenerationDeps = {
    db,
    media,
    catalog,
    connection: (id) => (lookups.connection++, id === CONNECTION.id ? CONNECTION : undefined),
    now: () => 2,
  };
  return { deps: generationDeps, lookups, fits, saved };
}

const signal = (): AbortSignal => new AbortController().signal;
type Key = keyof GenerationRequest;
const keysWhere = (boundary: 'draft' | 'submit' | 'clip', carry: string): Key[] =>
  (Object.keys(REQUEST_FIELDS) as Key[]).filter((k) => REQUEST_FIELDS[k][boundary] === carry);

describe('one typed request end to end', () => {
  it('places every request field at every boundary', () => {
    expect(Object.keys(REQUEST_FIELDS).sort()).toEqual(Object.keys(FULL).sort());
  });

  it('the provider gets every field it takes as is, the model once resolved, and each reference as a file', async () => {
    const { deps: d, lookups, fits } = deps();
    const prepared = await prepareJob(d, job(FULL), signal());
    for (const key of keysWhere('submit', 'copy'))
      expect(prepared[key as keyof SubmitRequest], key).toEqual(FULL[key]);
    expect(prepared).toMatchObject({
      jobId: 'job-1',
      model: SPEC,
      modelId: FULL.model,
      reference: { name: 'first-720x1280.png' },
      lastFrame: { name: 'last-last-720x1280.png' },
      references: [{ name: 'r1-ref1-720x1280.png' }, { name: 'r2-ref2-720x1280.png' }],
      remixOf: { id: 'remote-0' },
    });
    expect(fits).toEqual(['letterbox', 'letterbox', 'letterbox', 'letterbox']);
    // connectionId and mode chose the connection and the model: each looked up once.
    expect(lookups).toEqual({ connection: 1, find: 1 });
  });

  it('the saved clip keeps every field it copies from the request', async () => {
    const { deps: d, saved } = deps();
    const result: DownloadResult = { files: [new Blob(['mp4'], { type: 'video/mp4' })] };
    const [id] = await completeJob(d, job(FULL), result, signal());
    const video = saved[0]!;
    expect(video.id).toBe(id);
    for (const key of keysWhere('clip', 'copy'))
      expect(video[key as keyof VideoRecord], key).toEqual(FULL[key]);
    expect(video).toMatchObject({ jobId: 'job-1', providerKind: 'fal', providerJobId: 'remote-1' });
  });

  it('a request put back in the draft (send again) asks for the same again, in every reference mode', () => {
    const base = { ...FULL, mode: 'video' as const, variants: undefined, target: undefined };
    const cases: GenerationRequest[] = [
      { ...base, lastFrameAssetId: undefined, referenceAssetIds: undefined }, // first frame + remix
      { ...base, remixOf: undefined, referenceAssetIds: undefined }, // first + last frame
      { ...base, referenceAssetId: undefined, lastFrameAssetId: undefined, remixOf: undefined },
      {
        ...base,
        mode: 'image',
        variants: 3,
        target: FULL.target,
        lastFrameAssetId: undefined,
        referenceAssetIds: undefined,
      },
    ];
    const carried = (Object.keys(REQUEST_FIELDS) as Key[]).filter((k) => REQUEST_FIELDS[k].draft !== 'none');
    const only = (request: GenerationRequest) =>
      Object.fromEntries(carried.map((k) => [k, request[k]]).filter(([, v]) => v !== undefined));
    for (const request of cases) {
      const draft = { ...DRAFT, ...draftFromRequest(request) };
      expect(only(requestFromDraft(draft, SPEC)), request.mode).toEqual(only(request));
    }
    // Between them the cases set every field the draft carries.
    const set = new Set(cases.flatMap((c) => Object.keys(only(c))));
    expect([...set].sort()).toEqual([...carried].sort());
  });
});
