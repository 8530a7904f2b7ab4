import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DraftChangeEvent } from '../../events.ts';
import type { Draft } from '../../state/app-state.ts';
import {
  targetFromKey,
  targetKey,
  type StillPlan,
  type VideoTargetOption,
} from '../../state/still-target.ts';
import type { FitMode, ModelSpec } from '../../types.ts';
import { controlStyles, fieldStyles } from '../ui/shared-styles.ts';

/**
 * Image-mode controls of the prompt bar: how many variants, which video (model and size) the stills are
 * for, and — when the still model cannot make that size — how each still is fitted to it.
 */
@customElement('rw-still-options')
export class RwStillOptions extends LitElement {
  static override styles = [
    controlStyles,
    fieldStyles,
    css`
      :host {
        display: contents;
      }
      .note {
        max-width: 32ch;
      }
    `,
  ];

  @property({ attribute: false }) draft!: Draft;
  @property({ attribute: false }) model?: ModelSpec;
  @property({ attribute: false }) targets: readonly VideoTargetOption[] = [];
  @property({ attribute: false }) plan?: StillPlan;

  override render() {
    if (!this.draft) return nothing;
    const groups = [...new Set(this.targets.map((t) => t.group))];
    const key = targetKey(this.draft.target);
    return html`
      <div class="field">
        <label for="variants">Variants</label>
        <select
          id="variants"
          .value=${String(this.draft.variants)}
          @change=${(e: Event) => this.change({ variants: Number(selectValue(e)) })}
        >
          ${[1, 2, 3, 4].map(
            (n) => html`<option value=${n} ?selected=${n === this.draft.variants}>${n}</option>`,
          )}
        </select>
      </div>
      <div class="field">
        <label for="target">For video</label>
        <select
          id="target"
          .value=${key}
          @change=${(e: Event) => this.change({ target: targetFromKey(selectValue(e)) })}
        >
          <option value="" ?selected=${!key}>No video — the still model's own sizes</option>
          ${groups.map(
            (group) =>
              html`<optgroup label=${group}>
                ${this.targets
                  .filter((t) => t.group === group)
                  .map(
                    (t) =>
                      html`<option value=${targetKey(t)} ?selected=${targetKey(t) === key}>
                        ${t.label}
                      </option>`,
                  )}
              </optgroup>`,
          )}
        </select>
      </div>
      ${this.renderPlan()}
    `;
  }

  private renderPlan() {
    const plan = this.plan;
    if (!plan) return nothing;
    if (plan.exact)
      return html`<span class="note" role="status">Stills are made at exactly ${plan.target}.</span>`;
    return html`<div class="field">
        <label for="still-fit">Fit to ${plan.target}</label>
        <select
          id="still-fit"
          .value=${this.draft.fit}
          @change=${(e: Event) => this.change({ fit: selectValue(e) as FitMode })}
        >
          <option value="crop" ?selected=${this.draft.fit === 'crop'}>Crop to fill</option>
          <option value="letterbox" ?selected=${this.draft.fit === 'letterbox'}>Letterbox</option>
        </select>
      </div>
      <span class="note" role="status"
        >${this.model?.label ?? 'This model'} makes ${plan.size}; each still is fitted to
        ${plan.target}.</span
      >`;
  }

  private change(patch: Partial<Draft>): void {
    this.dispatchEvent(new DraftChangeEvent(patch));
  }
}

const selectValue = (event: Event): string => (event.target as HTMLSelectElement).value;

declare global {
  interface HTMLElementTagNameMap {
    'rw-still-options': RwStillOptions;
  }
}
