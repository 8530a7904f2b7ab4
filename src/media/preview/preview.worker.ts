/**
 * Module worker of the local preview renderer: paints frames on an OffscreenCanvas, encodes them with
 * WebCodecs (H.264 + Opus) and muxes a faststart MP4 with mp4box. Serves `PreviewProtocol`.
 */
import { serve } from '../../workers/bridge.ts';
import { encodePreview } from './encode.ts';
import { PreviewError, type PreviewProtocol } from './preview-protocol.ts';

serve<PreviewProtocol>({
  render: (request, ctx) => {
    let lastSent = -1;
    const progress = (fraction: number): void => {
      // At most ~100 progress messages per render.
      if (fraction - lastSent < 0.01 && fraction < 1) return;
      lastSent = fraction;
      ctx.progress(fraction);
    };
    return encodePreview(request, progress).catch((error: unknown) => {
      if (error instanceof PreviewError) throw error;
      throw new PreviewError('encode', error instanceof Error ? error.message : String(error));
    });
  },
});
