import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import {
  AssetDeleteEvent,
  AssetReferenceEvent,
  AssetRenameEvent,
  AssetSelectEvent,
  FilesAddEvent,
  FilterChangeEvent,
} from '../../events.ts';
import { StoreController } from '../../state/store-controller.ts';
import { ASSET_KINDS } from '../../types.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import './asset-grid.ts';

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
      .toolbar {
        display: grid;
        gap: var(--rw-gap-small);
        padding: var(--rw-gap);
        border-bottom: 1px solid var(--rw-border);
      }
      .row {
        display: flex;
        gap: var(--rw-gap-small);
      }
      .row > input[type='search'] {
        flex: 1;
        min-width: 0;
      }
      h2 {
        margin: 0;
        font-size: 0.95rem;
        display: flex;
        justify-content: space-between;
        align-items: baseline;
      }
      .count {
        font-weight: normal;
        font-size: 0.8rem;
        color: var(--rw-text-muted);
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
      progress {
        width: 100%;
      }
      .more {
        width: 100%;
        margin-top: var(--rw-gap);
      }
    `,
  ];

  private readonly app = new StoreController(this);

  @state() private dragging = false;
  private painted = false;
  @query('input[type="file"]') private picker?: HTMLInputElement;

  constructor() {
    super();
    this.addEventListener('dragenter', this.onDragOver);
    this.addEventListener('dragover', this.onDragOver);
    this.addEventListener('dragleave', this.onDragLeave);
    this.addEventListener('drop', this.onDrop);
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

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('paste', this.onPaste);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('paste', this.onPaste);
    super.disconnectedCallback();
  }

  override render() {
    const state = this.app.state;
    if (!state) return nothing;
    const { assets, assetCount, assetFilter, importing } = state;
    const filtered = assetFilter.kind !== 'all' || assetFilter.query !== '';
    return html`
      <div class="toolbar">
        <h2>Assets <span class="count">${assetCount} stored</span></h2>
        <div class="row">
          <button class="primary" @click=${() => this.picker?.click()}>Add files…</button>
          <input
            type="file"
            multiple
            hidden
            aria-label="Choose files to add"
            accept="image/*,video/*,audio/*,.mov,.m4a"
            @change=${this.onPick}
          />
          <label class="visually-hidden" for="kind">Show</label>
          <select
            id="kind"
            .value=${assetFilter.kind}
            @change=${(e: Event) => this.filter({ kind: (e.target as HTMLSelectElement).value as never })}
          >
            <option value="all">All kinds</option>
            ${ASSET_KINDS.map((kind) => html`<option value=${kind}>${kind[0]!.toUpperCase()}${kind.slice(1)}s</option>`)}
          </select>
        </div>
        <div class="row">
          <input
            type="search"
            aria-label="Search assets by name"
            placeholder="Search by name"
            .value=${assetFilter.query}
            @input=${(e: Event) => this.filter({ query: (e.target as HTMLInputElement).value })}
          />
        </div>
        ${
          importing
            ? html`<div role="status">
                <label for="import-progress">Adding ${importing.done} of ${importing.total} files…</label>
                <progress id="import-progress" max=${importing.total} .value=${importing.done}></progress>
              </div>`
            : nothing
        }
      </div>
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
      ${this.dragging ? html`<div class="dropping" aria-hidden="true">Drop to add to your library</div>` : nothing}
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

  private filter(patch: FilterChangeEvent['detail']): void {
    this.dispatchEvent(new FilterChangeEvent(patch));
  }

  private onPick(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) this.dispatchEvent(new FilesAddEvent({ files }));
  }

  private readonly onFilesAdd = (event: FilesAddEvent): void => {
    void this.app.store?.assets.importFiles(event.detail.files);
  };

  private readonly onDragOver = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  private readonly onDragLeave = (event: DragEvent): void => {
    if (event.relatedTarget && this.contains(event.relatedTarget as Node)) return;
    this.dragging = false;
  };

  private readonly onDrop = (event: DragEvent): void => {
    event.preventDefault();
    this.dragging = false;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) this.dispatchEvent(new FilesAddEvent({ files }));
  };

  /** Pasting an image anywhere (but into a text field or the prompt bar) adds it to the library. */
  private readonly onPaste = (event: ClipboardEvent): void => {
    if (event.defaultPrevented) return;
    const files = [...(event.clipboardData?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    this.dispatchEvent(new FilesAddEvent({ files }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-asset-manager': RwAssetManager;
  }
}
