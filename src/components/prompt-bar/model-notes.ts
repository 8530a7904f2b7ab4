import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { modelVerification } from '../../state/catalog.ts';
import { hevcWarning } from '../../state/reference-draft.ts';
import type { ModelSpec, Size } from '../../types.ts';

/**
 * What the catalog says about the picked model, beside the model picker: an "unverified" badge (its
 * description is the entry's `unverified` text) and, before spending, a warning when the tier returns H.265.
 */
@customElement('rw-model-notes')
export class RwModelNotes extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
    .badge {
      font-size: 0.7rem;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      padding: 1px 6px;
      border-radius: 999px;
      border: 1px solid var(--rw-warning);
      color: var(--rw-warning);
      cursor: help;
    }
    .warn {
      font-size: 0.75rem;
      color: var(--rw-warning);
      margin: 0;
      flex-basis: 100%;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `;

  @property({ attribute: false }) model?: ModelSpec;
  @property({ attribute: false }) size?: Size;

  override render() {
    const model = this.model;
    if (!model) return nothing;
    const check = modelVerification(model);
    const hevc = this.size ? hevcWarning(model, this.size) : undefined;
    return html`
      ${
        check.verified
          ? nothing
          : html`<span class="badge" title=${check.reason ?? ''} aria-describedby="why">unverified</span
              ><span id="why" class="visually-hidden">${check.reason}</span>`
      }
      ${hevc ? html`<p class="warn" role="note">${hevc}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-model-notes': RwModelNotes;
  }
}
