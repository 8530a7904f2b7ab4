import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { StillAnimateEvent, StillReferenceEvent } from '../../events.ts';
import type { AssetRecord, JobRecord } from '../../types.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/** The stills an image job made, side by side, each with "Use as reference" and "Animate this still". */
@customElement('rw-still-results')
export class RwStillResults extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        width: 100%;
        padding: var(--rw-gap);
        box-sizing: border-box;
        background: var(--rw-surface);
        color: var(--rw-text);
      }
      ul {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(140px, 1fr));
        gap: var(--rw-gap);
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: grid;
        gap: 6px;
        align-content: start;
      }
      img {
        width: 100%;
        max-height: 50vh;
        object-fit: contain;
        background: #000;
        border-radius: var(--rw-radius-small);
      }
      .placeholder {
        aspect-ratio: 9 / 16;
        background: var(--rw-surface-2);
        border-radius: var(--rw-radius-small);
      }
      p {
        margin: 0 0 8px;
        font-size: 0.85rem;
      }
      .muted {
        color: var(--rw-text-muted);
        font-size: 0.75rem;
      }
    `,
  ];

  @property({ attribute: false }) job!: JobRecord;
  @property({ attribute: false }) stills: readonly AssetRecord[] = [];
  @property({ attribute: false }) urls: (blobId: string | undefined) => string | undefined = () => undefined;

  override render() {
    if (!this.job) return nothing;
    const { request } = this.job;
    const target = request.target;
    const missing = (this.job.resultIds?.length ?? 0) - this.stills.length;
    return html`
      <p>
        <strong>${this.stills.length} still${this.stills.length === 1 ? '' : 's'}</strong> —
        “${request.prompt}”
        ${target ? html`<span class="muted">for ${target.model} at ${target.size}</span>` : nothing}
      </p>
      <ul aria-label="Generated stills">
        ${this.stills.map((still, i) => this.renderStill(still, i))}
      </ul>
      ${missing > 0 ? html`<p class="muted">${missing} still(s) were deleted from the library.</p>` : nothing}
    `;
  }

  private renderStill(still: AssetRecord, i: number) {
    const url = this.urls(still.blobId);
    const name = `Still ${i + 1}`;
    return html`<li aria-label=${name}>
      ${
        url
          ? html`<img src=${url} alt="${name}: ${this.job.request.prompt}" />`
          : html`<div class="placeholder" role="img" aria-label="${name} (loading)"></div>`
      }
      <span class="muted">${still.width}x${still.height}</span>
      <button @click=${() => this.dispatchEvent(new StillReferenceEvent({ id: still.id }))}>
        Use as reference
      </button>
      <button class="primary" @click=${() => this.dispatchEvent(new StillAnimateEvent({ id: still.id }))}>
        Animate this still
      </button>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-still-results': RwStillResults;
  }
}
