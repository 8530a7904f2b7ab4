/**
 * Dialogue in a script (pure). A line `NAME: words` is spoken by NAME; everything else is left alone.
 *
 * - Names: with a cast list, a cue matches a character case-insensitively by full name, first name or alias
 *   (`MARA`, `mara`, `@Mara` → "Mara Quinn"). ALL-CAPS names are speakers too (`WAITER:`, `DR. KIM:`), and
 *   without a cast list so are Capitalised names (`Mara:`), except labels such as `Note:` or `Location:`.
 * - Parentheticals are delivery notes, never spoken: `MARA (whispering): …`, `MARA: (beat) I know.`, or a
 *   line of its own inside a speech (`(beat)`). Extensions (`V.O.`, `O.S.`, `CONT'D`) are kept apart.
 * - A speech continues on the next lines when the cue had no words (`MARA:` then the lines until a blank
 *   line), when the next line is indented or starts in lower case, or when the speech so far does not end a
 *   sentence. An unindented line after a finished sentence is action (`She slams the door.`).
 * - Not dialogue: scene headings (`INT. KITCHEN – NIGHT`), transitions (`CUT TO:`), action, URLs
 *   (`https://…`: the colon must be followed by a space or the end of the line) and times (`10:30`).
 * - `@Name` anywhere is a mention (not inside an e-mail address), resolved against the cast when given.
 */

export interface CastMember {
  id: string;
  name: string;
  aliases?: readonly string[];
}

export interface ParseOptions {
  cast?: readonly CastMember[];
}

export interface Mention {
  /** As written, without the `@`. */
  name: string;
  characterId?: string;
  /** Offset of the `@` in the line. */
  index: number;
}

export interface DialogueBlock {
  kind: 'dialogue';
  /** The cast member's name when matched, else the cue as written (`@` dropped, spaces tidied). */
  speaker: string;
  characterId?: string;
  /** What is spoken: parentheticals removed, continuation lines joined with a space. */
  text: string;
  /** Delivery notes in order (`whispering`, `beat`). */
  delivery: string[];
  /** Cue extensions: `V.O.`, `O.S.`, `CONT'D`. */
  extensions: string[];
  mentions: Mention[];
  /** First and last source line (0-based) of the speech. */
  line: number;
  endLine: number;
}

export interface OtherBlock {
  kind: 'heading' | 'transition' | 'action';
  text: string;
  mentions: Mention[];
  line: number;
}

export type ScriptBlock = DialogueBlock | OtherBlock;

/** A speech being read: `open` after a bare cue (until a blank line), `carry` for one line after a note. */
type OpenSpeech = DialogueBlock & { open: boolean; carry: boolean };

/** Labels (alone or numbered: `Scene 2:`) that end in a colon but are never a speaker, unless a cast member has that name. */
const LABELS: ReadonlySet<string> = new Set([
  'ACT',
  'BEAT',
  'CAPTION',
  'CHAPTER',
  'CHYRON',
  'CLIP',
  'EPISODE',
  'FLASHBACK',
  'INSERT',
  'INTERCUT',
  'LOCATION',
  'LOGLINE',
  'MONTAGE',
  'MUSIC',
  'NOTE',
  'NOTES',
  'ON SCREEN',
  'PART',
  'PROMPT',
  'SCENE',
  'SEGMENT',
  'SETTING',
  'SFX',
  'SHOT',
  'SOUND',
  'SUMMARY',
  'SUPER',
  'TEXT',
  'TIME',
  'TITLE',
  'TODO',
  'WARNING',
]);
const TRANSITION =
  /^(?:(?:FADE|CUT|DISSOLVE|SMASH CUT|MATCH CUT|JUMP CUT|WIPE|BACK)(?: (?:IN|OUT|TO(?: BLACK)?))?|FADE TO BLACK|THE END|END(?: OF [A-Z ]+)?)\s*[:.]?$/;
const HEADING = /^(?:INT|EXT|EST|INT\.?\s*\/\s*EXT|I\s*\/\s*E)[.\s]/i;
const EXTENSION = /^(?:V\.?\s?O\.?|O\.?\s?S\.?|O\.?\s?C\.?|CONT'?’?D|CONTINUED|PRE-?LAP|FILTERED|ON PHONE)$/i;
const WORD = "[\\p{L}][\\p{L}\\p{N}'’.#-]*";
const NUMBER_OR_WORD = "[\\p{L}\\p{N}#][\\p{L}\\p{N}'’.#-]*";
/** `@?NAME (paren) (paren): rest` — the colon must end the line or be followed by a space. */
const CUE = new RegExp(
  `^@?(${WORD}(?:[ \\t]+${NUMBER_OR_WORD}){0,3})[ \\t]*((?:\\([^()]*\\)[ \\t]*)*):(?:[ \\t]+(.*))?$`,
  'u',
);
const MENTION = /(^|[^\p{L}\p{N}_.@])@([\p{L}][\p{L}\p{N}_'’-]*)/gu;
const ENDS_SENTENCE = /[.!?…]["'”’)\]]*$|[-–—]$/;

/** Splits a script into dialogue and everything else, in order (blank lines are dropped). */
export function parseScript(script: string, options: ParseOptions = {}): ScriptBlock[] {
  const lines = script.replace(/\r\n?/g, '\n').split('\n');
  const blocks: ScriptBlock[] = [];
  let speech: OpenSpeech | undefined;
  const close = (): void => {
    if (!speech) return;
    const { open: _open, carry: _carry, ...block } = speech;
    block.text = tidy(block.text);
    blocks.push(block);
    speech = undefined;
  };

  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) {
      close();
      return;
    }
    const cue = parseCue(line, options);
    if (cue) {
      close();
      speech = {
        kind: 'dialogue',
        speaker: cue.speaker,
        characterId: cue.characterId,
        text: '',
        delivery: [...cue.delivery],
        extensions: cue.extensions,
        mentions: mentionsIn(raw, options.cast),
        line: index,
        endLine: index,
        open: cue.rest === '',
        carry: false,
      };
      addWords(speech, cue.rest);
      return;
    }
    const other = classify(line);
    if (speech && other === 'action' && continues(speech, raw, line)) {
      speech.endLine = index;
      // The line after a parenthetical carries on the same speech.
      speech.carry = /^\(.*\)$/.test(line);
      speech.mentions.push(...mentionsIn(raw, options.cast));
      addWords(speech, line);
      return;
    }
    close();
    blocks.push({ kind: other, text: line, mentions: mentionsIn(raw, options.cast), line: index });
  });
  close();
  return blocks;
}

/** Only the spoken lines of a script. */
export function dialogueLines(script: string, options: ParseOptions = {}): DialogueBlock[] {
  return parseScript(script, options).filter((b): b is DialogueBlock => b.kind === 'dialogue');
}

export interface Cue {
  speaker: string;
  characterId?: string;
  delivery: string[];
  extensions: string[];
  /** The words after the colon (may hold parentheticals still). */
  rest: string;
}

/** The speaker cue at the start of a line, or null when the line is not dialogue. */
export function parseCue(line: string, options: ParseOptions = {}): Cue | null {
  const match = CUE.exec(line.trim());
  if (!match) return null;
  const written = match[1]!.replace(/\s+/g, ' ').trim();
  const member = findCastMember(written, options.cast);
  if (!member) {
    const upper = written.toUpperCase();
    const label = LABELS.has(upper) || LABELS.has(upper.split(' ')[0]!);
    if (label || TRANSITION.test(upper) || HEADING.test(written)) return null;
    const allCaps = /\p{Lu}/u.test(written) && !/\p{Ll}/u.test(written);
    const titled = written.split(' ').every((word) => /^\p{Lu}/u.test(word) || /^\p{N}/u.test(word));
    const known = (options.cast?.length ?? 0) > 0;
    if (!allCaps && (known || !titled)) return null;
  }
  const delivery: string[] = [];
  const extensions: string[] = [];
  for (const [, note] of (match[2] ?? '').matchAll(/\(([^()]*)\)/g)) {
    const text = note!.trim();
    if (!text) continue;
    if (EXTENSION.test(text)) extensions.push(text.toUpperCase());
    else delivery.push(text);
  }
  return {
    speaker: member?.name ?? written,
    characterId: member?.id,
    delivery,
    extensions,
    rest: (match[3] ?? '').trim(),
  };
}

/** The cast member a cue or mention names: full name, first name or alias, any case; `@` and `_` allowed. */
export function findCastMember(name: string, cast: readonly CastMember[] = []): CastMember | undefined {
  const key = normalize(name);
  if (!key) return undefined;
  const squash = (text: string): string => normalize(text).replace(/ /g, '');
  return (
    cast.find((m) => normalize(m.name) === key || m.aliases?.some((a) => normalize(a) === key)) ??
    cast.find((m) => squash(m.name) === key.replace(/ /g, '')) ??
    cast.find((m) => normalize(m.name).split(' ')[0] === key)
  );
}

/** Every `@Name` in a line. */
export function mentionsIn(line: string, cast?: readonly CastMember[]): Mention[] {
  const mentions: Mention[] = [];
  for (const match of line.matchAll(MENTION)) {
    const name = match[2]!.replace(/['’]s$/i, '').replace(/['’-]+$/, '');
    const member = findCastMember(name, cast);
    mentions.push({ name, characterId: member?.id, index: match.index + match[1]!.length });
  }
  return mentions;
}

function classify(line: string): OtherBlock['kind'] {
  if (HEADING.test(line)) return 'heading';
  if (TRANSITION.test(line) && line === line.toUpperCase()) return 'transition';
  return 'action';
}

/** Whether an action-looking line carries on the open speech (see the module comment). */
function continues(speech: OpenSpeech, raw: string, line: string): boolean {
  if (speech.open || speech.carry) return true;
  if (/^[ \t]/.test(raw)) return true;
  if (/^\(.*\)$/.test(line)) return true;
  if (/^\p{Ll}/u.test(line)) return true;
  return speech.text.trim() !== '' && !ENDS_SENTENCE.test(speech.text.trim());
}

/** Adds words to a speech; parentheticals become delivery notes. */
function addWords(speech: DialogueBlock, words: string): void {
  const spoken = words.replace(/\(([^()]*)\)/g, (_all, note: string) => {
    if (note.trim()) speech.delivery.push(note.trim());
    return ' ';
  });
  speech.text = speech.text ? `${speech.text} ${spoken}` : spoken;
}

function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.!?;:…])/g, '$1')
    .trim();
}

function normalize(name: string): string {
  return name
    .replace(/^@/, '')
    .replace(/[_\s]+/g, ' ')
    .trim()
    .toLocaleLowerCase();
}
