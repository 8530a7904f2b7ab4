/**
 * Stitching an episode and what its export holds. The approved takes are remuxed losslessly (no
 * re-encoding) into one MP4 that is saved in the library as a VideoRecord marked with `episodeId`.
 * Captions (WebVTT from the script lines) and the music bed go BESIDE the MP4 (mixing music into the file
 * would mean re-encoding its audio, which a lossless stitch does not do): with either on, Export writes one
 * stored zip bundle (`episode-zip.ts`, loaded on demand) or the loose files into a folder.
 */
import type { EpisodeRecord, SegmentRecord, VideoRecord } from '../types.ts';
import type { EpisodeHost, EpisodeRecords } from './episode-records.ts';
import { buildWebVtt, captionCues } from './segment-split.ts';

/** How to lay the music bed under the episode: `mix.json` in an export. */
export interface MixNotes {
  episode: string;
  video: string;
  music: string;
  /** Music volume, 1 = full. */
  level: number;
  /** Seconds into the episode the music starts. */
  start: number;
  note: string;
  ffmpeg: string;
}

/** One file of an export. */
export interface ExportEntry {
  role: 'video' | 'captions' | 'music' | 'mix';
  name: string;
  blob: Blob;
}

/** What Export writes: the MP4 alone, or (captions or a music bed on) the MP4 with the files that go with it. */
export interface EpisodeExport {
  title: string;
  /** The MP4 first, then `<stem>.vtt`, the music file and `mix.json` when they are on. */
  files: ExportEntry[];
  /** `<stem>.zip` when there is more than the MP4 (a bundle); undefined for a plain MP4. */
  zipName?: string;
}

/** The names of an export's files; the music file keeps its own name unless another file already has it. */
export function exportNames(
  title: string,
  captions: boolean,
  musicName: string | undefined,
): { video: string; captions?: string; music?: string; mix?: string; zip?: string } {
  const stem = fileStem(title);
  const video = `${stem}.mp4`;
  const vtt = captions ? `${stem}.vtt` : undefined;
  let music = musicName === undefined ? undefined : safeFileName(musicName);
  const taken = [video, vtt, MIX_FILE, README_FILE].map((n) => n?.toLowerCase());
  if (music && taken.includes(music.toLowerCase())) music = `music-${music}`;
  const bundle = !!(vtt || music);
  return {
    video,
    captions: vtt,
    music,
    mix: music && MIX_FILE,
    zip: bundle ? `${stem}.zip` : undefined,
  };
}

export const MIX_FILE = 'mix.json';
export const README_FILE = 'README.txt';

/** What the exporter knows of the file it just wrote, for its VideoRecord. */
export type ExportFacts = Pick<VideoRecord, 'width' | 'height' | 'duration' | 'codec' | 'audioCodec' | 'fps'>;

export class EpisodeExporter {
  private readonly host: EpisodeHost;
  private readonly actions: EpisodeRecords;
  private controller?: AbortController;

  constructor(host: EpisodeHost, actions: EpisodeRecords) {
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
      const takes = await this.approvedTakes(segments);
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
      const first = takes[0]!;
      const video = await this.saveVideo(episode, takes, result.blob, {
        // A lossless join keeps the takes' one sample entry, so their picture size is the output's.
        width: first.width,
        height: first.height,
        duration: result.duration,
        codec: result.videoCodec || first.codec,
        audioCodec: result.audioCodec,
        fps: result.fps ?? first.fps,
      });
      const previous = episode.exportVideoId;
      const current = this.host.state().episodes.find((e) => e.id === episode.id) ?? episode;
      await this.actions.saveEpisode({
        ...current,
        exportVideoId: video.id,
        exportInfo: {
          path: 'lossless',
          clipStarts: result.clipStarts,
          duration: result.duration,
          musicMixed: false,
          captionsBurned: false,
        },
        updated: this.host.now(),
      });
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

  /**
   * WebVTT for the episode, or undefined if off. Cue times come from where each clip really starts in the
   * exported file (`exportInfo.clipStarts`); older exports fall back to the approved takes' durations.
   */
  async captions(episode: EpisodeRecord): Promise<string | undefined> {
    if (!episode.captions) return undefined;
    const segments = this.host.state().segments.filter((s) => s.episodeId === episode.id);
    if (segments.some((s) => !s.approvedTakeId)) return undefined;
    const info = episode.exportInfo;
    if (info && info.clipStarts.length === segments.length) {
      const slots = segments.map((s, i) => ({
        caption: s.caption,
        duration: (info.clipStarts[i + 1] ?? info.duration) - info.clipStarts[i]!,
      }));
      return buildWebVtt(captionCues(slots));
    }
    const takes = await this.approvedTakes(segments);
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
      music: musicFile,
      level,
      start: 0,
      note:
        'Reelwright stitches losslessly and never re-encodes audio, so the music bed is not mixed into the MP4. ' +
        `Lay ${musicFile} under the episode audio at this level (1 = full volume), starting at \`start\` seconds, ` +
        'in your editor, or with the ffmpeg command below.',
      ffmpeg:
        `ffmpeg -i "${videoFile}" -i "${musicFile}" -filter_complex ` +
        `"[1:a]volume=${level}[m];[0:a][m]amix=inputs=2:duration=first:normalize=0[a]" ` +
        `-map 0:v -map "[a]" -c:v copy -c:a libopus "${videoFile.replace(/\.mp4$/, '')}-with-music.mp4"`,
    };
  }

  /**
   * The files an export of the stitched episode holds. The blobs come straight from IndexedDB (handles to
   * the stored bytes, not copies); captions and mix notes are small text files made here.
   */
  async exportFiles(episode: EpisodeRecord): Promise<EpisodeExport> {
    const video = episode.exportVideoId && (await this.blob(episode.exportVideoId));
    if (!video)
      throw new Error(`“${episode.title}” has no stitched episode on this device. Stitch it first.`);
    const captions = await this.captions(episode);
    // A rendered episode has the music mixed in: the bundle keeps only the captions beside it.
    const bed = episode.exportInfo?.musicMixed ? undefined : await this.musicBed(episode);
    const asset = bed && { name: bed.name };
    const music = bed?.blob;
    const names = exportNames(episode.title, captions !== undefined, asset?.name);
    const files: ExportEntry[] = [{ role: 'video', name: names.video, blob: video }];
    if (captions !== undefined && names.captions)
      files.push({
        role: 'captions',
        name: names.captions,
        blob: new Blob([captions], { type: 'text/vtt' }),
      });
    if (music && names.music && names.mix) {
      files.push({ role: 'music', name: names.music, blob: music });
      const notes = this.mixNotes(episode, names.video, names.music);
      files.push({
        role: 'mix',
        name: names.mix,
        blob: new Blob([`${JSON.stringify(notes, null, 2)}\n`], { type: 'application/json' }),
      });
    }
    return { title: episode.title, files, zipName: names.zip };
  }

  /** The episode's music bed (name and bytes), undefined for None; throws when it is gone. */
  async musicBed(episode: EpisodeRecord): Promise<{ name: string; blob: Blob } | undefined> {
    if (!episode.musicAssetId) return undefined;
    const asset = this.host.state().assets.find((a) => a.id === episode.musicAssetId);
    if (!asset) throw new Error('The music bed was deleted from the asset library. Choose another, or None.');
    const blob = await this.host.db.getBlob(asset.blobId);
    if (!blob) throw new Error(`The music bed “${asset.name}” has no bytes on this device.`);
    return { name: asset.name, blob };
  }

  /** The README.txt of a bundle: what each file is. */
  readme(exported: EpisodeExport): string {
    const [video, ...rest] = exported.files;
    const lines = [
      `${exported.title}, exported from Reelwright on ${new Date(this.host.now()).toISOString().slice(0, 10)}.`,
      '',
      `${video!.name}: the stitched episode. The approved takes are joined without re-encoding, so the`,
      '  picture and sound are exactly as generated.',
    ];
    for (const file of rest) {
      if (file.role === 'captions') {
        lines.push(
          `${file.name}: captions (WebVTT) from the script lines, timed to the takes. Open it beside the`,
          '  MP4 in a player or editor, or burn it in.',
        );
      } else if (file.role === 'mix') {
        lines.push(
          `${file.name}: how to lay the music under the episode: its level (1 = full volume), when it`,
          '  starts, and an ffmpeg command that mixes it in.',
        );
      } else {
        lines.push(
          `${file.name}: the music bed, as imported. It is not mixed into the MP4 (see ${MIX_FILE}).`,
        );
      }
    }
    return `${lines.join('\n')}\n`;
  }

  /** Streams a bundle (its files and README.txt) as one stored zip into `writable`, and closes it. */
  async writeZip(
    exported: EpisodeExport,
    writable: WritableStream<Uint8Array>,
    options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<void> {
    const { writeZip } = await import('./episode-zip.ts');
    const readme = { name: README_FILE, blob: new Blob([this.readme(exported)], { type: 'text/plain' }) };
    await writeZip([...exported.files, readme], writable, options);
  }

  /** Writes an export's files into a folder the user chose, one stream each. */
  async writeFolder(
    exported: EpisodeExport,
    folder: FileSystemDirectoryHandle,
    onProgress?: (done: number, total: number) => void,
  ): Promise<void> {
    const total = exported.files.reduce((sum, f) => sum + f.blob.size, 0);
    let done = 0;
    for (const file of exported.files) {
      const handle = await folder.getFileHandle(file.name, { create: true });
      await file.blob.stream().pipeTo(await handle.createWritable());
      done += file.blob.size;
      onProgress?.(done, total);
    }
  }

  async approvedTakes(segments: readonly SegmentRecord[]): Promise<VideoRecord[]> {
    const takes: VideoRecord[] = [];
    for (const segment of segments) {
      const take = await this.host.db.getVideo(segment.approvedTakeId!);
      if (!take) throw new Error(`The approved take of “${segment.title}” was deleted from the library.`);
      takes.push(take);
    }
    return takes;
  }

  /**
   * Saves an exported cut in the library as the episode's VideoRecord, with the facts the stitcher or
   * renderer that just wrote it knows (the file is not probed again).
   */
  async saveVideo(
    episode: EpisodeRecord,
    takes: readonly VideoRecord[],
    blob: Blob,
    facts: ExportFacts,
  ): Promise<VideoRecord> {
    const { media, db } = this.host;
    const { width, height, duration } = facts;
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
      size: `${width}x${height}`,
      seconds: Math.round(duration),
      width,
      height,
      duration,
      codec: facts.codec,
      audioCodec: facts.audioCodec,
      fps: facts.fps,
      bitrate: duration > 0 ? Math.round((blob.size * 8) / duration) : undefined,
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

/** A file name that every file system takes: no path separators, reserved or control characters. */
export const safeFileName = (name: string): string =>
  name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/^[.\s]+|[.\s]+$/g, '') || 'music';
