/**
 * The hand-off zip: written through the episode export's zip seam, checked with Info-ZIP's `unzip`
 * (integrity, listing, stored entries), unzipped, and every relative media path in both project files
 * resolved against the unzipped folder — by our own reading and by OpenTimelineIO's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  handoffBundle,
  handoffMediaFiles,
  writeHandoffZip,
  type HandoffBundle,
} from '../../../src/state/handoff/bundle.ts';
import { HandoffError } from '../../../src/state/handoff/timeline.ts';
import { describeWithReaders, episode, readFcpxml, readOtio, tempDir } from './readers.ts';

const TAKE = new Uint8Array(
  readFileSync(join(import.meta.dirname, '../../fixtures/media/video-720x1280.mp4')),
);

/** A mono 16-bit PCM WAV of a quiet tone, `seconds` long at 8 kHz. */
function wav(seconds: number, hz = 440): Blob {
  const rate = 8000;
  const samples = Math.round(seconds * rate);
  const view = new DataView(new ArrayBuffer(44 + samples * 2));
  const ascii = (at: number, text: string) =>
    [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++)
    view.setInt16(44 + i * 2, Math.round(3000 * Math.sin((2 * Math.PI * hz * i) / rate)), true);
  return new Blob([view.buffer], { type: 'audio/wav' });
}

const timeline = () => episode({ music: { name: 'night-drive.wav', duration: 13, level: 0.5 } });

function media(): Map<string, Blob> {
  const t = timeline();
  const files = new Map<string, Blob>();
  for (const c of t.clips) files.set(c.file, new Blob([TAKE], { type: 'video/mp4' }));
  files.set(t.music!.file, wav(t.music!.sourceDuration, 110));
  for (const l of t.dialogue) files.set(l.file, wav(l.duration));
  return files;
}

async function zipToFile(bundle: HandoffBundle, path: string): Promise<Array<[number, number]>> {
  const chunks: Uint8Array[] = [];
  const progress: Array<[number, number]> = [];
  await writeHandoffZip(
    bundle,
    new WritableStream<Uint8Array>({ write: (chunk) => void chunks.push(chunk) }),
    { onProgress: (done, total) => progress.push([done, total]) },
  );
  writeFileSync(path, Buffer.concat(chunks));
  return progress;
}

const unzip = (...args: string[]): string => execFileSync('unzip', args, { encoding: 'utf8' });

describe('the hand-off bundle', () => {
  it('holds the project files, captions, README and every referenced media file, in that order', () => {
    const bundle = handoffBundle(timeline(), media(), { date: new Date('2025-03-04T12:00:00Z') });
    expect(bundle.zipName).toBe('Pilot-Night-Day-editor.zip');
    expect(bundle.files.map((f) => f.name)).toEqual([
      'Pilot-Night-Day.fcpxml',
      'Pilot-Night-Day.otio',
      'Pilot-Night-Day.srt',
      'Pilot-Night-Day.vtt',
      'README.txt',
      'media/seg-01-take-2.mp4',
      'media/seg-02-take-1.mp4',
      'media/seg-03-take-3.mp4',
      'media/music-night-drive.wav',
      'media/line-01-maya.wav',
      'media/line-02-leo.wav',
      'media/line-03-maya.wav',
    ]);
  });

  it('writes captions timed to the same frames as the projects', async () => {
    const bundle = handoffBundle(timeline(), media());
    const srt = await bundle.files.find((f) => f.name.endsWith('.srt'))!.blob.text();
    expect(srt).toBe(
      '1\n00:00:00,500 --> 00:00:01,700\nMAYA: Who is this?\n\n' +
        '2\n00:00:04,300 --> 00:00:05,800\nLEO: Open the door.\n\n' +
        '3\n00:00:09,400 --> 00:00:10,400\nMAYA: Not tonight & never <again>\n',
    );
    const vtt = await bundle.files.find((f) => f.name.endsWith('.vtt'))!.blob.text();
    expect(vtt).toContain('00:00:09.400 --> 00:00:10.400\nMAYA: Not tonight &amp; never &lt;again&gt;');
  });

  it('tells the editor how to open it', async () => {
    const bundle = handoffBundle(timeline(), media(), { date: new Date('2025-03-04T12:00:00Z') });
    const readme = await bundle.files.find((f) => f.name === 'README.txt')!.blob.text();
    expect(readme).toContain('exported from Reelwright on 2025-03-04');
    expect(readme).toContain('DaVinci Resolve: File → Import → Timeline…, choose Pilot-Night-Day.fcpxml');
    expect(readme).toContain('Final Cut Pro: File → Import → XML…');
    expect(readme).toContain('open Pilot-Night-Day.otio');
    expect(readme).toContain('keep the media folder beside the project files');
  });

  it('refuses to bundle when a referenced file has no bytes, naming it', () => {
    const files = media();
    files.delete('media/line-02-leo.wav');
    expect(() => handoffBundle(timeline(), files)).toThrow(HandoffError);
    expect(() => handoffBundle(timeline(), files)).toThrow(
      'media/line-02-leo.wav has no bytes on this device.',
    );
  });

  it('is a valid stored zip whose relative paths resolve to its own files', async () => {
    const bundle = handoffBundle(timeline(), media());
    const zip = join(tempDir(), bundle.zipName);
    const progress = await zipToFile(bundle, zip);
    const total = bundle.files.reduce((sum, f) => sum + f.blob.size, 0);
    expect(progress.at(-1)).toEqual([total, total]);

    expect(unzip('-t', zip)).toContain('No errors detected');
    const listed = unzip('-Z1', zip).trim().split('\n');
    expect(listed).toEqual(bundle.files.map((f) => f.name));
    const methods = unzip('-Zv', zip).match(/compression method:\s+(\w+)/g) ?? [];
    expect(methods).toHaveLength(bundle.files.length);
    expect(new Set(methods.map((m) => m.split(/\s+/).at(-1)))).toEqual(new Set(['none']));

    const folder = join(tempDir(), 'unzipped');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    unzip('-q', zip, '-d', folder);
    expect(readFileSync(join(folder, 'media/seg-01-take-2.mp4')).equals(Buffer.from(TAKE))).toBe(true);

    const xml = readFileSync(join(folder, 'Pilot-Night-Day.fcpxml'), 'utf8');
    const srcs = [...xml.matchAll(/<media-rep kind="original-media" src="([^"]+)"\/>/g)].map((m) => m[1]!);
    const otio = JSON.parse(readFileSync(join(folder, 'Pilot-Night-Day.otio'), 'utf8'));
    const urls = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (o.OTIO_SCHEMA === 'ExternalReference.1') urls.add(o.target_url as string);
        Object.values(o).forEach(walk);
      }
    };
    walk(otio);
    const expected = handoffMediaFiles(timeline());
    expect(srcs).toEqual(expected.map((f) => `./${f}`));
    expect([...urls].sort()).toEqual([...expected].sort());
    for (const path of [...srcs, ...urls]) expect(existsSync(join(folder, path)), path).toBe(true);
  });
});

describeWithReaders('the unzipped bundle, read by OpenTimelineIO', () => {
  it('resolves every target_url and media-rep src beside the project files, and notices a missing one', async () => {
    const bundle = handoffBundle(timeline(), media());
    const zip = join(tempDir(), `readers-${bundle.zipName}`);
    await zipToFile(bundle, zip);
    const folder = join(tempDir(), 'readers');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    unzip('-q', zip, '-d', folder);
    const otioPath = join(folder, 'Pilot-Night-Day.otio');
    const fcpxmlPath = join(folder, 'Pilot-Night-Day.fcpxml');

    const otio = readOtio(otioPath, folder);
    expect(otio.problems).toEqual([]);
    expect(otio.tracks.map((t) => t.items.filter((i) => i.type === 'Clip').length)).toEqual([3, 2, 1, 3]);
    expect(readFcpxml(fcpxmlPath, folder).exact.problems).toEqual([]);

    rmSync(join(folder, 'media/line-02-leo.wav'));
    expect(readOtio(otioPath, folder).problems).toEqual([
      'Dialogue/LEO: media/line-02-leo.wav does not exist beside the .otio',
    ]);
    expect(readFcpxml(fcpxmlPath, folder).exact.problems).toEqual([
      'asset r7: ./media/line-02-leo.wav does not exist beside the .fcpxml',
    ]);
  });
});
