/**
 * FCPXML 1.10 (Final Cut Pro 10.6+, DaVinci Resolve 18+) for the hand-off.
 *
 * - `resources`: a `format` for the sequence (frameDuration, width, height) and one per other take
 *   format; one `asset` per media file whose `media-rep src` is a relative URL, `./media/name.ext`. Apple's
 *   FCPXML reference says `src` is an absolute file URL or "a relative URL based on the location of the
 *   FCPXML document itself (for example, ./Media/MyMovie.mov)"; our file names are `[A-Za-z0-9._-]` only,
 *   so the URL needs no escaping and is the same string as the path. An editor that does not resolve it
 *   asks for the media folder and finds the files by their unique names.
 * - `library/event/project/sequence/spine`: one `asset-clip` per take at its offset (`start` = the in
 *   point in the take, `duration` = its slot), `gap`s between; everything is a whole frame of the sequence.
 * - Connected clips anchored to the spine item they start over: music on lane -1 (`adjust-volume`),
 *   dialogue on lane -2 (-3… only when lines overlap), captions as Basic Title `title`s on lane 1, and a
 *   marker per caption so the editor's timeline index lists every line.
 */
import {
  layoutHandoff,
  type CaptionPlacement,
  type FrameRate,
  type HandoffLayout,
  type HandoffTimeline,
  type SoundPlacement,
} from './timeline.ts';

export const FCPXML_VERSION = '1.10';

/** Final Cut Pro's built-in Basic Title (Resolve maps it to a text title). */
export const BASIC_TITLE_UID =
  '.../Titles.localized/Bumper:Opener.localized/Basic Title.localized/Basic Title.moti';

// ——— rational seconds ———

interface Rational {
  n: number;
  d: number;
}

const gcd = (a: number, b: number): number => {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a || 1;
};

const rational = (n: number, d: number): Rational => {
  const g = gcd(n, d);
  return { n: n / g, d: d / g };
};

/** `frames` of `rate` as seconds: 3 frames of 30000/1001 → 3003/30000 → reduced. */
const frames = (count: number, rate: FrameRate): Rational => rational(count * rate.den, rate.num);

const add = (a: Rational, b: Rational): Rational => rational(a.n * b.d + b.n * a.d, a.d * b.d);

/** FCPXML time: `0s`, `5s`, `1001/30000s`. */
const t = (r: Rational): string => (r.n === 0 ? '0s' : r.d === 1 ? `${r.n}s` : `${r.n}/${r.d}s`);

// ——— XML ———

// Characters XML 1.0 forbids (C0 controls but tab, line feed and carriage return; lone surrogates).
const FORBIDDEN =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const escapeText = (text: string): string =>
  text.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const escapeAttribute = (text: string): string =>
  escapeText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');

type Attrs = Record<string, string | number | undefined>;

const attrs = (a: Attrs): string =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttribute(String(v))}"`)
    .join('');

class Xml {
  private readonly lines: string[] = [];
  private depth = 0;

  open(tag: string, a: Attrs = {}): this {
    this.lines.push(`${'    '.repeat(this.depth)}<${tag}${attrs(a)}>`);
    this.depth++;
    return this;
  }

  close(tag: string): this {
    this.depth--;
    this.lines.push(`${'    '.repeat(this.depth)}</${tag}>`);
    return this;
  }

  empty(tag: string, a: Attrs = {}): this {
    this.lines.push(`${'    '.repeat(this.depth)}<${tag}${attrs(a)}/>`);
    return this;
  }

  raw(line: string): this {
    this.lines.push(`${'    '.repeat(this.depth)}${line}`);
    return this;
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

// ——— the document ———

interface SpineItem {
  kind: 'clip' | 'gap';
  /** Sequence frames. */
  offset: number;
  duration: number;
  /** The item's local time at its first frame (the in point of a take; 0 for a gap). */
  start: Rational;
  clip?: HandoffLayout['clips'][number];
  anchored: Anchored[];
  markers: CaptionPlacement[];
}

type Anchored =
  | { kind: 'sound'; lane: number; sound: SoundPlacement }
  | { kind: 'title'; lane: number; caption: CaptionPlacement; index: number };

const anchorAt = (item: Anchored): number => (item.kind === 'sound' ? item.sound.start : item.caption.start);

/** The episode as an FCPXML 1.10 document (a string ready to save as `<title>.fcpxml`). */
export function writeFcpxml(timeline: HandoffTimeline): string {
  const layout = layoutHandoff(timeline);
  const { rate } = layout;

  // Resources: formats first (ids referenced by assets), then assets, then the title effect.
  let nextId = 1;
  const id = (): string => `r${nextId++}`;
  const sequenceFormat = { id: id(), rate, width: timeline.width, height: timeline.height };
  const formats = [sequenceFormat];
  const formatFor = (r: FrameRate, width: number, height: number): string => {
    const found = formats.find(
      (f) => f.rate.num * r.den === r.num * f.rate.den && f.width === width && f.height === height,
    );
    if (found) return found.id;
    const format = { id: id(), rate: r, width, height };
    formats.push(format);
    return format.id;
  };
  const clipFormats = layout.clips.map((p) => formatFor(p.clip.fps, p.clip.width, p.clip.height));

  interface Asset {
    id: string;
    file: string;
    name: string;
    duration: Rational;
    video?: { format: string };
    audio: boolean;
  }
  const assets = new Map<string, Asset>();
  const asset = (file: string, make: (id: string) => Asset): Asset => {
    let a = assets.get(file);
    if (!a) assets.set(file, (a = make(id())));
    return a;
  };
  const baseName = (file: string): string => file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  const clipAssets = layout.clips.map((p, i) =>
    asset(p.clip.file, (assetId) => ({
      id: assetId,
      file: p.clip.file,
      name: baseName(p.clip.file),
      duration: frames(p.available, p.clip.fps),
      video: { format: clipFormats[i]! },
      audio: p.clip.hasAudio,
    })),
  );
  const sounds = [...(layout.music ? [layout.music] : []), ...layout.dialogue.flat()];
  for (const s of sounds)
    asset(s.file, (assetId) => ({
      id: assetId,
      file: s.file,
      name: baseName(s.file),
      duration: frames(s.available, rate),
      audio: true,
    }));
  const titleEffect = layout.captions.length ? id() : undefined;

  // The spine: takes with gaps between, and a closing gap when sound or captions run past the last take.
  const spine: SpineItem[] = [];
  let at = 0;
  const addGap = (until: number): void => {
    if (until > at)
      spine.push({
        kind: 'gap',
        offset: at,
        duration: until - at,
        start: { n: 0, d: 1 },
        anchored: [],
        markers: [],
      });
  };
  layout.clips.forEach((p) => {
    addGap(p.start);
    spine.push({
      kind: 'clip',
      offset: p.start,
      duration: p.duration,
      start: frames(p.sourceIn, p.clip.fps),
      clip: p,
      anchored: [],
      markers: [],
    });
    at = p.start + p.duration;
  });
  addGap(layout.duration);

  const host = (frame: number): SpineItem =>
    spine.find((s) => frame >= s.offset && frame < s.offset + s.duration) ?? spine.at(-1)!;
  if (layout.music) host(layout.music.start).anchored.push({ kind: 'sound', lane: -1, sound: layout.music });
  layout.dialogue.forEach((lines, track) => {
    for (const line of lines)
      host(line.start).anchored.push({ kind: 'sound', lane: -2 - track, sound: line });
  });
  layout.captions.forEach((caption, index) => {
    const item = host(caption.start);
    item.anchored.push({ kind: 'title', lane: 1, caption, index });
    item.markers.push(caption);
  });
  for (const item of spine) item.anchored.sort((a, b) => anchorAt(a) - anchorAt(b) || a.lane - b.lane);

  /** A time on the sequence in the local time of the spine item it is anchored to. */
  const local = (item: SpineItem, frame: number): string =>
    t(add(item.start, frames(frame - item.offset, rate)));
  const seconds = (count: number): string => t(frames(count, rate));

  const xml = new Xml();
  xml.raw('<?xml version="1.0" encoding="UTF-8"?>').raw('<!DOCTYPE fcpxml>').raw('');
  xml.open('fcpxml', { version: FCPXML_VERSION });
  xml.open('resources');
  for (const f of formats)
    xml.empty('format', {
      id: f.id,
      frameDuration: t(frames(1, f.rate)),
      width: f.width,
      height: f.height,
      colorSpace: '1-1-1 (Rec. 709)',
    });
  for (const a of assets.values()) {
    xml.open('asset', {
      id: a.id,
      name: a.name,
      start: '0s',
      duration: t(a.duration),
      hasVideo: a.video ? 1 : undefined,
      format: a.video?.format,
      videoSources: a.video ? 1 : undefined,
      hasAudio: a.audio ? 1 : undefined,
      audioSources: a.audio ? 1 : undefined,
    });
    xml.empty('media-rep', { kind: 'original-media', src: mediaUrl(a.file) });
    xml.close('asset');
  }
  if (titleEffect) xml.empty('effect', { id: titleEffect, name: 'Basic Title', uid: BASIC_TITLE_UID });
  xml.close('resources');

  xml.open('library').open('event', { name: timeline.title }).open('project', { name: timeline.title });
  xml.open('sequence', {
    format: sequenceFormat.id,
    duration: seconds(layout.duration),
    tcStart: '0s',
    tcFormat: 'NDF',
    audioLayout: 'stereo',
    audioRate: '48k',
  });
  xml.open('spine');
  for (const item of spine) {
    const p = item.clip;
    const a = p && clipAssets[layout.clips.indexOf(p)]!;
    const tag = item.kind === 'gap' ? 'gap' : 'asset-clip';
    const element: Attrs =
      item.kind === 'gap' || !p || !a
        ? { name: 'Gap', offset: seconds(item.offset), duration: seconds(item.duration) }
        : {
            ref: a.id,
            offset: seconds(item.offset),
            name: p.clip.name,
            start: t(item.start),
            duration: seconds(item.duration),
            format: a.video?.format,
            tcFormat: 'NDF',
          };
    if (!item.anchored.length && !item.markers.length) {
      xml.empty(tag, element);
      continue;
    }
    xml.open(tag, element);
    for (const anchored of item.anchored) {
      if (anchored.kind === 'sound') {
        const s = anchored.sound;
        const a = assets.get(s.file)!;
        const element = {
          ref: a.id,
          lane: anchored.lane,
          offset: local(item, s.start),
          name: s.role === 'music' ? s.name : `${s.character}: ${oneLine(s.text ?? '', 60)}`,
          start: seconds(s.sourceIn),
          duration: seconds(s.duration),
          audioRole: s.role === 'music' ? 'music' : 'dialogue',
        };
        if (s.role === 'music' && s.levelDb !== 0) {
          xml.open('asset-clip', element);
          xml.empty('adjust-volume', { amount: `${s.levelDb}dB` });
          xml.close('asset-clip');
        } else xml.empty('asset-clip', element);
      } else {
        const c = anchored.caption;
        const style = `ts${anchored.index + 1}`;
        xml.open('title', {
          ref: titleEffect,
          lane: anchored.lane,
          offset: local(item, c.start),
          name: `Caption ${anchored.index + 1}`,
          start: '0s',
          duration: seconds(c.duration),
        });
        xml.raw(`<text><text-style ref="${style}">${escapeText(c.text)}</text-style></text>`);
        xml.open('text-style-def', { id: style });
        xml.empty('text-style', {
          font: 'Helvetica',
          fontSize: Math.round(timeline.height / 24),
          fontFace: 'Bold',
          fontColor: '1 1 1 1',
          bold: 1,
          shadowColor: '0 0 0 0.75',
          shadowOffset: '4 315',
          alignment: 'center',
        });
        xml.close('text-style-def');
        // Lower third of the frame (adjust-transform position is in percent of the frame height).
        xml.empty('adjust-transform', { position: '0 -30' });
        xml.close('title');
      }
    }
    for (const marker of item.markers)
      xml.empty('marker', {
        start: local(item, marker.start),
        duration: seconds(1),
        value: oneLine(marker.text, 200),
      });
    xml.close(tag);
  }
  xml.close('spine').close('sequence').close('project').close('event').close('library');
  xml.close('fcpxml');
  return xml.toString();
}

/** `media/seg 1.mp4` → `./media/seg%201.mp4` (a relative URL; our own names never need the escaping). */
export const mediaUrl = (file: string): string => `./${file.split('/').map(encodeURIComponent).join('/')}`;

const oneLine = (text: string, max: number): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};
