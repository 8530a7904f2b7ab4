import { afterEach, describe, expect, it } from 'vitest';
import type { Provider } from '../../../../src/providers/types.ts';
import { LOCAL_CONNECTION } from '../../../../src/state/app-state.ts';
import { LibrarySlice } from '../../../../src/state/slices/library.ts';
import type { StoreCore } from '../../../../src/state/store-core.ts';
import { clip, makeCore } from './harness.ts';

let core: StoreCore | undefined;
afterEach(() => core?.tabs.dispose());

async function setup(provider?: Provider) {
  const made = await makeCore({ provider });
  core = made.core;
  made.core.set({ connections: [LOCAL_CONNECTION] });
  const library = new LibrarySlice(made.core);
  for (const id of ['one', 'two']) await made.db.saveClip(clip(id), new Blob(['mp4']), new Blob(['thumb']));
  await library.reloadVideos();
  return { ...made, library };
}

describe('library slice', () => {
  it('memoises items and results on the lists they come from', async () => {
    const { core, library } = await setup();
    const items = library.libraryItems;
    expect(items).toHaveLength(2);
    expect(library.libraryItems).toBe(items);
    const results = library.libraryResults;
    core.set({ notices: [] });
    expect(library.libraryResults).toBe(results);
    await library.setFavourite(['one'], true);
    expect(library.libraryItems).not.toBe(items);
    expect(library.setLibraryFilter({ favourite: true }).map((i) => i.id)).toEqual(['one']);
  });

  it('selecting a clip opens the viewer and drops the followed job', async () => {
    const { core, library } = await setup();
    core.set({ focusedJobId: 'j', view: 'library' });
    library.selectVideo('one');
    expect(core.state).toMatchObject({ selectedVideoId: 'one', focusedJobId: undefined, view: 'viewer' });
  });

  it('a clip whose provider copy cannot be deleted stays, and says why', async () => {
    const provider = {
      kind: 'openai',
      remove: async () => {
        throw new Error('HTTP 500');
      },
    } as unknown as Provider;
    const { core, db, library } = await setup(provider);
    await db.updateVideo('one', { providerJobId: 'remote-1' });
    await library.reloadVideos();
    await library.deleteClips(['one', 'two'], { remote: true });
    expect(core.state.videos.map((v) => v.id)).toEqual(['one']);
    expect(core.state.notices.map((n) => n.message)).toEqual([
      'Deleted 1 item.',
      'Kept 1 clip(s) whose provider copy was not deleted: “prompt of one”: HTTP 500',
    ]);
  });

  it('deleteVideo removes the row and forgets its URLs', async () => {
    const { core, library } = await setup();
    await core.urls.load('thumb-one');
    core.set({ selectedVideoId: 'one' });
    await library.deleteVideo('one', { remote: false });
    expect(core.state.videos.map((v) => v.id)).toEqual(['two']);
    expect(core.state.selectedVideoId).toBeUndefined();
    expect(core.urls.snapshot['thumb-one']).toBeUndefined();
  });

  it('deleting a clip removes its sprite too (no orphaned bytes), from the viewer and from the library', async () => {
    const { db, library } = await setup();
    for (const id of ['one', 'two']) {
      await db.updateVideo(id, { spriteId: `sprite-${id}` });
      await db.putBlob(`sprite-${id}`, new Blob(['sprite']));
    }
    await library.reloadVideos();
    await library.deleteVideo('one', { remote: false });
    await library.deleteClips(['two'], { remote: false });
    for (const id of ['one', 'two']) {
      expect(await db.getBlob(`sprite-${id}`)).toBeUndefined();
      expect(await db.getBlob(`video-${id}`)).toBeUndefined();
    }
  });

  it('a daily cap refuses spend over it with an override, and counts per project', async () => {
    const { core, library, tabs } = await setup();
    await library.setBudget({ dailyCap: 1 });
    expect(tabs.posted.at(-1)).toEqual({ type: 'library-changed' });
    expect(library.allowSpend(0.5)).toBe(true);
    expect(library.allowSpend(2)).toBe(false);
    expect(core.state.notices.at(-1)?.action?.intent).toBe('generate-anyway');
    library.setProjectResolver((segmentId) => (segmentId === 's1' ? 'p1' : undefined));
    expect(library.budgetCheck(0.5, 's1').ok).toBe(true);
  });
});
