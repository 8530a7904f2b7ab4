import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import {
  AssetDeleteEvent,
  AssetReferenceEvent,
  AssetRenameEvent,
  AssetSelectEvent,
  FilesAddEvent,
  FilterChangeEvent,
} from '../../events.ts';
import { StoreController } from '../store-controller.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import './asset-grid.ts';
import './asset-toolbar.ts';
import { FileDropController } from './file-drop-controller.ts';

/** The left pane: drop, paste or pick files; browse, filter, search, select, rename and delete them. */
@customElement('rw-asset-manager')
export class RwAssetManager extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        background: var(--rw-surface);
        position: relative;
        overflow: hidden;
      }
      .scroll {
        flex: 1;
        overflow: auto;
        padding: var(--rw-gap);
      }
      .empty {
        border: 2px dashed var(--rw-border);
        border-radius: var(--rw-radius);
        padding: 24px 16px;
        text-align: center;
        color: var(--rw-text-muted);
        line-height: 1.5;
      }
      .dropping {
        position: absolute;
        inset: 0;
        display: grid;
        place-items: center;
        background: var(--rw-overlay);
        color: #fff;
        font-size: 1.1rem;
        font-weight: 600;
        border: 3px dashed var(--rw-accent);
        pointer-events: none;
      }
      .more {
        width: 100%;
        margin-top: var(--rw-gap);
      }
    `,
  ];

  private readonly app = new StoreController(this);

  /** Files dropped on the pane, or pasted anywhere else, are added to the library. */
  private readonly drop = new FileDropController(this, (files) =>
    this.dispatchEvent(new FilesAddEvent({ files })),
  );

  private painted = false;

  constructor() {
    super();
    this.addEventListener(FilesAddEvent.eventName, this.onFilesAdd);
    this.addEventListener(AssetSelectEvent.eventName, (e) => this.app.store?.assets.selectAsset(e.detail.id));
    this.addEventListener(
      AssetRenameEvent.eventName,
      (e) => void this.app.store?.assets.renameAsset(e.detail.id, e.detail.name),
    );
    this.addEventListener(
      AssetDeleteEvent.eventName,
      (e) => void this.app.store?.assets.deleteAsset(e.detail.id),
    );
    this.addEventListener(AssetReferenceEvent.eventName, (e) =>
      this.app.store?.generation.useAsReference(e.detail.id),
    );
    this.addEventListener(
      FilterChangeEvent.eventName,
      (e) => void this.app.store?.assets.setAssetFilter(e.detail),
    );
  }

  override render() {
    const state = this.app.state;
    if (!state) return nothing;
    const { assets, assetCount, assetFilter, importing } = state;
    const filtered = assetFilter.kind !== 'all' || assetFilter.query !== '';
    return html`
      <rw-asset-toolbar
        .count=${assetCount}
        .filter=${assetFilter}
        .importing=${importing}
      ></rw-asset-toolbar>
      <div class="scroll">
        ${
          assets.length
            ? html`<rw-asset-grid
                  .assets=${assets}
                  .selectedId=${state.selectedAssetId}
                  .referenceId=${state.draft.referenceAssetId}
                  .urls=${this.app.store?.urls.snapshot ?? {}}
                  .requestUrl=${this.requestUrl}
                ></rw-asset-grid>
                ${
                  state.assetsComplete
                    ? nothing
                    : html`<button class="more" @click=${() => this.app.store?.assets.loadMoreAssets()}>
                        Show more
                      </button>`
                }`
            : html`<div class="empty">
                ${
                  filtered
                    ? 'No assets match this filter.'
                    : html`<strong>Drop reference images, clips and audio here</strong><br />
                        or paste an image (Ctrl/⌘+V), or use <em>Add files…</em>.<br />
                        They stay on this device, even offline.`
                }
              </div>`
        }
      </div>
      ${this.drop.dragging ? html`<div class="dropping" aria-hidden="true">Drop to add to your library</div>` : nothing}
    `;
  }

  protected override updated(): void {
    // For the benchmark: when the first screen of a non-empty library has been painted.
    if (!this.painted && this.app.state?.assets.length) {
      this.painted = true;
      requestAnimationFrame(() => performance.mark('rw:library-painted'));
    }
  }

  private readonly requestUrl = (blobId: string): void => void this.app.store?.urls.load(blobId);

  private readonly onFilesAdd = (event: FilesAddEvent): void => {
    void this.app.store?.assets.importFiles(event.detail.files);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-asset-manager': RwAssetManager;
  }
}
