import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
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
import { StoreController } from '../store-controller.ts';
import { isTerminal, type AssetRecord, type JobRecord, type VideoRecord } from '../../types.ts';
import { clipFileName } from '../format.ts';
import { sizeContainer } from '../layout/container-styles.ts';
import '../onboarding/sample-card.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import './clip-strip.ts';
import './job-list.ts';
import { STATUS_LABEL } from './job-list.ts';

/** The player and the clip's details load when the first clip is shown, not with the shell. */
let clipParts: Promise<unknown> | undefined;
const loadClipParts = (): void => {
  clipParts ??= Promise.all([import('./player-controls.ts'), import('./clip-details.ts')]);
};

/**
 * What the stage shows: the focused job or the selected clip; with neither (a fresh start, a reload, a
 * deleted selection) the newest job still running, else the newest finished clip — so a clip that finished
 * while the app was closed or reloading is on screen, not an empty "no clip selected".
 */
export function shown(state: {
  jobs: readonly JobRecord[];
  videos: readonly VideoRecord[];
  focusedJobId?: string;
  selectedVideoId?: string;
}): { job?: JobRecord; video?: VideoRecord; fallback?: 'running' | 'newest' } {
  const job = state.jobs.find((j) => j.id === state.focusedJobId);
  const video = state.videos.find((v) => v.id === state.selectedVideoId);
  if (job || video) return { job, video };
  const running = state.jobs.find((j) => !isTerminal(j.status) && j.request.mode !== 'image');
  if (running) return { job: running, fallback: 'running' };
  const newest = state.videos.reduce<VideoRecord | undefined>(
    (best, v) => (!best || v.created > best.created ? v : best),
    undefined,
  );
  return newest ? { video: newest, fallback: 'newest' } : {};
}

/** The centre pane: the job being generated, or the selected clip playing, plus recent clips and jobs. */
@customElement('rw-video-viewer')
export class RwVideoViewer extends LitElement {
  static override styles = [
    controlStyles,
    sizeContainer,
    css`
      :host {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(240px, 340px);
        align-content: start;
        gap: var(--rw-gap);
        padding: var(--rw-gap);
        overflow: auto;
        /* The player sizes itself to the height this pane is given (cqh), minus its controls. */
        --rw-player-max-height: max(240px, calc(100cqh - 2 * var(--rw-gap) - 120px));
      }
      @media (max-width: 1100px) {
        :host {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      @media (max-width: 480px) {
        :host {
          padding: var(--rw-gap-small);
          --rw-player-max-height: max(240px, calc(100cqh - 2 * var(--rw-gap-small) - 150px));
        }
      }
      .stage {
        display: grid;
        place-items: center;
        background: #000;
        border-radius: var(--rw-radius);
        min-height: 240px;
        overflow: hidden;
      }
      .stage.playing {
        background: none;
        min-height: 0;
      }
      rw-sample-card {
        grid-column: 1 / -1;
      }
      .hint {
        margin: 4px 0 0;
        text-align: center;
      }
      rw-player-controls {
        width: 100%;
      }
      .panel {
        background: var(--rw-surface);
        color: var(--rw-text);
        border-radius: var(--rw-radius);
        padding: 24px;
        margin: 24px;
        max-width: 420px;
        text-align: center;
        line-height: 1.5;
      }
      .panel progress {
        width: 100%;
      }
      .panel.error {
        border: 1px solid var(--rw-danger);
      }
      .side {
        display: grid;
        gap: var(--rw-gap);
        align-content: start;
        min-width: 0;
      }
      h2 {
        font-size: 0.9rem;
        margin: 0 0 6px;
      }
      .label {
        font-size: 0.75rem;
        color: var(--rw-text-muted);
      }
    `,
  ];

  private readonly app = new StoreController(this);

  /** The stills of the focused image job, keyed by job and result ids. */
  @state() private stills?: { key: string; assets: AssetRecord[] };

  constructor() {
    super();
    const store = () => this.app.store;
    this.addEventListener(JobCancelEvent.eventName, (e) => void store()?.generation.cancelJob(e.detail.id));
    this.addEventListener(JobFocusEvent.eventName, (e) => this.focusJob(e.detail.id));
    this.addEventListener(JobResendEvent.eventName, (e) => void store()?.generation.sendAgain(e.detail.id));
    this.addEventListener(VideoSelectEvent.eventName, (e) => store()?.library.selectVideo(e.detail.id));
    this.addEventListener(
      VideoDeleteEvent.eventName,
      (e) => void this.deleteVideo(e.detail.id, e.detail.remote),
    );
    this.addEventListener(VideoReuseEvent.eventName, (e) =>
      store()?.generation.reuseVideo(e.detail.id, e.detail.remix),
    );
    this.addEventListener(
      VideoLastFrameEvent.eventName,
      (e) => void store()?.generation.useLastFrame(e.detail.id),
    );
    this.addEventListener(
      ClipsFavouriteEvent.eventName,
      (e) => void store()?.library.setFavourite(e.detail.ids, e.detail.favourite),
    );
    this.addEventListener(
      ClipTagsEvent.eventName,
      (e) => void store()?.library.setTags(e.detail.id, e.detail.tags),
    );
    this.addEventListener(ClipsAddToEpisodeEvent.eventName, this.onAddToEpisode);
    this.addEventListener(StillReferenceEvent.eventName, (e) =>
      store()?.generation.useStillAsReference(e.detail.id),
    );
    this.addEventListener(
      StillAnimateEvent.eventName,
      (e) => void store()?.generation.animateStill(e.detail.id),
    );
  }

  override render() {
    const state = this.app.state;
    if (!state) return nothing;
    const { job, video, fallback } = shown(state);
    const playing = !!video && (!job || job.status === 'done') && job?.request.mode !== 'image';
    const sample = this.app.store?.sample.status;
    return html`
      ${sample && sample.phase !== 'none' ? html`<rw-sample-card .status=${sample}></rw-sample-card>` : nothing}
      <section aria-label="Now showing">
        <div class="stage ${playing ? 'playing' : ''}">${this.renderStage(job, video)}</div>
        ${
          fallback === 'newest' && state.videos.length > 1
            ? html`<p class="label hint">
                Showing the newest clip — ${state.videos.length} clips in the library, pick one below.
              </p>`
            : nothing
        }
        ${playing && video ? this.renderDetails(video) : nothing}
      </section>
      <div class="side">
        <section aria-labelledby="jobs-heading" ?hidden=${!state.jobs.length}>
          <h2 id="jobs-heading">Jobs</h2>
          <rw-job-list .jobs=${state.jobs.slice(0, 12)} .focusedId=${state.focusedJobId}></rw-job-list>
        </section>
        <section aria-labelledby="clips-heading">
          <h2 id="clips-heading">Clips (${state.videos.length})</h2>
          <rw-clip-strip
            .videos=${state.videos.slice(0, 48)}
            .selectedId=${state.selectedVideoId}
            .urls=${this.app.store?.urls.snapshot ?? {}}
            .requestUrl=${this.requestUrl}
          ></rw-clip-strip>
        </section>
      </div>
    `;
  }

  private renderStage(job: JobRecord | undefined, video: VideoRecord | undefined) {
    if (job && !isTerminal(job.status)) {
      const local = job.providerKind === 'local';
      return html`<div class="panel" role="status" aria-live="polite">
        <strong>${STATUS_LABEL[job.status]}${job.progress ? ` — ${job.progress}%` : ''}</strong>
        <p>${job.detail ?? ''}</p>
        <progress max="100" .value=${job.progress} aria-label="Generation progress"></progress>
        ${local ? html`<p class="label">Local preview: rendered on this device, not AI output.</p>` : nothing}
      </div>`;
    }
    if (job && job.status !== 'done') {
      return html`<div class="panel error" role="alert">
        <strong>${STATUS_LABEL[job.status]}</strong>
        <p>${job.error?.message ?? ''}</p>
        <p class="label">${job.error?.action ?? ''}</p>
        ${job.error?.requestId ? html`<p class="label">Request id: ${job.error.requestId}</p>` : nothing}
      </div>`;
    }
    if (job?.status === 'done' && job.request.mode === 'image') return this.renderStills(job);
    if (video) {
      loadClipParts();
      const url = this.app.store?.urls.get(video.blobId);
      return url
        ? html`<rw-player-controls
            .src=${url}
            label="Clip: ${video.prompt}"
            .fileName=${clipFileName(video.prompt, video.size, video.created)}
            .fps=${video.fps || 30}
            .clipWidth=${video.width}
            .clipHeight=${video.height}
            .spriteUrl=${this.app.store?.urls.get(video.spriteId)}
          ></rw-player-controls>`
        : html`<div class="panel" role="status">Loading clip…</div>`;
    }
    return this.renderEmpty();
  }

  /** What to say when nothing is showing, fitted to what the library holds. */
  private renderEmpty() {
    const clips = this.app.state?.videos.length ?? 0;
    if (clips)
      return html`<div class="panel">
        <strong>${clips === 1 ? '1 clip' : `${clips} clips`} in the library — pick one</strong>
        <p>Your clips are listed under <em>Clips</em>; choose one to play it here.</p>
      </div>`;
    const state = this.app.state;
    const firstRun = !!state && !state.projects.length && !state.jobs.length;
    return html`<div class="panel">
      <strong>No clip selected</strong>
      <p>
        No clips yet. Write a prompt in the prompt bar and press <em>Generate</em> (Ctrl/⌘+Enter). Your clips
        appear here and stay on this device.
      </p>
      ${firstRun ? html`<rw-sample-card offer></rw-sample-card>` : nothing}
    </div>`;
  }

  private renderDetails(video: VideoRecord) {
    const store = this.app.store;
    const connection = store?.connections.get(video.connectionId);
    const model = connection ? store?.catalog.find(connection, video.model) : undefined;
    const reference = video.referenceAssetId
      ? store?.state.assets.find((a) => a.id === video.referenceAssetId)
      : undefined;
    const parent = video.remixOf ? store?.state.videos.find((v) => v.id === video.remixOf) : undefined;
    return html`<rw-clip-details
      .video=${video}
      .url=${store?.urls.get(video.blobId)}
      ?canRemix=${(model?.remix ?? false) && (!!video.providerJobId || video.providerKind === 'local')}
      ?canDeleteRemote=${store?.library.canDeleteRemote(video) ?? false}
      .referenceName=${reference?.name ?? (video.referenceAssetId ? 'a deleted image' : undefined)}
      .remixOfPrompt=${video.remixOf ? (parent?.prompt ?? 'a deleted clip') : undefined}
    ></rw-clip-details>`;
  }

  /** An image job's stills, side by side, to pick from. */
  private renderStills(job: JobRecord) {
    const store = this.app.store;
    const key = `${job.id}:${job.resultIds?.join()}`;
    if (this.stills?.key !== key) {
      void store?.generation.stillsOf(job.id).then((assets) => (this.stills = { key, assets }));
      return html`<div class="panel" role="status">Loading stills…</div>`;
    }
    const url = (blobId: string | undefined): string | undefined => store?.urls.get(blobId);
    void import('./still-results.ts');
    return html`<rw-still-results .job=${job} .stills=${this.stills.assets} .urls=${url}></rw-still-results>`;
  }

  private readonly requestUrl = (blobId: string): void => void this.app.store?.urls.load(blobId);

  private focusJob(id: string): void {
    const store = this.app.store;
    const job = store?.state.jobs.find((j) => j.id === id);
    if (job?.status === 'done' && job.resultIds?.[0] && job.request.mode !== 'image')
      store?.library.selectVideo(job.resultIds[0]);
    else store?.generation.focusJob(id);
  }

  /** The episodes view takes the clips by calling preventDefault(); if nobody does, say so. */
  private readonly onAddToEpisode = (event: ClipsAddToEpisodeEvent): void => {
    if (event.composedPath()[0] === this) return;
    event.stopPropagation();
    const ask = new ClipsAddToEpisodeEvent(event.detail);
    this.dispatchEvent(ask);
    if (!ask.defaultPrevented)
      this.app.store?.notify('info', 'There is no episode to add clips to yet. Create an episode first.');
  };

  private async deleteVideo(id: string, remote: boolean): Promise<void> {
    const question = remote
      ? 'Delete this clip from this device AND from the provider? This cannot be undone.'
      : 'Delete this clip from this device? The provider keeps its own copy until it expires.';
    if (!confirm(question)) return;
    await this.app.store?.library.deleteVideo(id, { remote });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-video-viewer': RwVideoViewer;
  }
}
