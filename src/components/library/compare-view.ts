import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, queryAll, state } from 'lit/decorators.js';
import { CompareCloseEvent } from '../../events.ts';
import type { VideoRecord } from '../../types.ts';
import { formatDuration } from '../format.ts';
import { controlStyles } from '../ui/shared-styles.ts';

/** Two takes side by side, played, paused and scrubbed together. */
@customElement('rw-compare-view')
export class RwCompareView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        grid-template-rows: auto minmax(0, 1fr);
        gap: var(--rw-gap-small);
        min-height: 0;
      }
      .bar {
        display: flex;
        gap: var(--rw-gap-small);
        align-items: center;
      }
      input[type='range'] {
        flex: 1;
      }
      .takes {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: var(--rw-gap-small);
        min-height: 0;
      }
      figure {
        margin: 0;
        display: grid;
        grid-template-rows: minmax(0, 1fr) auto;
        background: #000;
        border-radius: var(--rw-radius);
        overflow: hidden;
        min-height: 0;
      }
      video {
        width: 100%;
        height: 100%;
        object-fit: contain;
        min-height: 0;
      }
      figcaption {
        background: var(--rw-surface);
        padding: 4px 8px;
        font-size: 0.8rem;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
    `,
  ];

  @property({ attribute: false }) clips: Array<{ video: VideoRecord; url?: string }> = [];
  @state() private playing = false;
  @state() private time = 0;
  @queryAll('video') private videos!: NodeListOf<HTMLVideoElement>;

  override render() {
    const duration = Math.max(0, ...this.clips.map((c) => c.video?.duration ?? 0));
    return html`
      <div class="bar" role="group" aria-label="Compare controls">
        <button @click=${this.toggle}>${this.playing ? 'Pause both' : 'Play both'}</button>
        <input
          type="range"
          aria-label="Position in both takes"
          min="0"
          max=${duration}
          step="0.01"
          .value=${String(this.time)}
          @input=${(e: Event) => this.seek(Number((e.target as HTMLInputElement).value))}
        />
        <span>${formatDuration(this.time)}</span>
        <button @click=${() => this.dispatchEvent(new CompareCloseEvent({}))}>Close comparison</button>
      </div>
      <div class="takes">
        ${this.clips.map(({ video, url }, i) =>
          video
            ? html`<figure>
                ${
                  url
                    ? html`<video
                        src=${url}
                        muted
                        playsinline
                        preload="auto"
                        aria-label="Take ${i + 1}: ${video.prompt}"
                        @timeupdate=${i === 0 ? this.onTime : nothing}
                        @ended=${() => (this.playing = false)}
                      ></video>`
                    : html`<p role="status">Loading…</p>`
                }
                <figcaption>Take ${i + 1}: ${video.prompt}</figcaption>
              </figure>`
            : nothing,
        )}
      </div>
    `;
  }

  override disconnectedCallback(): void {
    for (const video of this.videos ?? []) video.pause();
    super.disconnectedCallback();
  }

  private readonly toggle = (): void => {
    const videos = [...this.videos];
    if (this.playing) for (const v of videos) v.pause();
    else {
      const t = videos[0]?.currentTime ?? 0;
      for (const v of videos) {
        v.currentTime = Math.min(t, v.duration || t);
        void v.play().catch(() => undefined);
      }
    }
    this.playing = !this.playing;
  };

  private seek(time: number): void {
    this.time = time;
    for (const v of this.videos) v.currentTime = Math.min(time, v.duration || time);
  }

  /** Keeps the second take within a frame or two of the first while they play. */
  private readonly onTime = (event: Event): void => {
    const lead = event.target as HTMLVideoElement;
    this.time = lead.currentTime;
    for (const v of this.videos) {
      if (v !== lead && Math.abs(v.currentTime - lead.currentTime) > 0.08 && lead.currentTime <= v.duration) {
        v.currentTime = lead.currentTime;
      }
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-compare-view': RwCompareView;
  }
}
