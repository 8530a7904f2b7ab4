import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DialogueLineChangeEvent, DialogueVoiceEvent, SegmentSpeechEvent } from '../../events.ts';
import type { DialogueLineView, DialogueView } from '../../state/voices.ts';
import { SPEECH_SOURCES, type SpeechSource } from '../../types.ts';
import { formatCost } from '../format.ts';
import { controlStyles, fieldsetStyles, wrapRowStyles } from '../ui/shared-styles.ts';
import './speaker-voice.ts';

const SOURCE_LABEL: Record<SpeechSource, string> = {
  model: 'Model audio',
  voices: 'Our voices',
  both: 'Both',
};

/**
 * The spoken lines of a segment (`NAME: line` in its caption): each speaker's voice, each line's voice
 * button, takes (playable, one approved) and offset from the segment's start, and whose speech is heard.
 */
@customElement('rw-dialogue-lines')
export class RwDialogueLines extends LitElement {
  static override styles = [
    controlStyles,
    fieldsetStyles,
    wrapRowStyles,
    css`
      :host {
        display: grid;
        gap: 6px;
      }
      h3 {
        margin: 0;
        font-size: 0.9rem;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 6px;
      }
      li {
        display: grid;
        gap: 4px;
        padding: 4px;
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius-small);
      }
      audio {
        height: 32px;
        max-width: 100%;
      }
      .error {
        color: var(--rw-danger);
      }
    `,
  ];

  @property({ attribute: false }) view?: DialogueView;
  /** Object URL of a take's audio by asset id (undefined while it loads). */
  @property({ attribute: false }) urls: (assetId: string) => string | undefined = () => undefined;

  override render() {
    const view = this.view;
    if (!view) return nothing;
    return html`
      <h3 id="lines-h">Dialogue (${view.lines.length})</h3>
      <fieldset>
        <legend>Speech heard in this segment</legend>
        ${SPEECH_SOURCES.map(
          (source) =>
            html`<label class="check"
              ><span
                ><input
                  type="radio"
                  name="speech"
                  .checked=${view.speech === source}
                  @change=${() =>
                    this.dispatchEvent(new SegmentSpeechEvent({ segmentId: view.segmentId, speech: source }))}
                />
                ${SOURCE_LABEL[source]}</span
              ></label
            >`,
        )}
      </fieldset>
      ${
        view.lines.length
          ? html`${view.speakers.map(
                (s) =>
                  html`<rw-speaker-voice
                    name=${s.name}
                    projectId=${view.projectId ?? ''}
                    .voice=${s.voice}
                    .options=${view.options}
                  ></rw-speaker-voice>`,
              )}
              <ol aria-labelledby="lines-h">
                ${view.lines.map((line) => this.renderLine(line))}
              </ol>
              <div class="row">
                <button
                  ?disabled=${view.lines.every((l) => l.takes.length) || view.lines.some((l) => l.busy)}
                  @click=${() => this.dispatchEvent(new DialogueVoiceEvent({ segmentId: view.segmentId }))}
                >
                  Voice all
                </button>
              </div>`
          : html`<p class="muted">Write lines as <code>NAME: line</code> in the caption to voice them.</p>`
      }
    `;
  }

  private renderLine(line: DialogueLineView) {
    const segmentId = this.view!.segmentId;
    const n = line.index + 1;
    return html`<li aria-label="Line ${n}: ${line.speaker}">
      <span><strong>${line.speaker}:</strong> ${line.text}</span>
      <span class="muted"
        >${line.voiceLabel}${line.synthetic ? ' — a synthetic placeholder, not speech' : ''}</span
      >
      <div class="row">
        <button
          ?disabled=${line.busy}
          aria-label="Voice line ${n} (${line.speaker})"
          @click=${() => this.dispatchEvent(new DialogueVoiceEvent({ segmentId, index: line.index }))}
        >
          ${line.busy ? 'Voicing…' : line.takes.length ? 'Voice again' : 'Voice line'}
          (${formatCost(line.cost)})
        </button>
        <label
          >Offset of line ${n} (s)
          <input
            type="number"
            min="0"
            step="0.05"
            .value=${String(line.offset)}
            @change=${(e: Event) =>
              this.dispatchEvent(
                new DialogueLineChangeEvent({
                  segmentId,
                  index: line.index,
                  offset: Number((e.target as HTMLInputElement).value),
                }),
              )}
          />
        </label>
      </div>
      ${line.error ? html`<p class="error" role="alert">${line.error}</p>` : nothing}
      ${line.takes.map((id, t) => this.renderTake(line, id, t))}
    </li>`;
  }

  private renderTake(line: DialogueLineView, id: string, t: number) {
    const url = this.urls(id);
    const name = `Take ${t + 1} of line ${line.index + 1}`;
    const seconds = line.durations[id];
    const approved = (line.approved ?? line.takes.at(-1)) === id;
    return html`<div class="row">
      ${url ? html`<audio controls preload="metadata" src=${url} aria-label=${name}></audio>` : html`<span>${name}</span>`}
      ${seconds !== undefined ? html`<span class="muted">${seconds.toFixed(1)} s</span>` : nothing}
      ${
        approved
          ? html`<strong>Heard</strong>`
          : html`<button
              aria-label="Use take ${t + 1} of line ${line.index + 1}"
              @click=${() =>
                this.dispatchEvent(
                  new DialogueLineChangeEvent({
                    segmentId: this.view!.segmentId,
                    index: line.index,
                    approved: id,
                  }),
                )}
            >
              Use this take
            </button>`
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-dialogue-lines': RwDialogueLines;
  }
}
