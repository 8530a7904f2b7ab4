import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { modelVerification } from '../../state/catalog.ts';
import {
  CUSTOM_MODEL_TEMPLATE,
  customKey,
  exportCustomModels,
  type CustomModelsChange,
} from '../../state/custom-models.ts';
import { StoreController } from '../../state/store-controller.ts';
import type { ModelSpec } from '../../types.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import { panelStyles } from './panel-styles.ts';

const pretty = (model: ModelSpec): string => JSON.stringify(model, null, 2);

/**
 * Custom models: add, edit, remove, import and export model entries, each validated by the schema of
 * config/models/*.json (a refusal names the field); and the catalog entries that could not be verified.
 */
@customElement('rw-custom-models-panel')
export class RwCustomModelsPanel extends LitElement {
  static override styles = [
    controlStyles,
    panelStyles,
    css`
      textarea {
        font-family: var(--rw-font-mono, monospace);
        font-size: 0.8rem;
        min-height: 220px;
        width: 100%;
        box-sizing: border-box;
      }
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 6px;
      }
      li {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
      }
      .grow {
        flex: 1;
      }
      .error {
        color: var(--rw-danger);
      }
      .actions {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: center;
      }
    `,
  ];

  private readonly app = new StoreController(this);

  @state() private text = '';
  /** The customKey of the entry being edited; undefined while adding a new one. */
  @state() private editing?: string;
  @state() private error = '';
  @state() private message = '';

  override render() {
    const store = this.app.store;
    if (!store) return nothing;
    const custom = store.catalog.custom;
    const unverified = store.catalog.catalogModels.filter((m) => !modelVerification(m).verified);
    return html`
      <section aria-labelledby="custom-title">
        <h3 id="custom-title">Custom models</h3>
        <p class="note">
          A model the catalog does not know yet: its endpoint id, durations, sizes, reference modes, audio and
          price per second, checked by the same schema as the built-in catalog.
        </p>
        ${
          custom.length
            ? html`<ul aria-label="Custom models">
                ${custom.map(
                  (m) =>
                    html`<li>
                      <span class="grow">${m.label} <span class="note">${m.provider} · ${m.id}</span></span>
                      <button @click=${() => this.edit(m)} aria-label="Edit ${m.label}">Edit</button>
                      <button @click=${() => this.onRemove(m)} aria-label="Remove ${m.label}">Remove</button>
                    </li>`,
                )}
              </ul>`
            : html`<p class="note">No custom models yet.</p>`
        }
        <div class="actions">
          <button @click=${this.startNew}>New entry</button>
          <label
            >Import models (JSON file)
            <input type="file" accept="application/json,.json" @change=${this.onImport}
          /></label>
          <button ?disabled=${!custom.length} @click=${this.onExport}>Export models</button>
        </div>
        <label
          >${this.editing ? 'Edit model entry (JSON)' : 'New model entry (JSON)'}
          <textarea
            spellcheck="false"
            .value=${this.text}
            @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </label>
        <div class="actions">
          <button class="primary" ?disabled=${!this.text.trim()} @click=${this.onSave}>
            ${this.editing ? 'Save model' : 'Add model'}
          </button>
          ${this.editing ? html`<button @click=${this.startNew}>Cancel edit</button>` : nothing}
        </div>
        <p role="alert" class="error">${this.error}</p>
        <p role="status" class="note">${this.message}</p>
      </section>
      <section aria-labelledby="unverified-title">
        <h3 id="unverified-title">Unverified catalog entries</h3>
        <ul aria-label="Unverified catalog entries">
          ${unverified.map(
            (m) =>
              html`<li>
                <span class="grow"
                  >${m.label} · unverified <span class="note">${modelVerification(m).reason}</span></span
                >
              </li>`,
          )}
        </ul>
      </section>
    `;
  }

  private startNew(): void {
    this.editing = undefined;
    this.text = pretty(CUSTOM_MODEL_TEMPLATE);
    this.error = '';
  }

  private edit(model: ModelSpec): void {
    this.editing = customKey(model);
    this.text = pretty(model);
    this.error = '';
  }

  private async onSave(): Promise<void> {
    const store = this.app.store;
    if (!store) return;
    const result = await store.connections.saveCustomModel(this.text, this.editing);
    if (result.ok) this.editing = undefined;
    this.report(result);
  }

  private async onRemove(model: ModelSpec): Promise<void> {
    const result = await this.app.store?.connections.removeCustomModel(customKey(model));
    if (result) this.report({ ...result, ...(result.ok ? { message: `Removed ${model.label}.` } : {}) });
  }

  private async onImport(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    const store = this.app.store;
    if (!file || !store) return;
    const result = await store.connections.importCustomModels(await file.text());
    input.value = '';
    this.report(result);
  }

  private onExport(): void {
    const store = this.app.store;
    if (!store) return;
    const blob = new Blob([exportCustomModels(store.catalog.custom)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'reelwright-models.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    this.message = `Exported ${store.catalog.custom.length} model(s).`;
  }

  private report(result: CustomModelsChange): void {
    this.error = result.ok ? '' : `Refused: ${result.message}`;
    this.message = result.ok ? result.message : '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-custom-models-panel': RwCustomModelsPanel;
  }
}
