import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CastChip } from '../../state/cast-view.ts';

/** Who is in a segment, as small chips on its storyboard card (characters, then sets). */
@customElement('rw-cast-chips')
export class RwCastChips extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    ul {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      list-style: none;
      margin: 4px 0 0;
      padding: 0;
    }
    li {
      font-size: 0.7rem;
      padding: 1px 6px;
      border-radius: 999px;
      background: var(--rw-surface-2);
      border: 1px solid var(--rw-border);
    }
    li[data-set] {
      border-style: dashed;
    }
  `;

  @property({ attribute: false }) chips: readonly CastChip[] = [];
  @property() label = 'Cast';

  override render() {
    if (!this.chips.length) return nothing;
    return html`<ul aria-label=${this.label}>
      ${this.chips.map(
        (c) => html`<li ?data-set=${c.set} title=${c.set ? 'Set' : 'Character'}>${c.name}</li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-cast-chips': RwCastChips;
  }
}
