import type { MediaPort } from '../state/ports.ts';

/**
 * The media seam as the store sees it. Every module loads on first use, so mp4box, the workers and
 * the encoders stay out of the shell's initial JavaScript.
 */
export function createMediaPort(): MediaPort {
  return {
    analyzeFiles: async (files, options, onEach) =>
      (await import('./import-file.ts')).analyzeFiles(files, options, onEach),
    fitImage: async (blob, width, height, mode) =>
      (await import('./fit.ts')).fitImage(blob, width, height, mode),
    probeVideo: async (blob) => (await import('./probe.ts')).probeVideo(blob),
    posterFrame: async (blob) => (await import('./thumbnail.ts')).videoPoster(blob),
    extractFrame: async (blob, at) => (await import('./frames.ts')).extractFrame(blob, at),
    renderPreview: async (options) => (await import('./preview/render-preview.ts')).renderPreview(options),
    renderStill: async (options) => (await import('./preview/render-preview.ts')).renderStill(options),
    stitch: async (clips, { labels, signal, layouts }) => {
      const { blob, duration, clipStarts } = await (
        await import('./stitch/index.ts')
      ).stitchClips(clips, {
        labels,
        signal,
        layouts,
      });
      return { blob, duration, clipStarts };
    },
    clipLayout: async (blob) => (await import('./stitch/boxes.ts')).scanLayout(blob),
  };
}
