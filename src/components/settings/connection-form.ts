import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ConnectionRemoveEvent, ConnectionSaveEvent, ConnectionTestEvent } from '../../events.ts';
import type { HealthState } from '../../state/app-state.ts';
import type { Connection } from '../../types.ts';
import { controlStyles, wrapRowStyles } from '../ui/shared-styles.ts';
import { connectionNotes, openAiFields } from './connection-fields.ts';
import { hostOf, readConnectionForm } from './connection-save.ts';
import { FAL_QUEUE_BASE, falBaseHint, falHosts } from './fal-help.ts';

const HEALTH_TEXT: Record<HealthState['state'], string> = {
  ok: 'Reachable, key accepted',
  auth: 'Reachable, but the key was rejected',
  cors: 'Blocked: this endpoint does not allow requests from a browser app (CORS)',
  unreachable: 'Unreachable',
};

/** Edits one connection: key (masked, revealed on demand), base URL, auth style, models, concurrency. */
@customElement('rw-connection-form')
export class RwConnectionForm extends LitElement {
  static override styles = [
    controlStyles,
    wrapRowStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 10px;
      }
      label {
        display: grid;
        gap: 4px;
        font-size: 0.85rem;
      }
      .key {
        display: flex;
        gap: 6px;
      }
      .key input {
        flex: 1;
      }
      .note {
        font-size: 0.8rem;
        color: var(--rw-text-muted);
        margin: 0;
      }
      .retired {
        border-left: 3px solid var(--rw-warning);
        padding-left: 8px;
      }
      .health {
        font-size: 0.85rem;
      }
      .health[data-state='ok'] {
        color: var(--rw-success);
      }
      .health:not([data-state='ok']),
      .problem {
        color: var(--rw-danger);
      }
    `,
  ];

  @property({ attribute: false }) connection!: Connection;
  @property({ attribute: false }) health?: HealthState;

  @state() private reveal = false;
  /** Why the last Save was refused (bad base URL). */
  @state() private problem?: string;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('connection')) this.problem = undefined;
  }

  override render() {
    const c = this.connection;
    const remote = c.kind !== 'local';
    return html`
      <form @submit=${this.onSave} aria-label="Connection ${c.label}">
        ${connectionNotes(c)}
        <label>Name <input name="label" required .value=${c.label} /></label>
        ${
          remote
            ? html`
                <label
                  >Base URL
                  <input
                    name="baseUrl"
                    type="url"
                    ?required=${c.kind !== 'fal'}
                    .value=${c.baseUrl ?? ''}
                    placeholder=${c.kind === 'fal' ? FAL_QUEUE_BASE : 'https://your-gateway.example/v1'}
                    aria-describedby=${c.kind === 'fal' ? 'base-hint' : nothing}
                /></label>
                ${c.kind === 'fal' ? falBaseHint() : nothing}
                <label for="key">API key</label>
                <div class="key">
                  <input
                    id="key"
                    name="apiKey"
                    autocomplete="off"
                    spellcheck="false"
                    type=${this.reveal ? 'text' : 'password'}
                    .value=${c.apiKey ?? ''}
                  />
                  <button
                    type="button"
                    aria-pressed=${this.reveal ? 'true' : 'false'}
                    @click=${() => (this.reveal = !this.reveal)}
                  >
                    ${this.reveal ? 'Hide' : 'Reveal'}
                  </button>
                </div>
                <p class="note">
                  Stored only on this device and sent only to
                  ${c.kind === 'fal' ? falHosts(c.baseUrl) : hostOf(c.baseUrl) || 'this endpoint'}.
                </p>
              `
            : nothing
        }
        ${c.kind === 'openai' ? openAiFields(c) : nothing}
        <label
          >Jobs at once
          <input name="concurrency" type="number" min="1" max="8" .value=${String(c.concurrency)} />
        </label>
        <div class="row">
          <button class="primary" type="submit">Save</button>
          ${
            remote
              ? html`<button type="button" @click=${this.onTest}>Test connection</button>
                  <button type="button" class="danger" @click=${this.onRemove}>Remove</button>`
              : nothing
          }
        </div>
        ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
        ${
          this.health
            ? html`<p class="health" role="status" data-state=${this.health.state}>
                ${HEALTH_TEXT[this.health.state]}. ${this.health.detail}
              </p>`
            : nothing
        }
      </form>
    `;
  }

  private onSave(event: SubmitEvent): void {
    event.preventDefault();
    const saved = readConnectionForm(this.connection, new FormData(event.target as HTMLFormElement));
    this.problem = 'problem' in saved ? saved.problem : undefined;
    if ('connection' in saved) this.dispatchEvent(new ConnectionSaveEvent(saved));
  }

  private onTest(): void {
    this.dispatchEvent(new ConnectionTestEvent({ id: this.connection.id }));
  }

  private onRemove(): void {
    if (confirm(`Remove “${this.connection.label}” and its key from this device?`)) {
      this.dispatchEvent(new ConnectionRemoveEvent({ id: this.connection.id }));
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-connection-form': RwConnectionForm;
  }
}
