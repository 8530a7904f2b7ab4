import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DraftChangeEvent } from '../../events.ts';
import type { Draft } from '../../state/app-state.ts';

const MODES: ReadonlyArray<{ value: Draft['mode']; label: string; hint: string }> = [
  { value: 'video', label: 'Video', hint: 'Make a clip' },
  { value: 'image', label: 'Image', hint: 'Make reference stills and storyboard frames' },
];

/**
 * Video / Image: a segmented control built from native radio buttons, so arrow keys move between the
 * modes and screen readers announce a radio group.
 */
@customElement('rw-mode-switch')
export class RwModeSwitch extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
    }
    fieldset {
      display: inline-flex;
      margin: 0;
      padding: 2px;
      border: 1px solid var(--rw-border);
      border-radius: 999px;
      background: var(--rw-surface-2);
    }
    legend {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    label {
      position: relative;
      cursor: pointer;
      padding: 4px 14px;
      border-radius: 999px;
      font-size: 0.85rem;
      color: var(--rw-text-muted);
    }
    input {
      position: absolute;
      inset: 0;
      opacity: 0;
      margin: 0;
      cursor: pointer;
    }
    label:has(input:checked) {
      background: var(--rw-accent);
      color: var(--rw-accent-text);
      font-weight: 600;
    }
    label:has(input:focus-visible) {
      outline: 2px solid var(--rw-focus);
      outline-offset: 1px;
    }
  `;

  @property() mode: Draft['mode'] = 'video';

  override render() {
    return html`<fieldset>
      <legend>Mode</legend>
      ${MODES.map(
        (m) =>
          html`<label title=${m.hint}>
            <input
              type="radio"
              name="mode"
              .value=${m.value}
              .checked=${this.mode === m.value}
              @change=${() => this.dispatchEvent(new DraftChangeEvent({ mode: m.value }))}
            />${m.label}</label
          >`,
      )}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-mode-switch': RwModeSwitch;
  }
}
