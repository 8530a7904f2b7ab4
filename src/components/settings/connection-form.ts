import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ConnectionRemoveEvent, ConnectionSaveEvent, ConnectionTestEvent } from '../../events.ts';
import type { HealthState } from '../../state/app-state.ts';
import { IMPORTED_CONNECTION_NOTE } from '../../state/submit-guard.ts';
import type { AuthStyle, Connection, Size } from '../../types.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import { FAL_QUEUE_BASE, falBaseHint, falBaseUrl, falHelp, falHosts } from './fal-help.ts';

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
      .row {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: center;
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
        ${
          c.imported
            ? html`<p class="note problem imported">
                This connection was ${IMPORTED_CONNECTION_NOTE} (${hostOf(c.baseUrl) || 'no host'}). No job
                runs on it until you save it here.
              </p>`
            : nothing
        }
        ${
          c.kind === 'openai'
            ? html`<p class="note retired">
                OpenAI retired its own Sora 2 API on 24 September 2026. This connection speaks the same Sora 2
                (OpenAI Videos) contract to compatible endpoints: gateways such as LiteLLM or new-api, relays,
                and Azure OpenAI v1.
              </p>`
            : nothing
        }
        ${c.kind === 'fal' ? falHelp() : nothing}
        ${
          c.kind === 'local'
            ? html`<p class="note">
                Renders placeholder clips on this device. No key, works offline, not AI.
              </p>`
            : nothing
        }
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
        ${
          c.kind === 'openai'
            ? html`
                <label
                  >Authentication
                  <select name="authStyle" .value=${c.authStyle ?? 'bearer'}>
                    <option value="bearer">Authorization: Bearer (OpenAI, gateways)</option>
                    <option value="api-key">api-key header (Azure OpenAI)</option>
                  </select>
                </label>
                <label
                  >Organization (optional) <input name="organization" .value=${c.organization ?? ''}
                /></label>
                <label>Project (optional) <input name="project" .value=${c.project ?? ''} /></label>
                <label
                  >Model ids (comma-separated; empty for sora-2, sora-2-pro)
                  <input
                    name="models"
                    .value=${(c.models ?? []).join(', ')}
                    placeholder="sora-2, sora-2-pro"
                  />
                </label>
                <label
                  >Sizes this endpoint accepts (comma-separated; empty for the model's own)
                  <input name="sizes" .value=${(c.sizes ?? []).join(', ')} placeholder="720x1280, 1280x720" />
                </label>
                <label
                  >Durations in seconds (comma-separated; empty for the model's own)
                  <input name="durations" .value=${(c.durations ?? []).join(', ')} placeholder="4, 8, 12" />
                </label>
                <label
                  ><input name="sizeAsAspect" type="checkbox" .checked=${c.sizeFormat === 'aspect'} /> Send
                  the size as an aspect ratio ("9:16") instead of pixels ("720x1280")</label
                >
              `
            : nothing
        }
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
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const list = (name: string): string[] =>
      text(name)
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);
    const models = list('models');
    const connection: Connection = {
      ...this.connection,
      label: text('label') || this.connection.label,
      concurrency: Math.max(1, Math.min(8, Number(text('concurrency')) || 1)),
    };
    if (this.connection.kind !== 'local') {
      connection.baseUrl = text('baseUrl').replace(/\/+$/, '');
      connection.apiKey = text('apiKey') || undefined;
    }
    if (this.connection.kind === 'fal') {
      const base = falBaseUrl(text('baseUrl'));
      this.problem = 'problem' in base ? base.problem : undefined;
      if ('problem' in base) return;
      connection.baseUrl = base.url;
    }
    if (this.connection.kind === 'openai') {
      connection.authStyle = (text('authStyle') || 'bearer') as AuthStyle;
      connection.organization = text('organization') || undefined;
      connection.project = text('project') || undefined;
      connection.models = models.length ? models : undefined;
      const sizes = list('sizes').filter((v) => /^\d+x\d+$/.test(v)) as Size[];
      const durations = list('durations')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0);
      connection.sizes = sizes.length ? sizes : undefined;
      connection.durations = durations.length ? durations : undefined;
      connection.sizeFormat = data.get('sizeAsAspect') ? 'aspect' : undefined;
    }
    this.dispatchEvent(new ConnectionSaveEvent({ connection }));
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

const hostOf = (url?: string): string => {
  try {
    return url ? new URL(url).host : '';
  } catch {
    return '';
  }
};

declare global {
  interface HTMLElementTagNameMap {
    'rw-connection-form': RwConnectionForm;
  }
}
