import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { HealthState } from '../../state/app-state.ts';
import type { ModelCatalog } from '../../state/catalog.ts';
import type { Connection, ProviderKind } from '../../types.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import './connection-form.ts';

const NEW_CONNECTION: Record<Exclude<ProviderKind, 'local'>, Omit<Connection, 'id'>> = {
  openai: { kind: 'openai', label: 'Sora 2 compatible endpoint', baseUrl: '', authStyle: 'bearer', concurrency: 2 },
  fal: { kind: 'fal', label: 'fal.ai', baseUrl: 'https://queue.fal.run', concurrency: 2 },
};

/** Providers & keys: the list of connections and the form for the chosen one. */
@customElement('rw-settings-dialog')
export class RwSettingsDialog extends LitElement {
  static override styles = [
    controlStyles,
    css`
      dialog {
        width: min(720px, 96vw);
        max-height: 90vh;
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius);
        background: var(--rw-surface);
        color: var(--rw-text);
        padding: 0;
      }
      dialog::backdrop {
        background: var(--rw-overlay);
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
      header {
        display: flex;
        justify-content: space-between;
        align-items: center;
        padding: 10px 16px;
        border-bottom: 1px solid var(--rw-border);
      }
      h2 {
        margin: 0;
        font-size: 1rem;
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
  @query('dialog') private dialog?: HTMLDialogElement;

  open(connectionId?: string): void {
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
      <dialog aria-labelledby="settings-title" @connection-save=${this.onSaved} @connection-remove=${this.onRemoved}>
        <header>
          <h2 id="settings-title">Providers &amp; keys</h2>
          <button class="icon" aria-label="Close" @click=${this.close}>✕</button>
        </header>
        <div class="layout">
          <nav aria-label="Connections">
            ${this.connections.map(
              (c) => html`<button
                aria-current=${c.id === selected?.id ? 'true' : 'false'}
                @click=${() => ((this.selectedId = c.id), (this.draft = undefined))}
              >
                ${c.label}
              </button>`,
            )}
            <div class="add">Add a connection</div>
            <button @click=${() => this.add('openai')}>+ Sora 2 / OpenAI-compatible</button>
            <button @click=${() => this.add('fal')}>+ fal.ai</button>
          </nav>
          <main>
            ${selected
              ? html`<rw-connection-form .connection=${selected} .health=${this.health[selected.id]}></rw-connection-form>`
              : nothing}
          </main>
        </div>
      </dialog>
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
