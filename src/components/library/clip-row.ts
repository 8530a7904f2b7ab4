import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LibraryItem } from '../../state/library-query.ts';
import { formatCost, formatDuration } from '../format.ts';

/** One formatter for every row: `toLocaleString` builds a new one per call, far too slow while scrolling. */
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const STATUS_TEXT: Record<LibraryItem['status'], string> = {
  done: 'Ready',
  failed: 'Failed',
  expired: 'Expired',
  unknown: 'Outcome unknown',
  canceled: 'Canceled',
};

/** One library row: thumbnail, prompt excerpt, facts, status and lineage. Display only (the list selects). */
@customElement('rw-clip-row')
export class RwClipRow extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      grid-template-columns: 48px minmax(0, 1fr);
      gap: 4px 10px;
      height: 100%;
      box-sizing: border-box;
      padding: 6px 8px;
      border: 1px solid var(--rw-border);
      border-radius: var(--rw-radius-small);
      background: var(--rw-surface);
      color: var(--rw-text);
      cursor: default;
      overflow: hidden;
      font-size: 0.8rem;
    }
    :host([selected]) {
      border-color: var(--rw-accent);
      background: var(--rw-surface-2);
      box-shadow: inset 4px 0 0 var(--rw-accent);
    }
    .thumb {
      grid-row: 1 / span 3;
      width: 48px;
      height: 100%;
      max-height: 84px;
      border-radius: 4px;
      background: var(--rw-surface-2);
      object-fit: cover;
      display: grid;
      place-items: center;
      color: var(--rw-danger);
      font-size: 1.2rem;
    }
    .prompt {
      font-size: 0.85rem;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .facts,
    .badges {
      color: var(--rw-text-muted);
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .badge {
      display: inline-block;
      padding: 0 6px;
      margin-right: 4px;
      border-radius: 999px;
      border: 1px solid var(--rw-border);
      color: var(--rw-text);
    }
    .status-failed,
    .status-expired,
    .status-unknown {
      color: var(--rw-danger);
      border-color: var(--rw-danger);
    }
    .fav {
      color: var(--rw-warning);
    }
  `;

  @property({ attribute: false }) item!: LibraryItem;
  @property({ attribute: false }) thumbUrl?: string;
  /** "Remix of “…”", when the item is a remix. */
  @property() lineage?: string;
  @property({ type: Boolean, reflect: true }) selected = false;

  override render() {
    const it = this.item;
    if (!it) return nothing;
    const failed = it.kind === 'failure';
    return html`
      ${
        this.thumbUrl
          ? html`<img class="thumb" src=${this.thumbUrl} alt="" loading="lazy" decoding="async" />`
          : html`<span class="thumb" aria-hidden="true">${failed ? '✕' : ''}</span>`
      }
      <span class="prompt" title=${it.prompt}
        >${it.favourite ? html`<span class="fav" aria-label="Favourite">★ </span>` : nothing}${it.prompt}</span
      >
      <span class="facts">
        ${it.providerKind} · ${it.model} · ${it.size} · ${formatDuration(it.duration)} ·
        ${DATE.format(it.created)} · ${formatCost(it.cost)}
      </span>
      <span class="badges">
        <span class="badge status-${it.status}">${STATUS_TEXT[it.status]}</span>
        ${this.lineage ? html`<span class="badge" data-lineage>${this.lineage}</span>` : nothing}
        ${it.segmentId ? html`<span class="badge">Segment of an episode</span>` : nothing}
        ${it.tags.map((t) => html`<span class="badge">#${t}</span>`)}
        ${failed && it.reason ? html`<span>${it.reason}</span>` : nothing}
      </span>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-clip-row': RwClipRow;
  }
}
