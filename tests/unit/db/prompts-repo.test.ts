import { describe, expect, it } from 'vitest';
import {
  attachVideoToPrompt,
  deletePrompt,
  getPromptByText,
  listPrompts,
  recordPromptUse,
} from '../../../src/db/prompts-repo.ts';
import { freshDb } from './helpers.ts';

describe('prompts repository', () => {
  it('keeps one history row per trimmed prompt and counts its uses', async () => {
    const db = await freshDb();
    const first = await recordPromptUse(db, '  A lighthouse at dusk ', undefined, 100);
    const second = await recordPromptUse(db, 'A lighthouse at dusk', 'v1', 200);
    const third = await recordPromptUse(db, 'A lighthouse at dusk', 'v1', 300);

    expect(second.id).toBe(first.id);
    expect(third).toEqual({
      id: first.id,
      text: 'A lighthouse at dusk',
      firstUsed: 100,
      lastUsed: 300,
      useCount: 3,
      videoIds: ['v1'],
    });
    expect(await listPrompts(db)).toHaveLength(1);
    await expect(recordPromptUse(db, '   ')).rejects.toBeInstanceOf(RangeError);
  });

  it('links a finished clip without counting another use', async () => {
    const db = await freshDb();
    await recordPromptUse(db, 'Storm over the harbour', undefined, 100);
    const linked = await attachVideoToPrompt(db, 'Storm over the harbour', 'v9', 200);
    expect(linked).toMatchObject({ useCount: 1, lastUsed: 100, videoIds: ['v9'] });
    // History cleared while the clip was generating: the row comes back.
    const revived = await attachVideoToPrompt(db, 'Forgotten prompt', 'v10', 300);
    expect(revived).toMatchObject({ useCount: 1, videoIds: ['v10'] });
    expect(await getPromptByText(db, ' Forgotten prompt')).toEqual(revived);
  });

  it('lists by last use and finds by case-insensitive substring', async () => {
    const db = await freshDb();
    await recordPromptUse(db, 'Storm over the harbour', undefined, 100);
    await recordPromptUse(db, 'Rain on the window', undefined, 200);
    await recordPromptUse(db, 'A storm breaks', undefined, 300);
    await recordPromptUse(db, 'Storm over the harbour', undefined, 400);

    expect((await listPrompts(db)).map((p) => p.text)).toEqual([
      'Storm over the harbour',
      'A storm breaks',
      'Rain on the window',
    ]);
    expect((await listPrompts(db, { query: 'STORM' })).map((p) => p.text)).toEqual([
      'Storm over the harbour',
      'A storm breaks',
    ]);
    expect(await listPrompts(db, { query: 'storm', limit: 1 })).toHaveLength(1);

    const rain = await getPromptByText(db, 'Rain on the window');
    await deletePrompt(db, rain!.id);
    expect(await listPrompts(db, { query: 'rain' })).toEqual([]);
  });
});
