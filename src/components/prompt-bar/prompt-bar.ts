import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { AssetReferenceEvent, DraftChangeEvent, PromptRecallEvent, SettingsOpenEvent } from '../../events.ts';
import { describeSize, estimateCost, modelVerification, referenceSlots } from '../../state/catalog.ts';
import { draftMode, draftModes } from '../../state/reference-draft.ts';
import { planStill, videoTargets } from '../../state/still-target.ts';
import { StoreController } from '../../state/store-controller.ts';
import type { Draft } from '../../state/app-state.ts';
import type { ModelSpec } from '../../types.ts';
import { ASSET_DRAG_TYPE } from '../asset-manager/asset-card.ts';
import { formatCost } from '../format.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import './mode-switch.ts';
import './model-notes.ts';
import './prompt-history.ts';
import './reference-chip.ts';
import './reference-slots.ts';

/** The bottom pane: prompt, provider/model/size/duration (legal values only), reference, cost, Generate. */
@customElement('rw-prompt-bar')
export class RwPromptBar extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        background: var(--rw-surface);
        padding: var(--rw-gap);
        position: relative;
      }
      :host([dropping]) {
        outline: 3px dashed var(--rw-accent);
        outline-offset: -3px;
      }
      form {
        display: grid;
        gap: var(--rw-gap-small);
      }
      textarea {
        width: 100%;
        resize: vertical;
        min-height: 64px;
        max-height: 40vh;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: var(--rw-gap-small);
        align-items: center;
      }
      .field {
        display: grid;
        gap: 2px;
        font-size: 0.75rem;
        color: var(--rw-text-muted);
      }
      .spacer {
        flex: 1;
      }
      .cost {
        font-size: 0.9rem;
        font-weight: 600;
      }
      .note {
        font-size: 0.75rem;
        color: var(--rw-text-muted);
      }
      .history {
        position: absolute;
        bottom: calc(100% - 8px);
        left: var(--rw-gap);
        width: min(560px, calc(100% - 2 * var(--rw-gap)));
        background: var(--rw-surface);
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius);
        box-shadow: var(--rw-shadow);
        padding: 6px;
        z-index: 5;
      }
      .history input {
        width: 100%;
        margin-bottom: 6px;
      }
      .remix {
        font-size: 0.8rem;
        padding: 2px 8px;
        border-radius: 999px;
        background: var(--rw-surface-2);
      }
    `,
  ];

  private readonly app = new StoreController(this);

  @state() private historyOpen = false;

  constructor() {
    super();
    this.addEventListener(DraftChangeEvent.eventName, (e) =>
      this.app.store?.generation.updateDraft(e.detail),
    );
    this.addEventListener(AssetReferenceEvent.eventName, (e) =>
      this.app.store?.generation.useAsReference(e.detail.id),
    );
    this.addEventListener(PromptRecallEvent.eventName, (e) => {
      this.app.store?.generation.recallPrompt(e.detail.text);
      this.historyOpen = false;
      this.renderRoot.querySelector('textarea')?.focus();
    });
    this.addEventListener('dragover', this.onDragOver);
    this.addEventListener('dragleave', this.onDragLeave);
    this.addEventListener('drop', this.onDrop);
    this.addEventListener('paste', this.onPaste);
  }

  override render() {
    const store = this.app.store;
    const state = this.app.state;
    if (!store || !state) return nothing;
    const { draft, connections } = state;
    const connection = store.connections.get(draft.connectionId);
    const models = connection ? store.catalog.modelsFor(connection, draft.mode) : [];
    const model = store.generation.draftModel;
    const reference = draft.referenceAssetId
      ? state.assets.find((a) => a.id === draft.referenceAssetId)
      : undefined;
    const canReference = model ? model.references.firstFrame || model.references.multiple > 0 : false;
    const refModes = draftModes(model);
    const refMode = draftMode(draft, model);
    return html`
      <form @submit=${this.onSubmit} aria-label="New clip">
        <label class="visually-hidden" for="prompt">Prompt</label>
        <textarea
          id="prompt"
          name="prompt"
          placeholder="Describe the shot: who, where, what happens, camera, mood… (Ctrl/⌘+Enter to generate)"
          .value=${draft.prompt}
          @input=${(e: Event) => this.change({ prompt: (e.target as HTMLTextAreaElement).value })}
          @keydown=${this.onKeyDown}
        ></textarea>
        <div class="row">
          <rw-mode-switch .mode=${draft.mode}></rw-mode-switch>
          ${this.select(
            'Provider',
            'connection',
            draft.connectionId,
            connections.map((c) => [c.id, c.label]),
            (v) => this.change({ connectionId: v }),
          )}
          ${this.select(
            'Model',
            'model',
            draft.model,
            models.map((m) => [m.id, modelVerification(m).verified ? m.label : `${m.label} · unverified`]),
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
          ${
            model?.audio === 'toggle'
              ? html`<div class="field">
                  <label for="audio"
                    >Audio
                    <span class="note"
                      >(+${formatCost(
                        estimateCost(model, { ...draft, audio: true }) -
                          estimateCost(model, { ...draft, audio: false }),
                      )})</span
                    ></label
                  >
                  <input
                    id="audio"
                    type="checkbox"
                    .checked=${draft.audio}
                    @change=${(e: Event) => this.change({ audio: (e.target as HTMLInputElement).checked })}
                  />
                </div>`
              : nothing
          }
          ${
            refModes.length
              ? html`<rw-reference-slots
                  .modes=${refModes}
                  mode=${refMode}
                  .draft=${draft}
                  .images=${state.assets.filter((a) => a.kind === 'image')}
                  .max=${model?.references.multiple ?? 1}
                  multiLabel=${referenceSlots(model!).find((s) => s.role === 'reference')?.label ?? 'Reference images'}
                  .urls=${(id: string | undefined) => store.urls.get(id)}
                ></rw-reference-slots>`
              : nothing
          }
          ${
            refMode !== 'single'
              ? nothing
              : reference && canReference
                ? html`<rw-reference-chip
                    .asset=${reference}
                    .thumbUrl=${store.urls.get(reference.thumbId)}
                    .size=${draft.size}
                    .fit=${draft.fit}
                  ></rw-reference-chip>`
                : canReference
                  ? html`<span class="note">Tip: drag an image here, or paste one, to start from it.</span>`
                  : nothing
          }
          ${
            draft.remixOf
              ? html`<span class="remix"
                  >Remixing a clip
                  <button
                    class="icon"
                    aria-label="Stop remixing"
                    @click=${() => this.change({ remixOf: undefined })}
                  >
                    ✕
                  </button></span
                >`
              : nothing
          }
          <span class="spacer"></span>
          <button
            type="button"
            aria-expanded=${this.historyOpen ? 'true' : 'false'}
            @click=${this.toggleHistory}
          >
            History
          </button>
          <span class="cost" aria-label="Estimated cost">${formatCost(store.generation.draftCost)}</span>
          <button class="primary" type="submit" ?disabled=${!draft.prompt.trim()}>Generate</button>
        </div>
        ${
          connection?.kind === 'local'
            ? html`<p class="note">
                Local preview renders a placeholder clip on this device — not AI.
                <button
                  type="button"
                  class="link"
                  @click=${() => this.dispatchEvent(new SettingsOpenEvent({}))}
                >
                  Add a provider key
                </button>
                for real generations.
              </p>`
            : nothing
        }
      </form>
      ${
        this.historyOpen
          ? html`<div class="history" role="dialog" aria-label="Prompt history">
              <input
                type="search"
                aria-label="Search earlier prompts"
                placeholder="Search earlier prompts"
                @input=${(e: Event) => void store.generation.searchPrompts((e.target as HTMLInputElement).value)}
              />
              <rw-prompt-history .prompts=${state.prompts}></rw-prompt-history>
            </div>`
          : nothing
      }
    `;
  }

  /** Image mode's options (variants, target video size, fit) load the first time image mode is used. */
  private renderStillOptions(model: ModelSpec) {
    const store = this.app.store!;
    const { draft, connections } = store.state;
    void import('./still-options.ts');
    return html`<rw-still-options
      .draft=${draft}
      .model=${model}
      .targets=${videoTargets(store.catalog, connections)}
      .plan=${draft.target ? planStill(model, draft.target.size) : undefined}
    ></rw-still-options>`;
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

  private toggleHistory(): void {
    this.historyOpen = !this.historyOpen;
    if (this.historyOpen) void this.app.store?.generation.searchPrompts('');
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    void this.app.store?.generation.generate();
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.app.store?.generation.generate();
    }
    if (event.key === 'Escape') this.historyOpen = false;
  }

  private readonly onDragLeave = (): void => this.removeAttribute('dropping');

  private readonly onDragOver = (event: DragEvent): void => {
    const types = event.dataTransfer?.types ?? [];
    if (!types.includes(ASSET_DRAG_TYPE) && !types.includes('Files')) return;
    event.preventDefault();
    this.setAttribute('dropping', '');
  };

  /** Dropping an asset (or an image file) on the bar makes it the reference. */
  private readonly onDrop = (event: DragEvent): void => {
    this.removeAttribute('dropping');
    const id = event.dataTransfer?.getData(ASSET_DRAG_TYPE);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (!id && !files.length) return;
    event.preventDefault();
    event.stopPropagation();
    if (id) this.app.store?.generation.useAsReference(id);
    else void this.referenceFromFiles(files);
  };

  private readonly onPaste = (event: ClipboardEvent): void => {
    const files = [...(event.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (!files.length) return;
    event.preventDefault();
    void this.referenceFromFiles(files);
  };

  private async referenceFromFiles(files: File[]): Promise<void> {
    const store = this.app.store;
    const ids = await store?.assets.importFiles(files.slice(0, 1));
    if (ids?.[0]) store?.generation.useAsReference(ids[0]);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-prompt-bar': RwPromptBar;
  }
}
