import { provide } from '@lit/context';
import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import {
  ConnectionRemoveEvent,
  ConnectionSaveEvent,
  ConnectionTestEvent,
  FileShareEvent,
  NoticeActionEvent,
  NoticeDismissEvent,
  SampleCreateEvent,
  SampleRemoveEvent,
  SettingsOpenEvent,
  UpdateAcceptEvent,
} from '../events.ts';
import type { CenterView } from '../state/app-state.ts';
import { StoreChangeEvent, type AppStore } from '../state/app-store.ts';
import { storeContext } from './store-context.ts';
import './asset-manager/asset-manager.ts';
import { KeyboardInsetController } from './layout/keyboard-inset-controller.ts';
import { launchRoute, type Pane } from './layout/launch-route.ts';
import { ShortcutKeyController } from './layout/shortcut-key-controller.ts';
import type { RwShortcutOverlay } from './onboarding/shortcut-overlay.ts';
import './prompt-bar/prompt-bar.ts';
import type { RwSettingsDialog } from './settings/settings-dialog.ts';
import './ui/notice-list.ts';
import './ui/storage-meter.ts';
import './ui/update-prompt.ts';
import { controlStyles } from './ui/shared-styles.ts';
import './video-viewer/video-viewer.ts';

/** Centre views offered in the header, in order. */
const CENTER_VIEWS: ReadonlyArray<[CenterView, string]> = [
  ['viewer', 'Studio'],
  ['library', 'Library'],
  ['episodes', 'Episodes'],
];

/** The app shell: provides the store, owns the pane grid, the header, notices and dialogs. */
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
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--rw-gap);
        padding: 6px var(--rw-gap);
        border-bottom: 1px solid var(--rw-border);
        background: var(--rw-surface);
      }
      h1 {
        font-size: 1.05rem;
        margin: 0;
        letter-spacing: 0.02em;
      }
      .spacer {
        flex: 1;
      }
      .views {
        display: flex;
        gap: 4px;
      }
      .views button[aria-current='page'] {
        border-color: var(--rw-accent);
        font-weight: 600;
      }
      .status {
        font-size: 0.8rem;
        padding: 2px 8px;
        border-radius: 999px;
        background: var(--rw-surface-2);
      }
      .status.offline {
        color: var(--rw-warning);
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
        rw-storage-meter {
          display: none;
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
      /* Phones: a compact header, the views as one full-width row. */
      @media (max-width: 480px) {
        header {
          gap: var(--rw-gap-small);
          padding: 4px var(--rw-gap-small);
        }
        .views {
          order: 1;
          flex-basis: 100%;
        }
        .views button {
          flex: 1;
        }
      }
      /* Phones rarely have a keyboard: the shortcut list stays on "?" there. */
      @media (max-width: 480px) {
        .shortcuts {
          display: none;
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
  /** `?` opens the keyboard-shortcut overlay. */
  protected readonly shortcutKey = new ShortcutKeyController(this, () => void this.openShortcuts());

  @provide({ context: storeContext })
  @property({ attribute: false })
  store!: AppStore;

  /** Reloads into the waiting service worker; wired by main.ts to the registration bridge. */
  @property({ attribute: false })
  applyUpdate?: () => void;

  @state() private pane: Pane = 'viewer';
  @query('rw-settings-dialog') private settings?: RwSettingsDialog;
  @query('rw-shortcut-overlay') private shortcuts?: RwShortcutOverlay;

  constructor() {
    super();
    this.addEventListener(NoticeDismissEvent.eventName, this.onNoticeDismiss);
    this.addEventListener(NoticeActionEvent.eventName, this.onNoticeAction);
    this.addEventListener(SettingsOpenEvent.eventName, this.onSettingsOpen);
    this.addEventListener(ConnectionSaveEvent.eventName, this.onConnectionSave);
    this.addEventListener(ConnectionRemoveEvent.eventName, this.onConnectionRemove);
    this.addEventListener(ConnectionTestEvent.eventName, this.onConnectionTest);
    this.addEventListener(UpdateAcceptEvent.eventName, this.onUpdateAccept);
    this.addEventListener('clips-add-to-episode', this.onAddToEpisode);
    this.addEventListener(FileShareEvent.eventName, this.onFileShare);
    this.addEventListener(SampleCreateEvent.eventName, () => void this.store?.sample.create());
    this.addEventListener(SampleRemoveEvent.eventName, () => void this.store?.sample.remove());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.store?.addEventListener(StoreChangeEvent.eventName, this.onStoreChange);
  }

  override disconnectedCallback(): void {
    this.store?.removeEventListener(StoreChangeEvent.eventName, this.onStoreChange);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    // The shell provides the store, so it cannot consume it through context: it subscribes directly.
    if (changed.has('store')) {
      (changed.get('store') as AppStore | undefined)?.removeEventListener(
        StoreChangeEvent.eventName,
        this.onStoreChange,
      );
      this.store?.addEventListener(StoreChangeEvent.eventName, this.onStoreChange);
    }
  }

  override render() {
    const state = this.store?.state;
    if (!state?.ready) {
      return html`<div class="loading" role="status">${state?.fatal ?? 'Opening your studio…'}</div>`;
    }
    return html`
      <header>
        <h1>Reelwright</h1>
        <span class="status ${state.online ? '' : 'offline'}" role="status">
          ${state.online ? 'Online' : 'Offline — your library still works'}
        </span>
        <nav aria-label="Views" class="views">
          ${CENTER_VIEWS.map(
            ([view, label]) =>
              html`<button
                aria-current=${state.view === view ? 'page' : 'false'}
                @click=${() => this.store.setView(view)}
              >
                ${label}
              </button>`,
          )}
        </nav>
        <span class="spacer"></span>
        <rw-storage-meter .storage=${state.storage}></rw-storage-meter>
        <button
          class="shortcuts"
          aria-haspopup="dialog"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          @click=${() => void this.openShortcuts()}
        >
          ?
        </button>
        <button @click=${() => void this.openSettings()} aria-haspopup="dialog">Providers &amp; keys</button>
      </header>
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
        ${this.renderCenter(state.view)}
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

  /**
   * A view loaded on first use. If its code cannot be fetched (offline before the app finished saving itself
   * for offline use, or a deploy removed the old files), say so instead of leaving an empty pane.
   */
  private loadView(name: string, loading: Promise<unknown>): void {
    loading.catch(() => {
      if (this.failedViews.has(name)) return;
      this.failedViews.add(name);
      this.store?.notify(
        'error',
        navigator.onLine
          ? `${name} could not load. Reload the page to get the current version of the app.`
          : `${name} could not load offline: the app had not finished saving itself for offline use. Reconnect once, then it works offline.`,
      );
    });
  }

  /** Views whose failed load was already reported (renders repeat; the notice should not). */
  private readonly failedViews = new Set<string>();

  /** The centre pane: the viewer, or one of the views the header's navigation switches to. */
  private renderCenter(view: CenterView) {
    const hidden = this.pane !== 'viewer';
    switch (view) {
      case 'library':
        // Loaded on first use (the service worker precaches it, so this works offline too).
        this.loadView('The clip library', import('./library/clip-library.ts'));
        return html`<rw-clip-library
          class="center"
          id="pane-viewer"
          role="main"
          aria-label="Clip library"
          ?data-hidden=${hidden}
        ></rw-clip-library>`;
      case 'episodes':
        // Loaded on first use, like the library.
        this.loadView('Episodes', import('./episodes/episode-board.ts'));
        return html`<rw-episode-board
          class="center"
          id="pane-viewer"
          role="main"
          aria-label="Episodes"
          ?data-hidden=${hidden}
        ></rw-episode-board>`;
      default:
        return html`<rw-video-viewer
          class="center"
          id="pane-viewer"
          role="main"
          aria-label="Video viewer"
          ?data-hidden=${hidden}
        ></rw-video-viewer>`;
    }
  }

  private focusedJob?: string;
  private launched = false;
  private readonly onStoreChange = (): void => {
    if (!this.launched && this.store?.state.ready) this.onReady();
    // On a phone the prompt is its own tab: a newly submitted (focused) job shows in the viewer.
    const focused = this.store?.state.focusedJobId;
    if (focused && focused !== this.focusedJob) this.pane = 'viewer';
    this.focusedJob = focused;
    this.requestUpdate();
  };

  /** Once the store is ready: go where the launch URL asks (manifest shortcuts), take shared/opened files. */
  private onReady(): void {
    this.launched = true;
    const route = launchRoute(location.search);
    if (route.view) this.store.setView(route.view);
    if (route.pane) this.pane = route.pane;
    void this.store.sample.load();
    // The installed app's ways in (share target, file handling) load only here, off the first paint.
    void import('../pwa/launch-files.ts').then(({ receiveLaunches }) =>
      receiveLaunches(
        {
          importFiles: (files) => this.store.assets.importFiles(files),
          importBackup: (file) => this.store.backup.importBackup(file),
          notify: (kind, message) => this.store.notify(kind, message),
        },
        () => void this.openSettings('backup'),
      ),
    );
  }

  /** Clips from the library or viewer become takes: the episodes view asks which segment. */
  private readonly onAddToEpisode = (event: HTMLElementEventMap['clips-add-to-episode']): void => {
    if (!this.store?.state.episodes.length) return;
    event.preventDefault();
    this.store.episodes.offerTakes(event.detail.ids);
  };

  /** Share a finished episode (or clip) to another app; download it where the browser cannot share files. */
  private readonly onFileShare = (event: FileShareEvent): void => {
    const { videoId, name } = event.detail;
    void (async () => {
      const blob = await this.store?.episodes.exporter.blob(videoId);
      if (!blob) return this.store?.notify('error', `${name} is no longer in the library.`);
      const { shareOrDownload } = await import('../pwa/share-file.ts');
      const outcome = await shareOrDownload(blob, name);
      if (outcome === 'downloaded')
        this.store?.notify('info', `This browser cannot share files, so ${name} was downloaded.`);
    })();
  };

  private readonly onNoticeDismiss = (event: NoticeDismissEvent): void =>
    this.store?.dismissNotice(event.detail.id);
  private readonly onNoticeAction = (event: NoticeActionEvent): void => {
    const notice = this.store?.state.notices.find((n) => n.id === event.detail.id);
    if (notice?.action?.intent === 'open-settings') void this.openSettings();
    void this.store?.runNoticeAction(event.detail.id);
  };
  private readonly onSettingsOpen = (): void => void this.openSettings();

  /** The settings dialog (and its backup, storage and key panels) loads on first use. */
  private async openSettings(tab?: 'backup'): Promise<void> {
    await import('./settings/settings-dialog.ts');
    await this.updateComplete;
    this.settings?.open(undefined, tab);
  }
  /** The shortcut overlay of the current view, loaded on first use; not over another open dialog. */
  private async openShortcuts(): Promise<void> {
    if (
      !this.store?.state.ready ||
      this.renderRoot.querySelector('rw-settings-dialog')?.shadowRoot?.querySelector('dialog[open]')
    )
      return;
    await import('./onboarding/shortcut-overlay.ts');
    await this.updateComplete;
    await this.shortcuts?.open();
  }
  private readonly onConnectionSave = (event: ConnectionSaveEvent): void =>
    void this.store?.connections.saveConnection(event.detail.connection);
  private readonly onConnectionRemove = (event: ConnectionRemoveEvent): void =>
    void this.store?.connections.removeConnection(event.detail.id);
  private readonly onConnectionTest = (event: ConnectionTestEvent): void =>
    void this.store?.connections.testConnection(event.detail.id);
  private readonly onUpdateAccept = (): void => this.applyUpdate?.();
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-app-shell': RwAppShell;
  }
}
