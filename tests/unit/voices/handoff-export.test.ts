/**
 * "Export for editor": the episode's records become one hand-off bundle whose timeline has the approved
 * takes, the music bed and each heard dialogue take at its place, and whose media map holds every file.
 * The zip itself is opened with Info-ZIP and the OTIO read by OpenTimelineIO in tests/e2e/handoff.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { episodeHandoff, handoffSource, handoffZipBlob } from '../../../src/state/handoff-export.ts';
import type { AssetRecord, EpisodeRecord, SegmentRecord, VideoRecord } from '../../../src/types.ts';

const video = (id: string, duration: number): VideoRecord =>
  ({
    id,
    blobId: `video-${id}`,
    width: 720,
    height: 1280,
    duration,
    fps: 30,
    audioCodec: 'mp4a.40.2',
  }) as VideoRecord;
const audio = (id: string, duration: number, name = `${id}.wav`): AssetRecord =>
  ({ id, blobId: `asset-${id}`, name, kind: 'audio', mime: 'audio/wav', duration }) as AssetRecord;

const segment = (id: string, order: number, patch: Partial<SegmentRecord>): SegmentRecord => ({
  id,
  episodeId: 'e1',
  order,
  title: `Beat ${order + 1}`,
  prompt: '',
  caption: '',
  seconds: 4,
  continuity: 'cut',
  takeIds: [`v${order}a`, `v${order}`],
  approvedTakeId: `v${order}`,
  created: 0,
  updated: 0,
  ...patch,
});

const episode = {
  id: 'e1',
  projectId: 'p1',
  title: 'Pilot',
  size: '720x1280',
  musicAssetId: 'm1',
  musicLevel: 0.5,
  captions: true,
} as unknown as EpisodeRecord;

const segments = [
  segment('s1', 0, {
    caption: 'MAYA: Who is this?',
    lines: [{ index: 0, speaker: 'MAYA', text: 'Who is this?', takes: ['l1'], offset: 0.5 }],
  }),
  segment('s2', 1, { caption: 'The line goes dead.' }),
  segment('s3', 2, {
    caption: 'LEO: Someone you trust.',
    lines: [
      {
        index: 0,
        speaker: 'LEO',
        text: 'Someone you trust.',
        takes: ['l2', 'l3'],
        approved: 'l2',
        offset: 1,
      },
    ],
  }),
];

function db() {
  const videos = new Map([video('v0', 4), video('v1', 3), video('v2', 5)].map((v) => [v.id, v]));
  const assets = new Map(
    [
      audio('l1', 1.2),
      audio('l2', 1.6),
      audio('l3', 2),
      { ...audio('m1', 20, 'Night drive.mp3'), mime: 'audio/mpeg' },
    ].map((a) => [a.id, a]),
  );
  return {
    getVideo: async (id: string) => videos.get(id),
    getAsset: async (id: string) => assets.get(id),
    getBlob: async (id: string) => new Blob([id]),
  };
}

describe('episode hand-off export', () => {
  it('lays out the approved takes, the music bed and the heard dialogue takes, with every file present', async () => {
    const { timeline, media } = await handoffSource(db(), episode, segments, {
      ...audio('m1', 20, 'Night drive.mp3'),
      mime: 'audio/mpeg',
    });
    expect(timeline.clips.map((c) => [c.file, c.start, c.outPoint])).toEqual([
      ['media/seg-01-take-2.mp4', 0, 4],
      ['media/seg-02-take-2.mp4', 4, 3],
      ['media/seg-03-take-2.mp4', 7, 5],
    ]);
    expect(timeline.music).toMatchObject({ file: 'media/music-night-drive.mp3', levelDb: -6 });
    expect(timeline.dialogue.map((l) => [l.character, l.start, l.duration])).toEqual([
      ['MAYA', 0.5, 1.2],
      ['LEO', 8, 1.6],
    ]);
    expect(timeline.captions.map((c) => c.text)).toEqual([
      'Who is this?',
      'The line goes dead.',
      'Someone you trust.',
    ]);
    for (const path of [
      ...timeline.clips.map((c) => c.file),
      timeline.music!.file,
      ...timeline.dialogue.map((l) => l.file),
    ])
      expect(await media.get(path)?.text()).toBeTruthy();
    expect(await media.get(timeline.dialogue[1]!.file)!.text()).toBe('asset-l2');
  });

  it('uses the rendered clip starts, leaves out "model audio" lines, and refuses unapproved segments', async () => {
    const rendered = {
      ...episode,
      exportInfo: {
        path: 'audio',
        clipStarts: [0, 4.5, 7.5],
        duration: 12.5,
        musicMixed: true,
        captionsBurned: false,
      },
    } as EpisodeRecord;
    const model = segments.map((s, i) => (i === 2 ? { ...s, speech: 'model' as const } : s));
    const { timeline } = await handoffSource(db(), rendered, model, undefined);
    expect(timeline.clips.map((c) => c.start)).toEqual([0, 4.5, 7.5]);
    // Starts that would overlap these takes (another cut) are not used: end to end instead.
    const overlapping = { ...rendered, exportInfo: { ...rendered.exportInfo!, clipStarts: [0, 3.9, 6.8] } };
    const fallback = await handoffSource(db(), overlapping, model, undefined);
    expect(fallback.timeline.clips.map((c) => c.start)).toEqual([0, 4, 7]);
    expect(timeline.dialogue).toHaveLength(1);
    expect(timeline.clips.map((c) => c.hasAudio)).toEqual([true, true, true]);
    const voicesOnly = segments.map((s, i) => (i === 1 ? { ...s, speech: 'voices' as const } : s));
    const muted = await handoffSource(db(), episode, voicesOnly, undefined);
    expect(muted.timeline.clips.map((c) => c.hasAudio)).toEqual([true, false, true]);
    expect(timeline.music).toBeUndefined();
    await expect(
      handoffSource(db(), episode, [{ ...segments[0]!, approvedTakeId: undefined }], undefined),
    ).rejects.toThrow('Approve a take of “Beat 1” first.');
  });

  it('writes one zip with both project files and the media', async () => {
    const bundle = await episodeHandoff(db(), episode, segments, audio('m1', 20, 'Night drive.mp3'));
    expect(bundle.zipName).toBe('Pilot-editor.zip');
    expect(bundle.files.map((f) => f.name).slice(0, 2)).toEqual(['Pilot.fcpxml', 'Pilot.otio']);
    const zip = await handoffZipBlob(bundle);
    const head = new Uint8Array(await zip.slice(0, 4).arrayBuffer());
    expect([...head]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(zip.size).toBeGreaterThan(bundle.files.reduce((n, f) => n + f.blob.size, 0));
  });
});
