import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DraftChangeEvent } from '../../events.ts';
import type { Draft } from '../../state/app-state.ts';
import { referenceSlots } from '../../state/catalog.ts';
import { draftMode, draftModes } from '../../state/reference-draft.ts';
import type { AssetRecord, ModelSpec, VideoRecord } from '../../types.ts';
import { controlStyles, fieldStyles } from '../ui/shared-styles.ts';
import './reference-chip.ts';
import './reference-slots.ts';

/**
 * What the draft starts from, as far as the model allows: the reference-mode slots (frames, several
 * references, a clip to extend), the single reference chip (or a tip to drop one), and the remix badge.
 */
@customElement('rw-draft-references')
export class RwDraftReferences extends LitElement {
  static override styles = [
    controlStyles,
    fieldStyles,
    css`
      :host {
        display: contents;
      }
      .remix {
        font-size: 0.8rem;
        padding: 2px 8px;
        border-radius: 999px;
        background: var(--rw-surface-2);
      }
    `,
  ];

  @property({ attribute: false }) draft!: Draft;
  @property({ attribute: false }) model?: ModelSpec;
  @property({ attribute: false }) assets: readonly AssetRecord[] = [];
  @property({ attribute: false }) clips: readonly VideoRecord[] = [];
  @property({ attribute: false }) urls: (blobId: string | undefined) => string | undefined = () => undefined;

  override render() {
    const { draft, model } = this;
    if (!draft) return nothing;
    const refModes = draftModes(model);
    const refMode = draftMode(draft, model);
    return html`
      ${
        refModes.length && model
          ? html`<rw-reference-slots
              .modes=${refModes}
              mode=${refMode}
              .draft=${draft}
              .images=${this.assets.filter((a) => a.kind === 'image')}
              .max=${model.references.multiple}
              multiLabel=${referenceSlots(model).find((s) => s.role === 'reference')?.label ?? 'Reference images'}
              .urls=${this.urls}
              .clips=${this.clips}
            ></rw-reference-slots>`
          : nothing
      }
      ${refMode === 'single' ? this.renderSingle(model) : nothing}
      ${
        draft.remixOf
          ? html`<span class="remix"
              >${refMode === 'extend' ? 'Extending a clip' : 'Remixing a clip'}
              <button
                class="icon"
                aria-label="Stop remixing"
                @click=${() => this.dispatchEvent(new DraftChangeEvent({ remixOf: undefined }))}
              >
                ✕
              </button></span
            >`
          : nothing
      }
    `;
  }

  /** One reference image: its chip when there is one, else a tip, when the model takes a first frame. */
  private renderSingle(model: ModelSpec | undefined) {
    const canReference = model ? model.references.firstFrame || model.references.multiple > 0 : false;
    if (!canReference) return nothing;
    const { draft } = this;
    const reference = draft.referenceAssetId
      ? this.assets.find((a) => a.id === draft.referenceAssetId)
      : undefined;
    if (!reference)
      return html`<span class="note">Tip: drag an image here, or paste one, to start from it.</span>`;
    return html`<rw-reference-chip
      .asset=${reference}
      .thumbUrl=${this.urls(reference.thumbId)}
      .size=${draft.size}
      .fit=${draft.fit}
    ></rw-reference-chip>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-draft-references': RwDraftReferences;
  }
}
