import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SampleCreateEvent, SampleRemoveEvent } from '../../events.ts';
import type { SampleStatus } from '../../state/sample-series.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/**
 * The sample series, as the viewer shows it: on a first run the offer ("Try a sample series"), while it is
 * made its progress, once it exists a one-click "Remove sample". Dispatches sample-create / sample-remove.
 */
@customElement('rw-sample-card')
export class RwSampleCard extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--rw-gap-small);
        padding: 6px 10px;
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius);
        background: var(--rw-surface);
        font-size: 0.85rem;
      }
      .bar p {
        flex: 1 1 12rem;
        margin: 0;
      }
      .offer {
        display: grid;
        gap: 8px;
        justify-items: center;
        margin-top: 12px;
        padding-top: 12px;
        border-top: 1px solid var(--rw-border);
      }
      .offer p {
        margin: 0;
        font-size: 0.85rem;
        color: var(--rw-text-muted);
      }
      progress {
        flex: 1 1 100%;
        width: 100%;
      }
      .error {
        color: var(--rw-danger);
      }
    `,
  ];

  @property({ attribute: false }) status: SampleStatus = { phase: 'none' };
  /** The library is empty: offer the sample. */
  @property({ type: Boolean }) offer = false;

  override render() {
    const status = this.status;
    switch (status.phase) {
      case 'none':
        return this.offer
          ? html`<div class="offer">
              <button class="primary" @click=${this.onCreate}>Try a sample series</button>
              <p>
                A three-clip episode with a cast of two, made on this device with the local preview: no key,
                no network, about a minute.
              </p>
            </div>`
          : nothing;
      case 'making':
        return html`<div class="bar" role="status" aria-label="Sample series">
          <p>${status.message}</p>
          ${this.removeButton('Stop and remove sample')}
          <progress
            max=${status.total + 1}
            .value=${status.done}
            aria-label="Sample series progress"
          ></progress>
        </div>`;
      case 'removing':
        return html`<div class="bar" role="status" aria-label="Sample series">
          <p>Removing the sample series…</p>
        </div>`;
      case 'error':
        return html`<div class="bar" role="group" aria-label="Sample series">
          <p class="error" role="alert">${status.message}</p>
          ${this.removeButton('Remove sample')}
        </div>`;
      case 'ready':
        return html`<div class="bar" role="group" aria-label="Sample series">
          <p>
            <strong>Sample series:</strong> made with the local preview (placeholder clips, not AI). Its
            episode is under <em>Episodes</em>.
          </p>
          ${this.removeButton('Remove sample')}
        </div>`;
    }
  }

  private removeButton(label: string) {
    return html`<button @click=${this.onRemove}>${label}</button>`;
  }

  private readonly onCreate = (): void => {
    this.dispatchEvent(new SampleCreateEvent({}));
  };
  private readonly onRemove = (): void => {
    this.dispatchEvent(new SampleRemoveEvent({}));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-sample-card': RwSampleCard;
  }
}
