import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMoov } from '../../../src/media/stitch/boxes.ts';
import { locateMoov, mp4TableProblem } from '../../../src/media/stitch/locate.ts';
import { StitchError } from '../../../src/media/stitch/errors.ts';
import { stitch } from '../../../src/media/stitch/stitch.ts';
import { inspectClip } from '../../../src/media/render/inspect.ts';
import { RenderError } from '../../../src/media/render/types.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/stitch');
const bytes = (name: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(readFileSync(join(FIXTURES, `${name}.mp4`)));

/**
 * The clip with the entry count of its first `type` table box (inside moov) set to 4 294 967 295, the box
 * size untouched: a parser that trusts the count allocates gigabytes.
 */
function withHugeCount(clip: Uint8Array<ArrayBuffer>, type: string): Uint8Array<ArrayBuffer> {
  const out = clip.slice();
  const needle = [...type].map((c) => c.charCodeAt(0));
  for (let at = 4; at + 16 < out.length; at++) {
    if (needle.every((b, i) => out[at + i] === b)) {
      // Full box: type, version+flags (4); stsz has sample_size (4) before its count.
      const countAt = at + 4 + 4 + (type === 'stsz' ? 4 : 0);
      if (type === 'stsz') new DataView(out.buffer).setUint32(at + 8, 0); // sizes come from the table
      new DataView(out.buffer).setUint32(countAt, 0xffff_ffff);
      return out;
    }
  }
  throw new Error(`no ${type} box in the fixture`);
}

const hasBox = (clip: Uint8Array, type: string): boolean =>
  Buffer.from(clip).includes(Buffer.from(type, 'latin1'));

describe('the MP4 box parser checks every table count against its box before allocating', () => {
  const clip = bytes('a');
  for (const type of ['stsz', 'stco', 'stts', 'stss', 'stsc', 'ctts']) {
    it(`refuses an oversized ${type} count as a corrupt MP4`, async () => {
      // bf1 has B-frames, so composition offsets (ctts).
      const source = type === 'ctts' ? bytes('bf1') : clip;
      expect(hasBox(source, type)).toBe(true);
      const hostile = withHugeCount(source, type);
      const { moov } = await locateMoov(new Blob([hostile]), (code, why) => new StitchError(code, why));
      expect(() => parseMoov(moov)).toThrow(
        new RegExp(`corrupt MP4: the '${type}' box declares 4294967295 entries but has room for \\d+`),
      );
      expect(await mp4TableProblem(new Blob([hostile]))).toMatch(/^corrupt MP4: /);
    });
  }

  it('the stitcher refuses the clip by name with a clear corrupt-MP4 message', async () => {
    const error = await stitch([new Blob([clip]), new Blob([withHugeCount(clip, 'stsz')])], {
      labels: ['one', 'two'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StitchError);
    expect((error as StitchError).code).toBe('corrupt');
    expect((error as StitchError).message).toMatch(/corrupt MP4: the 'stsz' box declares 4294967295 entries/);
    expect((error as StitchError).clipIndexes).toEqual([1]);
  });

  it('the render inspector refuses it before mediabunny reads the tables', async () => {
    const error = await inspectClip(new Blob([withHugeCount(clip, 'stco')]), 'Clip 2').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).message).toMatch(/^Clip 2 is a corrupt MP4: the 'stco' box declares/);
  });

  it('sound clips still parse (no false alarm)', async () => {
    for (const name of ['a', 'b', 'bf1', 'opus', 'noaudio']) {
      expect(await mp4TableProblem(new Blob([bytes(name)]))).toBeUndefined();
    }
  });
});
