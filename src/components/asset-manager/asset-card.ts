import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { AssetDeleteEvent, AssetReferenceEvent, AssetRenameEvent, AssetSelectEvent } from '../../events.ts';
import type { AssetRecord } from '../../types.ts';
import { formatBytes, formatDuration } from '../format.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/** One asset in the library grid: thumbnail, facts, and its actions. */
@customElement('rw-asset-card')
export class RwAssetCard extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      article {
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius);
        background: var(--rw-surface);
        overflow: hidden;
        display: grid;
        grid-template-rows: auto auto;
      }
      :host([selected]) article {
        border-color: var(--rw-accent);
        box-shadow: 0 0 0 2px var(--rw-accent);
      }
      .thumb {
        all: unset;
        cursor: pointer;
        display: grid;
        place-items: center;
        aspect-ratio: 1;
        background: var(--rw-surface-2);
        overflow: hidden;
      }
      .thumb:focus-visible {
        outline: 2px solid var(--rw-focus);
        outline-offset: -2px;
      }
      img {
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
      .kind-icon {
        font-size: 2rem;
        color: var(--rw-text-muted);
      }
      .info {
        padding: 6px 8px;
        display: grid;
        gap: 2px;
        min-width: 0;
      }
      .name {
        font-size: 0.85rem;
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .meta {
        font-size: 0.75rem;
        color: var(--rw-text-muted);
      }
      .actions {
        display: flex;
        gap: 4px;
        flex-wrap: wrap;
        margin-top: 4px;
      }
      .actions button {
        font-size: 0.75rem;
        min-height: 26px;
        padding: 2px 6px;
      }
      input {
        width: 100%;
      }
    `,
  ];

  @property({ attribute: false }) asset!: AssetRecord;
  @property({ attribute: false }) thumbUrl?: string;
  @property({ type: Boolean, reflect: true }) selected = false;
  @property({ type: Boolean }) isReference = false;

  @state() private renaming = false;
  @query('input[name="rename"]') private renameInput?: HTMLInputElement;
  @query('.thumb') private thumbButton?: HTMLButtonElement;

  override focus(options?: FocusOptions): void {
    this.thumbButton?.focus(options);
  }

  override render() {
    const { asset } = this;
    const dims = asset.width && asset.height ? `${asset.width}×${asset.height}` : '';
    const facts = [asset.kind, formatBytes(asset.bytes), dims, formatDuration(asset.duration)].filter(
      Boolean,
    );
    return html`
      <article aria-label=${asset.name}>
        <button
          class="thumb"
          aria-pressed=${this.selected ? 'true' : 'false'}
          aria-label="Select ${asset.name} (${facts.join(', ')})"
          draggable="true"
          @dragstart=${this.onDragStart}
          @click=${this.onSelect}
        >
          ${
            this.thumbUrl
              ? html`<img src=${this.thumbUrl} alt="" loading="lazy" decoding="async" />`
              : html`<span class="kind-icon" aria-hidden="true">${KIND_ICON[asset.kind]}</span>`
          }
        </button>
        <div class="info">
          ${
            this.renaming
              ? html`<label class="visually-hidden" for="rename">New name for ${asset.name}</label>
                  <input
                    id="rename"
                    name="rename"
                    .value=${asset.name}
                    @keydown=${this.onRenameKey}
                    @blur=${this.commitRename}
                  />`
              : html`<span class="name" title=${asset.name}>${asset.name}</span>`
          }
          <span class="meta">${facts.join(' · ')}</span>
          <div class="actions">
            ${
              asset.kind === 'image'
                ? html`<button
                    @click=${this.onReference}
                    aria-pressed=${this.isReference ? 'true' : 'false'}
                    aria-label="${this.isReference ? 'Stop using' : 'Use'} ${asset.name} as reference"
                  >
                    ${this.isReference ? 'Reference ✓' : 'Use as reference'}
                  </button>`
                : nothing
            }
            <button @click=${this.startRename} aria-label="Rename ${asset.name}">Rename</button>
            <button class="danger" @click=${this.onDelete} aria-label="Delete ${asset.name}">Delete</button>
          </div>
        </div>
      </article>
    `;
  }

  private onSelect(): void {
    this.dispatchEvent(new AssetSelectEvent({ id: this.asset.id }));
  }

  private onDragStart(event: DragEvent): void {
    event.dataTransfer?.setData(ASSET_DRAG_TYPE, this.asset.id);
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'copy';
  }

  private onReference(): void {
    this.dispatchEvent(new AssetReferenceEvent({ id: this.isReference ? undefined : this.asset.id }));
  }

  private async startRename(): Promise<void> {
    this.renaming = true;
    await this.updateComplete;
    this.renameInput?.select();
  }

  private onRenameKey(event: KeyboardEvent): void {
    if (event.key === 'Enter') this.commitRename();
    if (event.key === 'Escape') this.renaming = false;
  }

  private commitRename(): void {
    if (!this.renaming) return;
    const name = this.renameInput?.value ?? '';
    this.renaming = false;
    if (name.trim() && name !== this.asset.name) {
      this.dispatchEvent(new AssetRenameEvent({ id: this.asset.id, name }));
    }
  }

  private onDelete(): void {
    this.dispatchEvent(new AssetDeleteEvent({ id: this.asset.id }));
  }
}

/** Drag payload type for an asset dragged onto the prompt bar (as a reference). */
export const ASSET_DRAG_TYPE = 'application/x-reelwright-asset';

const KIND_ICON = { image: '🖼', video: '🎞', audio: '🎵' } as const;

declare global {
  interface HTMLElementTagNameMap {
    'rw-asset-card': RwAssetCard;
  }
}
