/**
 * Drawing one output frame of the full render on the episode canvas: the source frame fitted with `crop`
 * (scaled to cover, centred) or `blur` (the whole frame contained, over a blurred cover-scaled fill), then the
 * caption. The blur is a downscale to a tiny canvas and a smooth upscale: cheap enough per frame in software.
 */
import type { VideoSample } from 'mediabunny';
import { layoutCaption, type CaptionLayout } from './captions.ts';
import type { FitMode } from './types.ts';

type Ctx = OffscreenCanvasRenderingContext2D;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where a `sw` x `sh` source lands in a `dw` x `dh` frame, covering it or contained in it, centred. */
export function fitRect(sw: number, sh: number, dw: number, dh: number, mode: 'cover' | 'contain'): Rect {
  const scale = mode === 'cover' ? Math.max(dw / sw, dh / sh) : Math.min(dw / sw, dh / sh);
  const w = sw * scale;
  const h = sh * scale;
  return { x: (dw - w) / 2, y: (dh - h) / 2, w, h };
}

export class FrameComposer {
  readonly canvas: OffscreenCanvas;
  private readonly ctx: Ctx;
  private readonly fill: OffscreenCanvas;
  private readonly fillCtx: Ctx;
  private readonly captionCache = new Map<string, CaptionLayout>();

  constructor(
    readonly width: number,
    readonly height: number,
    readonly fit: FitMode,
  ) {
    this.canvas = new OffscreenCanvas(width, height);
    this.ctx = this.canvas.getContext('2d', { alpha: false })!;
    this.fill = new OffscreenCanvas(
      Math.max(4, Math.round(width / 24)),
      Math.max(4, Math.round(height / 24)),
    );
    this.fillCtx = this.fill.getContext('2d', { alpha: false })!;
  }

  drawFrame(sample: VideoSample | null): void {
    const { ctx, width, height } = this;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, width, height);
    if (!sample) return;
    const sw = sample.displayWidth;
    const sh = sample.displayHeight;
    if (this.fit === 'crop' || sw * height === sh * width) {
      const r = fitRect(sw, sh, width, height, 'cover');
      sample.draw(ctx, r.x, r.y, r.w, r.h);
      return;
    }
    const f = fitRect(sw, sh, this.fill.width, this.fill.height, 'cover');
    sample.draw(this.fillCtx, f.x, f.y, f.w, f.h);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.globalAlpha = 0.85;
    ctx.drawImage(this.fill, 0, 0, width, height);
    ctx.globalAlpha = 1;
    const r = fitRect(sw, sh, width, height, 'contain');
    sample.draw(ctx, r.x, r.y, r.w, r.h);
  }

  drawCaption(text: string): void {
    const { ctx } = this;
    let layout = this.captionCache.get(text);
    if (!layout) {
      layout = layoutCaption(text, this.width, this.height, (s, size) => {
        ctx.font = `800 ${size}px system-ui, sans-serif`;
        return ctx.measureText(s).width;
      });
      this.captionCache.set(text, layout);
    }
    ctx.font = layout.font;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    ctx.lineJoin = 'round';
    ctx.lineWidth = layout.outline;
    ctx.strokeStyle = '#000';
    ctx.fillStyle = '#fff';
    layout.lines.forEach((line, i) => {
      ctx.strokeText(line, layout.x, layout.baselines[i]!);
      ctx.fillText(line, layout.x, layout.baselines[i]!);
    });
  }
}
