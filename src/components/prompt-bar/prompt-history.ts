import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PromptRecallEvent } from '../../events.ts';
import type { PromptRecord } from '../../types.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/** Earlier prompts with their use counts and clips made; choosing one recalls it into the bar. */
@customElement('rw-prompt-history')
export class RwPromptHistory extends LitElement {
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
        max-height: 240px;
        overflow: auto;
      }
      button {
        all: unset;
        cursor: pointer;
        display: grid;
        width: 100%;
        box-sizing: border-box;
        padding: 6px 8px;
        border-radius: var(--rw-radius-small);
      }
      button:hover,
      button:focus-visible {
        background: var(--rw-surface-2);
        outline: 2px solid var(--rw-focus);
        outline-offset: -2px;
      }
      .text {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        font-size: 0.85rem;
      }
      .meta {
        font-size: 0.75rem;
        color: var(--rw-text-muted);
      }
      p {
        margin: 6px 8px;
        font-size: 0.85rem;
        color: var(--rw-text-muted);
      }
    `,
  ];

  @property({ attribute: false }) prompts: readonly PromptRecord[] = [];

  override render() {
    if (!this.prompts.length) return html`<p>No earlier prompts yet.</p>`;
    return html`<ul aria-label="Earlier prompts">
      ${this.prompts.map(
        (p) =>
          html`<li>
            <button @click=${() => this.dispatchEvent(new PromptRecallEvent({ text: p.text }))}>
              <span class="text">${p.text}</span>
              <span class="meta">
                used ${p.useCount}× · ${p.videoIds.length} clip${p.videoIds.length === 1 ? '' : 's'} ·
                ${new Date(p.lastUsed).toLocaleDateString()}
              </span>
            </button>
          </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-prompt-history': RwPromptHistory;
  }
}
