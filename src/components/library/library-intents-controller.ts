import type { ReactiveElement } from 'lit';
import {
  BudgetChangeEvent,
  ClipsAddToEpisodeEvent,
  ClipsCompareEvent,
  ClipsDeleteEvent,
  ClipsDownloadEvent,
  ClipsFavouriteEvent,
  LibraryFilterEvent,
  LibraryOpenEvent,
  LibrarySelectEvent,
  ProjectBudgetChangeEvent,
  PromptRecallEvent,
  VideoSelectEvent,
} from '../../events.ts';
import type { AppStore } from '../../state/app-store.ts';
import { withProjectCap } from '../../state/spend.ts';
import { clipFileName } from '../format.ts';
import { reannounceAddToEpisode } from '../shell/add-to-episode.ts';
import { HostListenersController, on } from '../shell/host-listeners-controller.ts';

/** The library's own view state that its events change. */
export interface LibraryView {
  /** Replaces the selection. */
  select(ids: readonly string[]): void;
  /** Drops deleted items from the selection. */
  deselect(ids: readonly string[]): void;
  /** Shows these clips side by side. */
  compare(ids: string[]): void;
}

/**
 * The library's bulk and row actions: filters, selection, open, favourite, delete, download, compare,
 * add to an episode, prompt recall and budgets become store actions or view changes.
 */
export class LibraryIntentsController {
  constructor(
    host: ReactiveElement,
    private readonly store: () => AppStore | undefined,
    view: LibraryView,
  ) {
    new HostListenersController(host, [
      on(LibraryFilterEvent.eventName, (e) => store()?.library.setLibraryFilter(e.detail)),
      on(LibrarySelectEvent.eventName, (e) => view.select(e.detail.ids)),
      on(LibraryOpenEvent.eventName, (e) => this.open(e.detail.id)),
      on(
        ClipsFavouriteEvent.eventName,
        (e) => void store()?.library.setFavourite(e.detail.ids, e.detail.favourite),
      ),
      on(ClipsDeleteEvent.eventName, (e) => {
        const { ids, remote } = e.detail;
        void store()
          ?.library.deleteClips(ids, { remote })
          .then(() => view.deselect(ids));
      }),
      on(ClipsDownloadEvent.eventName, (e) => void this.download(e.detail.ids)),
      on(ClipsCompareEvent.eventName, (e) => view.compare(e.detail.ids)),
      on(ClipsAddToEpisodeEvent.eventName, (e) =>
        reannounceAddToEpisode(host, e, (message) => store()?.notify('info', message)),
      ),
      on(PromptRecallEvent.eventName, (e) => store()?.generation.recallPrompt(e.detail.text)),
      on(VideoSelectEvent.eventName, (e) => store()?.library.selectVideo(e.detail.id)),
      on(
        BudgetChangeEvent.eventName,
        (e) => void store()?.library.setBudget({ ...store()?.state.budget, dailyCap: e.detail.dailyCap }),
      ),
      on(ProjectBudgetChangeEvent.eventName, (e) => {
        const app = store();
        if (app)
          void app.library.setBudget(withProjectCap(app.state.budget, e.detail.projectId, e.detail.cap));
      }),
    ]);
  }

  /** A clip plays in the library's selection; a failed job opens in the viewer with its error. */
  private open(id: string): void {
    const store = this.store();
    if (!store) return;
    if (store.state.videos.some((v) => v.id === id)) store.library.selectVideo(id);
    else {
      store.generation.focusJob(id);
      store.setView('viewer');
    }
  }

  private async download(ids: string[]): Promise<void> {
    const store = this.store();
    for (const video of ids.map((id) => store?.state.videos.find((v) => v.id === id))) {
      const url = video && (await store?.urls.load(video.blobId));
      if (!video || !url) continue;
      const link = document.createElement('a');
      link.href = url;
      link.download = clipFileName(video.prompt, video.size, video.created);
      link.click();
    }
  }
}
