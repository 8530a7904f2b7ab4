/**
 * The episode mixer: one continuous track from the clips' own audio, the music bed and dialogue lines.
 *
 * Timeline: clip i starts at sample round(sum of the previous slot durations × rate) — rounded from the
 * cumulative time, so rounding never drifts — and fills its slot exactly: audio beyond the slot is cut,
 * audio shorter than the slot is padded with silence, a clip without audio is silence. The output is
 * round(sum of durations × rate) samples long.
 *
 * Joins: an equal-power crossfade (cos/sin, so the power of uncorrelated material sums to 1) of
 * `crossfadeMs` centred on the join. It does not move anything: past its slot the outgoing clip plays its own
 * samples beyond the cut when it has them, otherwise its last samples mirrored; before its slot the incoming
 * clip plays its first samples mirrored. A mirror continues the waveform without a step and with the same
 * level and spectrum, and lasts half a crossfade (15 ms by default). Next to a clip without audio, the join
 * fades to or from silence.
 *
 * Speech (dialogue lines, issue 17) sits on top: the clip audio is ducked under it (`speechDuckDb`, keyed on
 * the speech alone), then the speech is added.
 *
 * Music bed: from its start to the episode end, looped when it is shorter (each loop seam an equal-power
 * crossfade of `MUSIC_LOOP_CROSSFADE_S`, so it neither clicks nor leaves a gap), ducked under everything
 * else (the sidechain key is the sum of clip audio and speech, `duckEnvelope`), and faded out over
 * `MUSIC_FADE_OUT_S` at the episode end.
 */
import { remix, resample } from './resample.ts';
import type { Pcm } from './types.ts';

export { remix, resample };

export interface MixClip {
  /** Names the clip in errors. */
  label: string;
  /** The clip's decoded audio, or null for a clip without an audio track (silence). */
  audio: Pcm | null;
  /** The clip's slot on the timeline, s. */
  duration: number;
}

export interface MixSound {
  audio: Pcm;
  /** Seconds into the episode. */
  start: number;
  /** Linear gain. */
  gain: number;
}

export interface MixOptions {
  sampleRate: number;
  channelCount: 1 | 2;
  /** Equal-power crossfade at each join, ms (0 = butt joins). */
  crossfadeMs: number;
  /** Music bed: from `start`, cut at the episode end with a short fade-out. */
  music?: MixSound;
  /** Dialogue lines, mixed on top. */
  speech?: MixSound[];
  /** Music attenuation while clip audio or speech is audible, dB (default -12). */
  duckDb?: number;
  /** Clip audio attenuation while speech is audible, dB (default -12). */
  speechDuckDb?: number;
  /** Loop the music bed to the episode end when it is shorter (default true). */
  loopMusic?: boolean;
  /** Ducking attack / release time constants, ms (defaults 80 / 400). */
  duckAttackMs?: number;
  duckReleaseMs?: number;
}

/** Music fade-out at the episode end, s. */
export const MUSIC_FADE_OUT_S = 0.5;
/** Crossfade at each loop seam of a music bed shorter than the episode, s. */
export const MUSIC_LOOP_CROSSFADE_S = 0.05;

/** Mixes the episode; see the module comment for the timeline, joins and ducking. */
export function mixEpisode(clips: readonly MixClip[], options: MixOptions): Pcm {
  const { sampleRate: rate, channelCount } = options;
  const starts = new Array<number>(clips.length + 1);
  let t = 0;
  starts[0] = 0;
  clips.forEach((clip, i) => {
    if (!(clip.duration >= 0) || !Number.isFinite(clip.duration)) {
      throw new RangeError(`${clip.label}: slot duration ${clip.duration} is not a non-negative number`);
    }
    t += clip.duration;
    starts[i + 1] = Math.round(t * rate);
  });
  const length = starts[clips.length]!;
  const out = Array.from({ length: channelCount }, () => new Float32Array(length));
  const audio = clips.map((c) => (c.audio ? remix(resample(c.audio, rate), channelCount) : null));
  const fade = Math.max(0, Math.round((options.crossfadeMs * rate) / 1000));
  // Crossfade length per join (i = 1 … clips.length-1), at most half of either neighbouring slot.
  const joins = new Array<number>(clips.length + 1).fill(0);
  for (let i = 1; i < clips.length; i++) {
    const before = starts[i]! - starts[i - 1]!;
    const after = starts[i + 1]! - starts[i]!;
    joins[i] = Math.min(fade, Math.floor(before / 2), Math.floor(after / 2));
  }
  for (let i = 0; i < clips.length; i++) {
    const a = audio[i];
    if (!a) continue;
    for (let c = 0; c < channelCount; c++) {
      placeClip(out[c]!, a.channels[c]!, starts[i]!, starts[i + 1]!, joins[i]!, joins[i + 1]!);
    }
  }
  const times = { attackMs: options.duckAttackMs ?? 80, releaseMs: options.duckReleaseMs ?? 400 };
  const speech = options.speech ?? [];
  if (speech.length) {
    // The speech on its own bus first: it is the key that ducks the clip audio under the lines.
    const bus = Array.from({ length: channelCount }, () => new Float32Array(length));
    for (const s of speech) addSound(bus, s, rate, channelCount, length, { fadeAtEnd: false, loop: false });
    const envelope = duckEnvelope(
      { sampleRate: rate, channels: bus },
      {
        duckDb: options.speechDuckDb ?? -12,
        ...times,
      },
    );
    for (let c = 0; c < channelCount; c++) {
      const y = out[c]!;
      const b = bus[c]!;
      for (let n = 0; n < length; n++) y[n] = y[n]! * envelope[n]! + b[n]!;
    }
  }
  if (options.music) {
    const key: Pcm = { sampleRate: rate, channels: out };
    const envelope = duckEnvelope(key, { duckDb: options.duckDb ?? -12, ...times });
    addSound(out, options.music, rate, channelCount, length, {
      fadeAtEnd: true,
      loop: options.loopMusic ?? true,
      envelope,
    });
  }
  return { sampleRate: rate, channels: out };
}

/**
 * A looped sound's sample at offset `k` (samples from its start): period = length − seam; the first `seam`
 * samples of every repeat after the first are an equal-power crossfade from the previous repeat's tail
 * (x[period + p], the samples the cut skips) into the head (x[p]).
 */
function loopedAt(x: Float32Array, k: number, seam: number): number {
  const period = x.length - seam;
  if (k < period) return x[k]!;
  const p = k % period;
  if (p >= seam) return x[p]!;
  const theta = (Math.PI / 2) * ((p + 0.5) / seam);
  return Math.sin(theta) * x[p]! + Math.cos(theta) * x[period + p]!;
}

/**
 * Writes one channel of a clip into `out` over its slot [start, end), with the crossfade of `fadeIn`
 * samples centred on `start` and of `fadeOut` samples centred on `end` (0 = none).
 */
function placeClip(
  out: Float32Array,
  x: Float32Array,
  start: number,
  end: number,
  fadeIn: number,
  fadeOut: number,
): void {
  const slot = end - start;
  const inLo = start - Math.floor(fadeIn / 2);
  const inHi = inLo + fadeIn; // exclusive
  const outLo = end - Math.floor(fadeOut / 2);
  const outHi = outLo + fadeOut;
  // Body: plain copy (no other clip writes here).
  const bodyLo = Math.max(start, inHi);
  const bodyHi = Math.min(end, outLo);
  const copyHi = Math.min(bodyHi, start + x.length);
  if (copyHi > bodyLo) out.set(x.subarray(bodyLo - start, copyHi - start), bodyLo);
  // The clip's material at clip-relative index k, mirrored where the clip has no samples.
  const material = (k: number): number => {
    if (k < 0) return x.length > 0 ? x[Math.min(x.length - 1, -1 - k)]! : 0;
    if (k < x.length) return x[k]!;
    if (x.length < slot) return 0; // audio ended inside the slot: silence there already
    return x[Math.max(0, 2 * x.length - 1 - k)]!;
  };
  for (let n = inLo; n < inHi; n++) {
    const theta = (Math.PI / 2) * ((n - inLo + 0.5) / fadeIn);
    out[n]! += Math.sin(theta) * material(n - start);
  }
  for (let n = outLo; n < outHi; n++) {
    const theta = (Math.PI / 2) * ((n - outLo + 0.5) / fadeOut);
    out[n]! += Math.cos(theta) * material(n - start);
  }
}

function addSound(
  out: Float32Array[],
  sound: MixSound,
  rate: number,
  channelCount: 1 | 2,
  length: number,
  how: { fadeAtEnd: boolean; loop: boolean; envelope?: Float32Array },
): void {
  const a = remix(resample(sound.audio, rate), channelCount);
  const at = Math.round(sound.start * rate);
  const own = a.channels[0]?.length ?? 0;
  // Looped only when it ends before the episode does; a seam needs a sound longer than four seams.
  const seam = Math.min(Math.round(MUSIC_LOOP_CROSSFADE_S * rate), Math.floor(own / 4));
  const loop = how.loop && seam > 0 && at + own < length;
  const lo = Math.max(0, at);
  const hi = loop ? length : Math.min(length, at + own);
  if (hi <= lo) return;
  // Fade the bed out over its last stretch when it runs to the episode end (cut there).
  const fadeLen = how.fadeAtEnd && hi === length ? Math.min(hi - lo, Math.round(MUSIC_FADE_OUT_S * rate)) : 0;
  const fadeLo = hi - fadeLen;
  const envelope = how.envelope;
  for (let c = 0; c < channelCount; c++) {
    const x = a.channels[c]!;
    const y = out[c]!;
    for (let n = lo; n < hi; n++) {
      let g = sound.gain;
      if (envelope) g *= envelope[n]!;
      if (n >= fadeLo) g *= Math.cos((Math.PI / 2) * ((n - fadeLo + 1) / fadeLen));
      const k = n - at;
      y[n]! += g * (loop ? loopedAt(x, k, seam) : x[k]!);
    }
  }
}

/** RMS window of the ducking sidechain, s (centred: offline, the duck may anticipate the key a little). */
const KEY_WINDOW_S = 0.05;

/**
 * The music gain for a sidechain `key`: per sample, linear. The key's power (mean over channels) is averaged
 * over a centred 50 ms window; where that RMS is above `thresholdDb` (default -45 dBFS) the target gain is
 * `duckDb`, elsewhere 1. A one-pole smoother moves towards the target with `attackMs` going down and
 * `releaseMs` coming back up, so the music never steps. 1 throughout where the key is silent.
 */
export function duckEnvelope(
  key: Pcm,
  options: { duckDb: number; attackMs: number; releaseMs: number; thresholdDb?: number },
): Float32Array {
  const rate = key.sampleRate;
  const n = key.channels[0]?.length ?? 0;
  const env = new Float32Array(n);
  if (n === 0) return env;
  const ducked = Math.pow(10, options.duckDb / 20);
  const threshold = Math.pow(10, (options.thresholdDb ?? -45) / 10); // as power
  const win = Math.max(1, Math.round(KEY_WINDOW_S * rate));
  const half = Math.floor(win / 2);
  // Mean power over channels, once per sample (Float64 running sum over the window below).
  const power = new Float32Array(n);
  const weight = 1 / key.channels.length;
  for (const x of key.channels) for (let i = 0; i < n; i++) power[i]! += x[i]! * x[i]! * weight;
  const coef = (ms: number): number => (ms > 0 ? 1 - Math.exp(-1000 / (ms * rate)) : 1);
  const attack = coef(options.attackMs);
  const release = coef(options.releaseMs);
  // Running sum of power over [i - half, i - half + win), clipped to the signal.
  let sum = 0;
  for (let i = 0; i < Math.min(n, win - half); i++) sum += power[i]!;
  let g = 1;
  for (let i = 0; i < n; i++) {
    const count = Math.min(n, i - half + win) - Math.max(0, i - half);
    const target = sum > threshold * count ? ducked : 1;
    if (target !== g) g += (target - g) * (target < g ? attack : release);
    env[i] = g;
    const addIdx = i - half + win;
    if (addIdx < n) sum += power[addIdx]!;
    const dropIdx = i - half;
    if (dropIdx >= 0) sum -= power[dropIdx]!;
    if (sum < 0) sum = 0;
  }
  return env;
}
