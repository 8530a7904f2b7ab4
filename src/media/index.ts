import type { MediaPort } from '../state/ports.ts';
import type {
  ClipMediaInfo,
  RenderClip,
  RenderOptions,
  RenderProgress,
  RenderResult,
} from './render/types.ts';

/** The render engine's entry (media/render/index.ts), as the port uses it. */
interface RenderEngine {
  inspectClip(blob: Blob): Promise<ClipMediaInfo>;
  renderEpisode(
    clips: RenderClip[],
    options: RenderOptions,
    hooks?: { onProgress?: (progress: RenderProgress) => void; signal?: AbortSignal },
  ): Promise<RenderResult>;
}

/**
 * The engine loads on first use. A glob (not a plain import) so the app builds while the engine is not in
 * the tree yet: then the port has no `inspectClip`/`render` and every export is the lossless stitch.
 */
const engines = import.meta.glob<RenderEngine>('./render/index.ts');
const loadEngine = engines['./render/index.ts'];

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
    probeVideo: async (blob) => (await import('./probe-video.ts')).probeVideo(blob),
    posterFrame: async (blob) => (await import('./thumbnail.ts')).videoPoster(blob),
    extractFrame: async (blob, at) => (await import('./frames.ts')).extractFrame(blob, at),
    renderPreview: async (options) => (await import('./preview/render-preview.ts')).renderPreview(options),
    renderStill: async (options) => (await import('./preview/render-preview.ts')).renderStill(options),
    stitch: async (clips, { labels, signal, layouts }) => {
      const { blob, duration, clipStarts, tracks } = await (
        await import('./stitch/index.ts')
      ).stitchClips(clips, {
        labels,
        signal,
        layouts,
      });
      const video = tracks.find((t) => t.kind === 'video');
      const audio = tracks.find((t) => t.kind === 'audio');
      return {
        blob,
        duration,
        clipStarts,
        videoCodec: video?.codec ?? '',
        // The probe's formula: samples per second of the video track's presented duration.
        fps:
          video && video.duration > 0
            ? Math.round((video.sampleCount / video.duration) * 1000) / 1000
            : undefined,
        audioCodec: audio?.codec,
      };
    },
    clipLayout: async (blob) => (await import('./stitch/locate.ts')).scanLayout(blob),
    ...(loadEngine
      ? {
          inspectClip: async (blob: Blob) => (await loadEngine()).inspectClip(blob),
          render: async (
            clips: RenderClip[],
            options: RenderOptions,
            hooks?: { onProgress?: (progress: RenderProgress) => void; signal?: AbortSignal },
          ) => (await loadEngine()).renderEpisode(clips, options, hooks),
        }
      : {}),
  };
}
