import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { FilesAddEvent, FilterChangeEvent } from '../../events.ts';
import type { AppState } from '../../state/app-state.ts';
import { ASSET_KINDS } from '../../types.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/** The asset pane's head: how many are stored, Add files…, the kind filter, name search, import progress. */
@customElement('rw-asset-toolbar')
export class RwAssetToolbar extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: var(--rw-gap-small);
        padding: var(--rw-gap);
        border-bottom: 1px solid var(--rw-border);
      }
      .row {
        display: flex;
        gap: var(--rw-gap-small);
      }
      .row > input[type='search'] {
        flex: 1;
        min-width: 0;
      }
      h2 {
        margin: 0;
        font-size: 0.95rem;
        display: flex;
        justify-content: space-between;
        align-items: baseline;
      }
      .count {
        font-weight: normal;
        font-size: 0.8rem;
        color: var(--rw-text-muted);
      }
      progress {
        width: 100%;
      }
    `,
  ];

  @property({ type: Number }) count = 0;
  @property({ attribute: false }) filter: AppState['assetFilter'] = { kind: 'all', query: '' };
  @property({ attribute: false }) importing?: AppState['importing'];

  @query('input[type="file"]') private picker?: HTMLInputElement;

  override render() {
    const { filter, importing } = this;
    return html`
      <h2>Assets <span class="count">${this.count} stored</span></h2>
      <div class="row">
        <button class="primary" @click=${() => this.picker?.click()}>Add files…</button>
        <input
          type="file"
          multiple
          hidden
          aria-label="Choose files to add"
          accept="image/*,video/*,audio/*,.mov,.m4a"
          @change=${this.onPick}
        />
        <label class="visually-hidden" for="kind">Show</label>
        <select
          id="kind"
          .value=${filter.kind}
          @change=${(e: Event) => this.change({ kind: (e.target as HTMLSelectElement).value as never })}
        >
          <option value="all">All kinds</option>
          ${ASSET_KINDS.map((kind) => html`<option value=${kind}>${kind[0]!.toUpperCase()}${kind.slice(1)}s</option>`)}
        </select>
      </div>
      <div class="row">
        <input
          type="search"
          aria-label="Search assets by name"
          placeholder="Search by name"
          .value=${filter.query}
          @input=${(e: Event) => this.change({ query: (e.target as HTMLInputElement).value })}
        />
      </div>
      ${
        importing
          ? html`<div role="status">
              <label for="import-progress">Adding ${importing.done} of ${importing.total} files…</label>
              <progress id="import-progress" max=${importing.total} .value=${importing.done}></progress>
            </div>`
          : nothing
      }
    `;
  }

  private change(patch: FilterChangeEvent['detail']): void {
    this.dispatchEvent(new FilterChangeEvent(patch));
  }

  private onPick(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) this.dispatchEvent(new FilesAddEvent({ files }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-asset-toolbar': RwAssetToolbar;
  }
}
