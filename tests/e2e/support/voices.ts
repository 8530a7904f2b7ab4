import { expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAIMock } from '../../mocks/openai/app.mjs';
import { AssetManagerPane, openApp } from './app.ts';
import { addConnection } from './connections.ts';
import { EpisodesPane } from './episodes.ts';

/** Three segments, two speakers: MAYA speaks in the first and the last, LEO in the middle one. */
export const VOICED_SCRIPT = [
  'MAYA: Who is calling at this hour?',
  'LEO: Someone you trust.',
  'MAYA: Then say my name.',
].join('\n---\n');

/** The voices the speakers get on the speech mock (its tone frequency names the voice: 330 / 400 Hz). */
export const VOICES = { MAYA: 'nova', LEO: 'echo' } as const;
/** The music bed: a steady 110 Hz tone, longer than the episode. */
export const MUSIC_HZ = 110;

/** A 20 s, 110 Hz WAV made with ffmpeg (the bed the episode is mixed with). */
export function musicBed(): { name: string; bytes: Buffer; type: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rw-voices-'));
  const path = join(dir, 'bed.wav');
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${MUSIC_HZ}:sample_rate=48000:duration=20`,
    '-af',
    'volume=0.5',
    '-ac',
    '1',
    path,
  ]);
  return { name: 'bed.wav', bytes: readFileSync(path), type: 'audio/wav' };
}

/**
 * Builds the voiced episode through the UI: a music bed, the speech mock as a connection, the 3-segment
 * script split and generated on the local preview (approved automatically), each speaker's voice set to
 * the mock's tts-1, every segment heard with "Our voices", and every line voiced.
 */
export async function voicedEpisode(page: Page, mock: OpenAIMock): Promise<EpisodesPane> {
  await openApp(page, '?pace=fast');
  const assets = new AssetManagerPane(page);
  await assets.drop([musicBed()]);
  await assets.expectCount(1);
  await addConnection(page, 'openai', { name: 'Speech gateway', baseUrl: mock.url, key: mock.key });

  const episodes = new EpisodesPane(page);
  await episodes.open();
  await episodes.createSeries('Voices', 12);
  await episodes.root.getByLabel('Music bed').selectOption({ label: 'bed.wav' });
  await episodes.split(VOICED_SCRIPT);
  await expect(episodes.cards).toHaveCount(3);
  const auto = episodes.root.getByRole('checkbox', { name: 'Approve takes automatically' });
  await auto.check();
  await episodes.root.getByRole('button', { name: /^Generate all/ }).click();
  for (const n of [1, 2, 3])
    await expect(episodes.card(n).getByRole('status')).toHaveText('Approved', { timeout: 120_000 });

  for (const [n, speaker] of [
    [1, 'MAYA'],
    [2, 'LEO'],
  ] as const) {
    await episodes.card(n).click();
    const editor = episodes.editor;
    await editor.getByLabel(`Voice model of ${speaker}`).selectOption({ label: 'Speech gateway · TTS-1' });
    await expect(editor.getByLabel(new RegExp(`^Voice of ${speaker}`))).toHaveValue('alloy');
    await editor.getByLabel(new RegExp(`^Voice of ${speaker}`)).selectOption(VOICES[speaker]);
    await expect(editor.getByRole('listitem', { name: `Line 1: ${speaker}` })).toContainText(
      `TTS-1 · ${VOICES[speaker]}`,
    );
  }
  for (const n of [1, 2, 3]) {
    await episodes.card(n).click();
    const editor = episodes.editor;
    // Heard with our voices only: the preview clip's own tone is left out of the mix.
    await editor.getByRole('radio', { name: 'Our voices' }).check();
    await expect(editor.getByRole('radio', { name: 'Our voices' })).toBeChecked();
    await editor.getByRole('button', { name: 'Voice all' }).click();
    await expect(editor.getByLabel('Take 1 of line 1')).toBeVisible({ timeout: 60_000 });
  }
  expect(mock.state().speech.map((l) => [l.voice, l.input])).toEqual([
    ['nova', 'Who is calling at this hour?'],
    ['echo', 'Someone you trust.'],
    ['nova', 'Then say my name.'],
  ]);
  return episodes;
}
