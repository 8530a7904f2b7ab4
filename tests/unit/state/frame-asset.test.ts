import { afterEach, describe, expect, it } from 'vitest';
import { lastFrameAsset, lastFrameKey } from '../../../src/state/frame-asset.ts';
import { LOCAL_CONNECTION } from '../../../src/state/app-state.ts';
import { AssetsSlice } from '../../../src/state/slices/assets.ts';
import { GenerationSlice } from '../../../src/state/slices/generation.ts';
import { LibrarySlice } from '../../../src/state/slices/library.ts';
import type { StoreCore } from '../../../src/state/store-core.ts';
import { clip, makeCore } from './slices/harness.ts';

let core: StoreCore | undefined;
afterEach(() => core?.tabs.dispose());

describe('the one video frame → image asset maker', () => {
  it('the viewer’s "use last frame" and the episode chain at the clip’s size store one asset', async () => {
    const made = await makeCore();
    core = made.core;
    made.core.set({ connections: [LOCAL_CONNECTION] });
    const { db, media } = made;
    const video = clip('c');
    await db.saveClip(video, new Blob(['mp4']), new Blob(['thumb']));
    const assets = new AssetsSlice(made.core);
    const generation = new GenerationSlice(made.core, assets, new LibrarySlice(made.core));
    const fromViewer = await generation.useLastFrame('c');
    // The episode builder asks for the same clip at the same size (its segment size).
    const deps = { db, media, now: () => 1 };
    const fromChain = await lastFrameAsset(deps, video, { width: 720, height: 1280, name: 'chain.png' });
    expect(fromChain).toEqual({ id: fromViewer, created: false });
    expect(media.frames).toBe(1);
    const stored = await db.listAssets({ limit: 10 });
    expect(stored.map((a) => a.sha256)).toEqual([lastFrameKey('c', 720, 1280)]);
    expect(stored[0]).toMatchObject({ origin: { kind: 'last-frame', videoId: 'c' }, tags: ['last-frame'] });
    expect(stored[0]?.thumbId).toBeDefined();
  });

  it('another size is another asset; a clip without bytes fails plainly', async () => {
    const made = await makeCore();
    core = made.core;
    const { db, media } = made;
    const video = clip('c');
    await db.saveClip(video, new Blob(['mp4']));
    const deps = { db, media, now: () => 1 };
    const tall = await lastFrameAsset(deps, video, { width: 720, height: 1280, name: 'a.png' });
    const wide = await lastFrameAsset(deps, video, { width: 1280, height: 720, name: 'b.png' });
    expect(wide.id).not.toBe(tall.id);
    expect(wide.created).toBe(true);
    await expect(
      lastFrameAsset(deps, clip('gone'), { width: 720, height: 1280, name: 'x.png' }),
    ).rejects.toThrow('no longer on this device');
  });
});
