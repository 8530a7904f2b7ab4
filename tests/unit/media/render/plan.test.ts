import { describe, expect, it } from 'vitest';
import { planExport, type PlanOptions } from '../../../../src/media/render/plan.ts';
import type { ClipMediaInfo } from '../../../../src/media/render/types.ts';

const base: ClipMediaInfo = {
  videoCodec: 'avc',
  codecString: 'avc1.64001f',
  width: 720,
  height: 1280,
  fps: 30,
  duration: 5,
  audio: { codec: 'aac', codecString: 'mp4a.40.2', sampleRate: 48000, channels: 2 },
  canDecodeVideo: true,
  canDecodeAudio: true,
};
const clip = (n: number, patch: Partial<ClipMediaInfo> = {}) => ({
  label: `segment ${n}`,
  info: { ...base, ...patch },
});
const episode: PlanOptions = { width: 720, height: 1280, fps: 30, burnCaptions: false };
const music = { label: 'bed', blob: new Blob(['x']), start: 0, gain: 0.3 };

describe('planExport: path selection', () => {
  it('is lossless when every clip matches and nothing is mixed or burned', () => {
    const plan = planExport([clip(1), clip(2), clip(3, { fps: 29.995 })], episode);
    expect(plan).toEqual({
      path: 'lossless',
      summary: 'Lossless — no re-encoding',
      differences: [],
      undecodable: [],
    });
  });

  it('names only the size when a bigger clip of the same codec also has a higher level', () => {
    const big = { width: 1080, height: 1920, codecString: 'avc1.640028' };
    const plan = planExport([clip(1), clip(2, big)], episode);
    expect(plan.path).toBe('full');
    expect(plan.differences).toEqual([
      { clip: 'segment 2', field: 'size', clipValue: '1080x1920', episodeValue: '720x1280' },
    ]);
  });

  it('is lossless when all clips are silent', () => {
    const silent = { audio: undefined };
    expect(planExport([clip(1, silent), clip(2, silent)], episode).path).toBe('lossless');
  });

  it('renders audio when one clip has no audio, naming it', () => {
    const plan = planExport([clip(1), clip(2, { audio: undefined }), clip(3)], episode);
    expect(plan.path).toBe('audio');
    expect(plan.differences).toEqual([
      { clip: 'segment 2', field: 'audio', clipValue: 'no audio', episodeValue: 'AAC 48 kHz' },
    ]);
    expect(plan.summary).toMatch(/^Renders audio: segment 2 has no audio\b/);
  });

  it('renders audio for Opus next to AAC (the local preview writes Opus)', () => {
    const opus = { audio: { codec: 'opus', sampleRate: 48000, channels: 2 } };
    const plan = planExport([clip(1, opus), clip(2), clip(3)], episode);
    expect(plan.path).toBe('audio');
    expect(plan.differences).toEqual([
      { clip: 'segment 1', field: 'audio codec', clipValue: 'Opus', episodeValue: 'AAC' },
    ]);
    expect(plan.summary).toContain('segment 1 is Opus (episode AAC)');
  });

  it('renders audio for a different sample rate or channel count', () => {
    const plan = planExport(
      [clip(1), clip(2, { audio: { codec: 'aac', sampleRate: 44100, channels: 1 } }), clip(3)],
      episode,
    );
    expect(plan.path).toBe('audio');
    expect(plan.differences.map((d) => [d.field, d.clipValue, d.episodeValue])).toEqual([
      ['sample rate', '44.1 kHz', '48 kHz'],
      ['channels', '1 ch', '2 ch'],
    ]);
  });

  it('renders audio when a music bed or dialogue is mixed in, even if every clip matches', () => {
    const withMusic = planExport([clip(1), clip(2)], { ...episode, music });
    expect(withMusic.path).toBe('audio');
    expect(withMusic.summary).toContain('mixes in the music bed');
    const withSpeech = planExport([clip(1)], { ...episode, speech: [music] });
    expect(withSpeech.path).toBe('audio');
    expect(withSpeech.summary).toContain('mixes in the dialogue');
  });

  it('re-encodes a 24 fps clip, counting and naming it', () => {
    const clips = Array.from({ length: 9 }, (_, i) => clip(i + 1, i === 3 || i === 6 ? { fps: 24 } : {}));
    const plan = planExport(clips, episode);
    expect(plan.path).toBe('full');
    expect(plan.differences).toEqual([
      { clip: 'segment 4', field: 'fps', clipValue: '24 fps', episodeValue: '30 fps' },
      { clip: 'segment 7', field: 'fps', clipValue: '24 fps', episodeValue: '30 fps' },
    ]);
    expect(plan.summary).toMatch(
      /^Re-encodes 2 of 9 clips: segment 4 is 24 fps \(episode 30 fps\); segment 7/,
    );
  });

  it('re-encodes H.265 next to H.264 and a 1080x1920 clip in a 720x1280 episode', () => {
    const plan = planExport(
      [
        clip(1),
        clip(2, { videoCodec: 'hevc', codecString: 'hvc1.1.6.L120.90' }),
        clip(3, { width: 1080, height: 1920 }),
      ],
      episode,
    );
    expect(plan.path).toBe('full');
    expect(plan.differences).toEqual([
      { clip: 'segment 2', field: 'video codec', clipValue: 'H.265', episodeValue: 'H.264' },
      { clip: 'segment 3', field: 'size', clipValue: '1080x1920', episodeValue: '720x1280' },
    ]);
    expect(plan.summary).toContain('segment 2 is H.265 (episode H.264)');
    expect(plan.summary).toContain('segment 3 is 1080x1920 (episode 720x1280)');
  });

  it('says it cannot render, not how it would, when a clip cannot be decoded here', () => {
    const plan = planExport(
      [clip(1), clip(2, { videoCodec: 'hevc', codecString: 'hev1.1.6.L120.90', canDecodeVideo: false })],
      episode,
    );
    expect(plan.undecodable).toHaveLength(1);
    expect(plan.summary).toBe('Cannot render in this browser: 1 of 2 clips cannot be decoded (see below)');
  });

  it('re-encodes H.264 with a different profile (the lossless stitcher needs the same codec string)', () => {
    const plan = planExport([clip(1), clip(2, { codecString: 'avc1.42c01e' })], episode);
    expect(plan.path).toBe('full');
    expect(plan.differences[0]).toEqual({
      clip: 'segment 2',
      field: 'video codec',
      clipValue: 'avc1.42c01e',
      episodeValue: 'avc1.64001f',
    });
  });

  it('re-encodes everything when captions are burned in', () => {
    const plan = planExport([clip(1), clip(2)], { ...episode, burnCaptions: true });
    expect(plan.path).toBe('full');
    expect(plan.summary).toBe('Re-encodes all 2 clips: captions are burned in');
  });

  it('adds the audio reasons to a full render', () => {
    const plan = planExport([clip(1, { fps: 24 }), clip(2, { audio: undefined })], { ...episode, music });
    expect(plan.path).toBe('full');
    expect(plan.summary).toBe(
      'Re-encodes 1 of 2 clips: segment 1 is 24 fps (episode 30 fps); renders audio: segment 2 has no audio; mixes in the music bed',
    );
  });

  it('honours forcePath', () => {
    expect(planExport([clip(1)], { ...episode, forcePath: 'full' }).path).toBe('full');
    expect(planExport([clip(1)], { ...episode, forcePath: 'audio' }).path).toBe('audio');
  });

  it('lists clips the browser cannot decode with what to do', () => {
    const plan = planExport(
      [clip(1), clip(2, { videoCodec: 'hevc', codecString: 'hvc1.1.6.L120.90', canDecodeVideo: false })],
      episode,
    );
    expect(plan.undecodable).toEqual([
      {
        clip: 'segment 2',
        what: 'its video is H.265 (hvc1.1.6.L120.90), which this browser cannot decode',
        fix: expect.stringContaining('re-generate it as H.264 or convert it'),
      },
    ]);
    expect(planExport([clip(1, { canDecodeAudio: false })], episode).undecodable[0]!.what).toBe(
      'its audio is AAC, which this browser cannot decode',
    );
  });
});
