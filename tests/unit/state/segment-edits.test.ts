/**
 * Two quick edits of one segment (a title, then the prompt a moment later, while the first write is still
 * in flight on a busy machine) both stick: the second builds on the first instead of on the list as it was
 * before it, so its write does not put the old title back. Found by offline-episodes.spec under load.
 */
import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../src/state/app-state.ts';
import { EpisodeActions, type EpisodeHost } from '../../../src/state/episodes.ts';
import type { LibraryDb } from '../../../src/state/ports.ts';
import type { Connection, ModelSpec, SegmentRecord } from '../../../src/types.ts';
import { episodeRecord } from './episode-fixture.ts';

const model = { id: 'local-preview', label: 'Local', durations: [4, 8], sizes: [{ size: '720x1280' }] };
const local = { id: 'local', kind: 'local' } as Connection;

function setup() {
  const episode = episodeRecord({ model: 'local-preview' });
  let state = { episodes: [episode], segments: [], videos: [], openEpisodeId: 'ep' } as unknown as AppState;
  const stored = new Map<string, SegmentRecord>();
  /** Writes wait here until the test lets them land, as a slow IndexedDB would. */
  const pending: Array<() => void> = [];
  let failNext = false;
  const db = {
    putSegments: (segments: readonly SegmentRecord[]) =>
      new Promise<void>((resolve, reject) =>
        pending.push(() => {
          if (failNext) {
            failNext = false;
            reject(new Error('QuotaExceededError'));
            return;
          }
          for (const s of segments) stored.set(s.id, s);
          resolve();
        }),
      ),
    getSegment: async (id: string) => stored.get(id),
    getVideo: async () => undefined,
  } as unknown as LibraryDb;
  const host = {
    db,
    catalog: { find: () => model as unknown as ModelSpec, modelsFor: () => [model as unknown as ModelSpec] },
    state: () => state,
    set: (patch: Partial<AppState>) => void (state = { ...state, ...patch }),
    notify: () => undefined,
    now: () => 2,
    connection: () => local,
    subscribe: () => () => undefined,
  } as unknown as EpisodeHost;
  const land = async (): Promise<void> => {
    while (pending.length) {
      pending.shift()!();
      await Promise.resolve();
    }
  };
  return {
    actions: new EpisodeActions(host),
    state: () => state,
    stored,
    land,
    failNextWrite: () => void (failNext = true),
  };
}

describe('quick edits of one segment', () => {
  it('keep both the title and the prompt, on screen and in the database', async () => {
    const { actions, state, stored, land } = setup();
    const added = actions.addSegment();
    await land();
    await added;
    const id = state().segments[0]!.id;

    const title = actions.updateSegment(id, { title: 'Lantern' });
    const prompt = actions.updateSegment(id, { prompt: 'A lantern bobs on black water.' });
    await land();
    await Promise.all([title, prompt]);

    expect(state().segments[0]).toMatchObject({ title: 'Lantern', prompt: 'A lantern bobs on black water.' });
    expect(stored.get(id)).toMatchObject({ title: 'Lantern', prompt: 'A lantern bobs on black water.' });
  });

  it('puts the list back when the write fails (nothing shown that is not saved)', async () => {
    const { actions, state, land, failNextWrite } = setup();
    const added = actions.addSegment();
    await land();
    await added;
    const id = state().segments[0]!.id;

    failNextWrite();
    const edit = actions.updateSegment(id, { title: 'Lantern' });
    expect(state().segments[0]!.title).toBe('Lantern');
    await land();
    await expect(edit).rejects.toThrow('QuotaExceededError');
    expect(state().segments[0]!.title).toBe('Segment 1');
  });
});
