/**
 * The render's sound: every clip's audio decoded to planar PCM (mediabunny AudioSampleSink over WebCodecs),
 * mixed into one continuous episode track with the music bed and dialogue (mixer.ts), loudness-normalized
 * (loudness.ts), and encoded — AAC where this browser's AudioEncoder supports it, otherwise Opus.
 */
import {
  ALL_FORMATS,
  AudioSample,
  AudioSampleSink,
  AudioSampleSource,
  BlobSource,
  canEncodeAudio,
  Input,
  type InputAudioTrack,
} from 'mediabunny';
import { normalizeLoudness } from './loudness.ts';
import { mixEpisode } from './mixer.ts';
import { RenderError, type Pcm, type RenderOptions, type RenderSound } from './types.ts';

export const EPISODE_SAMPLE_RATE = 48_000;
export const EPISODE_CHANNELS = 2;

/** Decodes `track` from `from` to `to` (seconds in the track's timeline) into PCM at the track's own rate. */
export async function decodeTrack(
  track: InputAudioTrack,
  from: number,
  to: number,
  label: string,
): Promise<Pcm> {
  const rate = track.sampleRate;
  const channelCount = track.numberOfChannels;
  const length = Math.max(0, Math.round((to - from) * rate));
  const channels = Array.from({ length: channelCount }, () => new Float32Array(length));
  const sink = new AudioSampleSink(track);
  try {
    for await (const sample of sink.samples(from, to)) {
      try {
        const at = Math.round((sample.timestamp - from) * rate);
        const frames = sample.numberOfFrames;
        const plane = new Float32Array(frames);
        for (let c = 0; c < channelCount; c++) {
          sample.copyTo(plane, {
            planeIndex: Math.min(c, sample.numberOfChannels - 1),
            format: 'f32-planar',
          });
          // Samples that start before `from` (the first decoded frame) or run past `to` are cut to the slot.
          const skip = Math.max(0, -at);
          const n = Math.min(frames - skip, length - (at + skip));
          if (n > 0) channels[c]!.set(plane.subarray(skip, skip + n), at + skip);
        }
      } finally {
        sample.close();
      }
    }
  } catch (err) {
    throw new RenderError(
      'undecodable',
      `${label}: its audio could not be decoded (${(err as Error).message}).`,
      label,
    );
  }
  return { sampleRate: rate, channels };
}

/** The audio of one clip's slot, or null when the clip has no audio track. */
export async function decodeClipAudio(
  blob: Blob,
  label: string,
  inPoint: number,
  duration: number,
): Promise<Pcm | null> {
  const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryAudioTrack();
    if (!track) return null;
    const video = await input.getPrimaryVideoTrack();
    // Slots are in the video's timeline; the audio shares the clip's presentation clock.
    const origin = video ? await video.getFirstTimestamp() : 0;
    return await decodeTrack(track, origin + inPoint, origin + inPoint + duration, label);
  } finally {
    input.dispose();
  }
}

/** A whole sound file (music bed, dialogue line) decoded. */
export async function decodeSound(sound: RenderSound): Promise<Pcm> {
  const input = new Input({ source: new BlobSource(sound.blob), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryAudioTrack();
    if (!track) throw new RenderError('input', `${sound.label} has no audio track.`, sound.label);
    const start = await track.getFirstTimestamp();
    const end = await track.computeDuration();
    return await decodeTrack(track, start, end, sound.label);
  } finally {
    input.dispose();
  }
}

export interface EpisodeAudio {
  pcm: Pcm;
  loudness: { integratedLufs: number; truePeakDb: number };
}

/** Mixes the clips' audio with music and dialogue into one track, normalized to the episode's target. */
export async function renderEpisodeAudio(
  clips: { label: string; audio: Pcm | null; duration: number }[],
  options: Pick<RenderOptions, 'music' | 'speech' | 'crossfadeMs' | 'targetLufs' | 'truePeakDb'>,
): Promise<EpisodeAudio> {
  const music = options.music
    ? { audio: await decodeSound(options.music), start: options.music.start, gain: options.music.gain }
    : undefined;
  const speech = [];
  for (const line of options.speech ?? [])
    speech.push({ audio: await decodeSound(line), start: line.start, gain: line.gain });
  const mixed = mixEpisode(clips, {
    sampleRate: EPISODE_SAMPLE_RATE,
    channelCount: EPISODE_CHANNELS,
    crossfadeMs: options.crossfadeMs,
    ...(music ? { music } : {}),
    speech,
  });
  const normalized = normalizeLoudness(mixed, options.targetLufs, options.truePeakDb);
  return { pcm: normalized.pcm, loudness: normalized.after };
}

/** AAC when this browser can encode it at the episode's rate and channels, otherwise Opus. */
export async function pickAudioCodec(): Promise<'aac' | 'opus'> {
  const opts = { numberOfChannels: EPISODE_CHANNELS, sampleRate: EPISODE_SAMPLE_RATE, bitrate: 128_000 };
  if (await canEncodeAudio('aac', opts)) return 'aac';
  if (await canEncodeAudio('opus', opts)) return 'opus';
  throw new RenderError(
    'encoder',
    'This browser can encode neither AAC nor Opus audio, so no episode audio can be made.',
  );
}

/** Feeds `pcm` to an encoding source in one-second samples, starting at 0. */
export async function addPcm(source: AudioSampleSource, pcm: Pcm): Promise<void> {
  const chunk = pcm.sampleRate;
  const length = pcm.channels[0]?.length ?? 0;
  const channelCount = pcm.channels.length;
  for (let at = 0; at < length; at += chunk) {
    const n = Math.min(chunk, length - at);
    const data = new Float32Array(n * channelCount);
    for (let c = 0; c < channelCount; c++) data.set(pcm.channels[c]!.subarray(at, at + n), c * n);
    const sample = new AudioSample({
      data,
      format: 'f32-planar',
      numberOfChannels: channelCount,
      sampleRate: pcm.sampleRate,
      timestamp: at / pcm.sampleRate,
    });
    try {
      await source.add(sample);
    } finally {
      sample.close();
    }
  }
}
