/**
 * Non-fragmented, faststart MP4 writer for the local preview: H.264 (avc1 + avcC) and Opus (Opus + dOps)
 * with full sample tables, moov before mdat, samples interleaved one second per chunk.
 *
 * mp4box builds and serialises the box tree (createFile / addTrack / write). Its own `addSample` writes
 * fragments (moof/mdat per sample), so the sample tables (stts, stss, stsc, stsz, stco) are filled here,
 * and the boxes mp4box 2.x does not export at run time (stss, edts/elst, dOps) are written as raw boxes.
 */
import { Box, DataStream, createFile, type ISOFile } from 'mp4box';
import { MOVIE_TIMESCALE, VIDEO_TIMESCALE } from './preview-math.ts';

export interface MuxSample {
  data: Uint8Array;
  /** Duration in the track's timescale. */
  duration: number;
  isSync: boolean;
}

export interface MuxVideo {
  width: number;
  height: number;
  /** AVCDecoderConfigurationRecord (the encoder's decoderConfig.description). */
  avcC: Uint8Array;
  /** Samples in decode order; no B-frames (composition time = decode time). */
  samples: MuxSample[];
}

export interface MuxAudio {
  sampleRate: number;
  channels: number;
  /** Opus pre-skip in 48 kHz samples (from the encoder's OpusHead). */
  preSkip: number;
  samples: MuxSample[];
}

export interface MuxInput {
  /** Presentation length in seconds (movie and track durations, audio edit list). */
  seconds: number;
  video: MuxVideo;
  audio?: MuxAudio;
}

/** The serialised file: ftyp + moov, then mdat header, then the sample bytes (zero-copy Blob parts). */
export interface MuxOutput {
  parts: Uint8Array[];
  byteLength: number;
}

/** A box whose payload is given as bytes (mp4box's Box writes `data` after the header). */
function rawBox(type: string, payload: Uint8Array): Box {
  const box = new Box();
  box.type = type;
  box.data = payload;
  return box;
}

class Bytes {
  private readonly out: number[] = [];
  u8(v: number): this {
    this.out.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    return this.u16(v >>> 16).u16(v);
  }
  ascii(s: string): this {
    for (let i = 0; i < s.length; i++) this.u8(s.charCodeAt(i));
    return this;
  }
  bytes(b: Uint8Array): this {
    for (const v of b) this.out.push(v);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** OpusSpecificBox payload (ISO/IEC 23003-5 / "Encapsulation of Opus in ISOBMFF" §4.3.2), mapping family 0. */
function dOpsPayload(channels: number, preSkip: number, sampleRate: number): Uint8Array {
  return new Bytes().u8(0).u8(channels).u16(preSkip).u32(sampleRate).u16(0).u8(0).done();
}

/** edts payload: one elst (version 0) entry. */
function edtsPayload(segmentDuration: number, mediaTime: number): Uint8Array {
  const elst = new Bytes().u32(0).u32(1).u32(segmentDuration).u32(mediaTime).u16(1).u16(0).done();
  return new Bytes()
    .u32(8 + elst.length)
    .ascii('elst')
    .bytes(elst)
    .done();
}

function stssPayload(syncNumbers: number[]): Uint8Array {
  const b = new Bytes().u32(0).u32(syncNumbers.length);
  for (const n of syncNumbers) b.u32(n);
  return b.done();
}

function runLength(values: number[]): { counts: number[]; values: number[] } {
  const counts: number[] = [];
  const out: number[] = [];
  for (const v of values) {
    if (out.length && out[out.length - 1] === v) counts[counts.length - 1]++;
    else {
      out.push(v);
      counts.push(1);
    }
  }
  return { counts, values: out };
}

interface ChunkPlan {
  track: 'video' | 'audio';
  first: number;
  count: number;
}

/** One chunk per track per second, video first, in time order. */
function planChunks(input: MuxInput): ChunkPlan[] {
  const plans: ChunkPlan[] = [];
  const cut = (samples: MuxSample[], timescale: number): number[] => {
    // Index of the first sample starting at or after each whole second.
    const starts: number[] = [];
    let t = 0;
    let nextSecond = 0;
    samples.forEach((s, i) => {
      while (t >= nextSecond * timescale) {
        starts.push(i);
        nextSecond++;
      }
      t += s.duration;
    });
    return [...new Set(starts)];
  };
  const videoStarts = cut(input.video.samples, VIDEO_TIMESCALE);
  const audioStarts = input.audio ? cut(input.audio.samples, input.audio.sampleRate) : [];
  const seconds = Math.max(videoStarts.length, audioStarts.length);
  const range = (starts: number[], k: number, total: number): [number, number] | undefined => {
    if (k >= starts.length) return undefined;
    const end = k + 1 < starts.length ? starts[k + 1] : total;
    return end > starts[k] ? [starts[k], end - starts[k]] : undefined;
  };
  for (let k = 0; k < seconds; k++) {
    const v = range(videoStarts, k, input.video.samples.length);
    if (v) plans.push({ track: 'video', first: v[0], count: v[1] });
    const a = input.audio ? range(audioStarts, k, input.audio.samples.length) : undefined;
    if (a) plans.push({ track: 'audio', first: a[0], count: a[1] });
  }
  return plans;
}

type Trak = ReturnType<ISOFile['getTrackById']>;

function fillTables(trak: Trak, samples: MuxSample[], chunks: ChunkPlan[], offsets: number[]): void {
  const stbl = trak.mdia.minf.stbl;
  const stts = runLength(samples.map((s) => s.duration));
  stbl.stts.sample_counts = stts.counts;
  stbl.stts.sample_deltas = stts.values;
  stbl.stsz.sample_size = 0;
  stbl.stsz.sample_sizes = samples.map((s) => s.data.byteLength);
  stbl.stsc.first_chunk = [];
  stbl.stsc.samples_per_chunk = [];
  stbl.stsc.sample_description_index = [];
  chunks.forEach((c, i) => {
    const last = stbl.stsc.samples_per_chunk.length - 1;
    if (last >= 0 && stbl.stsc.samples_per_chunk[last] === c.count) return;
    stbl.stsc.first_chunk.push(i + 1);
    stbl.stsc.samples_per_chunk.push(c.count);
    stbl.stsc.sample_description_index.push(1);
  });
  stbl.stco.chunk_offsets = offsets;
}

/** Put `box` into `parent.boxes` right after the child of type `after`. */
function insertAfter(parent: { boxes?: Box[] }, after: string, box: Box): void {
  const boxes = parent.boxes ?? [];
  const i = boxes.findIndex((b) => b.type === after);
  boxes.splice(i + 1, 0, box);
  parent.boxes = boxes;
}

function removeChildren(parent: { boxes?: Box[] }, type: string): void {
  parent.boxes = (parent.boxes ?? []).filter((b) => b.type !== type);
}

function serialise(file: ISOFile): Uint8Array {
  const stream = new DataStream();
  file.write(stream);
  return new Uint8Array(stream.buffer, 0, stream.byteLength);
}

export function muxMp4(input: MuxInput): MuxOutput {
  const { video, audio, seconds } = input;
  if (video.samples.length === 0) throw new Error('No video samples to mux');
  if (!video.samples[0].isSync) throw new Error('The first video sample must be a keyframe');
  const movieDuration = Math.round(seconds * MOVIE_TIMESCALE);

  const file = createFile();
  file.init({
    brands: ['isom', 'iso2', 'avc1', 'mp41'],
    timescale: MOVIE_TIMESCALE,
    duration: movieDuration,
  });
  const avcC = video.avcC.slice();
  const videoId = file.addTrack({
    type: 'avc1',
    width: video.width,
    height: video.height,
    timescale: VIDEO_TIMESCALE,
    duration: movieDuration,
    media_duration: video.samples.reduce((sum, s) => sum + s.duration, 0),
    language: 'und',
    hdlr: 'vide',
    name: 'VideoHandler',
    avcDecoderConfigRecord: avcC.buffer,
  });
  const audioId = audio
    ? file.addTrack({
        type: 'Opus',
        timescale: audio.sampleRate,
        duration: movieDuration,
        media_duration: audio.samples.reduce((sum, s) => sum + s.duration, 0),
        language: 'und',
        hdlr: 'soun',
        name: 'SoundHandler',
        channel_count: audio.channels,
        samplesize: 16,
        samplerate: audio.sampleRate,
        description: rawBox('dOps', dOpsPayload(audio.channels, audio.preSkip, audio.sampleRate)),
      })
    : undefined;

  const moov = file.moov;
  if (!moov) throw new Error('mp4box did not create a moov box');
  // Not fragmented: no mvex. mvhd volume full (addTrack derives it from the first track's width).
  removeChildren(moov, 'mvex');
  moov.mvex = undefined;
  moov.mvhd.volume = 1;
  moov.mvhd.duration = movieDuration;

  const videoTrak = file.getTrackById(videoId);
  videoTrak.tkhd.volume = 0;
  removeChildren(videoTrak.mdia, 'elng');
  const syncNumbers = video.samples.flatMap((s, i) => (s.isSync ? [i + 1] : []));
  if (syncNumbers.length < video.samples.length) {
    insertAfter(videoTrak.mdia.minf.stbl, 'stts', rawBox('stss', stssPayload(syncNumbers)));
  }

  const audioTrak = audioId === undefined ? undefined : file.getTrackById(audioId);
  if (audioTrak && audio) {
    audioTrak.tkhd.width = 0;
    audioTrak.tkhd.height = 0;
    audioTrak.tkhd.alternate_group = 1;
    removeChildren(audioTrak.mdia, 'elng');
    // Opus priming: the first `preSkip` decoded samples are not presented (as ffmpeg writes it).
    insertAfter(audioTrak, 'tkhd', rawBox('edts', edtsPayload(movieDuration, audio.preSkip)));
  }

  const chunks = planChunks(input);
  const videoChunks = chunks.filter((c) => c.track === 'video');
  const audioChunks = chunks.filter((c) => c.track === 'audio');
  const sampleBytes = (c: ChunkPlan): number => {
    const list = c.track === 'video' ? video.samples : (audio?.samples ?? []);
    let n = 0;
    for (let i = c.first; i < c.first + c.count; i++) n += list[i].data.byteLength;
    return n;
  };
  const layout = (headerLength: number): { video: number[]; audio: number[] } => {
    const out = { video: [] as number[], audio: [] as number[] };
    let offset = headerLength + 8;
    for (const c of chunks) {
      out[c.track].push(offset);
      offset += sampleBytes(c);
    }
    return out;
  };

  // Two passes: the moov size does not depend on the offset values, only on their count.
  let offsets = layout(0);
  fillTables(videoTrak, video.samples, videoChunks, offsets.video);
  if (audioTrak && audio) fillTables(audioTrak, audio.samples, audioChunks, offsets.audio);
  const headerLength = serialise(file).byteLength;
  offsets = layout(headerLength);
  videoTrak.mdia.minf.stbl.stco.chunk_offsets = offsets.video;
  if (audioTrak) audioTrak.mdia.minf.stbl.stco.chunk_offsets = offsets.audio;
  const header = serialise(file);
  if (header.byteLength !== headerLength) throw new Error('moov size changed between passes');

  const payloadLength = chunks.reduce((sum, c) => sum + sampleBytes(c), 0);
  const mdatSize = payloadLength + 8;
  if (header.byteLength + mdatSize > 0xffffffff) throw new Error('Preview file would exceed 4 GB');
  const mdatHeader = new Bytes().u32(mdatSize).ascii('mdat').done();
  const parts: Uint8Array[] = [header, mdatHeader];
  for (const c of chunks) {
    const list = c.track === 'video' ? video.samples : (audio?.samples ?? []);
    for (let i = c.first; i < c.first + c.count; i++) parts.push(list[i].data);
  }
  return { parts, byteLength: header.byteLength + mdatSize };
}
