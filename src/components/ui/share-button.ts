import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { FileShareEvent } from '../../events.ts';
import { controlStyles } from './shared-styles.ts';

/** "Share…" for a stored clip or episode: the shell shares it (Web Share API) or downloads it as a fallback. */
@customElement('rw-share-button')
export class RwShareButton extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: inline-block;
      }
    `,
  ];

  @property() videoId = '';
  @property() name = '';
  @property({ type: Boolean }) disabled = false;

  override render() {
    const canShare = typeof navigator.share === 'function';
    return html`<button
      ?disabled=${this.disabled || !this.videoId}
      aria-label="Share ${this.name}"
      title=${canShare ? 'Share to another app' : 'This browser cannot share files: downloads it instead'}
      @click=${() => this.dispatchEvent(new FileShareEvent({ videoId: this.videoId, name: this.name }))}
    >
      Share…
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-share-button': RwShareButton;
  }
}
