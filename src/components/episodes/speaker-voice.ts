import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SpeakerVoiceEvent } from '../../events.ts';
import type { SpeechModelOption } from '../../state/voices.ts';
import type { SpeakerVoice } from '../../types.ts';
import { controlStyles, fieldsetStyles } from '../ui/shared-styles.ts';

/** One speaker's voice in a series: the speech model (per connection), its voice id and the speed. */
@customElement('rw-speaker-voice')
export class RwSpeakerVoice extends LitElement {
  static override styles = [
    controlStyles,
    fieldsetStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  @property() name = '';
  @property() projectId = '';
  @property({ attribute: false }) voice?: SpeakerVoice;
  /** Speech models on the configured connections (the local voice first). */
  @property({ attribute: false }) options: readonly SpeechModelOption[] = [];

  override render() {
    const { name, voice, options } = this;
    const chosen = options.find((o) => o.connectionId === voice?.connectionId && o.model.id === voice.model);
    const model = chosen?.model;
    const off = !this.projectId || !voice;
    return html`<fieldset>
      <legend>${name}’s voice</legend>
      <label
        >Voice model of ${name}
        <select @change=${this.onModel} ?disabled=${off}>
          ${options.map((o, i) => html`<option value=${i} ?selected=${o === chosen}>${o.connectionLabel} · ${o.model.label}</option>`)}
        </select>
      </label>
      <label
        >Voice of ${name}
        <select @change=${(e: Event) => this.set({ voice: value(e) })} ?disabled=${off}>
          ${(model?.voices ?? []).map((v) => html`<option value=${v.id} ?selected=${v.id === voice?.voice}>${v.label}</option>`)}
        </select>
      </label>
      <label
        >Speed of ${name}
        <input
          type="number"
          step="0.05"
          min=${model?.speed?.min ?? 1}
          max=${model?.speed?.max ?? 1}
          .value=${String(voice?.speed ?? 1)}
          ?disabled=${off || !model?.speed}
          @change=${(e: Event) => this.set({ speed: Number(value(e)) })}
        />
      </label>
    </fieldset>`;
  }

  private set(patch: Partial<SpeakerVoice>): void {
    if (!this.projectId || !this.voice) return;
    const voice = { ...this.voice, ...patch };
    this.dispatchEvent(new SpeakerVoiceEvent({ projectId: this.projectId, speaker: this.name, voice }));
  }

  private readonly onModel = (e: Event): void => {
    const option = this.options[Number(value(e))];
    if (!option) return;
    this.set({
      connectionId: option.connectionId,
      model: option.model.id,
      voice: option.model.defaultVoice,
      speed: option.model.speed ? (this.voice?.speed ?? 1) : 1,
    });
  };
}

const value = (e: Event): string => (e.target as HTMLSelectElement).value;

declare global {
  interface HTMLElementTagNameMap {
    'rw-speaker-voice': RwSpeakerVoice;
  }
}
