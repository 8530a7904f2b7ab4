import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LibraryFilterEvent } from '../../events.ts';
import type { LibraryFilter, facets } from '../../state/library-query.ts';
import { controlStyles } from '../ui/shared-styles.ts';

type Facets = ReturnType<typeof facets>;

const STATUS_LABELS: Record<string, string> = {
  done: 'Ready',
  failed: 'Failed',
  expired: 'Expired',
  unknown: 'Outcome unknown',
  canceled: 'Canceled',
};

/** Search, filters and sort of the clip library. The choices come from the data (facets). */
@customElement('rw-library-filters')
export class RwLibraryFilters extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: var(--rw-gap-small);
        align-items: end;
      }
      label {
        display: grid;
        gap: 2px;
        font-size: 0.75rem;
        color: var(--rw-text-muted);
      }
      input[type='search'] {
        min-width: 200px;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 4px;
        min-height: 32px;
        font-size: 0.85rem;
        color: var(--rw-text);
      }
    `,
  ];

  @property({ attribute: false }) filter!: LibraryFilter;
  @property({ attribute: false }) facets: Facets = {
    providers: [],
    models: [],
    aspects: [],
    statuses: [],
    tags: [],
  };

  override render() {
    const f = this.filter;
    const all = (label: string, values: readonly string[], names: Record<string, string> = {}) => [
      ['all', label] as [string, string],
      ...values.map((v) => [v, names[v] ?? v] as [string, string]),
    ];
    return html`
      <label
        >Search prompts
        <input
          type="search"
          placeholder="Words in the prompt, model or tags"
          .value=${f.query}
          @input=${(e: Event) => this.change({ query: (e.target as HTMLInputElement).value })}
      /></label>
      ${this.select('Provider', 'provider', all('All providers', this.facets.providers))}
      ${this.select('Model', 'model', all('All models', this.facets.models))}
      ${this.select('Status', 'status', all('Any status', this.facets.statuses, STATUS_LABELS))}
      ${this.select('Aspect', 'aspect', all('Any aspect', this.facets.aspects))}
      ${this.select('Episode', 'segment', [
        ['all', 'All clips'],
        ['in-episode', 'In an episode'],
        ['loose', 'Not in an episode'],
      ])}
      ${this.facets.tags.length ? this.select('Tag', 'tag', all('Any tag', this.facets.tags)) : ''}
      <label class="check"
        ><input
          type="checkbox"
          .checked=${f.favourite}
          @change=${(e: Event) => this.change({ favourite: (e.target as HTMLInputElement).checked })}
        />Favourites only</label
      >
      ${this.select('Sort by', 'sort', [
        ['date', 'Date'],
        ['cost', 'Cost'],
        ['duration', 'Duration'],
      ])}
      <button
        aria-label=${f.descending ? 'Sort descending (click for ascending)' : 'Sort ascending (click for descending)'}
        @click=${() => this.change({ descending: !f.descending })}
      >
        ${f.descending ? '↓' : '↑'}
      </button>
    `;
  }

  private select(
    label: string,
    key: 'provider' | 'model' | 'status' | 'aspect' | 'segment' | 'tag' | 'sort',
    options: Array<[string, string]>,
  ) {
    const value = String(this.filter[key]);
    return html`<label
      >${label}
      <select @change=${(e: Event) => this.change({ [key]: (e.target as HTMLSelectElement).value })}>
        ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
      </select></label
    >`;
  }

  private change(patch: Partial<LibraryFilter>): void {
    this.dispatchEvent(new LibraryFilterEvent(patch));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-library-filters': RwLibraryFilters;
  }
}
