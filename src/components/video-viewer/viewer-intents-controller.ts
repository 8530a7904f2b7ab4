import type { ReactiveElement } from 'lit';
import {
  ClipTagsEvent,
  ClipsAddToEpisodeEvent,
  ClipsFavouriteEvent,
  JobCancelEvent,
  JobFocusEvent,
  JobResendEvent,
  StillAnimateEvent,
  StillReferenceEvent,
  VideoDeleteEvent,
  VideoLastFrameEvent,
  VideoReuseEvent,
  VideoSelectEvent,
} from '../../events.ts';
import type { AppStore } from '../../state/app-store.ts';
import { reannounceAddToEpisode } from '../shell/add-to-episode.ts';
import { HostListenersController, on } from '../shell/host-listeners-controller.ts';

/**
 * The viewer's frame and clip actions: the events its jobs, clip strip, details and stills raise become
 * store actions (focus, cancel, resend, select, delete after asking, reuse, last frame, favourite, tags,
 * stills, add to an episode). Listeners live on the host.
 */
export class ViewerIntentsController {
  constructor(
    host: ReactiveElement,
    private readonly store: () => AppStore | undefined,
  ) {
    new HostListenersController(host, [
      on(JobCancelEvent.eventName, (e) => void store()?.generation.cancelJob(e.detail.id)),
      on(JobFocusEvent.eventName, (e) => this.focusJob(e.detail.id)),
      on(JobResendEvent.eventName, (e) => void store()?.generation.sendAgain(e.detail.id)),
      on(VideoSelectEvent.eventName, (e) => store()?.library.selectVideo(e.detail.id)),
      on(VideoDeleteEvent.eventName, (e) => void this.deleteVideo(e.detail.id, e.detail.remote)),
      on(VideoReuseEvent.eventName, (e) => store()?.generation.reuseVideo(e.detail.id, e.detail.remix)),
      on(VideoLastFrameEvent.eventName, (e) => void store()?.generation.useLastFrame(e.detail.id)),
      on(
        ClipsFavouriteEvent.eventName,
        (e) => void store()?.library.setFavourite(e.detail.ids, e.detail.favourite),
      ),
      on(ClipTagsEvent.eventName, (e) => void store()?.library.setTags(e.detail.id, e.detail.tags)),
      on(ClipsAddToEpisodeEvent.eventName, (e) =>
        reannounceAddToEpisode(host, e, (message) => store()?.notify('info', message)),
      ),
      on(StillReferenceEvent.eventName, (e) => store()?.generation.useStillAsReference(e.detail.id)),
      on(StillAnimateEvent.eventName, (e) => void store()?.generation.animateStill(e.detail.id)),
    ]);
  }

  /** A finished clip's job shows the clip; any other job shows its progress or error. */
  private focusJob(id: string): void {
    const store = this.store();
    const job = store?.state.jobs.find((j) => j.id === id);
    if (job?.status === 'done' && job.resultIds?.[0] && job.request.mode !== 'image')
      store?.library.selectVideo(job.resultIds[0]);
    else store?.generation.focusJob(id);
  }

  private async deleteVideo(id: string, remote: boolean): Promise<void> {
    const question = remote
      ? 'Delete this clip from this device AND from the provider? This cannot be undone.'
      : 'Delete this clip from this device? The provider keeps its own copy until it expires.';
    if (!confirm(question)) return;
    await this.store()?.library.deleteVideo(id, { remote });
  }
}
