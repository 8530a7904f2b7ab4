import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenAIMock, voiceFrequency } from '../mocks/openai/app.mjs';
import { blobBytes, readStore } from './support/episodes.ts';
import { MUSIC_HZ, VOICES, voicedEpisode } from './support/voices.ts';
import { useMockServer } from './support/mock-server.ts';

/**
 * Issue 17, done-when: a 3-segment script with two speakers, voiced on the OpenAI speech mock, renders
 * an MP4 whose audio has each line at its place (measured by the energy at the voice's tone frequency in
 * the decoded PCM) with the music bed ducked under the speech.
 */
test.describe.configure({ timeout: 420_000 });
test.use({ actionTimeout: 30_000 });

const mock = useMockServer(() => createOpenAIMock({ quiet: true }), { reset: false });

const RATE = 16_000;

/** Mono PCM of the file's audio at 16 kHz, via ffmpeg. */
function decode(path: string): Float32Array {
  const raw = execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', path, '-ac', '1', '-ar', String(RATE), '-f', 'f32le', '-'],
    {
      maxBuffer: 256 << 20,
    },
  );
  return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
}

/** Amplitude of the `hz` component over [from, to) seconds (Goertzel, Hann window). */
function level(pcm: Float32Array, hz: number, from: number, to: number): number {
  const a = Math.round(from * RATE);
  const n = Math.round(to * RATE) - a;
  const w = (2 * Math.PI * hz) / RATE;
  let re = 0;
  let im = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const v = (pcm[a + i] ?? 0) * hann;
    re += v * Math.cos(w * i);
    im -= v * Math.sin(w * i);
    norm += hann;
  }
  return (2 * Math.hypot(re, im)) / norm;
}

const db = (ratio: number): number => 20 * Math.log10(ratio);

test('voiced dialogue is mixed at each line’s place, with the music ducked under it', async ({ page }) => {
  const episodes = await voicedEpisode(page, mock);
  await episodes.stitch();
  await expect(episodes.root.getByText(/Rendered 3 clips into/)).toBeVisible({ timeout: 240_000 });

  const [episode] = await readStore(page, 'episodes');
  expect(episode!.exportInfo).toMatchObject({ path: 'audio', musicMixed: true });
  const starts = episode!.exportInfo.clipStarts as number[];
  const video = (await readStore(page, 'videos')).find((v) => v.id === episode!.exportVideoId)!;
  const dir = mkdtempSync(join(tmpdir(), 'rw-voices-render-'));
  const file = join(dir, 'episode.mp4');
  writeFileSync(file, await blobBytes(page, video.blobId as string));
  const pcm = decode(file);

  const segments = (await readStore(page, 'segments')).sort((a, b) => a.order - b.order);
  const lines = mock.state().speech;
  const maya = voiceFrequency(VOICES.MAYA);
  const leo = voiceFrequency(VOICES.LEO);
  const placed = segments.map((s, i) => {
    const line = s.lines[0];
    const heard = lines[i]!;
    return {
      start: starts[i]! + line.offset,
      end: starts[i]! + line.offset + heard.seconds,
      hz: heard.frequency,
    };
  });
  expect(placed.map((p) => p.hz)).toEqual([maya, leo, maya]);
  expect(segments.map((s) => s.speech)).toEqual(['voices', 'voices', 'voices']);

  for (const [i, p] of placed.entries()) {
    // Inside the line (its edges trimmed): its own voice is loud, the other speaker's is absent.
    const inside = level(pcm, p.hz, p.start + 0.15, p.end - 0.15);
    const other = level(pcm, p.hz === maya ? leo : maya, p.start + 0.15, p.end - 0.15);
    expect(inside, `line ${i + 1} is heard`).toBeGreaterThan(0.02);
    expect(db(inside / other), `line ${i + 1} is its speaker's voice`).toBeGreaterThan(20);
    // Before the line starts (the segment's first moments) the voice is not there yet.
    const before = level(pcm, p.hz, starts[i]! + 0.02, p.start - 0.05);
    expect(db(inside / before), `line ${i + 1} starts at its offset`).toBeGreaterThan(20);
  }
  // The gap after a line, inside the same segment, is free of speech.
  const gap = { from: placed[1]!.end + 0.5, to: starts[2]! - 0.3 };
  expect(gap.to - gap.from).toBeGreaterThan(0.8);
  expect(level(pcm, leo, gap.from, gap.to)).toBeLessThan(
    level(pcm, leo, placed[1]!.start + 0.15, placed[1]!.end - 0.15) / 10,
  );

  // Music ducked under the speech: the bed's tone is quieter during a line than in the pause after it.
  const musicDuring = level(pcm, MUSIC_HZ, placed[1]!.start + 0.4, placed[1]!.end - 0.1);
  const musicFree = level(pcm, MUSIC_HZ, gap.from + 0.2, gap.to);
  expect(musicFree).toBeGreaterThan(0.005);
  expect(db(musicDuring / musicFree)).toBeLessThan(-6);
});
