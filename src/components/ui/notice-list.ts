import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { NoticeActionEvent, NoticeDismissEvent } from '../../events.ts';
import type { Notice } from '../../state/app-state.ts';
import { controlStyles } from './shared-styles.ts';

/** Messages for the user, announced to screen readers; errors stay until dismissed. */
@customElement('rw-notice-list')
export class RwNoticeList extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        position: fixed;
        right: 16px;
        bottom: 16px;
        display: grid;
        gap: 8px;
        width: min(420px, calc(100vw - 32px));
        z-index: 20;
      }
      .notice {
        display: flex;
        gap: 8px;
        align-items: start;
        padding: 10px 12px;
        border-radius: var(--rw-radius);
        background: var(--rw-surface);
        border: 1px solid var(--rw-border);
        border-left: 4px solid var(--rw-accent);
        box-shadow: var(--rw-shadow);
        font-size: 0.9rem;
      }
      .notice[data-tone='error'] {
        border-left-color: var(--rw-danger);
      }
      .notice[data-tone='success'] {
        border-left-color: var(--rw-success);
      }
      .text {
        flex: 1;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) notices: readonly Notice[] = [];
  private timers = new Map<string, ReturnType<typeof setTimeout>>();

  override disconnectedCallback(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    super.disconnectedCallback();
  }

  protected override updated(): void {
    // Information fades after a while; errors and anything with an action wait for the user.
    for (const notice of this.notices) {
      if (notice.tone === 'error' || this.timers.has(notice.id)) continue;
      const delay = notice.action ? 12_000 : 6000;
      this.timers.set(
        notice.id,
        setTimeout(() => this.dispatchEvent(new NoticeDismissEvent({ id: notice.id })), delay),
      );
    }
  }

  override render() {
    return html`
      <div role="log" aria-live="polite" aria-label="Messages">
        ${this.notices.map(
          (n) =>
            html`<div class="notice" data-tone=${n.tone} role=${n.tone === 'error' ? 'alert' : 'status'}>
              <span class="text">${n.message}</span>
              ${
                n.action
                  ? html`<button @click=${() => this.dispatchEvent(new NoticeActionEvent({ id: n.id }))}>
                      ${n.action.label}
                    </button>`
                  : ''
              }
              <button
                class="icon"
                aria-label="Dismiss message"
                @click=${() => this.dispatchEvent(new NoticeDismissEvent({ id: n.id }))}
              >
                ✕
              </button>
            </div>`,
        )}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-notice-list': RwNoticeList;
  }
}
