import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { inlineSizeContainer } from '../layout/container-styles.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import { KEYS_HELP, playerKey, type PlayerActions } from './player-keys.ts';
import { spriteGrid, spritePreview } from './sprite-preview.ts';

const RATES = [0.25, 0.5, 1, 1.5, 2] as const;
const clock = (t: number): string => {
  if (!Number.isFinite(t)) return '0:00.0';
  const m = Math.floor(t / 60);
  return `${m}:${(t - m * 60).toFixed(1).padStart(4, '0')}`;
};

/** The clip player: video, controls, keyboard shortcuts and a scrub preview from the provider's spritesheet. */
@customElement('rw-player-controls')
export class RwPlayerControls extends LitElement implements PlayerActions {
  static override styles = [
    controlStyles,
    // Widths below are relative to the space the viewer gives the player (cqw).
    inlineSizeContainer,
    css`
      :host {
        display: block;
        width: 100%;
      }
      /* The frame takes the clip's own aspect: a 9:16 clip is a tall frame, never a wide black box. */
      .frame {
        position: relative;
        display: grid;
        grid-template-rows: minmax(0, 1fr) auto;
        width: fit-content;
        min-width: min(100%, 300px);
        max-width: 100%;
        margin-inline: auto;
        background: #000;
      }
      .frame:fullscreen {
        width: 100%;
      }
      .frame:fullscreen video {
        height: auto;
        max-height: calc(100vh - 48px);
      }
      video {
        display: block;
        margin: 0 auto;
        aspect-ratio: var(--rw-clip-aspect, 9 / 16);
        /* As tall as the viewer allows (--rw-player-max-height), but never wider than the pane. */
        height: min(var(--rw-player-max-height, 64vh), 100cqw / (var(--rw-clip-aspect, 9 / 16)));
        width: auto;
        max-width: 100%;
      }
      .controls {
        /* The video alone sets the frame's width; the controls wrap to fit under it. */
        contain: inline-size;
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        align-items: center;
        padding: 4px 6px;
        background: var(--rw-surface);
        color: var(--rw-text);
        font-size: 0.8rem;
      }
      .controls input[type='range'] {
        flex: 1;
        min-width: 120px;
      }
      button,
      select {
        min-height: max(28px, var(--rw-touch-target, 0px));
        padding: 2px 8px;
        font-size: 0.8rem;
      }
      .time {
        font-variant-numeric: tabular-nums;
      }
      .sprite {
        position: absolute;
        bottom: 44px;
        width: 120px;
        border: 2px solid var(--rw-surface);
        border-radius: 4px;
        background-repeat: no-repeat;
        pointer-events: none;
        transform: translateX(-50%);
      }
    `,
  ];

  @property() src = '';
  @property() label = '';
  @property() fileName = 'clip.mp4';
  @property({ type: Number }) fps = 30;
  @property({ type: Number }) clipWidth = 9;
  @property({ type: Number }) clipHeight = 16;
  @property() spriteUrl?: string;

  @state() private paused = true;
  @state() private muted = false;
  @state() private loop = false;
  @state() private rate = 1;
  @state() private time = 0;
  @state() private duration = 0;
  @state() private hover?: { x: number; fraction: number };
  @state() private grid?: { cols: number; rows: number };
  @query('video') readonly video?: HTMLVideoElement;
  @query('.frame') private frame?: HTMLElement;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('clipWidth') || changed.has('clipHeight')) {
      const ok = this.clipWidth > 0 && this.clipHeight > 0;
      if (ok) this.style.setProperty('--rw-clip-aspect', `${this.clipWidth} / ${this.clipHeight}`);
      else this.style.removeProperty('--rw-clip-aspect');
    }
    if (changed.has('spriteUrl')) {
      this.grid = undefined;
      if (this.spriteUrl) {
        const image = new Image();
        image.onload = () =>
          (this.grid = spriteGrid(image.naturalWidth, image.naturalHeight, this.clipWidth, this.clipHeight));
        image.src = this.spriteUrl;
      }
    }
  }

  override render() {
    return html`<div
      class="frame"
      tabindex="0"
      role="group"
      aria-label="Player: ${this.label}"
      aria-describedby="keys"
      @keydown=${this.onKeyDown}
    >
      <span id="keys" hidden>${KEYS_HELP}</span>
      <video
        src=${this.src}
        playsinline
        preload="metadata"
        aria-label=${this.label}
        .loop=${this.loop}
        @click=${this.toggle}
        @play=${this.sync}
        @pause=${this.sync}
        @timeupdate=${this.sync}
        @seeked=${this.sync}
        @loadedmetadata=${this.sync}
        @volumechange=${this.sync}
        @ratechange=${this.sync}
      ></video>
      <div class="controls">
        <button @click=${this.toggle} aria-label=${this.paused ? 'Play' : 'Pause'}>
          ${this.paused ? '▶' : '❚❚'}
        </button>
        <input
          type="range"
          aria-label="Position"
          min="0"
          max=${this.duration || 0}
          step="0.001"
          .value=${String(this.time)}
          aria-valuetext="${clock(this.time)} of ${clock(this.duration)}"
          @input=${(e: Event) => this.seek(Number((e.target as HTMLInputElement).value))}
          @pointermove=${this.onHover}
          @pointerleave=${() => (this.hover = undefined)}
        />
        <span class="time">${clock(this.time)} / ${clock(this.duration)}</span>
        <select
          aria-label="Playback speed"
          @change=${(e: Event) => this.setRate(Number((e.target as HTMLSelectElement).value))}
        >
          ${RATES.map((r) => html`<option value=${r} ?selected=${r === this.rate}>${r}×</option>`)}
        </select>
        <button aria-pressed=${this.loop ? 'true' : 'false'} @click=${() => (this.loop = !this.loop)}>
          Loop
        </button>
        <button aria-pressed=${this.muted ? 'true' : 'false'} @click=${this.toggleMute}>Mute</button>
        <button @click=${this.fullscreen}>Fullscreen</button>
      </div>
      ${spritePreview(this.spriteUrl, this.grid, this.hover, { width: this.clipWidth, height: this.clipHeight })}
    </div>`;
  }

  private readonly sync = (): void => {
    const v = this.video;
    if (!v) return;
    this.paused = v.paused;
    this.muted = v.muted;
    this.time = v.currentTime;
    this.duration = Number.isFinite(v.duration) ? v.duration : 0;
    this.rate = v.playbackRate;
  };

  readonly toggle = (): void => {
    const v = this.video;
    if (!v) return;
    if (v.paused) void v.play().catch(() => undefined);
    else v.pause();
  };

  readonly toggleMute = (): void => {
    if (this.video) this.video.muted = !this.video.muted;
  };

  readonly fullscreen = (): void => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void this.frame?.requestFullscreen().catch(() => undefined);
  };

  seek(time: number): void {
    const v = this.video;
    if (!v) return;
    v.currentTime = Math.max(0, Math.min(time, this.duration || time));
    this.time = v.currentTime;
  }

  private setRate(rate: number): void {
    if (this.video) this.video.playbackRate = rate;
  }

  download(): void {
    const link = document.createElement('a');
    link.href = this.src;
    link.download = this.fileName;
    link.click();
  }

  private readonly onHover = (event: PointerEvent): void => {
    const range = event.currentTarget as HTMLElement;
    const box = range.getBoundingClientRect();
    const frameBox = this.frame?.getBoundingClientRect();
    const fraction = Math.max(0, Math.min(1, (event.clientX - box.left) / box.width));
    this.hover = { x: event.clientX - (frameBox?.left ?? 0), fraction };
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => playerKey(event, this);
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-player-controls': RwPlayerControls;
  }
}
