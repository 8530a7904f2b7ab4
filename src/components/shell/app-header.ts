import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SettingsOpenEvent, ShortcutsOpenEvent, ViewChangeEvent } from '../../events.ts';
import type { CenterView } from '../../state/app-state.ts';
import type { StorageInfo } from '../../state/ports.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import '../ui/storage-meter.ts';

/** Centre views offered in the header, in order. */
const CENTER_VIEWS: ReadonlyArray<[CenterView, string]> = [
  ['viewer', 'Studio'],
  ['library', 'Library'],
  ['episodes', 'Episodes'],
];

/** The app's header: its name, the connection status, the view switcher, storage, shortcuts and settings. */
@customElement('rw-app-header')
export class RwAppHeader extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--rw-gap);
        padding: 6px var(--rw-gap);
        border-bottom: 1px solid var(--rw-border);
        background: var(--rw-surface);
      }
      h1 {
        font-size: 1.05rem;
        margin: 0;
        letter-spacing: 0.02em;
      }
      .spacer {
        flex: 1;
      }
      .views {
        display: flex;
        gap: 4px;
      }
      .views button[aria-current='page'] {
        border-color: var(--rw-accent);
        font-weight: 600;
      }
      .status {
        font-size: 0.8rem;
        padding: 2px 8px;
        border-radius: 999px;
        background: var(--rw-surface-2);
      }
      .status.offline {
        color: var(--rw-warning);
      }
      /* Phones and portrait tablets: the storage meter lives in the settings dialog only. */
      @media (max-width: 900px) {
        rw-storage-meter {
          display: none;
        }
      }
      /* Phones: a compact header, the views as one full-width row; the shortcut list stays on "?". */
      @media (max-width: 480px) {
        header {
          gap: var(--rw-gap-small);
          padding: 4px var(--rw-gap-small);
        }
        .views {
          order: 1;
          flex-basis: 100%;
        }
        .views button {
          flex: 1;
        }
        .shortcuts {
          display: none;
        }
      }
    `,
  ];

  @property({ attribute: false }) online = true;
  @property() view: CenterView = 'viewer';
  @property({ attribute: false }) storage?: StorageInfo;

  override render() {
    return html`
      <header>
        <h1>Reelwright</h1>
        <span class="status ${this.online ? '' : 'offline'}" role="status">
          ${this.online ? 'Online' : 'Offline — your library still works'}
        </span>
        <nav aria-label="Views" class="views">
          ${CENTER_VIEWS.map(
            ([view, label]) =>
              html`<button
                aria-current=${this.view === view ? 'page' : 'false'}
                @click=${() => this.dispatchEvent(new ViewChangeEvent({ view }))}
              >
                ${label}
              </button>`,
          )}
        </nav>
        <span class="spacer"></span>
        <rw-storage-meter .storage=${this.storage}></rw-storage-meter>
        <button
          class="shortcuts"
          aria-haspopup="dialog"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          @click=${() => this.dispatchEvent(new ShortcutsOpenEvent({}))}
        >
          ?
        </button>
        <button @click=${() => this.dispatchEvent(new SettingsOpenEvent({}))} aria-haspopup="dialog">
          Providers &amp; keys
        </button>
      </header>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-app-header': RwAppHeader;
  }
}
