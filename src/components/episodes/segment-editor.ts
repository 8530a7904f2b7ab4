import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import {
  JobCancelEvent,
  SegmentChangeEvent,
  SegmentDeleteEvent,
  SegmentGenerateEvent,
  SegmentUnqueueEvent,
} from '../../events.ts';
import type { SegmentPatch, SegmentStatus } from '../../state/episodes.ts';
import type { AssetRecord, CastMember, ModelSpec, SegmentRecord, Size, VideoRecord } from '../../types.ts';
import { formatCost } from '../format.ts';
import { controlStyles, stackedLabelStyles } from '../ui/shared-styles.ts';
import type { SegmentCastView } from '../../state/cast-view.ts';
import type { DialogueView } from '../../state/voices.ts';
import '../cast/segment-cast.ts';
import './dialogue-lines.ts';
import './segment-still.ts';
import './segment-references.ts';
import './segment-shot-settings.ts';
import './segment-takes.ts';

/** Edits one segment (auto-saved on change) and lists its takes; one take can be approved. */
@customElement('rw-segment-editor')
export class RwSegmentEditor extends LitElement {
  static override styles = [
    controlStyles,
    stackedLabelStyles,
    css`
      :host {
        display: grid;
        gap: 8px;
        align-content: start;
      }
      textarea {
        min-height: 5em;
        resize: vertical;
      }
      .row {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: end;
      }
      .error {
        color: var(--rw-danger);
      }
      .warn {
        color: var(--rw-warning);
      }
    `,
  ];

  @property({ attribute: false }) segment!: SegmentRecord;
  @property({ attribute: false }) status!: SegmentStatus;
  @property({ type: Number }) index = 0;
  @property({ attribute: false }) durations: readonly number[] = [];
  @property({ attribute: false }) sizes: readonly Size[] = [];
  @property({ attribute: false }) episodeSize?: Size;
  @property({ attribute: false }) images: readonly AssetRecord[] = [];
  @property({ attribute: false }) takes: readonly VideoRecord[] = [];
  @property({ attribute: false }) urls: (blobId: string | undefined) => string | undefined = () => undefined;
  @property({ type: Number }) cost = 0;
  /** The series' characters and sets, and this segment's cast view (picker, final prompt, reference plan). */
  @property({ attribute: false }) cast: readonly CastMember[] = [];
  @property({ attribute: false }) castView?: SegmentCastView;
  /** The caption's dialogue lines and their voices (issue 17), and a take's audio URL by asset id. */
  @property({ attribute: false }) dialogue?: DialogueView;
  @property({ attribute: false }) lineUrls: (assetId: string) => string | undefined = () => undefined;
  /** The episode's video model (which reference modes the segment may use). */
  @property({ attribute: false }) model?: ModelSpec;

  override render() {
    const s = this.segment;
    if (!s || !this.status) return nothing;
    const busy = this.status.tone === 'busy';
    return html`
      <label
        >Title <input .value=${s.title} @change=${(e: Event) => this.change({ title: value(e) })}
      /></label>
      <label
        >Prompt
        <textarea .value=${s.prompt} @change=${(e: Event) => this.change({ prompt: value(e) })}></textarea>
      </label>
      <label
        >Caption (script line)
        <textarea .value=${s.caption} @change=${(e: Event) => this.change({ caption: value(e) })}></textarea>
      </label>
      <rw-dialogue-lines .view=${this.dialogue} .urls=${this.lineUrls}></rw-dialogue-lines>
      <rw-segment-cast .segment=${s} .cast=${this.cast} .view=${this.castView}></rw-segment-cast>
      <rw-segment-shot-settings
        .segment=${s}
        .durations=${this.durations}
        .sizes=${this.sizes}
        .episodeSize=${this.episodeSize}
        .images=${this.images}
        .model=${this.model}
      ></rw-segment-shot-settings>
      <rw-segment-references
        .segment=${s}
        .model=${this.model}
        .size=${s.size ?? this.episodeSize}
        .images=${this.images}
        .takes=${this.takes}
        .urls=${this.urls}
        firstFrameNote=${s.stillFirst ? 'First frame: the approved still.' : s.continuity === 'chain' && this.index > 0 ? "First frame: the previous take's last frame." : ''}
        ?hasCast=${!!this.castView?.members.length}
      ></rw-segment-references>
      <label class="check"
        ><span
          ><input
            type="checkbox"
            .checked=${!!s.stillFirst}
            @change=${(e: Event) => this.change({ stillFirst: (e.target as HTMLInputElement).checked })}
          />
          Still first: approve a still before any video is made</span
        ></label
      >
      ${
        s.stillFirst
          ? html`<rw-segment-still
              .segment=${s}
              .stills=${(s.stillIds ?? []).map((id) => this.images.find((a) => a.id === id)).filter((a) => !!a)}
              .urls=${this.urls}
              ?busy=${busy}
            ></rw-segment-still>`
          : nothing
      }
      ${
        s.continuity === 'chain' && this.index === 0
          ? html`<p class="warn">The first segment has nothing to chain from; it starts with a hard cut.</p>`
          : nothing
      }
      <p
        class=${this.status.tone === 'error' ? 'error' : this.status.tone === 'warn' ? 'warn' : 'muted'}
        role="status"
      >
        ${this.status.label}${this.status.detail ? html` — ${this.status.detail}` : nothing}
      </p>
      <div class="row">
        <button
          class="primary"
          ?disabled=${busy || (!!s.stillFirst && !s.approvedStillId)}
          @click=${this.generate}
        >
          ${this.status.tone === 'error' ? 'Retry' : s.takeIds.length ? 'Generate another take' : 'Generate'}
          (${formatCost(this.cost)})
        </button>
        ${busy ? html`<button @click=${this.cancel}>Cancel</button>` : nothing}
        <button class="danger" @click=${() => this.dispatchEvent(new SegmentDeleteEvent({ id: s.id }))}>
          Delete segment
        </button>
      </div>
      <rw-segment-takes .segment=${s} .takes=${this.takes} .urls=${this.urls}></rw-segment-takes>
    `;
  }

  private change(patch: SegmentPatch): void {
    this.dispatchEvent(new SegmentChangeEvent({ id: this.segment.id, patch }));
  }

  private readonly generate = (): void => {
    this.dispatchEvent(new SegmentGenerateEvent({ id: this.segment.id }));
  };

  private readonly cancel = (): void => {
    if (this.status.jobId) this.dispatchEvent(new JobCancelEvent({ id: this.status.jobId }));
    else this.dispatchEvent(new SegmentUnqueueEvent({ id: this.segment.id }));
  };
}

const value = (event: Event): string => (event.target as HTMLInputElement | HTMLSelectElement).value;

declare global {
  interface HTMLElementTagNameMap {
    'rw-segment-editor': RwSegmentEditor;
  }
}
