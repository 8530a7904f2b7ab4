import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SegmentChangeEvent } from '../../events.ts';
import type { SegmentPatch } from '../../state/episodes.ts';
import {
  CONTINUITY_MODES,
  type AssetRecord,
  type ContinuityMode,
  type ModelSpec,
  type SegmentRecord,
  type Size,
} from '../../types.ts';
import { controlStyles, stackedLabelStyles } from '../ui/shared-styles.ts';

const MODE_LABEL: Record<ContinuityMode, string> = {
  cut: 'Hard cut',
  chain: "Chain (previous take's last frame)",
  keyframe: 'Shared keyframe',
};

/**
 * One segment's shot settings in a wrapping row: duration, size, continuity and (unless the first frame
 * comes from elsewhere) the reference or keyframe image. Every change goes up as a SegmentChangeEvent.
 */
@customElement('rw-segment-shot-settings')
export class RwSegmentShotSettings extends LitElement {
  static override styles = [
    controlStyles,
    stackedLabelStyles,
    css`
      :host {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: end;
      }
    `,
  ];

  @property({ attribute: false }) segment!: SegmentRecord;
  @property({ attribute: false }) durations: readonly number[] = [];
  @property({ attribute: false }) sizes: readonly Size[] = [];
  @property({ attribute: false }) episodeSize?: Size;
  @property({ attribute: false }) images: readonly AssetRecord[] = [];
  /** The episode's video model (whether first-last references replace the reference image). */
  @property({ attribute: false }) model?: ModelSpec;

  override render() {
    const s = this.segment;
    if (!s) return nothing;
    return html`
      <label
        >Duration
        <select @change=${(e: Event) => this.change({ seconds: Number(value(e)) })}>
          ${this.durations.map((d) => html`<option value=${d} ?selected=${d === s.seconds}>${d} s</option>`)}
        </select>
      </label>
      <label
        >Size
        <select @change=${(e: Event) => this.change({ size: (value(e) || undefined) as Size | undefined })}>
          <option value="" ?selected=${!s.size}>Episode size (${this.episodeSize})</option>
          ${this.sizes.map((z) => html`<option value=${z} ?selected=${z === s.size}>${z}</option>`)}
        </select>
      </label>
      <label
        >Continuity
        <select @change=${(e: Event) => this.change({ continuity: value(e) as ContinuityMode })}>
          ${CONTINUITY_MODES.map((m) => html`<option value=${m} ?selected=${m === s.continuity}>${MODE_LABEL[m]}</option>`)}
        </select>
      </label>
      ${
        s.continuity === 'chain' || (s.refMode === 'first-last' && this.model?.references.lastFrame)
          ? nothing
          : html`<label
              >${s.continuity === 'keyframe' ? 'Keyframe image' : 'Reference image'}
              <select @change=${(e: Event) => this.change({ referenceAssetId: value(e) || undefined })}>
                <option value="" ?selected=${!s.referenceAssetId}>None</option>
                ${this.images.map((a) => html`<option value=${a.id} ?selected=${a.id === s.referenceAssetId}>${a.name}</option>`)}
              </select>
            </label>`
      }
    `;
  }

  private change(patch: SegmentPatch): void {
    this.dispatchEvent(new SegmentChangeEvent({ id: this.segment.id, patch }));
  }
}

const value = (event: Event): string => (event.target as HTMLSelectElement).value;

declare global {
  interface HTMLElementTagNameMap {
    'rw-segment-shot-settings': RwSegmentShotSettings;
  }
}
