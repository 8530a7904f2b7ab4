import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import {
  ClipTagsEvent,
  ClipsAddToEpisodeEvent,
  ClipsFavouriteEvent,
  VideoDeleteEvent,
  VideoLastFrameEvent,
  VideoReuseEvent,
} from '../../events.ts';
import { parseTags } from '../../state/library-query.ts';
import type { VideoRecord } from '../../types.ts';
import { clipFileName, formatBytes, formatCost, formatDate, formatDuration } from '../format.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/** A clip's facts (read from the file, plus the request) and what can be done with it. */
@customElement('rw-clip-details')
export class RwClipDetails extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        font-size: 0.85rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin-bottom: 8px;
      }
      a.button {
        text-decoration: none;
        display: inline-flex;
        align-items: center;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 2px 12px;
        margin: 0;
      }
      dt {
        color: var(--rw-text-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .badge {
        display: inline-block;
        font-size: 0.75rem;
        padding: 1px 6px;
        border-radius: 999px;
        background: var(--rw-surface-2);
        border: 1px solid var(--rw-border);
      }
    `,
  ];

  @property({ attribute: false }) video!: VideoRecord;
  @property({ attribute: false }) url?: string;
  @property({ type: Boolean }) canRemix = false;
  /** The provider keeps a copy and offers deleting it. */
  @property({ type: Boolean }) canDeleteRemote = false;
  @property() referenceName?: string;
  @property() remixOfPrompt?: string;

  override render() {
    const v = this.video;
    return html`
      <div class="actions">
        ${
          this.url
            ? html`<a class="button" href=${this.url} download=${clipFileName(v.prompt, v.size, v.created)}
                >Download</a
              >`
            : nothing
        }
        <button @click=${() => this.dispatchEvent(new VideoReuseEvent({ id: v.id, remix: false }))}>
          Reuse prompt &amp; settings
        </button>
        ${
          this.canRemix
            ? html`<button @click=${() => this.dispatchEvent(new VideoReuseEvent({ id: v.id, remix: true }))}>
                Remix…
              </button>`
            : nothing
        }
        <button @click=${() => this.dispatchEvent(new VideoLastFrameEvent({ id: v.id }))}>
          Use last frame as reference
        </button>
        <button
          aria-pressed=${v.favourite ? 'true' : 'false'}
          @click=${() => this.dispatchEvent(new ClipsFavouriteEvent({ ids: [v.id], favourite: !v.favourite }))}
        >
          ★ Favourite
        </button>
        <button @click=${() => this.dispatchEvent(new ClipsAddToEpisodeEvent({ ids: [v.id] }))}>
          Add to episode…
        </button>
        <button
          class="danger"
          @click=${() => this.dispatchEvent(new VideoDeleteEvent({ id: v.id, remote: false }))}
        >
          Delete from this device
        </button>
        ${
          this.canDeleteRemote
            ? html`<button
                class="danger"
                @click=${() => this.dispatchEvent(new VideoDeleteEvent({ id: v.id, remote: true }))}
              >
                Delete here and at the provider
              </button>`
            : nothing
        }
      </div>
      <dl aria-label="Clip details">
        <dt>Prompt</dt>
        <dd>${v.prompt}</dd>
        <dt>Model</dt>
        <dd>
          ${v.model}
          ${v.providerKind === 'local' ? html`<span class="badge">Local preview — not AI</span>` : nothing}
        </dd>
        <dt>Provider</dt>
        <dd>${v.providerKind}</dd>
        <dt>Size</dt>
        <dd data-field="size">
          ${v.width}×${v.height}${`${v.width}x${v.height}` !== v.size ? ` (asked ${v.size})` : ''}
        </dd>
        <dt>Duration</dt>
        <dd data-field="duration">${formatDuration(v.duration)} (asked ${v.seconds} s)</dd>
        <dt>Video</dt>
        <dd data-field="codec">${v.codec}${v.fps ? ` · ${Math.round(v.fps * 100) / 100} fps` : ''}</dd>
        <dt>Audio</dt>
        <dd data-field="audio">${v.audioCodec ?? 'none'}</dd>
        <dt>File</dt>
        <dd>${formatBytes(v.bytes)}${v.bitrate ? ` · ${Math.round(v.bitrate / 1000)} kb/s` : ''}</dd>
        <dt>Cost</dt>
        <dd>${formatCost(v.cost)}</dd>
        ${
          v.providerJobId
            ? html`<dt>Provider job</dt>
                <dd>${v.providerJobId}</dd>`
            : nothing
        }
        ${
          this.referenceName
            ? html`<dt>Reference</dt>
                <dd>${this.referenceName}</dd>`
            : nothing
        }
        ${
          this.remixOfPrompt
            ? html`<dt>Remix of</dt>
                <dd data-field="remix-of">${this.remixOfPrompt}</dd>`
            : nothing
        }
        ${
          v.segmentId
            ? html`<dt>Episode</dt>
                <dd>Segment of an episode</dd>`
            : nothing
        }
        <dt><label for="tags">Tags</label></dt>
        <dd>
          <input
            id="tags"
            placeholder="comma, separated"
            .value=${(v.tags ?? []).join(', ')}
            @change=${(e: Event) =>
              this.dispatchEvent(
                new ClipTagsEvent({ id: v.id, tags: parseTags((e.target as HTMLInputElement).value) }),
              )}
          />
        </dd>
        <dt>Made</dt>
        <dd>${formatDate(v.completed)}</dd>
      </dl>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-clip-details': RwClipDetails;
  }
}
