import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { EpisodeSaveAsEvent, EpisodeStitchEvent } from '../../events.ts';
import type { StitchState } from '../../state/app-state.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/** A file the export offers: where it is and what it is called. */
export interface ExportFile {
  url: string;
  name: string;
}

/**
 * Stitch the approved takes (lossless, in a worker), watch it happen, play the result with its captions and
 * music bed, and export: the MP4, plus the .vtt and the music file with mix notes beside it (no zip library
 * is bundled, so they are separate downloads).
 */
@customElement('rw-stitch-panel')
export class RwStitchPanel extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: 8px;
        align-content: start;
      }
      .row {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: center;
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
  @property({ attribute: false }) mix?: ExportFile;

  @query('video') private player?: HTMLVideoElement;
  @query('audio') private bed?: HTMLAudioElement;

  override render() {
    const stitch = this.stitch;
    const running = stitch && ['reading', 'stitching', 'saving'].includes(stitch.phase);
    const ready = this.total > 0 && this.approved === this.total;
    return html`
      <div class="row">
        <button
          class="primary"
          ?disabled=${!ready || running}
          @click=${() => this.dispatchEvent(new EpisodeStitchEvent({}))}
        >
          ${this.staleTitles.length ? 'Stitch anyway' : 'Stitch episode'}
        </button>
        ${running ? html`<button @click=${() => this.dispatchEvent(new EpisodeStitchEvent({ cancel: true }))}>Cancel</button>` : nothing}
        <span class="muted">${this.approved} of ${this.total} segments approved</span>
      </div>
      ${
        this.staleTitles.length
          ? html`<p class="note warn" role="note">
              Out of date: ${this.staleTitles.join(', ')}. Regenerate them, or stitch anyway.
            </p>`
          : nothing
      }
      ${
        running
          ? html`<div role="status" aria-live="polite">
              ${stitch.message}<progress aria-label="Stitching"></progress>
            </div>`
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
        ${this.captions ? html`<track kind="captions" srclang="en" label="Script" src=${this.captions.url} default />` : nothing}
      </video>
      ${this.music ? html`<audio src=${this.music.url} preload="auto" .volume=${this.music.level}></audio>` : nothing}
      <div class="row">
        <a class="button" href=${video.url} download=${video.name}>Download ${video.name}</a>
        ${
          'showSaveFilePicker' in window && this.videoId
            ? html`<button
                @click=${() => this.dispatchEvent(new EpisodeSaveAsEvent({ videoId: this.videoId!, name: video.name }))}
              >
                Save as…
              </button>`
            : nothing
        }
        ${this.captions ? html`<a class="button" href=${this.captions.url} download=${this.captions.name}>Download captions (.vtt)</a>` : nothing}
        ${this.music ? html`<a class="button" href=${this.music.url} download=${this.music.name}>Download music bed</a>` : nothing}
        ${this.mix ? html`<a class="button" href=${this.mix.url} download=${this.mix.name}>Download mix notes</a>` : nothing}
      </div>
      ${
        this.music
          ? html`<p class="note muted">
              The MP4 is stitched without re-encoding, so the music bed is not mixed into it: the player here
              plays it beside the episode at ${Math.round(this.music.level * 100)}%, and the export gives you
              the music file and mix notes (level and an ffmpeg command) to lay it under in your editor.
            </p>`
          : nothing
      }
      ${
        this.captions
          ? html`<p class="note muted">
              Captions are a separate WebVTT file (shown in the player here), timed to the takes.
            </p>`
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
