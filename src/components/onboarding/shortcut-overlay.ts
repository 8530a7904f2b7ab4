import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { CenterView } from '../../state/app-state.ts';
import { controlStyles, dialogStyles } from '../ui/shared-styles.ts';
import { SHORTCUTS, VIEW_NAMES, type ShortcutGroup } from './shortcut-table.ts';

/**
 * The keyboard-shortcut overlay (`?`): a modal dialog listing every shortcut of the current view. Focus
 * stays inside it (Tab and Shift+Tab wrap), Esc or Close closes it and focus returns where it was.
 */
@customElement('rw-shortcut-overlay')
export class RwShortcutOverlay extends LitElement {
  static override styles = [
    controlStyles,
    dialogStyles,
    css`
      .body {
        padding: 4px 16px 16px;
        overflow: auto;
        max-height: calc(90vh - 64px);
      }
      h3 {
        margin: 14px 0 4px;
        font-size: 0.9rem;
      }
      h3 span {
        font-weight: normal;
        color: var(--rw-text-muted);
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.85rem;
      }
      th,
      td {
        text-align: left;
        padding: 4px 6px;
        border-bottom: 1px solid var(--rw-border);
        vertical-align: top;
      }
      th {
        font-weight: normal;
        white-space: nowrap;
        width: 40%;
      }
      kbd {
        display: inline-block;
        min-width: 1.4em;
        padding: 1px 5px;
        border: 1px solid var(--rw-border);
        border-bottom-width: 2px;
        border-radius: var(--rw-radius-small);
        background: var(--rw-surface-2);
        font: inherit;
        text-align: center;
      }
    `,
  ];

  /** The view whose shortcuts are listed. */
  @property() view: CenterView = 'viewer';

  @query('dialog') private dialog?: HTMLDialogElement;

  get isOpen(): boolean {
    return !!this.dialog?.open;
  }

  async open(): Promise<void> {
    await this.updateComplete;
    if (!this.dialog?.open) this.dialog?.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('.close')?.focus();
  }

  close(): void {
    this.dialog?.close();
  }

  override render() {
    return html`<dialog aria-labelledby="shortcuts-title" @keydown=${this.onKeyDown}>
      <div class="dialog-head">
        <h2 id="shortcuts-title">Keyboard shortcuts — ${VIEW_NAMES[this.view]}</h2>
        <button class="close" @click=${this.close}>Close</button>
      </div>
      <div class="body" tabindex="0" role="region" aria-label="Shortcuts">
        ${SHORTCUTS[this.view].map((group) => this.renderGroup(group))}
      </div>
    </dialog>`;
  }

  private renderGroup(group: ShortcutGroup) {
    const id = `group-${group.title.toLowerCase().replace(/\W+/g, '-')}`;
    return html`<h3 id=${id}>
        ${group.title}${group.where ? html` <span>(${group.where})</span>` : nothing}
      </h3>
      <table aria-labelledby=${id}>
        <tbody>
          ${group.shortcuts.map(
            (s) =>
              html`<tr>
                <th scope="row">${s.keys.map((key, i) => html`${i ? ' or ' : ''}<kbd>${key}</kbd>`)}</th>
                <td>${s.action}</td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }

  /** Keeps Tab inside the dialog: from the last focusable to the first and back. */
  private onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Tab') return;
    const focusable = [
      ...this.renderRoot.querySelectorAll<HTMLElement>('dialog button, dialog [tabindex="0"]'),
    ];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    const active = this.shadowRoot?.activeElement;
    if (event.shiftKey && (active === first || !active)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !active)) {
      event.preventDefault();
      first.focus();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-shortcut-overlay': RwShortcutOverlay;
  }
}
