import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { AssetReferenceEvent, DraftChangeEvent, PromptRecallEvent, SettingsOpenEvent } from '../../events.ts';
import { videoTargets } from '../../state/still-target.ts';
import { StoreController } from '../store-controller.ts';
import type { Draft } from '../../state/app-state.ts';
import { formatCost } from '../format.ts';
import { controlStyles, fieldStyles } from '../ui/shared-styles.ts';
import './draft-options.ts';
import './draft-references.ts';
import './mode-switch.ts';
import './prompt-history.ts';
import { ReferenceDropController } from './reference-drop-controller.ts';

/** The bottom pane: prompt, provider/model/size/duration (legal values only), reference, cost, Generate. */
@customElement('rw-prompt-bar')
export class RwPromptBar extends LitElement {
  static override styles = [
    controlStyles,
    fieldStyles,
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
      .spacer {
        flex: 1;
      }
      .cost {
        font-size: 0.9rem;
        font-weight: 600;
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
    `,
  ];

  private readonly app = new StoreController(this);
  /** Dropping an asset (or an image file) on the bar, or pasting an image, makes it the reference. */
  protected readonly drop = new ReferenceDropController(this, {
    asset: (id) => this.app.store?.generation.useAsReference(id),
    files: (files) => void this.referenceFromFiles(files),
  });

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
  }

  override render() {
    const store = this.app.store;
    const state = this.app.state;
    if (!store || !state) return nothing;
    const { draft, connections } = state;
    const connection = store.connections.get(draft.connectionId);
    const model = store.generation.draftModel;
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
          <rw-draft-options
            .draft=${draft}
            .connections=${connections}
            .models=${connection ? store.catalog.modelsFor(connection, draft.mode) : []}
            .model=${model}
            .targets=${model?.mode === 'image' ? videoTargets(store.catalog, connections) : []}
          ></rw-draft-options>
          <rw-draft-references
            .draft=${draft}
            .model=${model}
            .assets=${state.assets}
            .clips=${state.videos}
            .urls=${this.urls}
          ></rw-draft-references>
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

  private readonly urls = (blobId: string | undefined): string | undefined =>
    this.app.store?.urls.get(blobId);

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
