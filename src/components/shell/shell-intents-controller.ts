import type { ReactiveElement } from 'lit';
import {
  ClipsAddToEpisodeEvent,
  ConnectionRemoveEvent,
  ConnectionSaveEvent,
  ConnectionTestEvent,
  FileShareEvent,
  NoticeActionEvent,
  NoticeDismissEvent,
  SampleCreateEvent,
  SampleRemoveEvent,
  UpdateAcceptEvent,
  ViewChangeEvent,
} from '../../events.ts';
import type { AppStore } from '../../state/app-store.ts';
import { HostListenersController, on } from './host-listeners-controller.ts';

/** What the intents need from the shell besides its store. */
export interface ShellIntentsHost extends ReactiveElement {
  store: AppStore;
  applyUpdate?: () => void;
  openSettings(): void;
}

/**
 * Turns the app-wide events that reach the shell (notices, connections, the update prompt, the header's
 * views, samples, sharing, clips offered to an episode) into store actions. Listeners live on the host.
 */
export class ShellIntentsController {
  constructor(private readonly host: ShellIntentsHost) {
    const store = (): AppStore | undefined => host.store;
    new HostListenersController(host, [
      on(NoticeDismissEvent.eventName, (e) => store()?.dismissNotice(e.detail.id)),
      on(NoticeActionEvent.eventName, (e) => this.onNoticeAction(e.detail.id)),
      on(ConnectionSaveEvent.eventName, (e) => void store()?.connections.saveConnection(e.detail.connection)),
      on(ConnectionRemoveEvent.eventName, (e) => void store()?.connections.removeConnection(e.detail.id)),
      on(ConnectionTestEvent.eventName, (e) => void store()?.connections.testConnection(e.detail.id)),
      on(UpdateAcceptEvent.eventName, () => host.applyUpdate?.()),
      on(ViewChangeEvent.eventName, (e) => store()?.setView(e.detail.view)),
      on(ClipsAddToEpisodeEvent.eventName, (e) => this.onAddToEpisode(e)),
      on(FileShareEvent.eventName, (e) => void this.share(e.detail.videoId, e.detail.name)),
      on(SampleCreateEvent.eventName, () => void store()?.sample.create()),
      on(SampleRemoveEvent.eventName, () => void store()?.sample.remove()),
    ]);
  }

  private onNoticeAction(id: string): void {
    const notice = this.host.store?.state.notices.find((n) => n.id === id);
    if (notice?.action?.intent === 'open-settings') this.host.openSettings();
    void this.host.store?.runNoticeAction(id);
  }

  /** Clips from the library or viewer become takes: the episodes view asks which segment. */
  private onAddToEpisode(event: ClipsAddToEpisodeEvent): void {
    if (!this.host.store?.state.episodes.length) return;
    event.preventDefault();
    this.host.store.episodes.offerTakes(event.detail.ids);
  }

  /** Share a finished episode (or clip) to another app; download it where the browser cannot share files. */
  private async share(videoId: string, name: string): Promise<void> {
    const store = this.host.store;
    const blob = await store?.episodes.exporter.blob(videoId);
    if (!blob) return store?.notify('error', `${name} is no longer in the library.`);
    const { shareOrDownload } = await import('../../pwa/share-file.ts');
    const outcome = await shareOrDownload(blob, name);
    if (outcome === 'downloaded')
      store?.notify('info', `This browser cannot share files, so ${name} was downloaded.`);
  }
}
