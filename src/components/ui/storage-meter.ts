import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { StorageInfo } from '../../state/ports.ts';
import { formatBytes } from '../format.ts';

/** How much of the device's space the studio uses, and whether the browser may evict it. */
@customElement('rw-storage-meter')
export class RwStorageMeter extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font-size: 0.8rem;
      color: var(--rw-text-muted);
    }
    meter {
      width: 80px;
    }
  `;

  @property({ attribute: false }) storage?: StorageInfo;

  override render() {
    const s = this.storage;
    if (!s || !s.quota) return nothing;
    const label = `Storage: ${formatBytes(s.usage)} of ${formatBytes(s.quota)} used${s.persisted ? ', persistent' : ', may be cleared by the browser when space runs low'}`;
    return html`<meter min="0" max=${s.quota} .value=${s.usage} aria-label=${label} title=${label}></meter>
      <span>${formatBytes(s.usage)} used${s.persisted ? ' · kept' : ''}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-storage-meter': RwStorageMeter;
  }
}
