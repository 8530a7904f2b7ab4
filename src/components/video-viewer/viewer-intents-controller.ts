import type { ReactiveController, ReactiveElement } from 'lit';
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

/**
 * The viewer's frame and clip actions: the events its jobs, clip strip, details and stills raise become
 * store actions (focus, cancel, resend, select, delete after asking, reuse, last frame, favourite, tags,
 * stills, add to an episode). Listeners live on the host.
 */
export class ViewerIntentsController implements ReactiveController {
  private readonly listeners: ReadonlyArray<[string, (event: Event) => void]>;

  constructor(
    private readonly host: ReactiveElement,
    private readonly store: () => AppStore | undefined,
  ) {
    const on = <K extends keyof HTMLElementEventMap>(
      name: K,
      handle: (event: HTMLElementEventMap[K]) => void,
    ): [string, (event: Event) => void] => [name, handle as (event: Event) => void];
    this.listeners = [
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
      on(ClipsAddToEpisodeEvent.eventName, (e) => this.onAddToEpisode(e)),
      on(StillReferenceEvent.eventName, (e) => store()?.generation.useStillAsReference(e.detail.id)),
      on(StillAnimateEvent.eventName, (e) => void store()?.generation.animateStill(e.detail.id)),
    ];
    host.addController(this);
  }

  hostConnected(): void {
    for (const [name, listener] of this.listeners) this.host.addEventListener(name, listener);
  }

  hostDisconnected(): void {
    for (const [name, listener] of this.listeners) this.host.removeEventListener(name, listener);
  }

  /** A finished clip's job shows the clip; any other job shows its progress or error. */
  private focusJob(id: string): void {
    const store = this.store();
    const job = store?.state.jobs.find((j) => j.id === id);
    if (job?.status === 'done' && job.resultIds?.[0] && job.request.mode !== 'image')
      store?.library.selectVideo(job.resultIds[0]);
    else store?.generation.focusJob(id);
  }

  /** The episodes view takes the clips by calling preventDefault(); if nobody does, say so. */
  private onAddToEpisode(event: ClipsAddToEpisodeEvent): void {
    if (event.composedPath()[0] === this.host) return;
    event.stopPropagation();
    const ask = new ClipsAddToEpisodeEvent(event.detail);
    this.host.dispatchEvent(ask);
    if (!ask.defaultPrevented)
      this.store()?.notify('info', 'There is no episode to add clips to yet. Create an episode first.');
  }

  private async deleteVideo(id: string, remote: boolean): Promise<void> {
    const question = remote
      ? 'Delete this clip from this device AND from the provider? This cannot be undone.'
      : 'Delete this clip from this device? The provider keeps its own copy until it expires.';
    if (!confirm(question)) return;
    await this.store()?.library.deleteVideo(id, { remote });
  }
}
