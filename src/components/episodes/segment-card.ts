import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SegmentMoveEvent, SegmentSelectEvent } from '../../events.ts';
import type { CastChip } from '../../state/cast-view.ts';
import type { SegmentStatus } from '../../state/episodes.ts';
import type { SegmentRecord } from '../../types.ts';
import '../cast/cast-chips.ts';
import { controlStyles } from '../ui/shared-styles.ts';

const CONTINUITY_LABEL = { cut: 'Hard cut', chain: 'Chained', keyframe: 'Keyframe' } as const;

/**
 * One storyboard card: the approved take's thumbnail, duration, continuity and status. Selecting opens the
 * editor; it moves by drag and drop, by Alt+↑/↓ (or Alt+←/→) while focused, or by its move buttons.
 */
@customElement('rw-segment-card')
export class RwSegmentCard extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      article {
        display: grid;
        grid-template-columns: 56px 1fr;
        gap: 8px;
        padding: 8px;
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius);
        background: var(--rw-surface);
        cursor: pointer;
      }
      article[aria-current='true'] {
        border-color: var(--rw-accent);
        box-shadow: 0 0 0 1px var(--rw-accent);
      }
      :host([dragging]) article {
        opacity: 0.5;
      }
      .thumb {
        aspect-ratio: 9 / 16;
        background: var(--rw-surface-2);
        border-radius: var(--rw-radius-small);
        overflow: hidden;
      }
      .thumb img {
        width: 100%;
        height: 100%;
        object-fit: cover;
        display: block;
      }
      h3 {
        margin: 0;
        font-size: 0.9rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .meta {
        font-size: 0.75rem;
        color: var(--rw-text-muted);
      }
      .status {
        font-size: 0.8rem;
      }
      .status.error {
        color: var(--rw-danger);
      }
      .status.warn {
        color: var(--rw-warning);
      }
      .status.ok {
        color: var(--rw-success, var(--rw-accent));
      }
      progress {
        width: 100%;
        height: 6px;
      }
      .moves {
        display: flex;
        gap: 4px;
        margin-top: 4px;
      }
      .moves button {
        min-height: max(24px, var(--rw-touch-target, 0px));
        min-width: var(--rw-touch-target, 0px);
        padding: 0 6px;
      }
    `,
  ];

  @property({ attribute: false }) segment!: SegmentRecord;
  @property({ attribute: false }) status!: SegmentStatus;
  @property({ type: Number }) index = 0;
  @property({ type: Number }) count = 1;
  @property({ attribute: false }) thumb?: string;
  @property({ type: Boolean }) selected = false;
  /** Who is in it (from `@Name` mentions or the cast picker). */
  @property({ attribute: false }) cast: readonly CastChip[] = [];

  override render() {
    const { segment, status } = this;
    if (!segment || !status) return nothing;
    return html`<article
      tabindex="0"
      draggable="true"
      aria-current=${this.selected ? 'true' : 'false'}
      aria-label="Segment ${this.index + 1}: ${segment.title}"
      aria-describedby="status"
      aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
      @click=${this.select}
      @keydown=${this.onKey}
      @dragstart=${this.onDragStart}
      @dragend=${() => this.removeAttribute('dragging')}
      @dragover=${this.onDragOver}
      @drop=${this.onDrop}
    >
      <div class="thumb">${this.thumb ? html`<img src=${this.thumb} alt="" />` : nothing}</div>
      <div>
        <h3>${segment.title}</h3>
        <div class="meta">
          ${segment.seconds} s ·
          ${CONTINUITY_LABEL[segment.continuity]}${segment.size ? ` · ${segment.size}` : ''}
        </div>
        <rw-cast-chips .chips=${this.cast} label="In ${segment.title}"></rw-cast-chips>
        <div id="status" class="status ${status.tone}" role="status">${status.label}</div>
        ${
          status.tone === 'busy' && status.progress !== undefined
            ? html`<progress
                max="100"
                .value=${status.progress}
                aria-label="Progress of ${segment.title}"
              ></progress>`
            : nothing
        }
        <div class="moves">
          <button
            class="icon"
            ?disabled=${this.index === 0}
            aria-label="Move ${segment.title} earlier"
            @click=${this.earlier}
          >
            ↑
          </button>
          <button
            class="icon"
            ?disabled=${this.index >= this.count - 1}
            aria-label="Move ${segment.title} later"
            @click=${this.later}
          >
            ↓
          </button>
        </div>
      </div>
    </article>`;
  }

  /** Keyboard focus on the card (after a keyboard move re-renders the board). */
  focusCard(): void {
    this.shadowRoot?.querySelector('article')?.focus();
  }

  private move(to: number): void {
    if (to < 0 || to >= this.count) return;
    this.dispatchEvent(new SegmentMoveEvent({ id: this.segment.id, to }));
  }

  private readonly select = (): void => {
    this.dispatchEvent(new SegmentSelectEvent({ id: this.segment.id }));
  };

  private readonly earlier = (event: Event): void => {
    event.stopPropagation();
    this.move(this.index - 1);
  };

  private readonly later = (event: Event): void => {
    event.stopPropagation();
    this.move(this.index + 1);
  };

  private readonly onKey = (event: KeyboardEvent): void => {
    if (event.target !== event.currentTarget) return;
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowLeft')) this.move(this.index - 1);
    else if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowRight'))
      this.move(this.index + 1);
    else if (event.key === 'Enter' || event.key === ' ') this.select();
    else return;
    event.preventDefault();
  };

  private readonly onDragStart = (event: DragEvent): void => {
    event.dataTransfer?.setData('application/x-rw-segment', this.segment.id);
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
    this.setAttribute('dragging', '');
  };

  private readonly onDragOver = (event: DragEvent): void => {
    if (event.dataTransfer?.types.includes('application/x-rw-segment')) event.preventDefault();
  };

  private readonly onDrop = (event: DragEvent): void => {
    const id = event.dataTransfer?.getData('application/x-rw-segment');
    if (!id || id === this.segment.id) return;
    event.preventDefault();
    this.dispatchEvent(new SegmentMoveEvent({ id, to: this.index }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-segment-card': RwSegmentCard;
  }
}
