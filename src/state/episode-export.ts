/**
 * Stitching an episode and what its export holds. The approved takes are remuxed losslessly (no
 * re-encoding) into one MP4 that is saved in the library as a VideoRecord marked with `episodeId`.
 * Captions (WebVTT from the script lines) and the music bed are exported BESIDE the MP4: mixing music
 * into the file would mean re-encoding its audio, which a lossless stitch does not do.
 */
import type { EpisodeRecord, SegmentRecord, VideoRecord } from '../types.ts';
import type { EpisodeActions, EpisodeHost } from './episodes.ts';
import { buildWebVtt, captionCues } from './segment-split.ts';

export interface MixNotes {
  episode: string;
  video: string;
  music: { file: string; level: number; startsAt: number; note: string };
  ffmpeg: string;
}

export class EpisodeExporter {
  private readonly host: EpisodeHost;
  private readonly actions: EpisodeActions;
  private controller?: AbortController;

  constructor(host: EpisodeHost, actions: EpisodeActions) {
    this.host = host;
    this.actions = actions;
  }

  /** Stitches the open episode's approved takes into one MP4 and saves it in the library. */
  async stitch(): Promise<void> {
    const episode = this.actions.episode;
    if (!episode) return;
    const segments = this.host.state().segments;
    const report = (phase: 'reading' | 'stitching' | 'saving' | 'error', message: string): void =>
      this.host.set({ stitch: { episodeId: episode.id, phase, message } });
    if (!segments.length) return report('error', 'This episode has no segments to stitch.');
    const missing = segments.filter((s) => !s.approvedTakeId);
    if (missing.length) {
      return report('error', `Approve a take first for: ${missing.map((s) => `“${s.title}”`).join(', ')}.`);
    }
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    try {
      report('reading', `Reading ${segments.length} approved takes…`);
      const takes = await this.takes(segments);
      const blobs: Blob[] = [];
      for (const [i, take] of takes.entries()) {
        const blob = await this.host.db.getBlob(take.blobId);
        if (!blob)
          throw new Error(`The approved take of “${segments[i]!.title}” has no bytes on this device.`);
        blobs.push(blob);
      }
      report('stitching', `Stitching ${blobs.length} clips without re-encoding…`);
      const result = await this.host.media.stitch(blobs, {
        labels: segments.map((s) => s.title),
        signal: controller.signal,
        layouts: takes.map((t) => t.layout),
      });
      controller.signal.throwIfAborted();
      report('saving', 'Saving the episode to the library…');
      const video = await this.save(episode, takes, result.blob, result.duration);
      const previous = episode.exportVideoId;
      await this.actions.saveEpisode({ ...episode, exportVideoId: video.id, updated: this.host.now() });
      if (previous && previous !== video.id) await this.host.db.deleteVideo(previous);
      await this.host.reloadVideos();
      this.host.set({
        stitch: {
          episodeId: episode.id,
          phase: 'done',
          videoId: video.id,
          message: `Stitched ${blobs.length} clips into ${result.duration.toFixed(1)} s, without re-encoding.`,
        },
      });
    } catch (error) {
      if (controller.signal.aborted) return report('error', 'Stitching was canceled.');
      report('error', error instanceof Error ? error.message : String(error));
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  /** The bytes of a stitched episode (or any clip), for Save as…. */
  async blob(videoId: string): Promise<Blob | undefined> {
    const video = await this.host.db.getVideo(videoId);
    return video && this.host.db.getBlob(video.blobId);
  }

  /** WebVTT for the episode (cue times from the approved takes' real durations), or undefined if off. */
  async captions(episode: EpisodeRecord): Promise<string | undefined> {
    if (!episode.captions) return undefined;
    const segments = this.host.state().segments.filter((s) => s.episodeId === episode.id);
    if (segments.some((s) => !s.approvedTakeId)) return undefined;
    const takes = await this.takes(segments);
    return buildWebVtt(
      captionCues(segments.map((s, i) => ({ caption: s.caption, duration: takes[i]!.duration }))),
    );
  }

  /** How to lay the music bed under the episode (the app does not re-encode audio to mix it in). */
  mixNotes(episode: EpisodeRecord, videoFile: string, musicFile: string): MixNotes {
    const level = Math.round(episode.musicLevel * 100) / 100;
    return {
      episode: episode.title,
      video: videoFile,
      music: {
        file: musicFile,
        level,
        startsAt: 0,
        note:
          'Reelwright stitches losslessly and never re-encodes audio, so the music bed is not mixed into the MP4. ' +
          'Lay it under the episode audio at this level (1 = full volume) in your editor, or with the command below.',
      },
      ffmpeg:
        `ffmpeg -i "${videoFile}" -i "${musicFile}" -filter_complex ` +
        `"[1:a]volume=${level}[m];[0:a][m]amix=inputs=2:duration=first:normalize=0[a]" ` +
        `-map 0:v -map "[a]" -c:v copy -c:a libopus "${videoFile.replace(/\.mp4$/, '')}-with-music.mp4"`,
    };
  }

  private async takes(segments: readonly SegmentRecord[]): Promise<VideoRecord[]> {
    const takes: VideoRecord[] = [];
    for (const segment of segments) {
      const take = await this.host.db.getVideo(segment.approvedTakeId!);
      if (!take) throw new Error(`The approved take of “${segment.title}” was deleted from the library.`);
      takes.push(take);
    }
    return takes;
  }

  private async save(
    episode: EpisodeRecord,
    takes: readonly VideoRecord[],
    blob: Blob,
    duration: number,
  ): Promise<VideoRecord> {
    const { media, db } = this.host;
    const probe = await media.probeVideo(blob);
    const thumbnail = await media.posterFrame(blob).catch(() => undefined);
    const id = crypto.randomUUID();
    const now = this.host.now();
    const project = this.host.state().projects.find((p) => p.id === episode.projectId);
    const video: VideoRecord = {
      id,
      jobId: `episode-${episode.id}`,
      prompt: `${project ? `${project.title} — ` : ''}${episode.title} (stitched episode)`,
      connectionId: episode.connectionId,
      providerKind: takes[0]?.providerKind ?? 'local',
      model: episode.model,
      size: `${probe.width}x${probe.height}`,
      seconds: Math.round(duration),
      width: probe.width,
      height: probe.height,
      duration: probe.duration || duration,
      codec: probe.codec,
      audioCodec: probe.audioCodec,
      fps: probe.fps,
      bitrate: probe.bitrate,
      bytes: blob.size,
      cost: Math.round(takes.reduce((sum, t) => sum + t.cost * 100, 0)) / 100,
      episodeId: episode.id,
      created: now,
      completed: now,
      blobId: `clip-${id}`,
      thumbId: thumbnail ? `clipthumb-${id}` : undefined,
      tags: ['episode'],
    };
    await db.saveClip(video, blob, thumbnail);
    return video;
  }
}

/** A file name from a title: `Pilot episode` → `Pilot-episode`. */
export const fileStem = (title: string): string =>
  title
    .replace(/[^\p{L}\p{N} _-]+/gu, '')
    .trim()
    .replace(/\s+/g, '-') || 'episode';
