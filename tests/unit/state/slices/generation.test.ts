import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_CONNECTION } from '../../../../src/state/app-state.ts';
import { DRAFT_SAVE_MS } from '../../../../src/state/draft-saver.ts';
import { AssetsSlice } from '../../../../src/state/slices/assets.ts';
import { GenerationSlice } from '../../../../src/state/slices/generation.ts';
import { LibrarySlice } from '../../../../src/state/slices/library.ts';
import type { StoreCore } from '../../../../src/state/store-core.ts';
import { clip, makeCore } from './harness.ts';

let core: StoreCore | undefined;
afterEach(() => core?.tabs.dispose());

async function setup() {
  const made = await makeCore();
  core = made.core;
  made.core.set({ connections: [LOCAL_CONNECTION] });
  const assets = new AssetsSlice(made.core);
  const library = new LibrarySlice(made.core);
  return { ...made, assets, library, generation: new GenerationSlice(made.core, assets, library) };
}

describe('generation slice', () => {
  it('keeps the draft legal and saves it', async () => {
    const { core, db, clock, generation } = await setup();
    generation.updateDraft({ prompt: 'A pier', seconds: 5, size: '999x999' });
    expect(core.state.draft).toMatchObject({ prompt: 'A pier', seconds: 8, size: '720x1280' });
    await clock.advance(DRAFT_SAVE_MS);
    await expect(db.getSetting('draft', {})).resolves.toMatchObject({ prompt: 'A pier', seconds: 8 });
  });

  it('writes the job row before anything is sent, follows it, and wakes the runner in the tab that runs jobs', async () => {
    const { core, db, generation, tabs, network } = await setup();
    network.set(false);
    generation.updateDraft({ prompt: 'A lantern', remixOf: 'old' });
    const job = await generation.generate();
    expect(job).toMatchObject({ status: 'waiting', providerKind: 'local', detail: 'Starting…' });
    expect(await db.get(job!.id)).toMatchObject({ id: job!.id });
    expect(core.state).toMatchObject({ focusedJobId: job!.id, jobs: [job] });
    expect(core.state.draft.remixOf).toBeUndefined();
    // No runner in this tab: the tab that runs jobs is told.
    expect(tabs.posted).toContainEqual({ type: 'jobs-changed' });
    await generation.reloadPrompts();
    expect(core.state.prompts.map((p) => p.text)).toEqual(['A lantern']);
  });

  it('one generate looks the draft’s connection and model up once, for validation, cost and the job', async () => {
    const { core, generation } = await setup();
    generation.updateDraft({ prompt: 'A harbour' });
    const connection = vi.spyOn(core, 'connection');
    const find = vi.spyOn(core.catalog, 'find');
    const job = await generation.generate();
    expect(job).toMatchObject({ providerKind: 'local', request: { prompt: 'A harbour' } });
    expect(connection).toHaveBeenCalledTimes(1);
    expect(find).toHaveBeenCalledTimes(1);
  });

  it('refuses an empty prompt without writing a job', async () => {
    const { core, generation } = await setup();
    generation.updateDraft({ prompt: '  ' });
    expect(await generation.generate()).toBeUndefined();
    expect(core.state.jobs).toEqual([]);
    expect(core.state.notices.at(-1)?.message).toBe('Write a prompt first.');
  });

  it('only an image can be the reference frame', async () => {
    const { core, generation } = await setup();
    core.set({ assets: [{ ...imageAsset('v'), kind: 'video', name: 'clip.mp4' }] });
    generation.useAsReference('v');
    expect(core.state.draft.referenceAssetId).toBeUndefined();
    expect(core.state.notices.at(-1)?.message).toContain('“clip.mp4” is not an image');
  });

  it('the last frame of a clip is stored once, however often it is asked for', async () => {
    const { core, db, media, generation } = await setup();
    await db.saveClip(clip('c'), new Blob(['mp4']), new Blob(['thumb']));
    const first = await generation.useLastFrame('c');
    const second = await generation.useLastFrame('c');
    expect(second).toBe(first);
    expect(media.frames).toBe(1);
    expect(core.state.assets.filter((a) => a.origin?.kind === 'last-frame')).toHaveLength(1);
    expect(core.state.draft.referenceAssetId).toBe(first);
  });

  it('reuse puts a clip’s prompt and settings back in the draft (as a remix when asked)', async () => {
    const { core, library, generation } = await setup();
    await core.db.saveClip(clip('c', { prompt: 'Old prompt' }), new Blob(['mp4']));
    await library.reloadVideos();
    generation.reuseVideo('c', true);
    expect(core.state.draft).toMatchObject({ prompt: 'Old prompt', remixOf: 'c' });
  });
});

function imageAsset(id: string) {
  return {
    id,
    name: `${id}.png`,
    kind: 'image' as const,
    mime: 'image/png',
    bytes: 1,
    width: 720,
    height: 1280,
    sha256: id,
    created: 1,
    tags: [],
    blobId: `asset-${id}`,
  };
}
