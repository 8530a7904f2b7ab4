import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { VideoSelectEvent } from '../../events.ts';
import type { VideoRecord } from '../../types.ts';

/** The viewer's recent clips as a grid of thumbnails; picking one fires `video-select`. */
@customElement('rw-clip-strip')
export class RwClipStrip extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    ul {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(64px, 1fr));
      gap: 6px;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    button {
      all: unset;
      cursor: pointer;
      display: block;
      aspect-ratio: 9 / 16;
      background: var(--rw-surface-2);
      border-radius: var(--rw-radius-small);
      overflow: hidden;
      width: 100%;
    }
    button[aria-current='true'] {
      outline: 2px solid var(--rw-accent);
    }
    button:focus-visible {
      outline: 2px solid var(--rw-focus);
    }
    img {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    p {
      font-size: 0.75rem;
      color: var(--rw-text-muted);
    }
  `;

  @property({ attribute: false }) videos: readonly VideoRecord[] = [];
  @property({ attribute: false }) selectedId?: string;
  /** Object URLs loaded so far, by blob id (a new object whenever one arrives, so the strip re-renders). */
  @property({ attribute: false }) urls: Readonly<Record<string, string>> = {};
  /** Asks for a thumbnail to be loaded (it then arrives through `urls`). */
  @property({ attribute: false }) requestUrl: (blobId: string) => void = () => undefined;

  override render() {
    if (!this.videos.length) return html`<p>No clips yet.</p>`;
    return html`<ul aria-label="Recent clips">
      ${repeat(
        this.videos,
        (v) => v.id,
        (v) => {
          const thumb = v.thumbId ? this.urls[v.thumbId] : undefined;
          if (v.thumbId && !thumb) this.requestUrl(v.thumbId);
          return html`<li>
            <button
              aria-current=${v.id === this.selectedId ? 'true' : 'false'}
              aria-label="Play clip: ${v.prompt}"
              @click=${() => this.dispatchEvent(new VideoSelectEvent({ id: v.id }))}
            >
              ${thumb ? html`<img src=${thumb} alt="" />` : ''}
            </button>
          </li>`;
        },
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-clip-strip': RwClipStrip;
  }
}
