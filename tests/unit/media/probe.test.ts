import { describe, expect, it } from 'vitest';
import * as mp4box from 'mp4box';
import { jpegInfo } from '../../../src/media/inspect.ts';
import { classifyVideoCodec, ProbeError, probeMp4 } from '../../../src/media/probe.ts';
import { probeVideo } from '../../../src/media/probe-video.ts';
import { fixture, fixtureBlob } from './fixtures.ts';

describe('mp4box runtime exports', () => {
  it('exposes what probe.ts uses', () => {
    expect(typeof mp4box.createFile).toBe('function');
    expect(typeof mp4box.MP4BoxBuffer.fromArrayBuffer).toBe('function');
    expect(typeof mp4box.DataStream).toBe('function');
  });
});

describe('probeMp4', () => {
  it('H.264 + AAC MP4', async () => {
    const p = await probeMp4(fixtureBlob('h264-aac.mp4'));
    expect(p).toMatchObject({
      container: 'mp4',
      width: 160,
      height: 90,
      fps: 25,
      trackCount: 2,
      videoTracks: 1,
      audioTracks: 1,
    });
    expect(p.duration).toBeCloseTo(1, 2);
    expect(p.videoCodec).toMatch(/^avc1\./);
    expect(p.audioCodec).toBe('mp4a.40.2');
    expect(p.videoSupport).toEqual({ supported: true, family: 'H.264' });
    expect(p.bitrate).toBeGreaterThan(100_000);
  });

  it('reads around mdat when moov is at the end', async () => {
    const blob = fixtureBlob('moov-at-end.mp4');
    const p = await probeMp4(blob, { chunkBytes: 1024 });
    expect(p).toMatchObject({ width: 160, height: 90, trackCount: 2 });
    // mdat (~21 KB) is skipped, not read.
    expect(p.bytesRead).toBeLessThan(blob.size / 2);
  });

  it('MOV (QuickTime brand)', async () => {
    const p = await probeMp4(fixtureBlob('clip.mov'));
    expect(p).toMatchObject({ container: 'mov', width: 160, height: 90, audioCodec: 'mp4a.40.2' });
    expect(p.videoSupport?.family).toBe('H.264');
  });

  it('portrait video keeps 9:16', async () => {
    const p = await probeMp4(fixtureBlob('portrait.mp4'));
    expect(p).toMatchObject({ width: 90, height: 160, fps: 30 });
    expect(p.duration).toBeCloseTo(0.5, 1);
  });

  it('HEVC (libx265, hvc1)', async () => {
    const p = await probeMp4(fixtureBlob('hevc.mp4'));
    expect(p.videoCodec).toMatch(/^hvc1\./);
    expect(p.videoSupport).toEqual({ supported: true, family: 'HEVC' });
    expect(p.audioTracks).toBe(0);
  });

  it('AV1 (libaom)', async () => {
    const p = await probeMp4(fixtureBlob('av1.mp4'));
    expect(p.videoCodec).toMatch(/^av01\./);
    expect(p.videoSupport).toEqual({ supported: true, family: 'AV1' });
  });

  it('MPEG-4 Part 2 is named and refused', async () => {
    const p = await probeMp4(fixtureBlob('mpeg4-part2.mp4'));
    expect(p.videoCodec).toBe('mp4v.20');
    expect(p.videoSupport).toEqual({ supported: false, family: 'MPEG-4 Part 2' });
  });

  it('audio-only M4A has no video track', async () => {
    const p = await probeMp4(fixtureBlob('tone.m4a'));
    expect(p).toMatchObject({ videoTracks: 0, audioTracks: 1, audioCodec: 'mp4a.40.2' });
    expect(p.width).toBeUndefined();
  });

  it('truncated MP4 (no complete moov) → clear error', async () => {
    await expect(probeMp4(fixtureBlob('truncated.mp4'))).rejects.toThrow(
      /no complete movie header \(moov box\)/,
    );
    await expect(probeMp4(fixtureBlob('truncated.mp4'))).rejects.toBeInstanceOf(ProbeError);
  });

  it('garbage after ftyp → clear error', async () => {
    const error = await probeMp4(fixtureBlob('garbage-after-ftyp.mp4')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeError);
    expect((error as ProbeError).kind).toBe('unparseable');
    expect((error as ProbeError).message).toMatch(/damaged|moov/);
  });

  it('stops at the abort signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(probeMp4(fixtureBlob('h264-aac.mp4'), { signal: controller.signal })).rejects.toMatchObject({
      kind: 'aborted',
    });
  });
});

describe('classifyVideoCodec', () => {
  it.each([
    ['avc1.64001f', true, 'H.264'],
    ['avc3.42E01E', true, 'H.264'],
    ['hev1.1.6.L93.B0', true, 'HEVC'],
    ['av01.0.08M.08', true, 'AV1'],
    ['mp4v.20.9', false, 'MPEG-4 Part 2'],
    ['mp4v.61', false, 'MPEG-2 Video'],
    ['vp09.00.10.08', false, 'VP9'],
    ['apcn', false, 'Apple ProRes'],
    ['xyz1', false, 'xyz1'],
  ])('%s', (codec, supported, family) => {
    expect(classifyVideoCodec(codec)).toEqual({ supported, family });
  });
});

describe('probeVideo (the store port)', () => {
  it('MP4 → width, height, duration, codec', async () => {
    const p = await probeVideo(fixtureBlob('red-then-blue.mp4'));
    expect(p).toMatchObject({ width: 64, height: 64, fps: 25 });
    expect(p.codec).toMatch(/^avc1\./);
    expect(p.duration).toBeCloseTo(1.04, 2);
  });

  it('refuses audio-only and non-video files with a ProbeError', async () => {
    await expect(probeVideo(fixtureBlob('tone.m4a'))).rejects.toThrow('the file has no video track');
    await expect(probeVideo(fixtureBlob('image.png'))).rejects.toBeInstanceOf(ProbeError);
  });
});

describe('jpegInfo (JPEG fast path)', () => {
  it('reads the size from SOF', () => {
    expect(jpegInfo(fixture('image.jpg'))).toEqual({ width: 64, height: 48, rotated: false });
    expect(jpegInfo(fixture('image.png'))).toBeNull();
  });
});
