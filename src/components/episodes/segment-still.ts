import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SegmentStillEvent, StillApproveEvent } from '../../events.ts';
import type { AssetRecord, SegmentRecord } from '../../types.ts';
import { controlStyles, takeListStyles } from '../ui/shared-styles.ts';

/**
 * "Still first" for one segment: generate a still, approve it (or regenerate), and only then is video
 * made — from the approved still as the first frame.
 */
@customElement('rw-segment-still')
export class RwSegmentStill extends LitElement {
  static override styles = [
    controlStyles,
    takeListStyles,
    css`
      :host {
        display: grid;
        gap: 6px;
        padding: 8px;
        border: 1px dashed var(--rw-border);
        border-radius: var(--rw-radius-small);
      }
      ul.takes {
        grid-template-columns: repeat(auto-fill, minmax(96px, 1fr));
      }
      img {
        width: 100%;
        max-height: 180px;
        object-fit: contain;
        background: #000;
      }
      p {
        margin: 0;
        font-size: 0.8rem;
      }
    `,
  ];

  @property({ attribute: false }) segment!: SegmentRecord;
  @property({ attribute: false }) stills: readonly AssetRecord[] = [];
  @property({ attribute: false }) urls: (blobId: string | undefined) => string | undefined = () => undefined;
  @property({ type: Boolean }) busy = false;

  override render() {
    const s = this.segment;
    if (!s) return nothing;
    const approved = s.approvedStillId;
    return html`
      <p role="status">
        ${
          approved
            ? 'Still approved: video takes start from it.'
            : this.stills.length
              ? 'Approve a still (or regenerate) — no video is made until you do.'
              : 'No still yet. Generate one; no video is made until a still is approved.'
        }
      </p>
      ${
        this.stills.length
          ? html`<ul class="takes" aria-label="Stills of ${s.title}">
              ${this.stills.map((still, i) => this.renderStill(still, i, still.id === approved))}
            </ul>`
          : nothing
      }
      <div>
        <button ?disabled=${this.busy} @click=${this.generate}>
          ${this.stills.length ? 'Regenerate still' : 'Generate still'}
        </button>
      </div>
    `;
  }

  private renderStill(still: AssetRecord, i: number, approved: boolean) {
    const url = this.urls(still.thumbId ?? still.blobId);
    const name = `Still ${i + 1}`;
    return html`<li ?data-approved=${approved} aria-label=${name}>
      ${url ? html`<img src=${url} alt="${name} of ${this.segment.title}" />` : nothing}
      ${
        approved
          ? html`<strong>Approved</strong>`
          : html`<button
              @click=${() =>
                this.dispatchEvent(new StillApproveEvent({ segmentId: this.segment.id, assetId: still.id }))}
            >
              Approve ${name}
            </button>`
      }
    </li>`;
  }

  private readonly generate = (): void => {
    this.dispatchEvent(new SegmentStillEvent({ id: this.segment.id }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-segment-still': RwSegmentStill;
  }
}
