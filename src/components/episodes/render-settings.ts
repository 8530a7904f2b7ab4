import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { EpisodeApproveLatestEvent, EpisodeChangeEvent } from '../../events.ts';
import type { ResolvedRenderSettings } from '../../state/episode-render.ts';
import type { EpisodeRenderSettings } from '../../types.ts';
import { controlStyles } from '../ui/shared-styles.ts';

const RATES = [24, 25, 30, 60];

/**
 * The episode's export settings (issue 13): canvas size, frame rate, fit, burned captions, loudness target,
 * crossfade — and the approvals that don't block ("approve takes automatically", "approve the latest take
 * of every segment"). Properties down; every change goes up as an EpisodeChangeEvent.
 */
@customElement('rw-render-settings')
export class RwRenderSettings extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: 8px;
      }
      fieldset {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: center;
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius-small);
        margin: 0;
        padding: 8px;
      }
      label {
        display: inline-flex;
        gap: 6px;
        align-items: center;
      }
      input[type='number'] {
        width: 5.5em;
      }
    `,
  ];

  @property() episodeId = '';
  /** The episode's own settings (only what the user set). */
  @property({ attribute: false }) raw: EpisodeRenderSettings = {};
  /** The settings with defaults filled in from the clips. */
  @property({ attribute: false }) settings?: ResolvedRenderSettings;
  /** Canvas sizes to offer ("720x1280"): the clips' sizes and the episode's. */
  @property({ attribute: false }) sizes: readonly string[] = [];
  @property({ type: Boolean }) captions = false;
  @property({ type: Boolean }) autoApprove = false;
  /** Whether this build can render (otherwise only the approvals show). */
  @property({ type: Boolean }) renderable = false;
  @property({ type: Boolean }) disabled = false;

  override render() {
    return html`
      <fieldset>
        <legend>Approvals</legend>
        <label>
          <input
            type="checkbox"
            .checked=${this.autoApprove}
            ?disabled=${this.disabled}
            @change=${(e: Event) => this.change({ autoApprove: (e.target as HTMLInputElement).checked })}
          />
          Approve takes automatically
        </label>
        <button
          ?disabled=${this.disabled}
          @click=${() => this.dispatchEvent(new EpisodeApproveLatestEvent({}))}
        >
          Approve the latest take of every segment
        </button>
      </fieldset>
      ${this.renderable && this.settings ? this.renderSettings(this.settings) : nothing}
    `;
  }

  private renderSettings(s: ResolvedRenderSettings) {
    const size = `${s.width}x${s.height}`;
    const sizes = [...new Set([size, ...this.sizes])];
    const rates = [...new Set([s.fps, ...RATES])].sort((a, b) => a - b);
    const number = (e: Event): number => Number((e.target as HTMLInputElement).value);
    return html`<fieldset ?disabled=${this.disabled}>
      <legend>Render settings</legend>
      <label>
        Canvas
        <select
          @change=${(e: Event) => {
            const [width, height] = (e.target as HTMLSelectElement).value.split('x').map(Number);
            this.setRender({ width, height });
          }}
        >
          ${sizes.map((z) => html`<option value=${z} ?selected=${z === size}>${z}</option>`)}
        </select>
      </label>
      <label>
        Frame rate
        <select @change=${(e: Event) => this.setRender({ fps: number(e) })}>
          ${rates.map((r) => html`<option value=${r} ?selected=${r === s.fps}>${r} fps</option>`)}
        </select>
      </label>
      <label>
        Fit
        <select
          @change=${(e: Event) => this.setRender({ fit: (e.target as HTMLSelectElement).value as 'blur' | 'crop' })}
        >
          <option value="blur" ?selected=${s.fit === 'blur'}>Blurred fill</option>
          <option value="crop" ?selected=${s.fit === 'crop'}>Crop</option>
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          .checked=${s.burnCaptions && this.captions}
          ?disabled=${!this.captions}
          @change=${(e: Event) => this.setRender({ burnCaptions: (e.target as HTMLInputElement).checked })}
        />
        Burn captions into the picture${this.captions ? '' : ' (turn captions on first)'}
      </label>
      <label>
        Loudness target (LUFS)
        <input
          type="number"
          min="-30"
          max="-6"
          step="1"
          .value=${String(s.targetLufs)}
          @change=${(e: Event) => this.setRender({ targetLufs: number(e) })}
        />
      </label>
      <label>
        Crossfade (ms)
        <input
          type="number"
          min="0"
          max="500"
          step="10"
          .value=${String(s.crossfadeMs)}
          @change=${(e: Event) => this.setRender({ crossfadeMs: number(e) })}
        />
      </label>
    </fieldset>`;
  }

  private setRender(patch: EpisodeRenderSettings): void {
    const clean = Object.fromEntries(
      Object.entries(patch).filter(([, v]) => typeof v !== 'number' || Number.isFinite(v)),
    ) as EpisodeRenderSettings;
    this.change({ render: { ...this.raw, ...clean } });
  }

  private change(patch: EpisodeChangeEvent['detail']['patch']): void {
    this.dispatchEvent(new EpisodeChangeEvent({ id: this.episodeId, patch }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-render-settings': RwRenderSettings;
  }
}
