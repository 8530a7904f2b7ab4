/**
 * The frame painter of the local preview: one OffscreenCanvas 2D context, static layers rendered once
 * (background, prompt panel, label, orb sprite), a few cheap draws per frame. Used by the render worker
 * for clips and by `renderStill` for images, so both look the same.
 */
import {
  PREVIEW_FPS,
  PREVIEW_LABEL,
  formatTimecode,
  scenePalette,
  wrapText,
  type ScenePalette,
} from './preview-math.ts';

export type PaintContext = OffscreenCanvasRenderingContext2D;

export interface PainterOptions {
  width: number;
  height: number;
  prompt: string;
  /** Frames in the clip (1 for a still). */
  totalFrames: number;
  fps?: number;
  variant?: number;
  /** Drawn as the whole first frame, then animated away from. Must already be decoded. */
  reference?: ImageBitmap;
  /** Draw the running timecode and progress bar (clips); stills leave them out. */
  timecode?: boolean;
}

export interface FramePainter {
  readonly palette: ScenePalette;
  paint(frameIndex: number): void;
}

const FONT = 'system-ui, "DejaVu Sans", Arial, sans-serif';

const smooth = (x: number): number => {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
};

function layer(width: number, height: number): [OffscreenCanvas, OffscreenCanvasRenderingContext2D] {
  const canvas = new OffscreenCanvas(Math.max(1, Math.ceil(width)), Math.max(1, Math.ceil(height)));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available');
  return [canvas, ctx];
}

function roundedRect(ctx: PaintContext, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

export function createFramePainter(ctx: PaintContext, opts: PainterOptions): FramePainter {
  const { width: w, height: h, totalFrames, reference } = opts;
  const fps = opts.fps ?? PREVIEW_FPS;
  const showTimecode = opts.timecode ?? true;
  const palette = scenePalette(opts.prompt, opts.variant ?? 0);
  const u = Math.min(w, h) / 720;
  const pad = Math.round(36 * u);

  // Background: vertical gradient and a faint diagonal grid, rendered once.
  const [bg, bgCtx] = layer(w, h);
  const gradient = bgCtx.createLinearGradient(0, 0, 0, h);
  gradient.addColorStop(0, palette.top);
  gradient.addColorStop(1, palette.bottom);
  bgCtx.fillStyle = gradient;
  bgCtx.fillRect(0, 0, w, h);
  bgCtx.strokeStyle = 'rgba(255,255,255,0.05)';
  bgCtx.lineWidth = Math.max(1, 2 * u);
  const step = Math.round(90 * u);
  bgCtx.beginPath();
  for (let x = -h; x < w + h; x += step) {
    bgCtx.moveTo(x, 0);
    bgCtx.lineTo(x + h, h);
  }
  bgCtx.stroke();

  // The moving orb, as a sprite.
  const orbR = Math.round(150 * u);
  const [orb, orbCtx] = layer(orbR * 2, orbR * 2);
  const radial = orbCtx.createRadialGradient(orbR, orbR, 0, orbR, orbR, orbR);
  radial.addColorStop(0, palette.accent);
  radial.addColorStop(0.35, palette.accent);
  radial.addColorStop(1, palette.accentClear);
  orbCtx.fillStyle = radial;
  orbCtx.fillRect(0, 0, orbR * 2, orbR * 2);

  // The label pill.
  const labelFont = `700 ${Math.round(26 * u)}px ${FONT}`;
  ctx.font = labelFont;
  const labelW = Math.ceil(ctx.measureText(PREVIEW_LABEL).width + 2 * pad * 0.6);
  const labelH = Math.round(48 * u);
  const [label, labelCtx] = layer(labelW, labelH);
  labelCtx.fillStyle = 'rgba(0,0,0,0.6)';
  roundedRect(labelCtx, 0, 0, labelW, labelH, labelH / 2);
  labelCtx.fill();
  labelCtx.font = labelFont;
  labelCtx.fillStyle = '#ffd54a';
  labelCtx.textBaseline = 'middle';
  labelCtx.textAlign = 'center';
  labelCtx.fillText(PREVIEW_LABEL, labelW / 2, labelH / 2 + u);

  // The prompt panel: wrapped text on a translucent card in the lower part of the frame.
  const promptSize = Math.round(34 * u);
  const promptFont = `500 ${promptSize}px ${FONT}`;
  ctx.font = promptFont;
  const panelW = w - 2 * pad;
  const maxLines = Math.max(2, Math.floor((h * 0.4) / (promptSize * 1.3)));
  const lines = wrapText(
    opts.prompt || '(empty prompt)',
    panelW - 2 * pad,
    (s) => ctx.measureText(s).width,
    maxLines,
  );
  const lineH = Math.round(promptSize * 1.3);
  const panelH = lines.length * lineH + 2 * pad;
  const [panel, panelCtx] = layer(panelW, panelH);
  panelCtx.fillStyle = 'rgba(0,0,0,0.45)';
  roundedRect(panelCtx, 0, 0, panelW, panelH, Math.round(20 * u));
  panelCtx.fill();
  panelCtx.font = promptFont;
  panelCtx.fillStyle = '#ffffff';
  panelCtx.textBaseline = 'top';
  lines.forEach((line, i) => panelCtx.fillText(line, pad, pad + i * lineH + (lineH - promptSize) / 2));
  const panelY = h - panelH - Math.round(96 * u);

  const timecodeFont = `600 ${Math.round(30 * u)}px ui-monospace, "DejaVu Sans Mono", monospace`;
  const barH = Math.max(4, Math.round(8 * u));
  const phase = ((palette.hash >>> 4) % 1000) / 1000;

  const paint = (frameIndex: number): void => {
    const t = frameIndex / fps;
    const progress = totalFrames <= 1 ? 0 : frameIndex / (totalFrames - 1);
    ctx.globalAlpha = 1;
    if (reference) {
      if (frameIndex === 0) {
        // The first frame is the reference, exactly.
        ctx.drawImage(reference, 0, 0, w, h);
        return;
      }
      const zoom = 1 + 0.08 * smooth(progress);
      const zw = w * zoom;
      const zh = h * zoom;
      ctx.drawImage(reference, (w - zw) / 2, (h - zh) / 2, zw, zh);
      ctx.globalAlpha = 0.35 * smooth(t / 0.75);
      ctx.drawImage(bg, 0, 0);
    } else {
      ctx.drawImage(bg, 0, 0);
    }
    const overlay = reference ? smooth(t / 0.5) : 1;

    // Motion: the orb drifts on a Lissajous path (periods 6 s and 4 s).
    const ox = w / 2 + w * 0.3 * Math.sin(2 * Math.PI * (t / 6 + phase));
    const oy = h * 0.42 + h * 0.22 * Math.sin(2 * Math.PI * (t / 4 + phase * 0.7));
    ctx.globalAlpha = 0.85 * overlay;
    ctx.drawImage(orb, ox - orbR, oy - orbR);

    ctx.globalAlpha = overlay;
    ctx.drawImage(panel, pad, panelY);
    ctx.drawImage(label, pad, pad);

    if (showTimecode) {
      ctx.fillStyle = 'rgba(0,0,0,0.55)';
      ctx.fillRect(0, h - barH, w, barH);
      ctx.fillStyle = '#ffd54a';
      ctx.fillRect(0, h - barH, w * progress, barH);
      ctx.font = timecodeFont;
      ctx.textBaseline = 'top';
      ctx.textAlign = 'right';
      ctx.fillStyle = 'rgba(0,0,0,0.6)';
      const code = formatTimecode(frameIndex, fps);
      const cw = ctx.measureText(code).width;
      ctx.fillRect(w - pad - cw - 16 * u, pad, cw + 32 * u, labelH);
      ctx.fillStyle = '#ffffff';
      ctx.fillText(code, w - pad, pad + (labelH - 30 * u) / 2);
      ctx.textAlign = 'left';
    }
    ctx.globalAlpha = 1;
  };

  return { palette, paint };
}
