import { afterEach, describe, expect, it, vi } from 'vitest';
import { openReelwrightDb } from '../../../src/db/index.ts';
import { createLibraryDb } from '../../../src/db/library-db.ts';
import type { Provider } from '../../../src/providers/types.ts';
import { AppStore } from '../../../src/state/app-store.ts';
import type { MediaPort } from '../../../src/state/ports.ts';
import { TabCoordinator } from '../../../src/state/tab-coordinator.ts';
import { FakeNetwork } from './fakes.ts';
import { fakeMedia as slicesFakeMedia } from './slices/harness.ts';

/** The slices' scripted media port, plus a probe that reports what is "in the file". */
function fakeMedia(): MediaPort {
  return {
    ...slicesFakeMedia(),
    probeVideo: async () => ({
      width: 720,
      height: 1280,
      duration: 4.0,
      codec: 'avc1.42c01f',
      audioCodec: 'opus',
    }),
    posterFrame: async () => new Blob(['poster']),
    extractFrame: async () => new Blob(['frame']),
    renderPreview: async () => new Blob(['mp4']),
    renderStill: async () => new Blob(['png']),
    stitch: async () => {
      throw new Error('not used');
    },
  } as MediaPort;
}

/** A provider that claims a wrong size: the saved clip must carry what the probe read instead. */
function fakeProvider(): Provider & { submits: number } {
  return {
    kind: 'local',
    submits: 0,
    async submit() {
      this.submits += 1;
      return { id: `remote-${this.submits}` };
    },
    async poll() {
      return { state: 'completed' };
    },
    async download() {
      return { files: [new Blob(['not really an mp4 but the probe says 720x1280'])] };
    },
  };
}

let store: AppStore | undefined;
let dbName = 0;

async function makeStore(provider = fakeProvider()) {
  const db = await openReelwrightDb(`store-test-${++dbName}`);
  store = new AppStore({
    db: createLibraryDb(db),
    media: fakeMedia(),
    network: new FakeNetwork(),
    tabs: new TabCoordinator(),
    providerFor: () => provider,
  });
  await store.init();
  return { store, provider };
}

/** Polls a store condition (vi.waitFor), failing with the condition's text if it never holds. */
const until = (check: () => boolean): Promise<void> =>
  vi.waitFor(
    () => {
      if (!check()) throw new Error(`condition not met: ${check.toString()}`);
    },
    { timeout: 15_000, interval: 10 },
  );

afterEach(() => {
  store?.dispose();
  store = undefined;
});

describe('AppStore', () => {
  it('sees the device go offline while it is still starting', async () => {
    const network = new FakeNetwork();
    store = new AppStore({
      db: createLibraryDb(await openReelwrightDb(`store-test-${++dbName}`)),
      media: fakeMedia(),
      network,
      tabs: new TabCoordinator(),
      providerFor: () => fakeProvider(),
    });
    const starting = store.init();
    network.set(false);
    await starting;
    expect(store.state.online).toBe(false);
  });

  it('imports good files, recognises duplicates and reports bad ones without storing them', async () => {
    const { store } = await makeStore();
    const ids = await store.assets.importFiles([new File(['a'], 'a.png'), new File(['nope'], 'notes.txt')]);
    expect(ids).toHaveLength(1);
    expect(store.state.assets.map((a) => a.name)).toEqual(['a.png']);
    expect(store.state.notices.map((n) => n.message)).toContain(
      "notes.txt: Reelwright can't use .txt files.",
    );

    const again = await store.assets.importFiles([new File(['a'], 'copy.png')]);
    expect(again).toEqual(ids);
    expect(store.state.assetCount).toBe(1);
    expect(store.state.notices.at(-1)?.message).toBe('copy.png is already in the library as “a.png”.');
  });

  it('deletes an asset with undo', async () => {
    const { store } = await makeStore();
    const [id] = await store.assets.importFiles([new File(['b'], 'b.png')]);
    await store.assets.deleteAsset(id!);
    expect(store.state.assetCount).toBe(0);
    await store.assets.undoDelete();
    expect(store.state.assets.map((a) => a.id)).toEqual([id]);
  });

  it('refuses an illegal request before anything is written', async () => {
    const { store, provider } = await makeStore();
    store.generation.updateDraft({ prompt: '   ' });
    expect(await store.generation.generate()).toBeUndefined();
    expect(store.state.jobs).toHaveLength(0);
    expect(provider.submits).toBe(0);
    expect(store.state.notices.at(-1)?.message).toBe('Write a prompt first.');
  });

  it('offers only legal values: an illegal duration is coerced to one the model allows', async () => {
    const { store } = await makeStore();
    store.generation.updateDraft({ seconds: 5 });
    expect(store.state.draft.seconds).toBe(8);
    store.generation.updateDraft({ size: '999x999' });
    expect(store.state.draft.size).toBe('720x1280');
  });

  it('generates: the job row exists first, and the saved clip carries what the file says', async () => {
    const { store, provider } = await makeStore();
    store.generation.updateDraft({ prompt: 'A lantern on a pier', size: '1280x720', seconds: 4 });
    const job = await store.generation.generate();
    expect(job?.status).toBe('waiting');
    await until(() => store.state.videos.length === 1);
    const video = store.state.videos[0]!;
    expect(video).toMatchObject({
      prompt: 'A lantern on a pier',
      size: '1280x720',
      width: 720,
      height: 1280,
      duration: 4,
    });
    expect(provider.submits).toBe(1);
    await until(() => store.state.prompts.some((p) => p.videoIds.includes(video.id)));
    expect(store.state.prompts[0]).toMatchObject({ text: 'A lantern on a pier', useCount: 1 });
  });
});

describe('a finished job', () => {
  it('places its clip in the list without re-reading every clip or asset', async () => {
    const { store } = await makeStore();
    const db = (store as unknown as { core: { db: Record<string, unknown> } }).core.db;
    const calls = { listAllVideos: 0, listAssets: 0 };
    for (const name of ['listAllVideos', 'listAssets'] as const) {
      const original = db[name] as (...args: unknown[]) => unknown;
      db[name] = (...args: unknown[]) => ((calls[name] += 1), original(...args));
    }
    // Start-up's full clip read has finished once the first paint's lists are in.
    await until(() => store.state.runsJobs);
    const before = { ...calls };
    store.generation.updateDraft({ prompt: 'A lantern on a pier', size: '1280x720', seconds: 4 });
    const job = await store.generation.generate();
    await until(() => store.state.videos.length === 1);
    await until(() => store.state.prompts.some((p) => p.videoIds.length === 1));
    expect(store.state.videos[0]?.jobId).toBe(job?.id);
    expect(calls).toEqual(before);
  });
});

describe('connection limits', () => {
  it('a connection that accepts fewer sizes and durations narrows what the prompt bar offers', async () => {
    const { store } = await makeStore();
    await store.connections.saveConnection({
      id: 'azure',
      kind: 'openai',
      label: 'Azure',
      baseUrl: 'https://example.openai.azure.com/openai/v1',
      authStyle: 'api-key',
      models: ['my-sora-deployment'],
      sizes: ['720x1280', '1280x720'],
      durations: [4, 8],
      concurrency: 1,
    });
    const [model] = store.catalog.modelsFor(store.connections.get('azure')!);
    expect(model?.id).toBe('my-sora-deployment');
    expect(model?.sizes.map((s) => s.size)).toEqual(['720x1280', '1280x720']);
    expect(model?.durations).toEqual([4, 8]);
    store.generation.updateDraft({ connectionId: 'azure', seconds: 12, size: '1792x1024' });
    expect(store.state.draft).toMatchObject({ model: 'my-sora-deployment', size: '720x1280', seconds: 4 });
  });
});
