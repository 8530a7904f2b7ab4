import { describe, expect, it } from 'vitest';
import {
  dialogueLines,
  findCastMember,
  mentionsIn,
  parseCue,
  parseScript,
  type CastMember,
} from '../../../src/state/dialogue.ts';

const cast: CastMember[] = [
  { id: 'c-mara', name: 'Mara Quinn', aliases: ['The Widow'] },
  { id: 'c-jonah', name: 'Jonah' },
];

const spoken = (script: string, withCast = true) =>
  dialogueLines(script, withCast ? { cast } : {}).map((b) => [b.speaker, b.text]);

describe('speaker cues', () => {
  it('matches cast names case-insensitively, by first name, alias and @mention', () => {
    const script = [
      'MARA: Where were you?',
      'mara quinn: All night.',
      'Jonah: Out.',
      '@Mara: Liar.',
      'the widow: Enough.',
    ].join('\n');
    const lines = dialogueLines(script, { cast });
    expect(lines.map((l) => [l.characterId, l.speaker, l.text])).toEqual([
      ['c-mara', 'Mara Quinn', 'Where were you?'],
      ['c-mara', 'Mara Quinn', 'All night.'],
      ['c-jonah', 'Jonah', 'Out.'],
      ['c-mara', 'Mara Quinn', 'Liar.'],
      ['c-mara', 'Mara Quinn', 'Enough.'],
    ]);
  });

  it('takes ALL-CAPS speakers outside the cast, but not Capitalised ones when a cast is given', () => {
    const script = 'WAITER: More coffee?\nDR. KIM: Not for me.\nStranger: Hello.\nGUARD #2: Halt!';
    expect(spoken(script)).toEqual([
      ['WAITER', 'More coffee?'],
      ['DR. KIM', 'Not for me.'],
      ['GUARD #2', 'Halt!'],
    ]);
    const stranger = parseScript(script, { cast }).find((b) => b.text.startsWith('Stranger'));
    expect(stranger?.kind).toBe('action');
  });

  it('takes Capitalised names when there is no cast, except labels', () => {
    const script =
      'Mara: Hi.\nOld Man: Go away.\nNote: she is lying.\nLocation: the pier.\nTime: dusk.\nScene 2: The pier.\nSEGMENT 3:';
    expect(spoken(script, false)).toEqual([
      ['Mara', 'Hi.'],
      ['Old Man', 'Go away.'],
    ]);
  });

  it('does not take lower-case words or sentences with a colon as speakers', () => {
    expect(parseCue('she said: run.')).toBeNull();
    expect(parseCue('The plan was simple: run.')).toBeNull();
    expect(parseCue('Remember this: run.', { cast })).toBeNull();
  });
});

describe('more tricky cues', () => {
  it('keeps a colon inside the spoken words, and on-screen labels out of dialogue', () => {
    const blocks = parseScript('MARA: Listen: now.\nSUPER: Three years later\nSFX: thunder', { cast });
    expect(blocks.map((b) => [b.kind, b.text])).toEqual([
      ['dialogue', 'Listen: now.'],
      ['action', 'SUPER: Three years later'],
      ['action', 'SFX: thunder'],
    ]);
  });

  it('reads a bare cue, a note line and the words under it', () => {
    const [line] = dialogueLines('Mara:\n(whispering)\nRun.', { cast });
    expect(line).toMatchObject({ speaker: 'Mara Quinn', text: 'Run.', delivery: ['whispering'], endLine: 2 });
  });

  it('gives a cue with no words and nothing after it an empty line to speak', () => {
    const [line] = dialogueLines('JONAH:', { cast });
    expect(line).toMatchObject({ speaker: 'Jonah', text: '' });
  });
});

describe('non-dialogue lines are left alone', () => {
  it('keeps headings, transitions, URLs, times and action', () => {
    const script = [
      'INT. KITCHEN – NIGHT',
      'EXT. PIER - DAWN',
      'I/E. CAR - MOVING',
      'See https://example.com/a:b for the map.',
      'https://example.com',
      '10:30 The alarm rings.',
      'At 10:30: nothing happens.',
      'CUT TO:',
      'FADE OUT.',
      'Rain hammers the window.',
    ].join('\n');
    const blocks = parseScript(script, { cast });
    expect(blocks.map((b) => b.kind)).toEqual([
      'heading',
      'heading',
      'heading',
      'action',
      'action',
      'action',
      'action',
      'transition',
      'transition',
      'action',
    ]);
    expect(blocks.every((b) => b.kind !== 'dialogue')).toBe(true);
    expect(blocks[4]).toMatchObject({ text: 'https://example.com', line: 4 });
  });

  it('does not read a URL or a time right after a cue word as a cue', () => {
    expect(parseCue('HTTPS://EXAMPLE.COM')).toBeNull();
    expect(parseCue('NOON:30')).toBeNull();
  });
});

describe('parentheticals', () => {
  it('turns cue and inline parentheticals into delivery notes, never spoken', () => {
    const [line] = dialogueLines('MARA (whispering): (beat) I know. (pause) I always knew.', { cast });
    expect(line).toMatchObject({
      speaker: 'Mara Quinn',
      text: 'I know. I always knew.',
      delivery: ['whispering', 'beat', 'pause'],
      extensions: [],
    });
  });

  it('keeps extensions apart from delivery', () => {
    const [line] = dialogueLines("JONAH (V.O.) (CONT'D) (tired): Still here.", { cast });
    expect(line).toMatchObject({ text: 'Still here.', extensions: ['V.O.', "CONT'D"], delivery: ['tired'] });
  });

  it('takes a parenthetical line inside a speech as a note, and outside one as action', () => {
    const script = 'MARA: I waited.\n(beat)\nAll night.\n\n(beat)';
    const blocks = parseScript(script, { cast });
    expect(blocks[0]).toMatchObject({ kind: 'dialogue', text: 'I waited. All night.', delivery: ['beat'] });
    expect(blocks[1]).toMatchObject({ kind: 'action', text: '(beat)' });
  });
});

describe('continuation lines', () => {
  it('joins the lines after a bare cue until a blank line', () => {
    const script = 'JONAH:\nI came back.\nFor you.\n\nHe leaves.';
    const blocks = parseScript(script, { cast });
    expect(blocks[0]).toMatchObject({ kind: 'dialogue', text: 'I came back. For you.', line: 0, endLine: 2 });
    expect(blocks[1]).toMatchObject({ kind: 'action', text: 'He leaves.' });
  });

  it('joins an unfinished sentence, an indented line or a lower-case line', () => {
    expect(spoken('MARA: I waited for you\nall night.')).toEqual([
      ['Mara Quinn', 'I waited for you all night.'],
    ]);
    expect(spoken('MARA: Stay.\n    Please.')).toEqual([['Mara Quinn', 'Stay. Please.']]);
    expect(spoken('MARA: Stay.\nor go.')).toEqual([['Mara Quinn', 'Stay. or go.']]);
  });

  it('treats an unindented line after a finished sentence as action', () => {
    const blocks = parseScript('MARA: Where were you?\nShe slams the door.\nJONAH: Out.', { cast });
    expect(blocks.map((b) => [b.kind, b.text])).toEqual([
      ['dialogue', 'Where were you?'],
      ['action', 'She slams the door.'],
      ['dialogue', 'Out.'],
    ]);
  });

  it('ends a speech at the next cue even without a blank line', () => {
    expect(spoken('MARA:\nYou came.\nJONAH: I did.')).toEqual([
      ['Mara Quinn', 'You came.'],
      ['Jonah', 'I did.'],
    ]);
  });

  it('handles Windows line endings', () => {
    expect(spoken('MARA: One.\r\nJONAH: Two.\r\n')).toEqual([
      ['Mara Quinn', 'One.'],
      ['Jonah', 'Two.'],
    ]);
  });
});

describe('mentions', () => {
  it('finds @mentions, resolves them, and ignores e-mail addresses', () => {
    const mentions = mentionsIn('@Mara meets @jonah and @Nobody; mail mara@home.com. (@Mara_Quinn)', cast);
    expect(mentions.map((m) => [m.name, m.characterId])).toEqual([
      ['Mara', 'c-mara'],
      ['jonah', 'c-jonah'],
      ['Nobody', undefined],
      ['Mara_Quinn', 'c-mara'],
    ]);
    expect(mentions[0]!.index).toBe(0);
  });

  it("drops a possessive 's", () => {
    expect(mentionsIn("It is @Mara's turn.", cast)[0]).toMatchObject({ name: 'Mara', characterId: 'c-mara' });
  });

  it('records mentions on action and on dialogue', () => {
    const blocks = parseScript('@Mara enters.\nJONAH: Hello, @Mara.', { cast });
    expect(blocks.map((b) => b.mentions.map((m) => m.characterId))).toEqual([['c-mara'], ['c-mara']]);
    expect(blocks[1]).toMatchObject({ kind: 'dialogue', text: 'Hello, @Mara.' });
  });
});

describe('findCastMember', () => {
  it('prefers a full-name match over a first-name match', () => {
    const people: CastMember[] = [
      { id: 'a', name: 'Ann Lee' },
      { id: 'b', name: 'Ann' },
    ];
    expect(findCastMember('ANN', people)?.id).toBe('b');
    expect(findCastMember('ann lee', people)?.id).toBe('a');
    expect(findCastMember('', people)).toBeUndefined();
  });
});
