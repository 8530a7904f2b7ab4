import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DraftChangeEvent, SegmentChangeEvent } from '../../events.ts';
import type { SegmentPatch } from '../../state/episodes.ts';
import { referenceSlots } from '../../state/catalog.ts';
import { draftMode, draftModes } from '../../state/reference-draft.ts';
import type { AssetRecord, ModelSpec, SegmentRecord, Size, VideoRecord } from '../../types.ts';
import { formatDuration } from '../format.ts';
import '../prompt-bar/reference-slots.ts';

/**
 * A segment's reference modes beyond a first frame (first + last frame, several references, extending one
 * of its takes), where the episode's model allows them: the prompt bar's reference slots, with previews
 * fitted to the segment's size, fed from the segment and saved on it (`segment-change`). Nothing is shown
 * for a first-frame-only model.
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
  /** The segment's takes: one can be extended (continued) into a new take. */
  @property({ attribute: false }) takes: readonly VideoRecord[] = [];
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
    const modes = draftModes(this.model, { extend: this.takes.length > 0 });
    if (!s || !this.model || !this.size || !modes.length) return nothing;
    const picked = draftMode(s, this.model);
    const mode = modes.includes(picked) ? picked : 'single';
    const multiLabel =
      referenceSlots(this.model).find((slot) => slot.role === 'reference')?.label ?? 'Reference images';
    return html`
      <rw-reference-slots
        role="group"
        aria-label="References of ${s.title}"
        .modes=${modes}
        mode=${mode}
        .draft=${{ ...s, remixOf: s.extendTakeId, size: this.size, fit: 'crop' as const }}
        .images=${this.images}
        .max=${this.model.references.multiple}
        multiLabel=${multiLabel}
        .urls=${this.urls}
        .clips=${this.takes}
        .clipLabel=${(take: VideoRecord, i: number) => `Take ${i + 1} · ${formatDuration(take.duration)}`}
        firstFrameNote=${mode === 'first-last' ? this.firstFrameNote : ''}
      ></rw-reference-slots>
      ${
        mode === 'multi' && this.hasCast
          ? html`<p class="note">These images are sent instead of the cast’s sheets.</p>`
          : mode === 'extend'
            ? html`<p class="note">The next take continues the picked take; no images are sent.</p>`
            : nothing
      }
    `;
  }

  /** The slots speak the prompt bar's `draft-change`; here it becomes a change of this segment. */
  private readonly onSlotsChange = (event: DraftChangeEvent): void => {
    event.stopPropagation();
    const { refMode, referenceAssetId, lastFrameAssetId, referenceAssetIds, remixOf } = event.detail;
    const patch: SegmentPatch = {};
    if ('refMode' in event.detail) patch.refMode = refMode === 'single' ? undefined : refMode;
    if ('remixOf' in event.detail) patch.extendTakeId = remixOf;
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
