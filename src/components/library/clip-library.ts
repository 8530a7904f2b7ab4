import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { PromptSearchEvent } from '../../events.ts';
import { facets, type LibraryItem } from '../../state/library-query.ts';
import { StoreController } from '../store-controller.ts';
import type { VideoRecord } from '../../types.ts';
import { formatCost } from '../format.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import './clip-row.ts';
import './compare-view.ts';
import './library-actions.ts';
import './library-filters.ts';
import { LibraryIntentsController } from './library-intents-controller.ts';
import './prompt-list.ts';
import './spend-panel.ts';
import './virtual-list.ts';

type Tab = 'clips' | 'prompts' | 'spend';
const TABS: ReadonlyArray<[Tab, string]> = [
  ['clips', 'Clips'],
  ['prompts', 'Prompts'],
  ['spend', 'Spend'],
];

/** The centre library view: every clip and failed job (virtualised), past prompts, and spend. */
@customElement('rw-clip-library')
export class RwClipLibrary extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        grid-template-rows: auto auto auto minmax(0, 1fr);
        gap: var(--rw-gap-small);
        padding: var(--rw-gap);
        min-height: 0;
        overflow: hidden;
      }
      .top {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--rw-gap);
      }
      h2 {
        margin: 0;
        font-size: 1rem;
      }
      [role='tablist'] {
        display: flex;
        gap: 4px;
      }
      [role='tab'][aria-selected='true'] {
        border-color: var(--rw-accent);
        font-weight: 600;
      }
      .spend {
        margin-left: auto;
        font-size: 0.85rem;
      }
      .spend[data-over] {
        color: var(--rw-danger);
      }
      rw-virtual-list,
      .panel {
        min-height: 0;
        overflow: auto;
      }
      .empty {
        color: var(--rw-text-muted);
        padding: 24px;
        text-align: center;
      }
    `,
  ];

  private readonly app = new StoreController(this);
  /** Bulk and row actions become store actions or changes to the selection and comparison. */
  protected readonly intents = new LibraryIntentsController(this, () => this.app.store, {
    select: (ids) => (this.selected = new Set(ids)),
    deselect: (ids) => (this.selected = new Set([...this.selected].filter((id) => !ids.includes(id)))),
    compare: (ids) => (this.comparing = ids),
  });

  @state() private tab: Tab = 'clips';
  @state() private selected: ReadonlySet<string> = new Set();
  @state() private grid = false;
  @state() private comparing?: string[];
  private painted = false;
  private byIdMemo?: { videos: readonly VideoRecord[]; map: Map<string, VideoRecord> };
  private idsMemo?: { results: readonly LibraryItem[]; ids: string[] };
  private facetsMemo?: { items: readonly LibraryItem[]; facets: ReturnType<typeof facets> };

  override render() {
    const store = this.app.store;
    const state = this.app.state;
    if (!store || !state) return nothing;
    const cap = state.budget.dailyCap;
    const today = store.library.todaySpent;
    return html`
      <div class="top">
        <h2>Library</h2>
        <div role="tablist" aria-label="Library sections">
          ${TABS.map(
            ([tab, label]) =>
              html`<button
                role="tab"
                id="tab-${tab}"
                aria-selected=${this.tab === tab ? 'true' : 'false'}
                aria-controls="section-${tab}"
                @click=${() => (this.tab = tab)}
              >
                ${label}
              </button>`,
          )}
        </div>
        <span class="spend" role="status" ?data-over=${!!cap && today >= cap}>
          Today: ${formatCost(today)}${cap ? ` of ${formatCost(cap)} daily budget` : ' · no daily budget'}
        </span>
      </div>
      ${this.tab === 'clips' ? this.renderClips() : this.renderOther(this.tab)}
    `;
  }

  private renderClips() {
    const store = this.app.store!;
    const state = this.app.state!;
    const results = store.library.libraryResults;
    if (this.idsMemo?.results !== results) this.idsMemo = { results, ids: results.map((r) => r.id) };
    if (this.facetsMemo?.items !== store.library.libraryItems) {
      this.facetsMemo = { items: store.library.libraryItems, facets: facets(store.library.libraryItems) };
    }
    const ids = this.idsMemo.ids;
    const chosen = ids.filter((id) => this.selected.has(id));
    const byId = this.videosById(state.videos);
    const clips = chosen.map((id) => byId.get(id)).filter((v): v is VideoRecord => !!v);
    return html`
      <rw-library-filters
        .filter=${state.libraryFilter}
        .facets=${this.facetsMemo.facets}
      ></rw-library-filters>
      <div class="top">
        <rw-library-actions
          .ids=${chosen}
          .clips=${clips.length}
          .remote=${clips.filter((v) => store.library.canDeleteRemote(v)).length}
          ?allFavourite=${clips.length > 0 && clips.every((v) => v.favourite)}
        ></rw-library-actions>
        <span>${results.length} of ${store.library.libraryItems.length}</span>
        <button aria-pressed=${this.grid ? 'true' : 'false'} @click=${() => (this.grid = !this.grid)}>
          Grid view
        </button>
      </div>
      ${
        this.comparing
          ? html`<rw-compare-view
              id="section-clips"
              .clips=${this.comparing.map((id) => ({ video: byId.get(id)!, url: store.urls.get(byId.get(id)?.blobId) }))}
              @compare-close=${() => (this.comparing = undefined)}
            ></rw-compare-view>`
          : results.length
            ? html`<rw-virtual-list
                id="section-clips"
                label="Clips"
                .ids=${ids}
                .selected=${this.selected}
                .rowHeight=${this.grid ? 120 : 84}
                .minColumnWidth=${this.grid ? 300 : 0}
                .renderItem=${(index: number, selected: boolean) => this.renderRow(results[index]!, selected, byId)}
              ></rw-virtual-list>`
            : html`<p class="empty" id="section-clips">
                ${store.library.libraryItems.length ? 'No clips match these filters.' : 'No clips yet. Generate one from the prompt bar.'}
              </p>`
      }
    `;
  }

  private renderRow(item: LibraryItem, selected: boolean, byId: Map<string, VideoRecord>) {
    const parent = item.remixOf ? byId.get(item.remixOf) : undefined;
    const lineage = item.remixOf
      ? `Remix of “${(parent?.prompt ?? 'a deleted clip').slice(0, 32)}”`
      : undefined;
    return html`<rw-clip-row
      .item=${item}
      .thumbUrl=${this.app.store?.urls.get(item.thumbId)}
      .lineage=${lineage}
      ?selected=${selected}
    ></rw-clip-row>`;
  }

  private renderOther(tab: Tab) {
    const store = this.app.store!;
    const state = this.app.state!;
    return html`<div class="panel" id="section-${tab}" role="tabpanel" aria-labelledby="tab-${tab}">
      ${
        tab === 'prompts'
          ? html`<rw-prompt-list
              .prompts=${state.prompts}
              .videos=${this.videosById(state.videos)}
              .thumbFor=${(v: VideoRecord) => store.urls.get(v.thumbId)}
              @prompt-search=${(e: PromptSearchEvent) => void store.generation.searchPrompts(e.detail.query)}
            ></rw-prompt-list>`
          : html`<rw-spend-panel
              .summary=${store.library.spendSummary}
              .today=${store.library.todaySpent}
              .budget=${state.budget}
              .projects=${state.projects}
            ></rw-spend-panel>`
      }
    </div>`;
  }

  protected override updated(): void {
    // For the benchmark: when the first screen of a non-empty clip library has been painted.
    if (!this.painted && this.tab === 'clips' && this.app.store?.library.libraryResults.length) {
      this.painted = true;
      requestAnimationFrame(() => performance.mark('rw:clip-library-painted'));
    }
  }

  private videosById(videos: readonly VideoRecord[]): Map<string, VideoRecord> {
    if (this.byIdMemo?.videos !== videos)
      this.byIdMemo = { videos, map: new Map(videos.map((v) => [v.id, v])) };
    return this.byIdMemo.map;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-clip-library': RwClipLibrary;
  }
}
