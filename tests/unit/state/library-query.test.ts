import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIBRARY_FILTER,
  aspectOf,
  facets,
  nextSelection,
  parseTags,
  queryLibrary,
  toItems,
  type LibraryFilter,
} from '../../../src/state/library-query.ts';
import type { JobRecord, VideoRecord } from '../../../src/types.ts';

const video = (id: string, patch: Partial<VideoRecord> = {}): VideoRecord => ({
  id,
  jobId: `job-${id}`,
  prompt: `prompt ${id}`,
  connectionId: 'local',
  providerKind: 'local',
  model: 'local-preview',
  size: '720x1280',
  seconds: 4,
  width: 720,
  height: 1280,
  duration: 4,
  codec: 'avc1',
  bytes: 1000,
  cost: 0,
  created: 1000,
  completed: 1000,
  blobId: `clip-${id}`,
  ...patch,
});

const failedJob = (id: string, reason: string, mode: 'video' | 'image' = 'video'): JobRecord => ({
  id,
  request: {
    prompt: `failed ${id}`,
    connectionId: 'oa',
    model: 'sora-2',
    size: '1280x720',
    seconds: 8,
    mode,
  },
  providerKind: 'openai',
  status: 'failed',
  progress: 0,
  error: { kind: 'server', message: reason, action: 'Try again.', retryable: true },
  created: 500,
  updated: 600,
  deadline: 0,
  attempts: 1,
  estimatedCost: 0.8,
});

const clips = [
  video('a', {
    prompt: 'A lighthouse at dusk',
    providerKind: 'openai',
    model: 'sora-2',
    cost: 0.4,
    created: 3000,
  }),
  video('b', {
    prompt: 'Rain on a neon street',
    cost: 1.2,
    duration: 8,
    created: 2000,
    favourite: true,
    tags: ['night'],
  }),
  video('c', {
    prompt: 'A cat by the LIGHTHOUSE window',
    size: '1280x720',
    cost: 3.2,
    created: 1000,
    segmentId: 's1',
  }),
  video('d', { prompt: 'Remix of the lighthouse', remixOf: 'a', size: '1024x1792', created: 4000 }),
];
const items = toItems(clips, [failedJob('f', 'The server had a hiccup.'), failedJob('g', 'no', 'image')]);
const run = (patch: Partial<LibraryFilter>) =>
  queryLibrary(items, { ...DEFAULT_LIBRARY_FILTER, ...patch }).map((i) => i.id);

describe('library query', () => {
  it('lists clips and failed video jobs (with their reason), newest first; image jobs are not clips', () => {
    expect(run({})).toEqual(['d', 'a', 'b', 'c', 'f']);
    const failure = items.find((i) => i.id === 'f')!;
    expect(failure).toMatchObject({
      kind: 'failure',
      status: 'failed',
      reason: 'The server had a hiccup.',
      cost: 0,
    });
  });

  it('searches prompts case-insensitively, every word in any order', () => {
    expect(run({ query: 'lighthouse' })).toEqual(['d', 'a', 'c']);
    expect(run({ query: 'lighthouse  CAT' })).toEqual(['c']);
    expect(run({ query: 'window cat' })).toEqual(['c']);
    expect(run({ query: 'night' })).toEqual(['b']); // tags are searched too
    expect(run({ query: 'sora-2' })).toEqual(['a', 'f']); // and the model
    expect(run({ query: 'zebra' })).toEqual([]);
  });

  it('filters by provider, model, status, aspect, episode membership, favourite and tag', () => {
    expect(run({ provider: 'openai' })).toEqual(['a', 'f']);
    expect(run({ model: 'sora-2', status: 'done' })).toEqual(['a']);
    expect(run({ status: 'failed' })).toEqual(['f']);
    expect(run({ aspect: '16:9' })).toEqual(['c', 'f']);
    expect(run({ aspect: '9:16' })).toEqual(['d', 'a', 'b']);
    expect(run({ segment: 'in-episode' })).toEqual(['c']);
    expect(run({ segment: 'loose' })).toEqual(['d', 'a', 'b', 'f']);
    expect(run({ favourite: true })).toEqual(['b']);
    expect(run({ tag: 'night' })).toEqual(['b']);
  });

  it('sorts by date, cost and duration, both ways, with a stable tie-break', () => {
    expect(run({ sort: 'cost' })).toEqual(['c', 'b', 'a', 'd', 'f']);
    expect(run({ sort: 'cost', descending: false })).toEqual(['d', 'f', 'a', 'b', 'c']);
    expect(run({ sort: 'duration' })).toEqual(['b', 'f', 'd', 'a', 'c']);
    expect(run({ sort: 'date', descending: false })).toEqual(['f', 'c', 'b', 'a', 'd']);
  });

  it('offers filter values from the data', () => {
    const f = facets(items);
    expect(f.providers).toEqual(['local', 'openai']);
    expect(f.aspects).toEqual(['16:9', '9:16']);
    expect(f.statuses).toEqual(['done', 'failed']);
    expect(f.tags).toEqual(['night']);
  });

  it('names aspects', () => {
    expect(aspectOf('720x1280')).toBe('9:16');
    expect(aspectOf('1792x1024')).toBe('16:9');
    expect(aspectOf('1024x1024')).toBe('1:1');
    expect(aspectOf('bad')).toBe('unknown');
  });

  // How fast is a bench figure (clip-library-search-1000-prompts in `npm run bench`); this checks the answer.
  it('searches 1,000 prompts for every word of the query', () => {
    const many = toItems(
      Array.from({ length: 1000 }, (_, i) =>
        video(`v${i}`, {
          prompt: `Shot ${i}: ${i % 7 ? 'a quiet harbour at dawn' : 'a lighthouse in a storm'} with gulls`,
        }),
      ),
      [],
    );
    const found = queryLibrary(many, { ...DEFAULT_LIBRARY_FILTER, query: 'lighthouse storm' });
    expect(found).toHaveLength(143);
    expect(found.every((item) => /lighthouse in a storm/.test(item.prompt))).toBe(true);
  });

  it('selects one, toggles, and extends a range from the anchor', () => {
    const order = ['a', 'b', 'c', 'd', 'e'];
    expect([...nextSelection(new Set(['a']), order, 'c', 'only')]).toEqual(['c']);
    expect([...nextSelection(new Set(['a']), order, 'c', 'toggle')]).toEqual(['a', 'c']);
    expect([...nextSelection(new Set(['a', 'c']), order, 'c', 'toggle')]).toEqual(['a']);
    expect([...nextSelection(new Set(['b']), order, 'd', 'range', 'b')].sort()).toEqual(['b', 'c', 'd']);
    expect([...nextSelection(new Set(['d']), order, 'b', 'range', 'd')].sort()).toEqual(['b', 'c', 'd']);
    expect([...nextSelection(new Set(), order, 'b', 'range')]).toEqual(['b']);
  });

  it('normalises tags', () => {
    expect(parseTags(' Night, rain ,, night ')).toEqual(['night', 'rain']);
  });
});
