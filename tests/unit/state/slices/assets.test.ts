import { afterEach, describe, expect, it } from 'vitest';
import { AssetsSlice } from '../../../../src/state/slices/assets.ts';
import type { StoreCore } from '../../../../src/state/store-core.ts';
import { makeCore } from './harness.ts';

let core: StoreCore | undefined;
afterEach(() => core?.tabs.dispose());

async function setup(storage?: { estimate(): Promise<never>; persist(): Promise<boolean> }) {
  const made = await makeCore(storage ? { storage } : {});
  core = made.core;
  return { ...made, assets: new AssetsSlice(made.core) };
}

describe('assets slice', () => {
  it('imports good files once, names duplicates and bad files, and tells other tabs', async () => {
    const { core, assets, tabs } = await setup();
    const ids = await assets.importFiles([new File(['a'], 'a.png'), new File(['x'], 'notes.txt')]);
    expect(ids).toHaveLength(1);
    expect(core.state.assets.map((a) => a.name)).toEqual(['a.png']);
    expect(core.state.importing).toBeUndefined();
    expect(core.state.notices.map((n) => n.message)).toEqual([
      "notes.txt: Reelwright can't use .txt files.",
      'Added 1 file to the library.',
    ]);
    expect(tabs.posted).toEqual([{ type: 'library-changed' }]);
    expect(await assets.importFiles([new File(['a'], 'again.png')])).toEqual(ids);
    expect(core.state.assetCount).toBe(1);
  });

  it('asks once for persistent storage on the first import', async () => {
    let asked = 0;
    const { core, assets } = await setup({
      estimate: () => Promise.reject(new Error('no estimate')),
      persist: async () => (asked += 1) > 0,
    });
    await assets.importFiles([new File(['a'], 'a.png')]);
    await assets.importFiles([new File(['b'], 'b.png')]);
    expect(asked).toBe(1);
    expect(core.state.preferences.persistenceAsked).toBe(true);
  });

  it('refuses an empty name and renames in place', async () => {
    const { core, assets } = await setup();
    const [id] = await assets.importFiles([new File(['a'], 'a.png')]);
    await assets.renameAsset(id!, '   ');
    expect(core.state.notices.at(-1)?.message).toBe('A name cannot be empty.');
    await assets.renameAsset(id!, ' pier ');
    expect(core.state.assets[0]?.name).toBe('pier');
  });

  it('deleting clears the selection and the draft reference, forgets its URLs, and undo restores it', async () => {
    const { core, assets } = await setup();
    const [id] = await assets.importFiles([new File(['a'], 'a.png')]);
    const thumbId = core.state.assets[0]!.thumbId!;
    await core.urls.load(thumbId);
    assets.selectAsset(id);
    core.set({ draft: { ...core.state.draft, referenceAssetId: id } });
    await assets.deleteAsset(id!);
    expect(core.state).toMatchObject({ assets: [], assetCount: 0, selectedAssetId: undefined });
    expect(core.state.draft.referenceAssetId).toBeUndefined();
    expect(core.urls.snapshot[thumbId]).toBeUndefined();
    expect(core.state.notices.at(-1)?.action).toEqual({ label: 'Undo', intent: 'undo-delete' });
    await assets.undoDelete();
    expect(core.state.assets.map((a) => a.id)).toEqual([id]);
  });

  it('filters by name and pages with "load more"', async () => {
    const { core, assets } = await setup();
    await assets.importFiles([new File(['a'], 'pier.png'), new File(['b'], 'lantern.png')]);
    await assets.setAssetFilter({ query: 'pier' });
    expect(core.state.assets.map((a) => a.name)).toEqual(['pier.png']);
    expect(core.state.assetsComplete).toBe(true);
    await assets.loadMoreAssets();
    expect(core.state.assets).toHaveLength(1);
  });
});
