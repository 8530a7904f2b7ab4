import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PromptRecallEvent, PromptSearchEvent, VideoSelectEvent } from '../../events.ts';
import type { PromptRecord, VideoRecord } from '../../types.ts';
import { formatDate } from '../format.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/** Past prompts, searchable, with use counts and the clips each produced (click a clip to play it). */
@customElement('rw-prompt-list')
export class RwPromptList extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: var(--rw-gap-small);
      }
      input[type='search'] {
        max-width: 420px;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 6px;
      }
      li {
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius-small);
        background: var(--rw-surface);
        padding: 8px;
        display: grid;
        gap: 4px;
      }
      .text {
        white-space: pre-wrap;
        font-size: 0.9rem;
      }
      .meta {
        font-size: 0.75rem;
        color: var(--rw-text-muted);
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
      }
      .clips {
        display: flex;
        gap: 4px;
        flex-wrap: wrap;
      }
      .clips button {
        padding: 0;
        width: 40px;
        height: 56px;
        overflow: hidden;
      }
      .clips img {
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
    `,
  ];

  @property({ attribute: false }) prompts: readonly PromptRecord[] = [];
  @property({ attribute: false }) videos: ReadonlyMap<string, VideoRecord> = new Map();
  @property({ attribute: false }) thumbFor: (video: VideoRecord) => string | undefined = () => undefined;

  override render() {
    return html`
      <input
        type="search"
        aria-label="Search past prompts"
        placeholder="Search past prompts"
        @input=${(e: Event) => this.dispatchEvent(new PromptSearchEvent({ query: (e.target as HTMLInputElement).value }))}
      />
      ${
        this.prompts.length
          ? html`<ul aria-label="Past prompts">
              ${this.prompts.map((p) => this.renderPrompt(p))}
            </ul>`
          : html`<p class="muted">No prompts match.</p>`
      }
    `;
  }

  private renderPrompt(p: PromptRecord) {
    const clips = p.videoIds.map((id) => this.videos.get(id)).filter((v): v is VideoRecord => !!v);
    return html`<li>
      <span class="text">${p.text}</span>
      <span class="meta">
        used ${p.useCount}× · ${clips.length} clip${clips.length === 1 ? '' : 's'} · last
        ${formatDate(p.lastUsed)}
        <button
          @click=${() => this.dispatchEvent(new PromptRecallEvent({ text: p.text }))}
          aria-label="Use prompt: ${p.text.slice(0, 60)}"
        >
          Use prompt
        </button>
      </span>
      ${
        clips.length
          ? html`<span class="clips" role="group" aria-label="Clips from this prompt">
              ${clips.map((v, i) => {
                const thumb = this.thumbFor(v);
                return html`<button
                  aria-label="Play clip ${i + 1} of “${p.text.slice(0, 40)}”"
                  @click=${() => this.dispatchEvent(new VideoSelectEvent({ id: v.id }))}
                >
                  ${thumb ? html`<img src=${thumb} alt="" />` : nothing}
                </button>`;
              })}
            </span>`
          : nothing
      }
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-prompt-list': RwPromptList;
  }
}
