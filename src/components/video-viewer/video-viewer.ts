import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { StoreController } from '../store-controller.ts';
import type { AssetRecord, JobRecord, VideoRecord } from '../../types.ts';
import { clipFileName } from '../format.ts';
import { sizeContainer } from '../layout/container-styles.ts';
import '../onboarding/sample-card.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import './clip-strip.ts';
import './job-list.ts';
import { shown } from './shown.ts';
import { emptyPanel, jobPanel } from './stage-panels.ts';
import { ViewerIntentsController } from './viewer-intents-controller.ts';

/** The player and the clip's details load when the first clip is shown, not with the shell. */
let clipParts: Promise<unknown> | undefined;
const loadClipParts = (): void => {
  clipParts ??= Promise.all([import('./player-controls.ts'), import('./clip-details.ts')]);
};

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
  /** Job, clip and still actions from the viewer's parts become store actions. */
  protected readonly intents = new ViewerIntentsController(this, () => this.app.store);

  /** The stills of the focused image job, keyed by job and result ids. */
  @state() private stills?: { key: string; assets: AssetRecord[] };

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
    const panel = job && jobPanel(job);
    if (panel) return panel;
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
    const state = this.app.state;
    const firstRun = !!state && !state.projects.length && !state.jobs.length;
    return emptyPanel(state?.videos.length ?? 0, firstRun);
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
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-video-viewer': RwVideoViewer;
  }
}
