import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ScriptEditEvent, ScriptSplitEvent } from '../../events.ts';
import type { SplitMode } from '../../state/segment-split.ts';
import { controlStyles, wrapRowStyles } from '../ui/shared-styles.ts';

/** How long typing pauses before the script is saved. */
const SAVE_DELAY_MS = 400;

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
    wrapRowStyles,
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
      label {
        font-size: 0.85rem;
      }
    `,
  ];

  /** The episode the script belongs to (where typed text is saved). */
  @property() episodeId = '';
  @property() script = '';
  @property({ type: Number }) targetSeconds = 75;
  @property({ attribute: false }) durations: readonly number[] = [];
  /** Existing segments that have takes (a new split replaces them). */
  @property({ type: Number }) segmentsWithTakes = 0;

  @state() private mode: SplitMode = 'auto';
  @state() private text?: string;
  private saveTimer?: ReturnType<typeof setTimeout>;

  override willUpdate(changed: PropertyValues<this>): void {
    // Another episode: save what was typed for the previous one, and show the new one's script.
    const previous = changed.get('episodeId') as string | undefined;
    if (previous !== undefined && previous !== this.episodeId) {
      this.flush(previous);
      this.text = undefined;
    }
  }

  override disconnectedCallback(): void {
    clearTimeout(this.saveTimer);
    super.disconnectedCallback();
  }

  override render() {
    return html`
      <label for="script">Script or long prompt</label>
      <textarea
        id="script"
        .value=${this.text ?? this.script}
        placeholder="One paragraph per beat, or separate beats with a line of ---"
        @input=${this.onInput}
        @blur=${() => this.flush(this.episodeId)}
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

  private readonly onInput = (e: Event): void => {
    this.text = (e.target as HTMLTextAreaElement).value;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.flush(this.episodeId), SAVE_DELAY_MS);
  };

  /** Sends the typed text, if any is waiting to be saved. */
  private flush(episodeId: string): void {
    if (this.saveTimer === undefined) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (episodeId && this.text !== undefined)
      this.dispatchEvent(new ScriptEditEvent({ episodeId, script: this.text }));
  }

  private readonly split = (): void => {
    this.flush(this.episodeId);
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
