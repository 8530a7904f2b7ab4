import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { CastCompositeEvent, SegmentChangeEvent } from '../../events.ts';
import { describePlan } from '../../state/cast.ts';
import type { SegmentCastView } from '../../state/cast-view.ts';
import type { SegmentPatch } from '../../state/episodes.ts';
import type { CastMember, SegmentRecord } from '../../types.ts';
import { controlStyles, stackedLabelStyles } from '../ui/shared-styles.ts';

/**
 * The cast part of the segment editor: who is in the shot (picker, besides `@Name` mentions), the final
 * prompt that will be sent (editable), how the sheets reach the model, and the choice when it has too few
 * reference slots (which members to keep, or a composite sheet still first).
 */
@customElement('rw-segment-cast')
export class RwSegmentCast extends LitElement {
  static override styles = [
    controlStyles,
    stackedLabelStyles,
    css`
      :host {
        display: grid;
        gap: 6px;
      }
      fieldset {
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius-small);
        display: flex;
        flex-wrap: wrap;
        gap: 4px 12px;
        margin: 0;
        padding: 6px 8px;
      }
      legend {
        font-size: 0.8rem;
      }
      fieldset label {
        display: inline-flex;
        gap: 4px;
        align-items: center;
      }
      textarea {
        min-height: 6em;
        resize: vertical;
      }
      p {
        margin: 0;
        font-size: 0.8rem;
      }
      .warn {
        color: var(--rw-warning);
      }
    `,
  ];

  @property({ attribute: false }) segment!: SegmentRecord;
  /** Every character and set of the series. */
  @property({ attribute: false }) cast: readonly CastMember[] = [];
  @property({ attribute: false }) view?: SegmentCastView;

  override render() {
    const s = this.segment;
    const view = this.view;
    if (!s || !view) return nothing;
    const picked = new Set(s.castIds ?? []);
    const inShot = new Set(view.members.map((m) => m.id));
    return html`
      ${
        this.cast.length
          ? html`<fieldset>
              <legend>Who is in ${s.title}</legend>
              ${this.cast.map(
                (m) =>
                  html`<label
                    ><input
                      type="checkbox"
                      .checked=${inShot.has(m.id)}
                      ?disabled=${inShot.has(m.id) && !picked.has(m.id)}
                      title=${inShot.has(m.id) && !picked.has(m.id) ? `Named as @ in the prompt` : ''}
                      @change=${(e: Event) => this.pick(m.id, (e.target as HTMLInputElement).checked)}
                    />${m.name}</label
                  >`,
              )}
            </fieldset>`
          : html`<p class="muted">No cast yet: add characters and sets under Cast and sets.</p>`
      }
      ${view.unknown.length ? html`<p class="warn">Not in the cast: ${view.unknown.map((n) => `@${n}`).join(', ')}.</p>` : nothing}
      ${this.renderChoice(view)}
      <p class="muted" role="status">${describePlan(view.plan, view.members)}</p>
      <label
        >Final text sent to the model (cast woven in; edit before spending)
        <textarea
          .value=${view.final}
          @change=${(e: Event) => this.onFinal((e.target as HTMLTextAreaElement).value, view.woven)}
        ></textarea>
      </label>
      ${
        view.edited
          ? html`<p>
              Edited by hand: changes to the prompt or cast no longer reach it.
              <button class="link" @click=${() => this.change({ finalPrompt: undefined })}>
                Use the woven prompt again
              </button>
            </p>`
          : nothing
      }
    `;
  }

  private renderChoice(view: SegmentCastView) {
    const s = this.segment;
    if (s.castComposite)
      return html`<p>
        A composite sheet still is this segment's first frame (approve one below); no sheets are sent.
        <button class="link" @click=${() => this.change({ castComposite: false })}>
          Send sheets instead
        </button>
      </p>`;
    const needs = view.needs;
    if (needs.kind !== 'choose') return nothing;
    const keep = new Set(s.castKeep ?? []);
    const full = keep.size >= needs.slots;
    return html`<fieldset>
      <legend>${describePlan(needs, view.members)}</legend>
      ${
        needs.options.includes('keep')
          ? needs.memberIds.map((id) => {
              const name = view.members.find((m) => m.id === id)?.name ?? id;
              return html`<label
                ><input
                  type="checkbox"
                  .checked=${keep.has(id)}
                  ?disabled=${!keep.has(id) && full}
                  @change=${(e: Event) => this.keep(id, (e.target as HTMLInputElement).checked)}
                />Keep ${name}</label
              >`;
            })
          : nothing
      }
      <button @click=${() => this.dispatchEvent(new CastCompositeEvent({ segmentId: s.id }))}>
        Make a composite sheet still first
      </button>
    </fieldset>`;
  }

  private change(patch: SegmentPatch): void {
    this.dispatchEvent(new SegmentChangeEvent({ id: this.segment.id, patch }));
  }

  private pick(id: string, on: boolean): void {
    const ids = (this.segment.castIds ?? []).filter((x) => x !== id);
    this.change({ castIds: on ? [...ids, id] : ids });
  }

  private keep(id: string, on: boolean): void {
    const ids = (this.segment.castKeep ?? []).filter((x) => x !== id);
    this.change({ castKeep: on ? [...ids, id] : ids });
  }

  private onFinal(text: string, woven: string): void {
    this.change({ finalPrompt: text.trim() && text.trim() !== woven.trim() ? text : undefined });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-segment-cast': RwSegmentCast;
  }
}
