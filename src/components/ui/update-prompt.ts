import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { UpdateAcceptEvent } from '../../events.ts';
import { controlStyles } from './shared-styles.ts';

/** "A new version is ready": the page reloads only when the user says so. */
@customElement('rw-update-prompt')
export class RwUpdatePrompt extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        position: fixed;
        left: 16px;
        bottom: 16px;
        z-index: 21;
      }
      div {
        display: flex;
        gap: 8px;
        align-items: center;
        padding: 10px 12px;
        border-radius: var(--rw-radius);
        background: var(--rw-surface);
        border: 1px solid var(--rw-accent);
        box-shadow: var(--rw-shadow);
      }
    `,
  ];

  @property({ type: Boolean }) available = false;
  @state() private dismissed = false;

  override render() {
    if (!this.available || this.dismissed) return nothing;
    return html`<div role="alertdialog" aria-label="Update available" aria-describedby="update-text">
      <span id="update-text">A new version of Reelwright is ready.</span>
      <button class="primary" @click=${() => this.dispatchEvent(new UpdateAcceptEvent({}))}>
        Reload to update
      </button>
      <button @click=${() => (this.dismissed = true)}>Later</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-update-prompt': RwUpdatePrompt;
  }
}
