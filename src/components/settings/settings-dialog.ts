import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { HealthState } from '../../state/app-state.ts';
import type { ModelCatalog } from '../../state/catalog.ts';
import type { Connection, ProviderKind } from '../../types.ts';
import { controlStyles, dialogStyles } from '../ui/shared-styles.ts';
import './connection-form.ts';
import './backup-panel.ts';
import './key-lock-panel.ts';
import './storage-panel.ts';
import './custom-models-panel.ts';

/** The dialog's sections: providers (connections), backup, storage, key lock. */
export type SettingsTab = 'providers' | 'models' | 'backup' | 'storage' | 'keys';
const TABS: ReadonlyArray<[SettingsTab, string]> = [
  ['providers', 'Providers'],
  ['models', 'Models'],
  ['backup', 'Backup'],
  ['storage', 'Storage'],
  ['keys', 'Key lock'],
];

const NEW_CONNECTION: Record<Exclude<ProviderKind, 'local'>, Omit<Connection, 'id'>> = {
  openai: {
    kind: 'openai',
    label: 'Sora 2 compatible endpoint',
    baseUrl: '',
    authStyle: 'bearer',
    concurrency: 2,
  },
  fal: { kind: 'fal', label: 'fal.ai', baseUrl: 'https://queue.fal.run', concurrency: 2 },
};

/** Providers & keys: the list of connections and the form for the chosen one. */
@customElement('rw-settings-dialog')
export class RwSettingsDialog extends LitElement {
  static override styles = [
    controlStyles,
    dialogStyles,
    css`
      dialog {
        width: min(720px, 96vw);
      }
      .layout {
        display: grid;
        grid-template-columns: 200px 1fr;
        min-height: 360px;
      }
      nav {
        border-right: 1px solid var(--rw-border);
        padding: 12px;
        display: grid;
        gap: 6px;
        align-content: start;
      }
      nav button[aria-current='true'] {
        border-color: var(--rw-accent);
        font-weight: 600;
      }
      main {
        padding: 12px 16px;
        overflow: auto;
      }
      [role='tablist'] {
        display: flex;
        /* Wraps on a phone rather than pushing the last tabs off the dialog's edge. */
        flex-wrap: wrap;
        gap: 6px;
        padding: 8px 16px 0;
        border-bottom: 1px solid var(--rw-border);
      }
      [role='tab'][aria-selected='true'] {
        border-color: var(--rw-accent);
        font-weight: 600;
      }
      .panel {
        padding: 12px 16px;
        max-height: 70vh;
        overflow: auto;
      }
      .add {
        margin-top: 12px;
        font-size: 0.8rem;
        color: var(--rw-text-muted);
      }
      @media (max-width: 600px) {
        .layout {
          grid-template-columns: 1fr;
        }
        nav {
          border-right: none;
          border-bottom: 1px solid var(--rw-border);
        }
      }
    `,
  ];

  @property({ attribute: false }) connections: readonly Connection[] = [];
  @property({ attribute: false }) health: Readonly<Record<string, HealthState>> = {};
  @property({ attribute: false }) catalog?: ModelCatalog;

  @state() private selectedId?: string;
  @state() private draft?: Connection;
  @state() private tab: SettingsTab = 'providers';
  @query('dialog') private dialog?: HTMLDialogElement;

  open(connectionId?: string, tab: SettingsTab = 'providers'): void {
    this.tab = tab;
    this.selectedId = connectionId ?? this.connections.at(-1)?.id;
    this.draft = undefined;
    this.dialog?.showModal();
  }

  close(): void {
    this.dialog?.close();
  }

  override render() {
    const selected = this.draft ?? this.connections.find((c) => c.id === this.selectedId);
    return html`
      <dialog
        aria-labelledby="settings-title"
        @connection-save=${this.onSaved}
        @connection-remove=${this.onRemoved}
      >
        <header class="dialog-head">
          <h2 id="settings-title">Settings</h2>
          <button class="icon" aria-label="Close" @click=${this.close}>✕</button>
        </header>
        <div role="tablist" aria-label="Settings sections">
          ${TABS.map(
            ([tab, label]) =>
              html`<button
                role="tab"
                id="settings-tab-${tab}"
                aria-selected=${this.tab === tab ? 'true' : 'false'}
                aria-controls="settings-panel"
                @click=${() => (this.tab = tab)}
              >
                ${label}
              </button>`,
          )}
        </div>
        ${this.tab === 'providers' ? this.renderProviders(selected) : this.renderPanel(this.tab)}
      </dialog>
    `;
  }

  private renderPanel(tab: Exclude<SettingsTab, 'providers'>) {
    return html`<div class="panel" id="settings-panel" role="tabpanel" aria-labelledby="settings-tab-${tab}">
      ${tab === 'backup' ? html`<rw-backup-panel></rw-backup-panel>` : nothing}
      ${tab === 'storage' ? html`<rw-storage-panel></rw-storage-panel>` : nothing}
      ${tab === 'keys' ? html`<rw-key-lock-panel></rw-key-lock-panel>` : nothing}
      ${tab === 'models' ? html`<rw-custom-models-panel></rw-custom-models-panel>` : nothing}
    </div>`;
  }

  private renderProviders(selected: Connection | undefined) {
    return html`
      <div class="layout" id="settings-panel" role="tabpanel" aria-labelledby="settings-tab-providers">
        <nav aria-label="Connections">
          ${this.connections.map(
            (c) =>
              html`<button
                aria-current=${c.id === selected?.id ? 'true' : 'false'}
                @click=${() => ((this.selectedId = c.id), (this.draft = undefined))}
              >
                ${c.label}${c.imported ? ' (imported)' : ''}
              </button>`,
          )}
          <div class="add">Add a connection</div>
          <button @click=${() => this.add('openai')}>+ Sora 2 / OpenAI-compatible</button>
          <button @click=${() => this.add('fal')}>+ fal.ai</button>
        </nav>
        <main>
          ${
            selected
              ? html`<rw-connection-form
                  .connection=${selected}
                  .health=${this.health[selected.id]}
                ></rw-connection-form>`
              : nothing
          }
        </main>
      </div>
    `;
  }

  private add(kind: Exclude<ProviderKind, 'local'>): void {
    this.draft = { ...NEW_CONNECTION[kind], id: `${kind}-${crypto.randomUUID().slice(0, 8)}` };
  }

  private onSaved(event: Event & { detail: { connection: Connection } }): void {
    this.selectedId = event.detail.connection.id;
    this.draft = undefined;
  }

  private onRemoved(): void {
    this.selectedId = this.connections[0]?.id;
    this.draft = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-settings-dialog': RwSettingsDialog;
  }
}
