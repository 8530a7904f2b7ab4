import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DraftChangeEvent, SegmentChangeEvent } from '../../events.ts';
import type { SegmentPatch } from '../../state/episodes.ts';
import { referenceSlots } from '../../state/catalog.ts';
import { draftMode, draftModes } from '../../state/reference-draft.ts';
import type { AssetRecord, ModelSpec, SegmentRecord, Size } from '../../types.ts';
import '../prompt-bar/reference-slots.ts';

/**
 * A segment's reference modes beyond a first frame (first + last frame, several references), where the
 * episode's model allows them: the prompt bar's reference slots, with previews fitted to the segment's size,
 * fed from the segment and saved on it (`segment-change`). Nothing is shown for a first-frame-only model.
 */
@customElement('rw-segment-references')
export class RwSegmentReferences extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .note {
      margin: 4px 0 0;
      font-size: 0.75rem;
      color: var(--rw-text-muted);
    }
  `;

  @property({ attribute: false }) segment!: SegmentRecord;
  @property({ attribute: false }) model?: ModelSpec;
  /** The segment's output size (its own or the episode's): the previews are fitted to it. */
  @property({ attribute: false }) size?: Size;
  @property({ attribute: false }) images: readonly AssetRecord[] = [];
  @property({ attribute: false }) urls: (blobId: string | undefined) => string | undefined = () => undefined;
  /** Where the first frame comes from when the segment does not pick it (chained, still first). */
  @property() firstFrameNote = '';
  /** The segment names cast members (whose sheets several references replace). */
  @property({ type: Boolean }) hasCast = false;

  constructor() {
    super();
    this.addEventListener(DraftChangeEvent.eventName, this.onSlotsChange);
  }

  override render() {
    const s = this.segment;
    const modes = draftModes(this.model, { extend: false });
    if (!s || !this.model || !this.size || !modes.length) return nothing;
    const mode = draftMode(s, this.model);
    const multiLabel =
      referenceSlots(this.model).find((slot) => slot.role === 'reference')?.label ?? 'Reference images';
    return html`
      <rw-reference-slots
        role="group"
        aria-label="References of ${s.title}"
        .modes=${modes}
        mode=${mode}
        .draft=${{ ...s, size: this.size, fit: 'crop' as const }}
        .images=${this.images}
        .max=${this.model.references.multiple}
        multiLabel=${multiLabel}
        .urls=${this.urls}
        firstFrameNote=${mode === 'first-last' ? this.firstFrameNote : ''}
      ></rw-reference-slots>
      ${
        mode === 'multi' && this.hasCast
          ? html`<p class="note">These images are sent instead of the cast’s sheets.</p>`
          : nothing
      }
    `;
  }

  /** The slots speak the prompt bar's `draft-change`; here it becomes a change of this segment. */
  private readonly onSlotsChange = (event: DraftChangeEvent): void => {
    event.stopPropagation();
    const { refMode, referenceAssetId, lastFrameAssetId, referenceAssetIds } = event.detail;
    const patch: SegmentPatch = {};
    if ('refMode' in event.detail)
      patch.refMode = refMode === 'first-last' || refMode === 'multi' ? refMode : undefined;
    if ('referenceAssetId' in event.detail) patch.referenceAssetId = referenceAssetId;
    if ('lastFrameAssetId' in event.detail) patch.lastFrameAssetId = lastFrameAssetId;
    if ('referenceAssetIds' in event.detail) patch.referenceAssetIds = referenceAssetIds;
    if (Object.keys(patch).length) this.dispatchEvent(new SegmentChangeEvent({ id: this.segment.id, patch }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-segment-references': RwSegmentReferences;
  }
}
