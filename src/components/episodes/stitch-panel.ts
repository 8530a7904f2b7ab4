import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { EpisodeExportEvent, EpisodeSaveAsEvent, EpisodeStitchEvent } from '../../events.ts';
import type { ExportPlan } from '../../media/render/types.ts';
import type { StitchState } from '../../state/app-state.ts';
import '../ui/share-button.ts';
import { controlStyles, wrapRowStyles } from '../ui/shared-styles.ts';
import type { ExportBundle, ExportFile, ExportStatus } from './export-types.ts';
import './export-plan.ts';
import './render-progress.ts';

/**
 * Stitch the approved takes (lossless, in a worker), watch it happen, play the result with its captions and
 * music bed, and export: the plain MP4, or (captions or music on) one zip bundle of the MP4, the .vtt, the
 * music file, mix.json and a README, or those files saved into a folder where the browser allows it.
 */
const CAPTION_NOTES = {
  file: 'Captions are a separate WebVTT file in the export (shown in the player here), timed to the takes.',
  track:
    'Captions are a subtitle track in the MP4 (players can turn them on) and a WebVTT file in the export, timed to the takes.',
  picture:
    'Captions are burned into the picture; the export also has them as a WebVTT file (off in the player here), timed to the takes.',
} as const;

@customElement('rw-stitch-panel')
export class RwStitchPanel extends LitElement {
  static override styles = [
    controlStyles,
    wrapRowStyles,
    css`
      :host {
        display: grid;
        gap: 8px;
        align-content: start;
      }
      video {
        width: 100%;
        max-height: 60vh;
        background: #000;
        border-radius: var(--rw-radius);
      }
      .error {
        color: var(--rw-danger);
        border: 1px solid var(--rw-danger);
        border-radius: var(--rw-radius-small);
        padding: 6px 8px;
        margin: 0;
      }
      progress {
        width: 100%;
      }
      a.button {
        text-decoration: none;
      }
      .note {
        font-size: 0.8rem;
      }
    `,
  ];

  @property({ attribute: false }) stitch?: StitchState;
  @property() episodeTitle = '';
  @property({ type: Number }) approved = 0;
  @property({ type: Number }) total = 0;
  @property({ attribute: false }) staleTitles: readonly string[] = [];
  @property({ attribute: false }) videoId?: string;
  @property({ attribute: false }) video?: ExportFile;
  @property({ attribute: false }) captions?: ExportFile;
  @property({ attribute: false }) music?: ExportFile & { level: number };
  @property({ attribute: false }) bundle?: ExportBundle;
  @property({ attribute: false }) exporting?: ExportStatus;
  /** Which path the export takes and why (absent without the render engine: always the lossless stitch). */
  @property({ attribute: false }) plan?: ExportPlan;
  @property({ type: Boolean }) planChecking = false;
  @property() planError = '';
  /** Where the exported MP4 carries the captions: only beside it (a stitch), as its subtitle track, or burned in. */
  @property() captionsIn: 'file' | 'track' | 'picture' = 'file';
  /** The music bed is mixed into the exported MP4 (a render), so it is not played beside it. */
  @property({ type: Boolean }) musicMixed = false;

  @query('video') private player?: HTMLVideoElement;
  @query('audio') private bed?: HTMLAudioElement;

  override render() {
    const stitch = this.stitch;
    const running = stitch && ['reading', 'stitching', 'rendering', 'saving'].includes(stitch.phase);
    const ready = this.total > 0 && this.approved === this.total;
    const renders = !!this.plan && this.plan.path !== 'lossless';
    const verb = renders ? 'Render' : 'Stitch';
    const blocked = !!this.plan?.undecodable.length || this.planChecking;
    return html`
      ${ready ? html`<rw-export-plan .plan=${this.plan} ?checking=${this.planChecking} error=${this.planError}></rw-export-plan>` : nothing}
      <div class="row">
        <button
          class="primary"
          ?disabled=${!ready || running || blocked}
          @click=${() => this.dispatchEvent(new EpisodeStitchEvent({}))}
        >
          ${this.staleTitles.length ? `${verb} anyway` : `${verb} episode`}
        </button>
        <span class="muted">${this.approved} of ${this.total} segments approved</span>
      </div>
      ${
        this.staleTitles.length
          ? html`<p class="note warn" role="note">
              Out of date: ${this.staleTitles.join(', ')}. Regenerate them, or ${verb.toLowerCase()} anyway.
            </p>`
          : nothing
      }
      ${
        running
          ? html`<rw-render-progress
              .message=${stitch.message}
              .progress=${stitch.progress}
            ></rw-render-progress>`
          : stitch?.phase === 'error'
            ? html`<p class="error" role="alert">${stitch.message}</p>`
            : stitch?.phase === 'done'
              ? html`<p role="status">${stitch.message}</p>`
              : nothing
      }
      ${this.video ? this.renderResult(this.video) : nothing}
    `;
  }

  private renderResult(video: ExportFile) {
    return html`
      <video
        src=${video.url}
        controls
        playsinline
        preload="metadata"
        aria-label="Episode: ${this.episodeTitle}"
        @play=${this.syncBed}
        @pause=${this.syncBed}
        @seeked=${this.syncBed}
      >
        ${this.captions ? html`<track kind="captions" srclang="en" label="Script" src=${this.captions.url} ?default=${this.captionsIn !== 'picture'} />` : nothing}
      </video>
      ${this.music && !this.musicMixed ? html`<audio src=${this.music.url} preload="auto" .volume=${this.music.level}></audio>` : nothing}
      ${this.bundle ? this.renderBundle(this.bundle) : this.renderPlain(video)}
      ${
        this.music && !this.musicMixed
          ? html`<p class="note muted">
              The MP4 is stitched without re-encoding, so the music bed is not mixed into it: the player here
              plays it beside the episode at ${Math.round(this.music.level * 100)}%, and the export gives you
              the music file and mix.json (level, start and an ffmpeg command) to lay it under in your editor.
            </p>`
          : nothing
      }
      ${this.captions ? html`<p class="note muted">${CAPTION_NOTES[this.captionsIn]}</p>` : nothing}
    `;
  }

  private renderPlain(video: ExportFile) {
    return html`<div class="row">
      <a class="button" href=${video.url} download=${video.name}>Download ${video.name}</a>
      <rw-share-button .videoId=${this.videoId ?? ''} .name=${video.name}></rw-share-button>
      ${
        'showSaveFilePicker' in window && this.videoId
          ? html`<button
              @click=${() => this.dispatchEvent(new EpisodeSaveAsEvent({ videoId: this.videoId!, name: video.name }))}
            >
              Save as…
            </button>`
          : nothing
      }
    </div>`;
  }

  private renderBundle(bundle: ExportBundle) {
    const status = this.exporting;
    const send = (to: EpisodeExportEvent['detail']['to']) => () =>
      this.dispatchEvent(new EpisodeExportEvent({ to }));
    return html`
      <div class="row">
        <button class="primary" ?disabled=${status?.busy} @click=${send('download')}>
          Export ${bundle.zip}
        </button>
        <rw-share-button .videoId=${this.videoId ?? ''} .name=${this.video?.name ?? ''}></rw-share-button>
        ${'showSaveFilePicker' in window ? html`<button ?disabled=${status?.busy} @click=${send('file')}>Save ${bundle.zip} as…</button>` : nothing}
        ${'showDirectoryPicker' in window ? html`<button ?disabled=${status?.busy} @click=${send('folder')}>Save to folder…</button>` : nothing}
      </div>
      <p class="note muted">${bundle.zip} holds ${bundle.files.join(', ')}.</p>
      ${
        status?.error
          ? html`<p class="error" role="alert">${status.message}</p>`
          : status
            ? html`<div role="status" aria-live="polite">
                ${status.message}
                ${status.busy ? html`<progress aria-label="Exporting" max="1" .value=${status.progress ?? 0}></progress>` : nothing}
              </div>`
            : nothing
      }
    `;
  }

  /** Keeps the music bed in step with the episode while previewing. */
  private readonly syncBed = (): void => {
    const video = this.player;
    const bed = this.bed;
    if (!video || !bed) return;
    bed.volume = this.music?.level ?? 1;
    if (Number.isFinite(bed.duration) && video.currentTime < bed.duration)
      bed.currentTime = video.currentTime;
    if (video.paused) bed.pause();
    else void bed.play().catch(() => undefined);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-stitch-panel': RwStitchPanel;
  }
}
