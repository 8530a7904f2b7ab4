import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DraftChangeEvent } from '../../events.ts';
import type { Draft } from '../../state/app-state.ts';
import type { ReferenceModeName } from '../../state/catalog.ts';
import {
  EXTEND_CLIP_MAX_BYTES,
  extendClipProblem,
  REFERENCE_MODE_LABELS,
  type ReferencePicks,
} from '../../state/reference-draft.ts';
import type { AssetRecord, Size, VideoRecord } from '../../types.ts';
import { formatDuration } from '../format.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/** What the slots show and edit: the picks, and the output size and fit their previews are fitted to. */
export type ReferenceSlotsDraft = ReferencePicks & Pick<Draft, 'size' | 'fit'>;

/**
 * Reference modes the model's catalog entry allows (first frame, first + last frame, several references,
 * extend a clip), each slot with a thumbnail preview fitted to the output size as it will be sent. Used by
 * the prompt bar (its draft) and the segment editor (a segment's picks); changes go up as `draft-change`.
 */
@customElement('rw-reference-slots')
export class RwReferenceSlots extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: end;
      }
      label {
        display: grid;
        gap: 2px;
        font-size: 0.75rem;
        color: var(--rw-text-muted);
      }
      .slot {
        display: flex;
        gap: 4px;
        align-items: end;
      }
      .preview {
        height: 48px;
        background: #000;
        border-radius: var(--rw-radius-small);
        overflow: hidden;
        flex: none;
      }
      .preview img {
        width: 100%;
        height: 100%;
        display: block;
      }
      ul {
        display: flex;
        gap: 4px;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        gap: 2px;
        align-items: end;
      }
      .note {
        font-size: 0.75rem;
        color: var(--rw-text-muted);
      }
      .note.error {
        color: var(--rw-danger);
      }
    `,
  ];

  @property({ attribute: false }) modes: readonly ReferenceModeName[] = [];
  @property() mode: ReferenceModeName = 'single';
  @property({ attribute: false }) draft!: ReferenceSlotsDraft;
  @property({ attribute: false }) images: readonly AssetRecord[] = [];
  @property({ type: Number }) max = 1;
  /** What the slot label of several references is called by this model ("Ingredients", "Elements"…). */
  @property() multiLabel = 'Reference images';
  @property({ attribute: false }) urls: (blobId: string | undefined) => string | undefined = () => undefined;
  /** The clips that can be extended (extend mode), and how each is named in the picker. */
  @property({ attribute: false }) clips: readonly VideoRecord[] = [];
  @property({ attribute: false }) clipLabel = (clip: VideoRecord, _index: number): string =>
    `${clip.prompt.slice(0, 48)} · ${formatDuration(clip.duration)}`;
  /** Says where the first frame comes from when it is not picked here (a chained last frame, a still). */
  @property() firstFrameNote = '';

  override render() {
    if (!this.draft || !this.modes.length) return nothing;
    const modes: ReferenceModeName[] = this.modes.includes('single')
      ? [...this.modes]
      : ['single', ...this.modes];
    return html`
      <label
        >Reference mode
        <select .value=${this.mode} @change=${this.onMode}>
          ${modes.map((m) => html`<option value=${m} ?selected=${m === this.mode}>${REFERENCE_MODE_LABELS[m]}</option>`)}
        </select>
      </label>
      ${this.mode === 'first-last' ? html`${this.firstFrameNote ? html`<span class="note">${this.firstFrameNote}</span>` : this.frameSlot('First frame', this.draft.referenceAssetId, 'referenceAssetId')} ${this.frameSlot('Last frame', this.draft.lastFrameAssetId, 'lastFrameAssetId')}` : nothing}
      ${this.mode === 'multi' ? this.renderMulti() : nothing}
      ${this.mode === 'extend' ? this.renderExtend() : nothing}
    `;
  }

  private renderMulti() {
    const picked = (this.draft.referenceAssetIds ?? [])
      .map((id) => this.images.find((a) => a.id === id))
      .filter((a): a is AssetRecord => !!a);
    const free = this.images.filter((a) => !picked.includes(a));
    return html`
      ${
        picked.length
          ? html`<ul aria-label="${this.multiLabel} (${picked.length} of ${this.max})">
              ${picked.map(
                (a, i) =>
                  html`<li>
                    ${this.preview(a, `Reference ${i + 1}`)}
                    <button
                      class="icon"
                      aria-label="Remove reference ${i + 1} (${a.name})"
                      @click=${() => this.setRefs(picked.filter((p) => p !== a).map((p) => p.id))}
                    >
                      ✕
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        picked.length < this.max
          ? html`<label
              >Add to ${this.multiLabel.toLowerCase()} (${picked.length} of ${this.max})
              <select @change=${this.onAddRef}>
                <option value="" selected>Pick an image…</option>
                ${free.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
              </select>
            </label>`
          : nothing
      }
    `;
  }

  /** The clip to extend: any clip in the library, sent with the request, so its size is capped. */
  private renderExtend() {
    const picked = this.clips.find((c) => c.id === this.draft.remixOf);
    const problem = picked ? extendClipProblem(picked.bytes) : undefined;
    const url = picked && this.urls(picked.thumbId);
    const cap = `${EXTEND_CLIP_MAX_BYTES / 1024 / 1024} MB`;
    return html`<div class="slot">
      ${url ? html`<div class="preview" style="aspect-ratio: ${picked.width} / ${picked.height}"><img src=${url} alt="Clip to extend: ${picked.prompt}" /></div>` : nothing}
      <label
        >Clip to extend
        <select
          aria-label="Clip to extend"
          @change=${(e: Event) => this.change({ remixOf: (e.target as HTMLSelectElement).value || undefined })}
        >
          <option value="" ?selected=${!picked}>Pick a clip…</option>
          ${this.clips.map((c, i) => html`<option value=${c.id} ?selected=${c.id === picked?.id}>${this.clipLabel(c, i)}</option>`)}
        </select>
      </label>
      ${
        problem
          ? html`<span class="note error" role="alert">${problem}</span>`
          : html`<span class="note">The clip is sent with the request (up to ${cap}).</span>`
      }
    </div>`;
  }

  private frameSlot(label: string, id: string | undefined, field: 'referenceAssetId' | 'lastFrameAssetId') {
    const asset = id ? this.images.find((a) => a.id === id) : undefined;
    return html`<div class="slot">
      ${asset ? this.preview(asset, label) : nothing}
      <label
        >${label}
        <select
          aria-label=${label}
          @change=${(e: Event) => this.change({ [field]: (e.target as HTMLSelectElement).value || undefined })}
        >
          <option value="" ?selected=${!id}>None</option>
          ${this.images.map((a) => html`<option value=${a.id} ?selected=${a.id === id}>${a.name}</option>`)}
        </select>
      </label>
    </div>`;
  }

  /** The thumbnail as it will be sent: the output's aspect, cropped or letterboxed like the auto-fit. */
  private preview(asset: AssetRecord, label: string) {
    const size: Size = this.draft.size;
    const [width, height] = size.split('x').map(Number) as [number, number];
    const url = this.urls(asset.thumbId ?? asset.blobId);
    return html`<div
      class="preview"
      style="aspect-ratio: ${width} / ${height}"
      role="img"
      aria-label="${label}: ${asset.name}, fitted to ${size} (${this.draft.fit})"
    >
      ${url ? html`<img src=${url} alt="" style="object-fit: ${this.draft.fit === 'crop' ? 'cover' : 'contain'}" />` : nothing}
    </div>`;
  }

  private change(patch: Partial<Draft>): void {
    this.dispatchEvent(new DraftChangeEvent(patch));
  }

  private setRefs(ids: string[]): void {
    this.change({ referenceAssetIds: ids });
  }

  private readonly onMode = (event: Event): void => {
    const mode = (event.target as HTMLSelectElement).value as ReferenceModeName;
    this.change({ refMode: mode === 'single' ? undefined : mode });
  };

  private readonly onAddRef = (event: Event): void => {
    const select = event.target as HTMLSelectElement;
    const id = select.value;
    select.value = '';
    if (id) this.setRefs([...(this.draft.referenceAssetIds ?? []), id]);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-reference-slots': RwReferenceSlots;
  }
}
