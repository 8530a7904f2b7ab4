import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { LibraryOpenEvent, LibrarySelectEvent } from '../../events.ts';
import { nextSelection, type SelectMode } from '../../state/library-query.ts';

const OVERSCAN_ROWS = 3;

/**
 * A multi-select listbox that renders only the rows in view (1,000+ items scroll without jank). Rows have
 * a fixed height; with `minColumnWidth` the rows hold as many columns as fit (a grid), else one (a list).
 * Arrow keys move (and select), Shift extends, Ctrl/⌘ moves without selecting, Space toggles, Enter opens.
 */
@customElement('rw-virtual-list')
export class RwVirtualList extends LitElement {
  static override styles = css`
    :host {
      display: block;
      min-height: 0;
      position: relative;
    }
    .scroller {
      height: 100%;
      overflow-y: auto;
      overflow-x: hidden;
      contain: strict;
    }
    .scroller:focus-visible {
      outline: 2px solid var(--rw-focus);
      outline-offset: -2px;
    }
    .space {
      position: relative;
    }
    [role='option'] {
      position: absolute;
      box-sizing: border-box;
      padding: 3px;
      outline: none;
    }
    [role='option']:focus-visible > * {
      outline: 2px solid var(--rw-focus);
      outline-offset: -1px;
    }
  `;

  @property({ attribute: false }) ids: readonly string[] = [];
  @property({ attribute: false }) renderItem!: (index: number, selected: boolean) => TemplateResult;
  @property({ attribute: false }) selected: ReadonlySet<string> = new Set();
  @property({ type: Number }) rowHeight = 96;
  @property({ type: Number }) minColumnWidth = 0;
  @property() label = '';

  @state() private offset = 0;
  @state() private viewport = { width: 0, height: 0 };
  @state() private active = 0;
  private anchor?: string;
  private firstRendered = 0;
  private focusAfterRender = false;
  private readonly resize = new ResizeObserver(([entry]) => {
    if (entry) this.viewport = { width: entry.contentRect.width, height: entry.contentRect.height };
  });
  @query('.scroller') private scroller!: HTMLElement;

  get columns(): number {
    return this.minColumnWidth ? Math.max(1, Math.floor(this.viewport.width / this.minColumnWidth)) : 1;
  }

  override firstUpdated(): void {
    this.resize.observe(this.scroller);
    const rect = this.scroller.getBoundingClientRect();
    this.viewport = { width: rect.width, height: rect.height };
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    super.disconnectedCallback();
  }

  override render() {
    const columns = this.columns;
    const rows = Math.ceil(this.ids.length / columns);
    const height = this.viewport.height || 600;
    const first = Math.max(0, Math.floor(this.offset / this.rowHeight) - OVERSCAN_ROWS);
    const last = Math.min(rows, Math.ceil((this.offset + height) / this.rowHeight) + OVERSCAN_ROWS);
    const active = Math.min(this.active, Math.max(0, this.ids.length - 1));
    const width = 100 / columns;
    const indexes: number[] = [];
    this.firstRendered = first * columns;
    const activeRendered = active >= first * columns && active < last * columns;
    for (let index = first * columns; index < Math.min(this.ids.length, last * columns); index += 1)
      indexes.push(index);
    // Keyed by id: rows that stay in view keep their element (and its decoded thumbnail) while scrolling.
    const options = repeat(
      indexes,
      (index) => this.ids[index],
      (index) => {
        const selected = this.selected.has(this.ids[index]!);
        const top = Math.floor(index / columns) * this.rowHeight;
        return html`<div
          role="option"
          id="opt-${index}"
          data-index=${index}
          aria-selected=${selected ? 'true' : 'false'}
          aria-posinset=${index + 1}
          aria-setsize=${this.ids.length}
          tabindex=${index === active ? '0' : '-1'}
          style="top:${top}px;left:${(index % columns) * width}%;width:${width}%;height:${this.rowHeight}px"
          @click=${this.onClick}
          @dblclick=${this.onDblClick}
        >
          ${this.renderItem(index, selected)}
        </div>`;
      },
    );
    return html`<div
      class="scroller"
      role="listbox"
      aria-label=${this.label}
      aria-multiselectable="true"
      tabindex=${activeRendered ? '-1' : '0'}
      @focus=${this.onFocus}
      @scroll=${this.onScroll}
      @keydown=${this.onKeyDown}
    >
      <div class="space" style="height:${rows * this.rowHeight}px">${options}</div>
    </div>`;
  }

  override updated(): void {
    if (!this.focusAfterRender) return;
    this.focusAfterRender = false;
    this.renderRoot.querySelector<HTMLElement>(`#opt-${this.active}`)?.focus({ preventScroll: true });
  }

  /** The scrolling element (the benchmark scrolls it programmatically). */
  get scrollElement(): HTMLElement {
    return this.scroller;
  }

  /** Tabbing onto the list while its active row is scrolled away focuses the first row in view. */
  private readonly onFocus = (event: FocusEvent): void => {
    if (event.target !== this.scroller || !this.ids.length) return;
    const rowStart = Math.ceil(this.scroller.scrollTop / this.rowHeight) * this.columns;
    this.active = Math.min(this.ids.length - 1, Math.max(this.firstRendered, rowStart));
    this.focusAfterRender = true;
  };

  private readonly onScroll = (): void => {
    this.offset = this.scroller.scrollTop;
  };

  private readonly onDblClick = (event: MouseEvent): void => {
    const id = this.ids[Number((event.currentTarget as HTMLElement).dataset.index)];
    if (id) this.dispatchEvent(new LibraryOpenEvent({ id }));
  };

  private readonly onClick = (event: MouseEvent): void => {
    const index = Number((event.currentTarget as HTMLElement).dataset.index);
    const mode: SelectMode = event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'only';
    this.active = index;
    this.select(index, mode);
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const count = this.ids.length;
    if (!count) return;
    const columns = this.columns;
    const page = Math.max(1, Math.floor((this.viewport.height || 600) / this.rowHeight)) * columns;
    const moves: Record<string, number> = {
      ArrowDown: columns,
      ArrowUp: -columns,
      ArrowRight: 1,
      ArrowLeft: -1,
      PageDown: page,
      PageUp: -page,
      Home: -count,
      End: count,
    };
    const id = this.ids[this.active];
    if (event.key in moves) {
      event.preventDefault();
      this.moveTo(Math.max(0, Math.min(count - 1, this.active + moves[event.key]!)));
      const mode: SelectMode | undefined = event.shiftKey
        ? 'range'
        : event.ctrlKey || event.metaKey
          ? undefined
          : 'only';
      if (mode) this.select(this.active, mode);
    } else if (event.key === ' ' && id) {
      event.preventDefault();
      this.select(this.active, 'toggle');
    } else if (event.key === 'Enter' && id) {
      event.preventDefault();
      this.dispatchEvent(new LibraryOpenEvent({ id }));
    } else if (event.key.toLowerCase() === 'a' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.dispatchEvent(new LibrarySelectEvent({ ids: [...this.ids], anchor: this.anchor }));
    }
  };

  private moveTo(index: number): void {
    this.active = index;
    const top = Math.floor(index / this.columns) * this.rowHeight;
    const height = this.viewport.height || 600;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + this.rowHeight > this.scroller.scrollTop + height)
      this.scroller.scrollTop = top + this.rowHeight - height;
    this.offset = this.scroller.scrollTop;
    this.focusAfterRender = true;
  }

  private select(index: number, mode: SelectMode): void {
    const id = this.ids[index];
    if (!id) return;
    const next = nextSelection(this.selected, this.ids, id, mode, this.anchor);
    if (mode !== 'range') this.anchor = id;
    this.dispatchEvent(new LibrarySelectEvent({ ids: [...next], anchor: this.anchor }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-virtual-list': RwVirtualList;
  }
}
