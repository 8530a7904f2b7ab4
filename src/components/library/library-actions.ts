import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import {
  ClipsAddToEpisodeEvent,
  ClipsCompareEvent,
  ClipsDeleteEvent,
  ClipsDownloadEvent,
  ClipsFavouriteEvent,
  LibraryOpenEvent,
  LibrarySelectEvent,
} from '../../events.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/** What can be done with the selected library items; deleting asks where (this device, or also the provider). */
@customElement('rw-library-actions')
export class RwLibraryActions extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: var(--rw-gap-small);
        align-items: center;
        font-size: 0.85rem;
      }
      dialog {
        background: var(--rw-surface);
        color: var(--rw-text);
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius);
        max-width: 440px;
      }
      dialog::backdrop {
        background: var(--rw-overlay);
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        justify-content: end;
      }
    `,
  ];

  /** Selected ids, in list order. */
  @property({ attribute: false }) ids: readonly string[] = [];
  /** How many of them are clips (the rest are failed jobs). */
  @property({ type: Number }) clips = 0;
  /** How many selected clips have a provider copy that can be deleted. */
  @property({ type: Number }) remote = 0;
  @property({ type: Boolean }) allFavourite = false;
  @query('dialog') private dialog?: HTMLDialogElement;

  override render() {
    const n = this.ids.length;
    const ids = [...this.ids];
    return html`
      <span role="status">${n ? `${n} selected` : 'Nothing selected'}</span>
      <button ?disabled=${n !== 1} @click=${() => this.dispatchEvent(new LibraryOpenEvent({ id: ids[0]! }))}>
        Open
      </button>
      <button
        ?disabled=${this.clips !== 2 || n !== 2}
        @click=${() => this.dispatchEvent(new ClipsCompareEvent({ ids }))}
      >
        Compare
      </button>
      <button
        ?disabled=${!this.clips}
        aria-pressed=${this.allFavourite ? 'true' : 'false'}
        @click=${() => this.dispatchEvent(new ClipsFavouriteEvent({ ids, favourite: !this.allFavourite }))}
      >
        ★ Favourite
      </button>
      <button ?disabled=${!this.clips} @click=${() => this.dispatchEvent(new ClipsDownloadEvent({ ids }))}>
        Download
      </button>
      <button
        ?disabled=${!this.clips}
        @click=${() => this.dispatchEvent(new ClipsAddToEpisodeEvent({ ids }))}
      >
        Add to episode…
      </button>
      <button class="danger" ?disabled=${!n} @click=${() => this.dialog?.showModal()}>Delete…</button>
      <button ?disabled=${!n} @click=${() => this.dispatchEvent(new LibrarySelectEvent({ ids: [] }))}>
        Clear selection
      </button>
      <dialog aria-labelledby="delete-title" @close=${() => this.dialog?.close()}>
        <h2 id="delete-title">Delete ${n} item${n === 1 ? '' : 's'}?</h2>
        <p>
          Deleting removes the clips' files from this device. This cannot be undone.
          ${
            this.remote
              ? html`${this.remote} of them also have a copy at the provider, which you can delete too.`
              : html`The providers keep their own copies (if any) until they expire.`
          }
        </p>
        <div class="buttons">
          <button @click=${() => this.dialog?.close()}>Cancel</button>
          <button class="danger" @click=${() => this.deleteItems(false)}>Delete from this device</button>
          ${
            this.remote
              ? html`<button class="danger" @click=${() => this.deleteItems(true)}>
                  Delete here and at the provider
                </button>`
              : nothing
          }
        </div>
      </dialog>
    `;
  }

  private deleteItems(remote: boolean): void {
    this.dialog?.close();
    this.dispatchEvent(new ClipsDeleteEvent({ ids: [...this.ids], remote }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-library-actions': RwLibraryActions;
  }
}
