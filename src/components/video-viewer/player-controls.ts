import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { inlineSizeContainer } from '../layout/container-styles.ts';
import { controlStyles } from '../ui/shared-styles.ts';

const RATES = [0.25, 0.5, 1, 1.5, 2] as const;
const KEYS_HELP =
  'Space or K play/pause, J and L back/forward 1 s, arrows one frame, F fullscreen, D download, M mute';

/** Layout of a provider spritesheet: a grid of frames, each with the clip's aspect (inferred from sizes). */
export function spriteGrid(
  imageW: number,
  imageH: number,
  clipW: number,
  clipH: number,
): { cols: number; rows: number } {
  const k = imageW / imageH / (clipW / clipH);
  if (!Number.isFinite(k) || k <= 0) return { cols: 1, rows: 1 };
  const rows = Math.max(1, Math.round(Math.sqrt(8 / k)));
  return { cols: Math.max(1, Math.round(k * rows)), rows };
}

const clock = (t: number): string => {
  if (!Number.isFinite(t)) return '0:00.0';
  const m = Math.floor(t / 60);
  return `${m}:${(t - m * 60).toFixed(1).padStart(4, '0')}`;
};

/** The clip player: video, controls, keyboard shortcuts and a scrub preview from the provider's spritesheet. */
@customElement('rw-player-controls')
export class RwPlayerControls extends LitElement {
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
  @query('video') private video?: HTMLVideoElement;
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
      ${this.renderSprite()}
    </div>`;
  }

  private renderSprite() {
    const { grid, hover, spriteUrl } = this;
    if (!grid || !hover || !spriteUrl) return nothing;
    const tiles = grid.cols * grid.rows;
    const tile = Math.min(tiles - 1, Math.floor(hover.fraction * tiles));
    const col = tile % grid.cols;
    const row = Math.floor(tile / grid.cols);
    const pos = (i: number, n: number) => (n > 1 ? (i / (n - 1)) * 100 : 0);
    return html`<div
      class="sprite"
      aria-hidden="true"
      style="left:${hover.x}px;aspect-ratio:${this.clipWidth}/${this.clipHeight};background-image:url(${spriteUrl});background-size:${grid.cols * 100}% ${grid.rows * 100}%;background-position:${pos(col, grid.cols)}% ${pos(row, grid.rows)}%"
    ></div>`;
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

  private readonly toggle = (): void => {
    const v = this.video;
    if (!v) return;
    if (v.paused) void v.play().catch(() => undefined);
    else v.pause();
  };

  private readonly toggleMute = (): void => {
    if (this.video) this.video.muted = !this.video.muted;
  };

  private readonly fullscreen = (): void => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void this.frame?.requestFullscreen().catch(() => undefined);
  };

  private seek(time: number): void {
    const v = this.video;
    if (!v) return;
    v.currentTime = Math.max(0, Math.min(time, this.duration || time));
    this.time = v.currentTime;
  }

  private setRate(rate: number): void {
    if (this.video) this.video.playbackRate = rate;
  }

  private download(): void {
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

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.composedPath()[0] as HTMLElement;
    const onControl = target instanceof HTMLButtonElement || target instanceof HTMLSelectElement;
    const v = this.video;
    if (!v) return;
    const frame = 1 / (this.fps || 30);
    const actions: Record<string, () => void> = {
      ' ': this.toggle,
      k: this.toggle,
      j: () => this.seek(v.currentTime - 1),
      l: () => this.seek(v.currentTime + 1),
      ArrowLeft: () => (v.pause(), this.seek(v.currentTime - frame)),
      ArrowRight: () => (v.pause(), this.seek(v.currentTime + frame)),
      f: this.fullscreen,
      d: () => this.download(),
      m: this.toggleMute,
    };
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const action = actions[key];
    if (!action || (onControl && (key === ' ' || key === 'Enter'))) return;
    if (target instanceof HTMLSelectElement && key.startsWith('Arrow')) return;
    event.preventDefault();
    action();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-player-controls': RwPlayerControls;
  }
}
