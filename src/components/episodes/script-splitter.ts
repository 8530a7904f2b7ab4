import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ScriptSplitEvent } from '../../events.ts';
import type { SplitMode } from '../../state/segment-split.ts';
import { controlStyles } from '../ui/shared-styles.ts';

const MODES: ReadonlyArray<[SplitMode, string]> = [
  ['auto', 'Automatic'],
  ['beats', '--- beat markers'],
  ['paragraphs', 'Paragraphs'],
  ['sentences', 'Sentences'],
];

/** The script box: paste a script or long prompt and split it into segments of legal durations. */
@customElement('rw-script-splitter')
export class RwScriptSplitter extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: 6px;
      }
      textarea {
        min-height: 7em;
        resize: vertical;
        width: 100%;
        box-sizing: border-box;
      }
      .row {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
      }
      label {
        font-size: 0.85rem;
      }
    `,
  ];

  @property() script = '';
  @property({ type: Number }) targetSeconds = 75;
  @property({ attribute: false }) durations: readonly number[] = [];
  /** Existing segments that have takes (a new split replaces them). */
  @property({ type: Number }) segmentsWithTakes = 0;

  @state() private mode: SplitMode = 'auto';
  @state() private text?: string;

  override render() {
    return html`
      <label for="script">Script or long prompt</label>
      <textarea
        id="script"
        .value=${this.text ?? this.script}
        placeholder="One paragraph per beat, or separate beats with a line of ---"
        @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      <div class="row">
        <label
          >Split by
          <select @change=${(e: Event) => (this.mode = (e.target as HTMLSelectElement).value as SplitMode)}>
            ${MODES.map(([mode, label]) => html`<option value=${mode} ?selected=${mode === this.mode}>${label}</option>`)}
          </select>
        </label>
        <button @click=${this.split}>Split into segments</button>
        <span class="muted"
          >Aiming for ${this.targetSeconds} s with clips of ${this.durations.join(', ')} s.</span
        >
      </div>
    `;
  }

  private readonly split = (): void => {
    const script = this.text ?? this.script;
    if (
      this.segmentsWithTakes &&
      !confirm(
        `Replace the current segments? ${this.segmentsWithTakes} have takes; the clips stay in the library.`,
      )
    ) {
      return;
    }
    this.dispatchEvent(new ScriptSplitEvent({ script, mode: this.mode }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-script-splitter': RwScriptSplitter;
  }
}
