/**
 * The render core (runs in render.worker.ts; callable in any thread with WebCodecs and OffscreenCanvas).
 *  - 'audio': video packets copied losslessly, one new continuous audio track (mixed, normalized, encoded).
 *  - 'full': every clip decoded and composed on the episode canvas at the episode's rate, captions burned
 *    when asked, H.264 encoded, muxed with the same rendered audio.
 * Captions that are not burned go in as a soft WebVTT subtitle track. The MP4 is written with mediabunny
 * (BufferTarget, fastStart 'in-memory': moov before mdat, so the file plays progressively).
 */
import {
  AudioSampleSource,
  BufferTarget,
  CanvasSource,
  EncodedVideoPacketSource,
  Mp4OutputFormat,
  Output,
  TextSubtitleSource,
} from 'mediabunny';
import { addPcm, decodeClipAudio, pickAudioCodec, renderEpisodeAudio } from './audio.ts';
import { toWebVtt } from './captions.ts';
import { FrameComposer } from './compose.ts';
import { inspectClip, undecodableError } from './inspect.ts';
import {
  RenderError,
  type ClipMediaInfo,
  type Pcm,
  type RenderClip,
  type RenderOptions,
  type RenderProgress,
  type RenderResult,
} from './types.ts';
import { copyVideo, encodeVideo, pickVideoEncoder, videoBitrate, type FullClip } from './video.ts';

export type ProgressFn = (p: RenderProgress) => void;

/** Stage weights of the whole render, per path (audio is cheap next to a video encode). */
const WEIGHTS = {
  audio: { reading: 0.05, audio: 0.55, video: 0.3, muxing: 0.1 },
  full: { reading: 0.02, audio: 0.08, video: 0.85, muxing: 0.05 },
} as const;

class Progress {
  private readonly started = performance.now();
  private done = 0;
  constructor(
    private readonly weights: Record<'reading' | 'audio' | 'video' | 'muxing', number>,
    private readonly onProgress: ProgressFn | undefined,
  ) {}
  /** `part` (0–1) of `stage` is done; earlier stages are complete. */
  report(stage: 'reading' | 'audio' | 'video' | 'muxing', part: number): void {
    const order = ['reading', 'audio', 'video', 'muxing'] as const;
    let fraction = 0;
    for (const s of order) {
      if (s === stage) {
        fraction += this.weights[s] * Math.min(1, Math.max(0, part));
        break;
      }
      fraction += this.weights[s];
    }
    this.done = Math.min(1, Math.max(this.done, fraction));
    const elapsed = (performance.now() - this.started) / 1000;
    const p: RenderProgress = { stage, fraction: this.done };
    if (this.done > 0.05) p.secondsLeft = Math.round((elapsed / this.done) * (1 - this.done) * 10) / 10;
    this.onProgress?.(p);
  }
}

/** Slots (seconds in each clip's own timeline) with trims clamped to the clip. */
function slotOf(clip: RenderClip, info: ClipMediaInfo): { inPoint: number; duration: number } {
  const inPoint = Math.max(0, Math.min(clip.inPoint ?? 0, info.duration));
  const outPoint = Math.max(inPoint, Math.min(clip.outPoint ?? info.duration, info.duration));
  return { inPoint, duration: outPoint - inPoint };
}

export async function render(
  clips: readonly RenderClip[],
  options: RenderOptions,
  onProgress?: ProgressFn,
): Promise<RenderResult> {
  if (clips.length === 0) throw new RenderError('input', 'There are no clips to render.');
  const path = options.forcePath ?? (options.burnCaptions ? 'full' : 'audio');
  if (path === 'lossless')
    throw new RenderError('input', 'The lossless path is the stitcher (media/stitch), not the renderer.');
  const progress = new Progress(WEIGHTS[path], onProgress);
  progress.report('reading', 0);

  const infos: ClipMediaInfo[] = [];
  for (const [i, clip] of clips.entries()) {
    const info = await inspectClip(clip.blob, clip.label);
    if (!info.canDecodeVideo && path === 'full') throw undecodableError(clip.label, info);
    if (info.audio && !info.canDecodeAudio) throw undecodableError(clip.label, info);
    infos.push(info);
    progress.report('reading', (i + 1) / clips.length);
  }
  if (path === 'audio' && clips.some((c) => c.inPoint !== undefined || c.outPoint !== undefined))
    throw new RenderError(
      'input',
      'Trimmed clips need a full render: copied video cannot be cut between key frames.',
    );

  // The timeline: audio path = each clip's whole video; full path = slots quantized to output frames, so
  // the audio of each clip lines up with its first frame exactly.
  const slots = clips.map((c, i) => slotOf(c, infos[i]!));
  const fps = options.fps;
  const frameBounds: number[] = [0];
  let t = 0;
  for (const s of slots) frameBounds.push(Math.round((t += s.duration) * fps));
  const durations =
    path === 'full'
      ? slots.map((_, i) => (frameBounds[i + 1]! - frameBounds[i]!) / fps)
      : slots.map((s) => s.duration);

  const audio: { label: string; audio: Pcm | null; duration: number }[] = [];
  for (const [i, clip] of clips.entries()) {
    audio.push({
      label: clip.label,
      audio: clip.muted
        ? null
        : await decodeClipAudio(clip.blob, clip.label, slots[i]!.inPoint, durations[i]!),
      duration: durations[i]!,
    });
    progress.report('audio', (0.8 * (i + 1)) / clips.length);
  }
  const episodeAudio = await renderEpisodeAudio(audio, options);
  progress.report('audio', 1);
  const audioCodec = await pickAudioCodec();

  const target = new BufferTarget();
  const output = new Output({ format: new Mp4OutputFormat({ fastStart: 'in-memory' }), target });
  const audioSource = new AudioSampleSource({ codec: audioCodec, bitrate: 128_000 });
  let starts: number[];
  let duration: number;
  let videoCodec: string;
  const captions = options.captions ?? [];
  const softCaptions = !options.burnCaptions && captions.length > 0;
  /** Adds the audio (and soft caption) tracks after the video track, starts the output and writes them. */
  const startWithAudio = async (): Promise<void> => {
    output.addAudioTrack(audioSource);
    const subtitles = softCaptions ? new TextSubtitleSource('webvtt') : null;
    if (subtitles) output.addSubtitleTrack(subtitles, { languageCode: 'und' });
    await output.start();
    await addPcm(audioSource, episodeAudio.pcm);
    audioSource.close();
    if (subtitles) {
      await subtitles.add(toWebVtt(captions));
      subtitles.close();
    }
  };
  try {
    if (path === 'audio') {
      const first = infos[0]!;
      const source = new EncodedVideoPacketSource(first.videoCodec as 'avc');
      output.addVideoTrack(source, { frameRate: first.fps });
      await startWithAudio();
      const copied = await copyVideo(clips, source, (i) => progress.report('video', (i + 1) / clips.length));
      source.close();
      starts = copied.starts;
      duration = copied.duration;
      videoCodec = first.codecString ?? first.videoCodec;
    } else {
      const { width, height } = options;
      const encoder = await pickVideoEncoder(width, height, fps);
      const composer = new FrameComposer(width, height, options.fit);
      const source = new CanvasSource(composer.canvas, {
        codec: 'avc',
        fullCodecString: encoder.codec,
        hardwareAcceleration: encoder.hardwareAcceleration,
        bitrate: videoBitrate(width, height, fps),
        keyFrameInterval: 2,
        latencyMode: 'quality',
      });
      output.addVideoTrack(source, { frameRate: fps });
      await startWithAudio();
      const total = frameBounds[clips.length]!;
      const full: FullClip[] = clips.map((c, i) => ({
        label: c.label,
        blob: c.blob,
        inPoint: slots[i]!.inPoint,
        firstFrame: frameBounds[i]!,
        endFrame: frameBounds[i + 1]!,
      }));
      await encodeVideo(
        full,
        source,
        composer,
        { fps, burnCaptions: options.burnCaptions, captions },
        (n) => {
          if (n % 15 === 0 || n === total) progress.report('video', n / total);
        },
      );
      source.close();
      starts = frameBounds.slice(0, -1).map((f) => f / fps);
      duration = total / fps;
      videoCodec = encoder.codec;
    }
    progress.report('muxing', 0);
    await output.finalize();
  } catch (err) {
    if (output.state !== 'finalized' && output.state !== 'canceled') await output.cancel().catch(() => {});
    throw err instanceof RenderError
      ? err
      : new RenderError('encoder', `The render failed: ${(err as Error)?.message ?? String(err)}`);
  }
  progress.report('muxing', 1);
  const blob = new Blob([target.buffer!], { type: 'video/mp4' });
  return {
    blob,
    path,
    duration,
    clipStarts: starts,
    videoCodec,
    audioCodec,
    loudness: episodeAudio.loudness,
  };
}
