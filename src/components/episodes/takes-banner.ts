import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { TakesAssignEvent } from '../../events.ts';
import type { SegmentRecord } from '../../types.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/** Clips sent from the library ("Add to episode"): pick the segment they become takes of. */
@customElement('rw-takes-banner')
export class RwTakesBanner extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
        padding: 8px;
        border: 1px solid var(--rw-accent);
        border-radius: var(--rw-radius);
      }
    `,
  ];

  @property({ type: Number }) count = 0;
  @property({ attribute: false }) segments: readonly SegmentRecord[] = [];
  @state() private segmentId?: string;

  override render() {
    const chosen = this.segmentId ?? this.segments[0]?.id;
    return html`<span role="status"
        >Add ${this.count} clip${this.count === 1 ? '' : 's'} from the library as takes of</span
      >
      ${
        this.segments.length
          ? html`<select
                aria-label="Segment"
                @change=${(e: Event) => (this.segmentId = (e.target as HTMLSelectElement).value)}
              >
                ${this.segments.map((s) => html`<option value=${s.id} ?selected=${s.id === chosen}>${s.title}</option>`)}
              </select>
              <button
                class="primary"
                @click=${() => this.dispatchEvent(new TakesAssignEvent({ segmentId: chosen }))}
              >
                Add takes
              </button>`
          : html`<span class="muted">— open an episode with segments first.</span>`
      }
      <button @click=${() => this.dispatchEvent(new TakesAssignEvent({}))}>Cancel</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-takes-banner': RwTakesBanner;
  }
}
