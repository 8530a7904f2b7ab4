import type { AssetRecord } from '../../types.ts';
import type { AssetFilter } from '../app-state.ts';
import type { DeletedAsset } from '../ports.ts';
import { errorMessage, type StoreCore } from '../store-core.ts';

const PAGE_SIZE = 60;

/** The asset manager: importing files, the filtered first page and more, rename, delete with undo. */
export class AssetsSlice {
  private undo?: DeletedAsset;

  constructor(private readonly core: StoreCore) {}

  /** Validates and stores files; returns the ids of the assets they became (or already were). */
  async importFiles(files: readonly File[]): Promise<string[]> {
    if (!files.length) return [];
    const { core } = this;
    const { db, media } = core;
    await core.askForPersistence();
    let added = 0;
    const ids: string[] = [];
    core.set({ importing: { done: 0, total: files.length } });
    try {
      await media.analyzeFiles(
        files,
        { maxBytes: core.state.preferences.maxAssetBytes },
        async (file, outcome) => {
          try {
            if (!outcome.ok) {
              core.notify('error', outcome.message);
              return;
            }
            const existing = await db.findAssetBySha256(outcome.asset.sha256);
            if (existing) {
              core.notify('info', `${file.name} is already in the library as “${existing.name}”.`);
              ids.push(existing.id);
              return;
            }
            const id = crypto.randomUUID();
            const asset: AssetRecord = {
              ...outcome.asset,
              id,
              blobId: `asset-${id}`,
              thumbId: outcome.thumbnail ? `thumb-${id}` : undefined,
              created: Date.now(),
              tags: [],
            };
            await db.addAsset(asset, file, outcome.thumbnail);
            ids.push(id);
            added += 1;
          } catch (error) {
            core.notify('error', `${file.name} was not added: ${errorMessage(error)}`);
          } finally {
            const importing = core.state.importing;
            if (importing) core.set({ importing: { ...importing, done: importing.done + 1 } });
          }
        },
      );
    } finally {
      core.set({ importing: undefined });
    }
    if (added) {
      core.notify(
        'success',
        added === 1 ? 'Added 1 file to the library.' : `Added ${added} files to the library.`,
      );
      await this.reload();
      core.post({ type: 'library-changed' });
      void core.refreshStorage();
    }
    return ids;
  }

  async setAssetFilter(filter: Partial<AssetFilter>): Promise<void> {
    this.core.set({ assetFilter: { ...this.core.state.assetFilter, ...filter } });
    await this.reload();
  }

  async loadMoreAssets(): Promise<void> {
    const { assets, assetsComplete } = this.core.state;
    if (assetsComplete) return;
    const last = assets.at(-1);
    const more = await this.query(last && { created: last.created, id: last.id });
    this.core.set({ assets: [...assets, ...more], assetsComplete: more.length < PAGE_SIZE });
  }

  selectAsset(id: string | undefined): void {
    this.core.set({ selectedAssetId: this.core.state.selectedAssetId === id ? undefined : id });
  }

  async renameAsset(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) {
      this.core.notify('error', 'A name cannot be empty.');
      return;
    }
    const renamed = await this.core.db.renameAsset(id, trimmed);
    this.core.set({ assets: this.core.state.assets.map((a) => (a.id === id ? renamed : a)) });
    this.core.post({ type: 'library-changed' });
  }

  async deleteAsset(id: string): Promise<void> {
    const { core } = this;
    const deleted = await core.db.deleteAsset(id);
    if (!deleted) return;
    this.undo = deleted;
    core.urls.forget(deleted.blobs.map((b) => b.id));
    const { draft, assets, assetCount, selectedAssetId } = core.state;
    core.set({
      assets: assets.filter((a) => a.id !== id),
      assetCount: Math.max(0, assetCount - 1),
      selectedAssetId: selectedAssetId === id ? undefined : selectedAssetId,
      draft: draft.referenceAssetId === id ? { ...draft, referenceAssetId: undefined } : draft,
    });
    core.notify('info', `Deleted “${deleted.asset.name}”.`, { label: 'Undo', intent: 'undo-delete' });
    core.post({ type: 'library-changed' });
  }

  async undoDelete(): Promise<void> {
    const deleted = this.undo;
    if (!deleted) return;
    this.undo = undefined;
    await this.core.db.restoreAsset(deleted);
    this.core.notify('success', `Restored “${deleted.asset.name}”.`);
    await this.reload();
    this.core.post({ type: 'library-changed' });
  }

  /** Re-reads the first page and the count. */
  async reload(): Promise<void> {
    const [assets, assetCount] = await Promise.all([this.query(), this.core.db.countAssets()]);
    this.core.set({ assets, assetCount, assetsComplete: assets.length < PAGE_SIZE });
  }

  private query(after?: { created: number; id: string }): Promise<AssetRecord[]> {
    const { kind, query } = this.core.state.assetFilter;
    return this.core.db.listAssets({
      kind: kind === 'all' ? undefined : kind,
      query: query.trim() || undefined,
      limit: PAGE_SIZE,
      after,
    });
  }
}
