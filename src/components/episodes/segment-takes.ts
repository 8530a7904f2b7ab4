import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { TakeApproveEvent, TakeRemoveEvent } from '../../events.ts';
import type { SegmentRecord, VideoRecord } from '../../types.ts';
import { formatDuration } from '../format.ts';
import { controlStyles, takeListStyles } from '../ui/shared-styles.ts';

/** A segment's takes, each playable, with Approve (one take is the approved one) and Remove. */
@customElement('rw-segment-takes')
export class RwSegmentTakes extends LitElement {
  static override styles = [
    controlStyles,
    takeListStyles,
    css`
      :host {
        display: grid;
        gap: 8px;
      }
      video {
        width: 100%;
        max-height: 200px;
        background: #000;
      }
      h3 {
        margin: 0;
        font-size: 0.9rem;
      }
    `,
  ];

  @property({ attribute: false }) segment!: SegmentRecord;
  @property({ attribute: false }) takes: readonly VideoRecord[] = [];
  @property({ attribute: false }) urls: (blobId: string | undefined) => string | undefined = () => undefined;

  override render() {
    if (!this.segment) return nothing;
    return html`
      <h3>Takes (${this.takes.length})</h3>
      ${
        this.takes.length
          ? html`<ul class="takes" aria-label="Takes of ${this.segment.title}">
              ${this.takes.map((take, i) => this.renderTake(take, i))}
            </ul>`
          : html`<p class="muted">No takes yet.</p>`
      }
    `;
  }

  private renderTake(take: VideoRecord, i: number) {
    const segmentId = this.segment.id;
    const approved = take.id === this.segment.approvedTakeId;
    const url = this.urls(take.blobId);
    const name = `Take ${i + 1}`;
    return html`<li ?data-approved=${approved} aria-label=${name}>
      ${url ? html`<video src=${url} controls muted playsinline preload="metadata" aria-label="${name} of ${this.segment.title}"></video>` : nothing}
      <span class="muted">${name} · ${formatDuration(take.duration)} · ${take.width}x${take.height}</span>
      ${
        approved
          ? html`<strong>Approved</strong>`
          : html`<button
              @click=${() => this.dispatchEvent(new TakeApproveEvent({ segmentId, videoId: take.id }))}
            >
              Approve ${name}
            </button>`
      }
      <button @click=${() => this.dispatchEvent(new TakeRemoveEvent({ segmentId, videoId: take.id }))}>
        Remove from segment
      </button>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-segment-takes': RwSegmentTakes;
  }
}
