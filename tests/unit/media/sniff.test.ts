import { describe, expect, it } from 'vitest';
import { extensionOf, readHead, sniffType } from '../../../src/media/sniff.ts';
import { fixture, fixtureBlob, head } from './fixtures.ts';

describe('sniffType', () => {
  it.each([
    ['image.png', 'image', 'image/png', 'png'],
    ['image.jpg', 'image', 'image/jpeg', 'jpeg'],
    ['image.webp', 'image', 'image/webp', 'webp'],
    ['image.gif', 'image', 'image/gif', 'gif'],
    ['image.avif', 'image', 'image/avif', 'avif'],
    ['h264-aac.mp4', 'video', 'video/mp4', 'mp4'],
    ['moov-at-end.mp4', 'video', 'video/mp4', 'mp4'],
    ['hevc.mp4', 'video', 'video/mp4', 'mp4'],
    ['av1.mp4', 'video', 'video/mp4', 'mp4'],
    ['clip.mov', 'video', 'video/quicktime', 'mov'],
    ['clip.webm', 'video', 'video/webm', 'webm'],
    ['tone.mp3', 'audio', 'audio/mpeg', 'mp3'],
    ['tone-noid3.mp3', 'audio', 'audio/mpeg', 'mp3'],
    ['tone.wav', 'audio', 'audio/wav', 'wav'],
    ['tone.m4a', 'audio', 'audio/mp4', 'mp4'],
    ['tone.aac', 'audio', 'audio/aac', 'adts'],
    ['tone-opus.ogg', 'audio', 'audio/ogg', 'ogg'],
    ['tone-vorbis.ogg', 'audio', 'audio/ogg', 'ogg'],
    ['broken.wav', 'audio', 'audio/wav', 'wav'],
    ['broken.png', 'image', 'image/png', 'png'],
  ])('%s → %s %s', (name, kind, mime, container) => {
    expect(sniffType(head(name))).toEqual({ kind, mime, container });
  });

  it('decides by bytes, not by name: a PNG renamed .jpg is still a PNG', () => {
    expect(sniffType(head('image.png'))?.mime).toBe('image/png');
  });

  it.each(['fake.png', 'notes.txt', 'letter.docx', 'archive.zip', 'bad-opus.ogg', 'empty.png'])(
    'rejects %s',
    (name) => {
      expect(sniffType(head(name))).toBeNull();
    },
  );

  it('rejects a truncated PNG head (signature without IHDR)', () => {
    expect(sniffType(head('image.png', 8))).toBeNull();
    expect(sniffType(head('image.png', 3))).toBeNull();
    expect(sniffType(head('image.png', 24))).toEqual({ kind: 'image', mime: 'image/png', container: 'png' });
  });

  it('rejects Matroska, HEIC and AVI even though their containers look familiar', () => {
    const ebml = (docType: string) =>
      new Uint8Array([
        0x1a,
        0x45,
        0xdf,
        0xa3,
        0x80 | (3 + docType.length),
        0x42,
        0x82,
        0x80 | docType.length,
        ...Buffer.from(docType),
      ]);
    expect(sniffType(ebml('matroska'))).toBeNull();
    expect(sniffType(ebml('webm'))?.mime).toBe('video/webm');
    const heic = new Uint8Array([
      0,
      0,
      0,
      24,
      ...Buffer.from('ftypheic'),
      0,
      0,
      0,
      0,
      ...Buffer.from('mif1heic'),
    ]);
    expect(sniffType(heic)).toBeNull();
    const avi = new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('AVI LIST')]);
    expect(sniffType(avi)).toBeNull();
  });

  it('does not take text that starts with 0xFF 0xFB noise for MP3 unless a second frame follows', () => {
    const lone = new Uint8Array(4096);
    lone.set([0xff, 0xfb, 0x50, 0xc4]);
    expect(sniffType(lone)).toBeNull();
    expect(sniffType(fixture('broken.mp3'))?.mime).toBe('audio/mpeg');
  });

  it('readHead returns at most n bytes', async () => {
    expect((await readHead(fixtureBlob('tone.wav'), 16)).length).toBe(16);
    expect((await readHead(fixtureBlob('notes.txt'))).length).toBe(13);
  });

  it('extensionOf', () => {
    expect(extensionOf('Photo.PNG')).toBe('png');
    expect(extensionOf('.bashrc')).toBe('');
    expect(extensionOf('README')).toBe('');
  });
});
