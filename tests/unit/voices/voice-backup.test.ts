/** Voiced records (issue 17) survive a backup import: the record schemas know their fields. */
import { describe, expect, it } from 'vitest';
import { checkRecord } from '../../../src/state/backup/schemas.ts';

const segment = {
  id: 's1',
  episodeId: 'e1',
  order: 0,
  title: 'The call',
  prompt: '',
  caption: 'MAYA: Who is this?',
  seconds: 4,
  continuity: 'cut',
  takeIds: [],
  speech: 'voices',
  lines: [{ index: 0, speaker: 'MAYA', text: 'Who is this?', takes: ['a1'], approved: 'a1', offset: 0.25 }],
  created: 0,
  updated: 0,
};
const project = {
  id: 'p1',
  title: 'Series',
  created: 0,
  updated: 0,
  voices: { MAYA: { connectionId: 'local', model: 'local-voice', voice: 'mid', speed: 1 } },
};
const take = {
  id: 'a1',
  name: 'maya-line-1-take-1.wav',
  kind: 'audio',
  mime: 'audio/wav',
  bytes: 100,
  duration: 1.2,
  sha256: 'voice-job-1',
  created: 0,
  tags: ['dialogue', 'voice'],
  blobId: 'asset-a1',
  origin: { kind: 'voiced-line', jobId: 'job-1', prompt: 'MAYA: Who is this?' },
};

describe('voiced records in a backup', () => {
  it('accepts dialogue lines, the speech choice, speaker voices and voiced takes', () => {
    expect(checkRecord('segments', segment)).toEqual({ ok: true });
    expect(checkRecord('projects', project)).toEqual({ ok: true });
    expect(checkRecord('assets', take)).toEqual({ ok: true });
  });

  it('refuses malformed ones', () => {
    expect(checkRecord('segments', { ...segment, speech: 'everyone' }).ok).toBe(false);
    const badLine = { ...segment, lines: [{ ...segment.lines[0], offset: -1 }] };
    expect(checkRecord('segments', badLine).ok).toBe(false);
    const badVoice = { ...project, voices: { MAYA: { ...project.voices.MAYA, speed: 'fast' } } };
    expect(checkRecord('projects', badVoice).ok).toBe(false);
  });
});
