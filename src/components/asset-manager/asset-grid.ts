import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { AssetRecord } from '../../types.ts';
import './asset-card.ts';
import type { RwAssetCard } from './asset-card.ts';

/** The library grid. Arrow keys move between cards; the page below the fold loads on demand. */
@customElement('rw-asset-grid')
export class RwAssetGrid extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(128px, 1fr));
      gap: var(--rw-gap-small);
    }
  `;

  @property({ attribute: false }) assets: readonly AssetRecord[] = [];
  @property({ attribute: false }) selectedId?: string;
  @property({ attribute: false }) referenceId?: string;
  /** Object URLs of loaded thumbnails by blob id. */
  @property({ attribute: false }) urls: Readonly<Record<string, string>> = {};
  /** Asks for a thumbnail to be loaded (it then arrives through `urls`). */
  @property({ attribute: false }) requestUrl: (blobId: string) => void = () => undefined;

  override render() {
    return html`
      <ul aria-label="Assets" @keydown=${this.onKeyDown}>
        ${repeat(
          this.assets,
          (asset) => asset.id,
          (asset) =>
            html`<li>
              <rw-asset-card
                .asset=${asset}
                .thumbUrl=${this.thumbUrl(asset)}
                ?selected=${asset.id === this.selectedId}
                ?isReference=${asset.id === this.referenceId}
              ></rw-asset-card>
            </li>`,
        )}
      </ul>
    `;
  }

  private thumbUrl(asset: AssetRecord): string | undefined {
    if (!asset.thumbId) return undefined;
    const url = this.urls[asset.thumbId];
    if (!url) this.requestUrl(asset.thumbId);
    return url;
  }

  private onKeyDown(event: KeyboardEvent): void {
    const keys: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1 };
    const cards = [...this.renderRoot.querySelectorAll<RwAssetCard>('rw-asset-card')];
    const index = cards.findIndex((card) => card.matches(':focus-within'));
    if (index < 0) return;
    const columns = this.columns(cards);
    const step =
      keys[event.key] ?? (event.key === 'ArrowDown' ? columns : event.key === 'ArrowUp' ? -columns : 0);
    const target = event.key === 'Home' ? 0 : event.key === 'End' ? cards.length - 1 : index + step;
    if (target === index || (step === 0 && event.key !== 'Home' && event.key !== 'End')) return;
    const card = cards[Math.max(0, Math.min(cards.length - 1, target))];
    if (!card) return;
    event.preventDefault();
    card.focus();
  }

  private columns(cards: readonly RwAssetCard[]): number {
    const top = cards[0]?.getBoundingClientRect().top;
    const sameRow = cards.filter((card) => card.getBoundingClientRect().top === top).length;
    return Math.max(1, sameRow);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-asset-grid': RwAssetGrid;
  }
}
