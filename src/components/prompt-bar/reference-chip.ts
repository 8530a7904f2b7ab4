import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { AssetReferenceEvent, DraftChangeEvent } from '../../events.ts';
import type { AssetRecord, FitMode, Size } from '../../types.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/**
 * The reference image chip: thumbnail, name, remove, and how it is fitted to the exact output size,
 * with a preview of the fitted frame (the original asset is never changed).
 */
@customElement('rw-reference-chip')
export class RwReferenceChip extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        padding: 2px 6px 2px 2px;
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius);
        background: var(--rw-surface-2);
        max-width: 100%;
      }
      .preview {
        background: #000;
        height: 48px;
        border-radius: var(--rw-radius-small);
        overflow: hidden;
        flex: none;
      }
      .preview img {
        width: 100%;
        height: 100%;
        display: block;
      }
      .name {
        font-size: 0.8rem;
        max-width: 12em;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      select {
        min-height: 26px;
        padding: 2px 4px;
        font-size: 0.8rem;
      }
    `,
  ];

  @property({ attribute: false }) asset!: AssetRecord;
  @property({ attribute: false }) thumbUrl?: string;
  @property({ attribute: false }) size!: Size;
  @property({ attribute: false }) fit: FitMode = 'crop';

  override render() {
    const [width, height] = this.size.split('x').map(Number) as [number, number];
    return html`
      <div
        class="preview"
        style="aspect-ratio: ${width} / ${height}"
        role="img"
        aria-label="Preview of the reference fitted to ${this.size} (${this.fit})"
      >
        ${
          this.thumbUrl
            ? html`<img
                src=${this.thumbUrl}
                alt=""
                style="object-fit: ${this.fit === 'crop' ? 'cover' : 'contain'}"
              />`
            : ''
        }
      </div>
      <span class="name" title=${this.asset.name}>Reference: ${this.asset.name}</span>
      <label class="visually-hidden" for="fit">How to fit the reference to ${this.size}</label>
      <select id="fit" .value=${this.fit} @change=${this.onFit}>
        <option value="crop">Crop to fill</option>
        <option value="letterbox">Letterbox</option>
      </select>
      <button class="icon" aria-label="Remove reference ${this.asset.name}" @click=${this.onRemove}>✕</button>
    `;
  }

  private onFit(event: Event): void {
    this.dispatchEvent(new DraftChangeEvent({ fit: (event.target as HTMLSelectElement).value as FitMode }));
  }

  private onRemove(): void {
    this.dispatchEvent(new AssetReferenceEvent({ id: undefined }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-reference-chip': RwReferenceChip;
  }
}
