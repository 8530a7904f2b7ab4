import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { EpisodeStitchEvent } from '../../events.ts';
import type { RenderProgress } from '../../media/render/types.ts';
import { controlStyles, wrapRowStyles } from '../ui/shared-styles.ts';

/** "1 min 5 s", "12 s". */
export function timeLeft(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/** A running export: stage, percentage and time left as a labelled progress bar, and Cancel. */
@customElement('rw-render-progress')
export class RwRenderProgress extends LitElement {
  static override styles = [
    controlStyles,
    wrapRowStyles,
    css`
      :host {
        display: grid;
        gap: 6px;
      }
      .bar {
        height: 10px;
        border-radius: 5px;
        background: var(--rw-surface-2);
        border: 1px solid var(--rw-border);
        overflow: hidden;
      }
      .fill {
        height: 100%;
        background: var(--rw-accent);
      }
    `,
  ];

  /** What is happening, in words ("Mixing the audio…"). */
  @property() message = '';
  /** Absent while the stage has no measurable progress (the bar then shows as busy). */
  @property({ attribute: false }) progress?: RenderProgress;

  override render() {
    const p = this.progress;
    const percent = p ? Math.round(Math.min(1, Math.max(0, p.fraction)) * 100) : undefined;
    const left = p?.secondsLeft !== undefined ? `about ${timeLeft(p.secondsLeft)} left` : '';
    const text = [this.message, percent !== undefined ? `${percent}%` : '', left].filter(Boolean).join(' · ');
    return html`
      <div class="row" aria-live="polite" role="status">${text}</div>
      <div
        class="bar"
        role="progressbar"
        aria-label="Export progress"
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${percent ?? nothing}
        aria-valuetext=${text}
      >
        <div class="fill" style="width: ${percent ?? 0}%"></div>
      </div>
      <div class="row">
        <button @click=${() => this.dispatchEvent(new EpisodeStitchEvent({ cancel: true }))}>Cancel</button>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-render-progress': RwRenderProgress;
  }
}
