import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenAIMock } from '../mocks/openai/app.mjs';
import { readStore } from './support/episodes.ts';
import { voicedEpisode } from './support/voices.ts';
import { useMockServer } from './support/mock-server.ts';

/**
 * Issue 17, hand-off: the voiced episode of voices.spec.ts exported with "Export for editor" is one zip
 * that Info-ZIP opens; its OTIO is read by OpenTimelineIO (Python `opentimelineio`) and its FCPXML by
 * xmllint (with Apple's DTD when RW_FCPXML_DTD names a local copy, as in tests/unit/handoff), by
 * OpenTimelineIO's FCP X XML adapter and by the exact reading in tests/unit/handoff/read_project.py —
 * tracks, clip counts and durations, every media path relative and present in the unzipped folder.
 */
test.describe.configure({ timeout: 420_000 });
test.use({ actionTimeout: 30_000 });

const mock = useMockServer(() => createOpenAIMock({ quiet: true }), { reset: false });

const READER = join(import.meta.dirname, '..', 'unit', 'handoff', 'read_project.py');

/* eslint-disable @typescript-eslint/no-explicit-any */
function read(kind: 'otio' | 'fcpxml', path: string, root: string): any {
  const result = spawnSync(process.env.RW_PYTHON ?? 'python3', [READER, kind, path, '--root', root], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0) throw new Error(`${kind} reader rejected ${path}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

test('"Export for editor" makes one zip that OpenTimelineIO and xmllint accept, with the right clips and durations', async ({
  page,
}) => {
  const episodes = await voicedEpisode(page, mock);
  // The dialogue controls are labelled (no serious axe findings) and work from the keyboard: move the
  // last segment's line to 1.5 s with the keys alone; the hand-off places it there.
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`))).toEqual([]);
  const offset = episodes.editor.getByLabel('Offset of line 1 (s)');
  await episodes.editor.getByRole('button', { name: 'Voice line 1 (MAYA)' }).focus();
  await page.keyboard.press('Tab');
  await expect(offset).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1.5');
  await page.keyboard.press('Tab');
  await expect
    .poll(async () => (await readStore(page, 'segments')).find((s) => s.order === 2)?.lines[0].offset)
    .toBe(1.5);
  const download = page.waitForEvent('download');
  await episodes.root.getByRole('button', { name: 'Export for editor' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Episode-1-editor.zip');
  const dir = mkdtempSync(join(tmpdir(), 'rw-handoff-'));
  const zip = join(dir, file.suggestedFilename());
  await file.saveAs(zip);

  execFileSync('unzip', ['-tq', zip]);
  const out = join(dir, 'out');
  execFileSync('unzip', ['-q', zip, '-d', out]);
  const names = readdirSync(out).sort();
  const otioName = names.find((n) => n.endsWith('.otio'))!;
  const fcpxmlName = names.find((n) => n.endsWith('.fcpxml'))!;
  expect(names).toEqual(expect.arrayContaining([otioName, fcpxmlName, 'README.txt', 'media']));
  const media = readdirSync(join(out, 'media')).sort();
  expect(media.filter((n) => n.endsWith('.mp4'))).toHaveLength(3);
  expect(media.filter((n) => n.startsWith('line-'))).toHaveLength(3);
  expect(media.filter((n) => n.startsWith('music-'))).toHaveLength(1);

  // What the store holds: the approved takes' durations and the voiced takes' lengths.
  const segments = (await readStore(page, 'segments')).sort((a, b) => a.order - b.order);
  const videos = await readStore(page, 'videos');
  const assets = await readStore(page, 'assets');
  const takes = segments.map((s) => videos.find((v) => v.id === s.approvedTakeId)!);
  const lines = segments.map((s) => assets.find((a) => a.id === s.lines[0].takes[0])!);
  const heard = mock.state().speech;

  // OpenTimelineIO's own reader.
  const otio = read('otio', join(out, otioName), out);
  expect(otio.problems).toEqual([]);
  const rate = otio.rate as number;
  const frames = (seconds: number) => Math.round(seconds * rate);
  const video = otio.tracks.filter((t: any) => t.kind === 'Video');
  expect(video).toHaveLength(1);
  const clips = video[0].items.filter((i: any) => i.type === 'Clip');
  expect(clips).toHaveLength(3);
  expect(clips.map((c: any) => c.duration)).toEqual(takes.map((t) => frames(t.duration)));
  expect(clips.map((c: any) => c.target_url)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^media\/seg-0\d.*\.mp4$/)]),
  );
  // Heard with "Our voices" only: the takes' own audio is not handed off.
  expect(otio.tracks.map((t: any) => t.name)).not.toContain('Take audio');
  const dialogue = otio.tracks.find((t: any) => t.name === 'Dialogue');
  const spoken = dialogue.items.filter((i: any) => i.type === 'Clip');
  expect(spoken).toHaveLength(3);
  // Each line where it is heard in the render: its segment's start plus its offset, as long as its take.
  let at = 0;
  const expected = segments.map((s, i) => {
    const start = frames(at + s.lines[0].offset);
    at += takes[i]!.duration;
    return [start, frames(lines[i]!.duration)];
  });
  expect(spoken.map((c: any) => [c.start, c.duration])).toEqual(expected);
  expect(lines.map((l) => l.duration)).toEqual(heard.map((h) => expect.closeTo(h.seconds, 2)));
  const music = otio.tracks.find((t: any) => t.name === 'Music');
  expect(music.items.filter((i: any) => i.type === 'Clip')).toHaveLength(1);
  expect(otio.duration).toBe(frames(takes.reduce((n, t) => n + t.duration, 0)));
  expect(otio.markers.map((m: any) => m.comment || m.name)).toEqual(
    expect.arrayContaining([expect.stringContaining('Someone you trust.')]),
  );

  // The FCPXML: well-formed (and DTD-valid with RW_FCPXML_DTD), read by the OTIO adapter and exactly.
  const dtd = process.env.RW_FCPXML_DTD;
  const lint = spawnSync('xmllint', ['--noout', ...(dtd ? ['--dtdvalid', dtd] : []), join(out, fcpxmlName)], {
    encoding: 'utf8',
  });
  expect(lint.stderr).toBe('');
  expect(lint.status).toBe(0);
  const fcpx = read('fcpxml', join(out, fcpxmlName), out);
  expect(fcpx.exact.problems).toEqual([]);
  const spine = fcpx.exact.spine.filter((s: any) => s.tag !== 'gap');
  expect(spine).toHaveLength(3);
  expect(fcpx.exact.connected.filter((c: any) => c.role?.startsWith('dialogue'))).toHaveLength(3);
  expect(fcpx.exact.titles.map((t: any) => t.text)).toEqual(
    expect.arrayContaining(['Who is calling at this hour?', 'Someone you trust.', 'Then say my name.']),
  );
  if (fcpx.adapter) {
    const adapterVideo = fcpx.adapter.tracks.filter((t: any) => t.kind === 'Video');
    const adapterClips = adapterVideo.flatMap((t: any) => t.items.filter((i: any) => i.type === 'Clip'));
    expect(adapterClips.length).toBeGreaterThanOrEqual(3);
    // The adapter floors times to frames: one frame short at most.
    expect(Math.abs(fcpx.adapter.duration_s - otio.duration / rate)).toBeLessThanOrEqual(1 / rate + 1e-6);
  }
});
