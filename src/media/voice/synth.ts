/**
 * The local placeholder voice: turns a line into a clearly synthetic buzz with one swell per syllable, so
 * dialogue can be placed, timed and mixed with no key and no network. It is not speech and not AI; the WAV
 * says so in its INFO chunk, and the catalog labels it "Local voice (placeholder, not AI)".
 *
 * Deterministic: the same text, voice and speed always give the same samples. The pitch comes from the voice
 * id, the vowel of each syllable colours it (two formants), sentences fall in pitch and questions rise, and
 * commas and sentence ends leave pauses. Output: PCM16 mono WAV at 48 kHz, which every browser decodes.
 */

export const SYNTH_SAMPLE_RATE = 48_000;

/** Seconds at speed 1. */
const SYLLABLE_S = 0.2;
const WORD_GAP_S = 0.08;
const COMMA_PAUSE_S = 0.25;
const SENTENCE_PAUSE_S = 0.5;
const LEAD_S = 0.15;
const TAIL_S = 0.25;
const PEAK = 0.5;
const TABLE_SIZE = 1024;

/** Fixed pitches of the catalog's local voices (config/voices/local.json); other ids are hashed. */
const VOICE_PITCH: Readonly<Record<string, number>> = {
  deep: 95,
  low: 120,
  mid: 150,
  warm: 180,
  bright: 215,
  high: 250,
};

/** F1/F2 (Hz) of a syllable by its first vowel letter. */
const FORMANTS: Readonly<Record<string, [number, number]>> = {
  a: [730, 1090],
  e: [530, 1840],
  i: [270, 2290],
  o: [570, 840],
  u: [300, 870],
  y: [400, 1900],
};
const NEUTRAL_FORMANTS: [number, number] = [500, 1500];

export interface SynthOptions {
  /** Sets the pitch: a catalog id (`mid`) or any other id (a provider voice such as `nova`). */
  voice: string;
  /** 1 = normal; 2 = twice as fast. Clamped to 0.25-4. */
  speed?: number;
  sampleRate?: number;
}

/** Where one word sounds, in seconds from the start. */
export interface WordTiming {
  text: string;
  start: number;
  end: number;
  syllables: number;
}

export interface SpeechPlan {
  /** Total length, silences included. */
  duration: number;
  words: WordTiming[];
  /** Base pitch in Hz. */
  pitch: number;
}

export interface SynthResult {
  blob: Blob;
  duration: number;
  plan: SpeechPlan;
}

/** Base pitch (Hz) of a voice id: the catalog's fixed values, else 90-260 Hz from a hash of the id. */
export function voicePitch(voice: string): number {
  const id = voice.trim().toLowerCase();
  const fixed = VOICE_PITCH[id];
  if (fixed) return fixed;
  let hash = 2166136261;
  for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619) >>> 0;
  return 90 + (hash % 171);
}

/** Syllables of a word: vowel groups for Latin text, one per letter or digit for other scripts. */
export function countSyllables(word: string): number {
  const lower = word.toLowerCase();
  const latin = lower.replace(/[^a-z]/g, '');
  if (latin) {
    let groups = latin.match(/[aeiouy]+/g)?.length ?? 0;
    if (groups > 1 && /[^aeiouy]e$/.test(latin) && !/[^aeiouy]le$/.test(latin)) groups -= 1;
    const digits = lower.replace(/[^0-9]/g, '').length;
    return Math.max(1, groups + digits);
  }
  return Math.max(1, [...lower].filter((c) => /[\p{L}\p{N}]/u.test(c)).length);
}

interface Token {
  text: string;
  syllables: number;
  /** Pause after the word at speed 1 (seconds). */
  pause: number;
  /** Last word of a question. */
  question: boolean;
  sentence: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}'’]+([^\p{L}\p{N}'’]*)/gu)) {
    const word = match[0].slice(0, match[0].length - (match[1]?.length ?? 0));
    const trail = match[1] ?? '';
    const ends = /[.!?…]/.test(trail);
    tokens.push({
      text: word,
      syllables: countSyllables(word),
      pause: ends ? SENTENCE_PAUSE_S : /[,;:–—-]/.test(trail) ? COMMA_PAUSE_S : 0,
      question: trail.includes('?'),
      sentence,
    });
    if (ends) sentence += 1;
  }
  return tokens;
}

const clampSpeed = (speed: number | undefined): number =>
  Number.isFinite(speed) && (speed as number) > 0 ? Math.min(4, Math.max(0.25, speed as number)) : 1;

/** The timeline of a line: where each word sounds, and the total length, before any sample is made. */
export function planSpeech(text: string, options: Pick<SynthOptions, 'voice' | 'speed'>): SpeechPlan {
  const scale = 1 / clampSpeed(options.speed);
  const words: WordTiming[] = [];
  let t = LEAD_S * scale;
  const tokens = tokenize(text);
  tokens.forEach((token, i) => {
    const start = t;
    t += token.syllables * SYLLABLE_S * scale;
    words.push({ text: token.text, start, end: t, syllables: token.syllables });
    if (i < tokens.length - 1) t += (WORD_GAP_S + token.pause) * scale;
  });
  return { duration: t + TAIL_S * scale, words, pitch: voicePitch(options.voice) };
}

/** Renders the samples (-1..1) of a line. */
export function renderSpeech(
  text: string,
  options: SynthOptions,
): { samples: Float32Array; sampleRate: number; plan: SpeechPlan } {
  const sampleRate = options.sampleRate ?? SYNTH_SAMPLE_RATE;
  const plan = planSpeech(text, options);
  const tokens = tokenize(text);
  const samples = new Float32Array(Math.ceil(plan.duration * sampleRate));
  const sentenceLength = new Map<number, number>();
  for (const token of tokens)
    sentenceLength.set(token.sentence, (sentenceLength.get(token.sentence) ?? 0) + 1);
  const seen = new Map<number, number>();
  let phase = 0;
  let syllableIndex = 0;
  plan.words.forEach((word, w) => {
    const token = tokens[w]!;
    const position = seen.get(token.sentence) ?? 0;
    seen.set(token.sentence, position + 1);
    const length = sentenceLength.get(token.sentence) ?? 1;
    // Declination over the sentence (+8 % to -8 %), a rise on the last word of a question.
    const along = length > 1 ? position / (length - 1) : 0.5;
    const contour = token.question && position === length - 1 ? 1.2 : 1.08 - 0.16 * along;
    const vowels = syllableVowels(word.text, word.syllables);
    const span = (word.end - word.start) / word.syllables;
    for (let s = 0; s < word.syllables; s += 1) {
      const wobble = 1 + 0.04 * Math.sin(syllableIndex * 2.3);
      syllableIndex += 1;
      const f0 = plan.pitch * contour * wobble;
      const table = waveTable(f0, FORMANTS[vowels[s] ?? ''] ?? NEUTRAL_FORMANTS, sampleRate);
      const from = Math.round((word.start + s * span) * sampleRate);
      const to = Math.min(samples.length, Math.round((word.start + (s + 1) * span) * sampleRate));
      const step = (f0 / sampleRate) * TABLE_SIZE;
      for (let i = from; i < to; i += 1) {
        const envelope = Math.sin((Math.PI * (i - from)) / Math.max(1, to - from));
        const index = Math.floor(phase);
        const frac = phase - index;
        const a = table[index % TABLE_SIZE]!;
        const b = table[(index + 1) % TABLE_SIZE]!;
        samples[i] = PEAK * envelope * (a + (b - a) * frac);
        phase = (phase + step) % TABLE_SIZE;
      }
    }
  });
  return { samples, sampleRate, plan };
}

/** Renders a line into a labelled WAV Blob. */
export function synthesizeSpeech(text: string, options: SynthOptions): SynthResult {
  const { samples, sampleRate, plan } = renderSpeech(text, options);
  const speed = clampSpeed(options.speed);
  const wav = encodeWav(samples, sampleRate, {
    INAM: 'Reelwright placeholder voice',
    ICMT: `Synthetic placeholder, not speech and not AI. Voice ${options.voice}, speed ${speed}.`,
    ISFT: 'Reelwright',
  });
  return { blob: new Blob([wav], { type: 'audio/wav' }), duration: samples.length / sampleRate, plan };
}

/** PCM16 mono WAV, with an optional LIST/INFO chunk (4-letter ids such as INAM, ICMT). */
export function encodeWav(
  samples: Float32Array,
  sampleRate: number,
  info: Record<string, string> = {},
): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const entries = Object.entries(info).map(([id, text]) => {
    const bytes = encoder.encode(`${text}\0`);
    return { id, bytes, padded: bytes.length + (bytes.length % 2) };
  });
  const listSize = entries.length ? 4 + entries.reduce((n, e) => n + 8 + e.padded, 0) : 0;
  const dataSize = samples.length * 2;
  const total = 12 + 24 + (listSize ? 8 + listSize : 0) + 8 + dataSize;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  const tag = (text: string): void => {
    for (let i = 0; i < 4; i += 1) out[at + i] = text.charCodeAt(i);
    at += 4;
  };
  const u32 = (n: number): void => {
    view.setUint32(at, n, true);
    at += 4;
  };
  const u16 = (n: number): void => {
    view.setUint16(at, n, true);
    at += 2;
  };
  tag('RIFF');
  u32(total - 8);
  tag('WAVE');
  tag('fmt ');
  u32(16);
  u16(1); // PCM
  u16(1); // mono
  u32(sampleRate);
  u32(sampleRate * 2);
  u16(2);
  u16(16);
  if (listSize) {
    tag('LIST');
    u32(listSize);
    tag('INFO');
    for (const entry of entries) {
      tag(entry.id);
      u32(entry.bytes.length);
      out.set(entry.bytes, at);
      at += entry.padded;
    }
  }
  tag('data');
  u32(dataSize);
  for (let i = 0; i < samples.length; i += 1) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(at, Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), true);
    at += 2;
  }
  return out;
}

/** One period of a buzz at `f0`: harmonics falling off as 1/h, shaped by two formant resonances. */
function waveTable(f0: number, [f1, f2]: [number, number], sampleRate: number): Float32Array {
  const table = new Float32Array(TABLE_SIZE);
  const limit = Math.min(sampleRate / 2 - 200, 4000);
  const amps: number[] = [];
  for (let h = 1; h * f0 < limit && h <= 40; h += 1) {
    const f = h * f0;
    const resonance = 1 / (1 + ((f - f1) / 90) ** 2) + 0.7 / (1 + ((f - f2) / 120) ** 2);
    amps.push((0.15 + resonance) / h);
  }
  let peak = 0;
  for (let i = 0; i < TABLE_SIZE; i += 1) {
    const x = (2 * Math.PI * i) / TABLE_SIZE;
    let v = 0;
    for (let h = 0; h < amps.length; h += 1) v += amps[h]! * Math.sin((h + 1) * x);
    table[i] = v;
    peak = Math.max(peak, Math.abs(v));
  }
  if (peak > 0) for (let i = 0; i < TABLE_SIZE; i += 1) table[i] = table[i]! / peak;
  return table;
}

/** The vowel letter of each syllable (for its colour); missing ones are neutral. */
function syllableVowels(word: string, syllables: number): string[] {
  const groups = word.toLowerCase().match(/[aeiouy]+/g) ?? [];
  return Array.from({ length: syllables }, (_, i) => groups[i]?.[0] ?? '');
}
