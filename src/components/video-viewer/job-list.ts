import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { JobCancelEvent, JobFocusEvent, JobResendEvent } from '../../events.ts';
import { isTerminal, type JobRecord } from '../../types.ts';
import { formatCost } from '../format.ts';
import { controlStyles } from '../ui/shared-styles.ts';

export const STATUS_LABEL: Record<JobRecord['status'], string> = {
  waiting: 'Waiting',
  submitting: 'Sending',
  queued: 'Queued',
  running: 'Generating',
  downloading: 'Saving',
  done: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
  expired: 'Expired',
  unknown: 'Outcome unknown',
};

/** Jobs in flight (and recent failures), each with its state, progress and actions. */
@customElement('rw-job-list')
export class RwJobList extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 6px;
      }
      li {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 2px 8px;
        padding: 6px 8px;
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius-small);
        background: var(--rw-surface);
      }
      li[data-focused] {
        border-color: var(--rw-accent);
      }
      .prompt {
        all: unset;
        cursor: pointer;
        font-size: 0.85rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .prompt:focus-visible {
        outline: 2px solid var(--rw-focus);
      }
      .state {
        font-size: 0.75rem;
        color: var(--rw-text-muted);
        grid-column: 1;
      }
      .state[data-status='failed'],
      .state[data-status='unknown'],
      .state[data-status='expired'] {
        color: var(--rw-danger);
      }
      progress {
        grid-column: 1 / -1;
        width: 100%;
        height: 6px;
      }
      .actions {
        grid-row: 1 / span 2;
        grid-column: 2;
        display: flex;
        gap: 4px;
        align-items: center;
      }
    `,
  ];

  @property({ attribute: false }) jobs: readonly JobRecord[] = [];
  @property({ attribute: false }) focusedId?: string;

  override render() {
    if (!this.jobs.length) return nothing;
    return html`<ul aria-label="Jobs">
      ${this.jobs.map((job) => {
        const active = !isTerminal(job.status);
        const line = active ? (job.detail ?? job.error?.message) : (job.error?.message ?? job.detail);
        return html`<li ?data-focused=${job.id === this.focusedId}>
          <button
            class="prompt"
            title=${job.request.prompt}
            @click=${() => this.emit(new JobFocusEvent({ id: job.id }))}
          >
            ${job.request.prompt}
          </button>
          <span class="state" data-status=${job.status}>
            ${[
              `${STATUS_LABEL[job.status]}${active && job.progress ? ` ${job.progress}%` : ''}`,
              line,
              formatCost(job.estimatedCost),
            ]
              .filter(Boolean)
              .join(' · ')}
          </span>
          <span class="actions">
            ${
              active
                ? html`<button
                    @click=${() => this.emit(new JobCancelEvent({ id: job.id }))}
                    aria-label="Cancel ${job.request.prompt}"
                  >
                    Cancel
                  </button>`
                : nothing
            }
            ${
              job.status === 'unknown' || job.status === 'failed' || job.status === 'expired'
                ? html`<button
                    @click=${() => this.emit(new JobResendEvent({ id: job.id }))}
                    aria-label="Send again: ${job.request.prompt}"
                  >
                    Send again
                  </button>`
                : nothing
            }
          </span>
          ${
            active
              ? html`<progress
                  max="100"
                  .value=${job.progress}
                  aria-label="Progress of ${job.request.prompt}"
                ></progress>`
              : nothing
          }
        </li>`;
      })}
    </ul>`;
  }

  private emit(event: Event): void {
    this.dispatchEvent(event);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-job-list': RwJobList;
  }
}
