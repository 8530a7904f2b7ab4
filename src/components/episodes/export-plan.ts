import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ExportPlan } from '../../media/render/types.ts';

/** Which export path will run and why: the plan's summary, each clip's exact difference, undecodable clips. */
@customElement('rw-export-plan')
export class RwExportPlan extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    p {
      margin: 0 0 4px;
    }
    ul {
      margin: 0;
      padding-inline-start: 1.2em;
    }
    .error {
      color: var(--rw-danger);
    }
    .muted {
      color: var(--rw-text-muted);
    }
  `;

  @property({ attribute: false }) plan?: ExportPlan;
  @property({ type: Boolean }) checking = false;
  @property() error = '';

  override render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (this.checking) return html`<p class="muted" role="status">Checking the approved takes…</p>`;
    const plan = this.plan;
    if (!plan) return nothing;
    return html`
      <section aria-label="Export path">
        <p role="status"><strong>${plan.summary}.</strong></p>
        ${
          plan.differences.length
            ? html`<ul aria-label="What differs">
                ${plan.differences.map(
                  (d) =>
                    html`<li>${d.clip}: ${d.field} ${d.clipValue} — the episode has ${d.episodeValue}</li>`,
                )}
              </ul>`
            : nothing
        }
        ${
          plan.undecodable.length
            ? html`<ul class="error" role="alert" aria-label="Clips this browser cannot decode">
                ${plan.undecodable.map((u) => html`<li>${u.clip}: ${u.what}. To fix: ${u.fix}.</li>`)}
              </ul>`
            : nothing
        }
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-export-plan': RwExportPlan;
  }
}
