import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { DraftChangeEvent } from '../../events.ts';
import type { Draft } from '../../state/app-state.ts';
import { describeSize, estimateCost, modelVerification } from '../../state/catalog.ts';
import { planStill, type VideoTargetOption } from '../../state/still-target.ts';
import type { Connection, ModelSpec } from '../../types.ts';
import { formatCost } from '../format.ts';
import { controlStyles, fieldStyles } from '../ui/shared-styles.ts';
import './model-notes.ts';

/**
 * The prompt bar's pickers, legal values only: provider, model (with its catalog notes), size, the
 * image-mode options, duration and the audio toggle with what it adds to the cost. Changes go up as
 * `draft-change`.
 */
@customElement('rw-draft-options')
export class RwDraftOptions extends LitElement {
  static override styles = [
    controlStyles,
    fieldStyles,
    css`
      :host {
        display: contents;
      }
    `,
  ];

  @property({ attribute: false }) draft!: Draft;
  @property({ attribute: false }) connections: readonly Connection[] = [];
  /** The models of the picked connection in the draft's mode, and the one the draft resolves to. */
  @property({ attribute: false }) models: readonly ModelSpec[] = [];
  @property({ attribute: false }) model?: ModelSpec;
  /** The videos a still can be made for (image mode only). */
  @property({ attribute: false }) targets: readonly VideoTargetOption[] = [];

  override render() {
    const { draft, model } = this;
    if (!draft) return nothing;
    return html`
      ${this.select(
        'Provider',
        'connection',
        draft.connectionId,
        this.connections.map((c) => [c.id, c.label]),
        (v) => this.change({ connectionId: v }),
      )}
      ${this.select(
        'Model',
        'model',
        draft.model,
        this.models.map((m) => [m.id, modelVerification(m).verified ? m.label : `${m.label} · unverified`]),
        (v) => this.change({ model: v }),
      )}
      <rw-model-notes .model=${model} .size=${draft.size}></rw-model-notes>
      ${
        model?.mode === 'image' && draft.target
          ? nothing
          : this.select(
              'Size',
              'size',
              draft.size,
              (model?.sizes ?? []).map((s) => [s.size, describeSize(s.size)]),
              (v) => this.change({ size: v as Draft['size'] }),
            )
      }
      ${model?.mode === 'image' ? this.renderStillOptions(model) : nothing}
      ${
        model?.mode === 'video'
          ? this.select(
              'Duration',
              'seconds',
              String(draft.seconds),
              model.durations.map((d) => [String(d), `${d} s`]),
              (v) => this.change({ seconds: Number(v) }),
            )
          : nothing
      }
      ${model?.audio === 'toggle' ? this.renderAudio(model) : nothing}
    `;
  }

  /** Image mode's options (variants, target video size, fit) load the first time image mode is used. */
  private renderStillOptions(model: ModelSpec) {
    void import('./still-options.ts');
    const { draft } = this;
    return html`<rw-still-options
      .draft=${draft}
      .model=${model}
      .targets=${this.targets}
      .plan=${draft.target ? planStill(model, draft.target.size) : undefined}
    ></rw-still-options>`;
  }

  private renderAudio(model: ModelSpec) {
    const { draft } = this;
    const extra =
      estimateCost(model, { ...draft, audio: true }) - estimateCost(model, { ...draft, audio: false });
    return html`<div class="field">
      <label for="audio">Audio <span class="note">(+${formatCost(extra)})</span></label>
      <input
        id="audio"
        type="checkbox"
        .checked=${draft.audio}
        @change=${(e: Event) => this.change({ audio: (e.target as HTMLInputElement).checked })}
      />
    </div>`;
  }

  private select(
    label: string,
    id: string,
    value: string,
    options: Array<[string, string]>,
    onChange: (value: string) => void,
  ) {
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select
        id=${id}
        .value=${value}
        @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}
      >
        ${repeat(
          options,
          ([v]) => v,
          ([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`,
        )}
      </select>
    </div>`;
  }

  private change(patch: Partial<Draft>): void {
    this.dispatchEvent(new DraftChangeEvent(patch));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-draft-options': RwDraftOptions;
  }
}
