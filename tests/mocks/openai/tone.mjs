// Measurable stand-in "speech" for the speech mocks (OpenAI /audio/speech and fal TTS): a steady sine tone
// whose frequency names the voice and whose length follows the text, so a test can find each line in a
// mixed episode by energy and frequency. Encoded in JS (WAV, raw PCM, FLAC): no ffmpeg at run time.

/** Sample rate of OpenAI speech output (pcm is documented as 24 kHz 16-bit mono); used for every format. */
export const SPEECH_SAMPLE_RATE = 24_000;
/** Characters per second of mock speech at speed 1. */
export const SPEECH_CHARS_PER_SECOND = 16;
/** Tone amplitude (-10.5 dBFS). */
export const TONE_AMPLITUDE = 0.3;
const FADE_S = 0.01;

/**
 * Tone frequency per voice (Hz), at least 30 Hz apart. Voices not listed (custom voice ids, fal voices)
 * get 700-1060 Hz from a hash of the id: use `voiceFrequency()` rather than this table in tests.
 */
export const VOICE_FREQUENCIES = Object.freeze({
  onyx: 180,
  alloy: 220,
  ash: 250,
  ballad: 280,
  nova: 330,
  coral: 370,
  echo: 400,
  fable: 440,
  sage: 480,
  shimmer: 520,
  verse: 560,
  marin: 600,
  cedar: 640,
});

/** @param {string} voice */
export function voiceFrequency(voice) {
  const known = /** @type {Record<string, number>} */ (VOICE_FREQUENCIES)[voice];
  if (known) return known;
  let hash = 2166136261;
  for (let i = 0; i < voice.length; i += 1) hash = Math.imul(hash ^ voice.charCodeAt(i), 16777619) >>> 0;
  return 700 + (hash % 10) * 40;
}

/**
 * Seconds of mock speech: one second per 16 characters (at least a quarter second), divided by the speed.
 * @param {string} input @param {number} [speed]
 */
export function speechSeconds(input, speed = 1) {
  return Math.max(0.25, input.length / SPEECH_CHARS_PER_SECOND) / speed;
}

/**
 * PCM16 samples of a steady tone with 10 ms fades.
 * @param {number} frequency @param {number} seconds @param {number} [sampleRate]
 * @returns {Int16Array}
 */
export function toneSamples(frequency, seconds, sampleRate = SPEECH_SAMPLE_RATE) {
  const n = Math.max(1, Math.round(seconds * sampleRate));
  const fade = Math.min(Math.round(FADE_S * sampleRate), Math.floor(n / 2));
  const out = new Int16Array(n);
  for (let i = 0; i < n; i += 1) {
    const edge = Math.min(1, i / Math.max(1, fade), (n - 1 - i) / Math.max(1, fade));
    out[i] = Math.round(TONE_AMPLITUDE * edge * 32767 * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
  }
  return out;
}

/** Raw little-endian PCM16 bytes. @param {Int16Array} samples */
export function encodePcm(samples) {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i += 1) out.writeInt16LE(samples[i], i * 2);
  return out;
}

/** PCM16 mono WAV. @param {Int16Array} samples @param {number} [sampleRate] */
export function encodeWav(samples, sampleRate = SPEECH_SAMPLE_RATE) {
  const data = encodePcm(samples);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const FLAC_BLOCK = 4096;

/**
 * FLAC (16-bit mono) with VERBATIM subframes: valid, lossless, uncompressed. Sample rates with a FLAC
 * frame-header code only (8, 16, 22.05, 24, 32, 44.1, 48, 96 kHz).
 * @param {Int16Array} samples @param {number} [sampleRate]
 */
export function encodeFlac(samples, sampleRate = SPEECH_SAMPLE_RATE) {
  const rateCodes = /** @type {Record<number, number>} */ ({
    8000: 4,
    16000: 5,
    22050: 6,
    24000: 7,
    32000: 8,
    44100: 9,
    48000: 10,
    96000: 11,
  });
  const rateCode = rateCodes[sampleRate];
  if (rateCode === undefined) throw new Error(`encodeFlac: no frame code for ${sampleRate} Hz`);
  const info = new BitWriter();
  info.write(1, 1); // last metadata block
  info.write(0, 7); // STREAMINFO
  info.write(34, 24);
  info.write(FLAC_BLOCK, 16);
  info.write(FLAC_BLOCK, 16);
  info.write(0, 24); // min frame size unknown
  info.write(0, 24); // max frame size unknown
  info.write(sampleRate, 20);
  info.write(0, 3); // channels - 1
  info.write(15, 5); // bits per sample - 1
  info.write(Math.floor(samples.length / 2 ** 32), 4);
  info.write(samples.length % 2 ** 32, 32);
  for (let i = 0; i < 16; i += 1) info.write(0, 8); // MD5 unknown
  const parts = [Buffer.from('fLaC', 'latin1'), info.bytes()];
  for (let frame = 0, at = 0; at < samples.length; frame += 1, at += FLAC_BLOCK) {
    const block = samples.subarray(at, Math.min(samples.length, at + FLAC_BLOCK));
    const w = new BitWriter();
    w.write(0x3ffe, 14); // sync
    w.write(0, 1);
    w.write(0, 1); // fixed block size
    w.write(block.length === FLAC_BLOCK ? 12 : 7, 4); // 4096, or 16-bit (n - 1) after the header
    w.write(rateCode, 4);
    w.write(0, 4); // mono
    w.write(4, 3); // 16 bits per sample
    w.write(0, 1);
    for (const byte of utf8Number(frame)) w.write(byte, 8);
    if (block.length !== FLAC_BLOCK) w.write(block.length - 1, 16);
    w.write(crc8(w.bytes()), 8);
    w.write(0, 1); // subframe padding
    w.write(1, 6); // VERBATIM
    w.write(0, 1); // no wasted bits
    for (const sample of block) w.write(sample & 0xffff, 16);
    w.align();
    const body = w.bytes();
    const crc = crc16(body);
    parts.push(body, Buffer.from([crc >> 8, crc & 0xff]));
  }
  return Buffer.concat(parts);
}

class BitWriter {
  constructor() {
    /** @type {number[]} */
    this.out = [];
    this.acc = 0;
    this.bits = 0;
  }
  /** @param {number} value @param {number} width */
  write(value, width) {
    for (let i = width - 1; i >= 0; i -= 1) {
      this.acc = (this.acc << 1) | (Math.floor(value / 2 ** i) & 1);
      this.bits += 1;
      if (this.bits === 8) {
        this.out.push(this.acc);
        this.acc = 0;
        this.bits = 0;
      }
    }
  }
  align() {
    while (this.bits !== 0) this.write(0, 1);
  }
  bytes() {
    return Buffer.from(this.out);
  }
}

/** FLAC's "UTF-8" coding of a frame number (up to 31 bits). @param {number} n */
function utf8Number(n) {
  const count = [0x80, 0x800, 0x10000, 0x200000, 0x4000000, 0x80000000].findIndex((limit) => n < limit) + 1;
  if (count === 1) return [n];
  const bytes = [];
  let value = n;
  for (let i = 0; i < count - 1; i += 1) {
    bytes.unshift(0x80 | (value & 0x3f));
    value = Math.floor(value / 64);
  }
  bytes.unshift(((0xff << (8 - count)) & 0xff) | value);
  return bytes;
}

/** @param {Buffer} bytes */
function crc8(bytes) {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i += 1) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

/** @param {Buffer} bytes */
function crc16(bytes) {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/**
 * The audio of one mock line, in a format the mock can make.
 * @param {{ voice: string, input: string, speed?: number, format: 'wav' | 'pcm' | 'flac' }} line
 */
export function speechAudio({ voice, input, speed = 1, format }) {
  const frequency = voiceFrequency(voice);
  const seconds = speechSeconds(input, speed);
  const samples = toneSamples(frequency, seconds);
  const encoded =
    format === 'pcm'
      ? { bytes: encodePcm(samples), contentType: 'audio/pcm' }
      : format === 'flac'
        ? { bytes: encodeFlac(samples), contentType: 'audio/flac' }
        : { bytes: encodeWav(samples), contentType: 'audio/wav' };
  return { ...encoded, frequency, seconds: samples.length / SPEECH_SAMPLE_RATE };
}
