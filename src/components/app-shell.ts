import { provide } from '@lit/context';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AppStore } from '../state/app-store.ts';
import { storeContext } from './store-context.ts';
import './asset-manager/asset-manager.ts';
import { KeyboardInsetController } from './layout/keyboard-inset-controller.ts';
import type { Pane } from './layout/launch-route.ts';
import './prompt-bar/prompt-bar.ts';
import './shell/app-header.ts';
import { centerView } from './shell/center-view.ts';
import { LazyViews } from './shell/lazy-views.ts';
import { receiveLaunch } from './shell/launch.ts';
import { ShellDialogsController } from './shell/shell-dialogs-controller.ts';
import { ShellIntentsController } from './shell/shell-intents-controller.ts';
import { StoreSubscriptionController } from './shell/store-subscription-controller.ts';
import './ui/notice-list.ts';
import './ui/update-prompt.ts';
import { controlStyles } from './ui/shared-styles.ts';
import './video-viewer/video-viewer.ts';

/** The app shell: provides the store and lays out the panes; the header, dialogs and intents live beside it. */
@customElement('rw-app-shell')
export class RwAppShell extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        grid-template-rows: auto minmax(0, 1fr);
        /* The on-screen keyboard's height (visualViewport), so the prompt bar stays above it. */
        height: calc(100vh - var(--rw-keyboard-inset, 0px));
        height: calc(100dvh - var(--rw-keyboard-inset, 0px));
        background: var(--rw-bg);
        color: var(--rw-text);
      }
      .panes {
        display: grid;
        grid-template-columns: minmax(260px, 320px) minmax(0, 1fr);
        grid-template-rows: minmax(0, 1fr) auto;
        grid-template-areas:
          'assets viewer'
          'assets prompt';
        min-height: 0;
      }
      .panes > .assets {
        grid-area: assets;
        border-right: 1px solid var(--rw-border);
      }
      .panes > .center {
        grid-area: viewer;
      }
      .panes > .prompt {
        grid-area: prompt;
        border-top: 1px solid var(--rw-border);
      }
      .panes > * {
        min-height: 0;
        min-width: 0;
      }
      [role='tablist'] {
        display: none;
      }
      /* Phones and portrait tablets: one pane at a time, chosen by the tabs, filling from the top. */
      @media (max-width: 900px) {
        :host {
          grid-template-rows: auto auto minmax(0, 1fr);
        }
        [role='tablist'] {
          display: flex;
          border-bottom: 1px solid var(--rw-border);
          background: var(--rw-surface);
        }
        [role='tab'] {
          flex: 1;
          border: none;
          border-radius: 0;
          background: transparent;
          border-bottom: 3px solid transparent;
        }
        [role='tab'][aria-selected='true'] {
          border-bottom-color: var(--rw-accent);
          font-weight: 600;
        }
        .panes {
          grid-template-columns: minmax(0, 1fr);
          grid-template-rows: minmax(0, 1fr);
          grid-template-areas: 'active';
        }
        .panes > .assets,
        .panes > .center,
        .panes > .prompt {
          grid-area: active;
          border: none;
        }
        .panes > [data-hidden] {
          display: none;
        }
        .panes > .prompt {
          overflow: auto;
        }
      }
      .loading {
        display: grid;
        place-items: center;
        color: var(--rw-text-muted);
      }
    `,
  ];

  /** Registers itself with the shell; keeps --rw-keyboard-inset current. */
  protected readonly keyboard = new KeyboardInsetController(this);
  /** Settings and the shortcut overlay (`?`), each loaded on first use. */
  protected readonly dialogs = new ShellDialogsController(this, () => !!this.store?.state.ready);
  /** App-wide events that reach the shell become store actions. */
  protected readonly intents = new ShellIntentsController(this);
  /** The shell provides the store, so it cannot consume it through context: it subscribes directly. */
  protected readonly subscription = new StoreSubscriptionController(
    this,
    () => this.store,
    () => this.onStoreChange(),
  );

  @provide({ context: storeContext })
  @property({ attribute: false })
  store!: AppStore;

  /** Reloads into the waiting service worker; wired by main.ts to the registration bridge. */
  @property({ attribute: false })
  applyUpdate?: () => void;

  @state() private pane: Pane = 'viewer';
  /** The centre views loaded on first use, with their failure notice. */
  private readonly views = new LazyViews((message) => this.store?.notify('error', message));
  private focusedJob?: string;
  private launched = false;

  override render() {
    const state = this.store?.state;
    if (!state?.ready) {
      return html`<div class="loading" role="status">${state?.fatal ?? 'Opening your studio…'}</div>`;
    }
    return html`
      <rw-app-header .online=${state.online} .view=${state.view} .storage=${state.storage}></rw-app-header>
      <div role="tablist" aria-label="Panes">
        ${(['assets', 'viewer', 'prompt'] as const).map(
          (pane) =>
            html`<button
              role="tab"
              id="tab-${pane}"
              aria-selected=${this.pane === pane ? 'true' : 'false'}
              aria-controls="pane-${pane}"
              @click=${() => (this.pane = pane)}
            >
              ${{ assets: 'Assets', viewer: 'Viewer', prompt: 'Prompt' }[pane]}
            </button>`,
        )}
      </div>
      <div class="panes">
        <rw-asset-manager
          class="assets"
          id="pane-assets"
          role="complementary"
          aria-label="Asset library"
          ?data-hidden=${this.pane !== 'assets'}
        ></rw-asset-manager>
        ${centerView(state.view, this.pane !== 'viewer', this.views)}
        <rw-prompt-bar
          class="prompt"
          id="pane-prompt"
          role="region"
          aria-label="Prompt bar"
          ?data-hidden=${this.pane !== 'prompt'}
        ></rw-prompt-bar>
      </div>
      <rw-notice-list .notices=${state.notices}></rw-notice-list>
      <rw-update-prompt ?available=${state.updateAvailable}></rw-update-prompt>
      <rw-settings-dialog
        .connections=${state.connections}
        .health=${state.health}
        .catalog=${this.store?.catalog}
      ></rw-settings-dialog>
      <rw-shortcut-overlay .view=${state.view}></rw-shortcut-overlay>
    `;
  }

  /** Opens the settings dialog (the intents' notice actions ask for it). */
  openSettings(): void {
    void this.dialogs.openSettings();
  }

  private onStoreChange(): void {
    if (!this.launched && this.store?.state.ready) {
      this.launched = true;
      receiveLaunch(
        this.store,
        (pane) => (this.pane = pane),
        () => void this.dialogs.openSettings('backup'),
      );
    }
    // On a phone the prompt is its own tab: a newly submitted (focused) job shows in the viewer.
    const focused = this.store?.state.focusedJobId;
    if (focused && focused !== this.focusedJob) this.pane = 'viewer';
    this.focusedJob = focused;
    this.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-app-shell': RwAppShell;
  }
}
