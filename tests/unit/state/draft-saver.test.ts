import { describe, expect, it } from 'vitest';
import { createDraftStash } from '../../../src/db/draft-stash.ts';
import { initialState, type Draft } from '../../../src/state/app-state.ts';
import { DRAFT_SAVE_MS, DraftSaver } from '../../../src/state/draft-saver.ts';
import type { LibraryDb } from '../../../src/state/ports.ts';
import { FakeClock } from './fakes.ts';

/** The two settings calls the saver makes, counted, over a plain map. */
function settingsDb(initial: Record<string, unknown> = {}) {
  const settings = new Map(Object.entries(initial));
  const writes: unknown[] = [];
  const db = {
    getSetting: async <T>(key: string, fallback: T) =>
      settings.has(key) ? (settings.get(key) as T) : fallback,
    setSetting: async (key: string, value: unknown) => {
      writes.push(value);
      settings.set(key, value);
    },
  } as unknown as LibraryDb;
  return { db, writes, settings };
}

/** A localStorage stand-in (Node has none). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

const draft = (prompt: string): Draft => ({ ...initialState().draft, prompt });

describe('draft saver', () => {
  it('writes a burst of keystrokes to IndexedDB once, after the pause', async () => {
    const { db, writes } = settingsDb();
    const clock = new FakeClock();
    const saver = new DraftSaver(db, clock);
    let typed = '';
    for (const letter of 'A fox crosses') {
      typed += letter;
      saver.schedule(draft(typed));
      await clock.advance(40);
    }
    expect(writes).toHaveLength(0);
    await clock.advance(DRAFT_SAVE_MS);
    expect(writes).toEqual([
      expect.objectContaining({ prompt: 'A fox crosses', savedAt: expect.any(Number) }),
    ]);
  });

  it('keeps a draft typed just before the page goes away in the synchronous stash, and starts from it', async () => {
    const storage = memoryStorage();
    const first = settingsDb({ draft: { ...draft('old'), savedAt: 1 } });
    const clock = new FakeClock();
    const saver = new DraftSaver(first.db, clock, createDraftStash(storage));
    saver.schedule(draft('A fox crosses a frozen lake'));
    saver.saveNow();
    expect(storage.getItem('reelwright:draft')).toContain('A fox crosses a frozen lake');

    // The page reloaded before the IndexedDB write landed: the database still has the old draft.
    const reloaded = settingsDb({ draft: { ...draft('old'), savedAt: 1 } });
    const next = new DraftSaver(reloaded.db, clock, createDraftStash(storage));
    await expect(next.load()).resolves.toMatchObject({ prompt: 'A fox crosses a frozen lake' });
    expect(reloaded.settings.get('draft')).toMatchObject({ prompt: 'A fox crosses a frozen lake' });
    expect(storage.getItem('reelwright:draft')).toBeNull();
  });

  it('prefers the IndexedDB copy when it is newer than the stash, and reads rows saved before the debounce', async () => {
    const storage = memoryStorage();
    storage.setItem('reelwright:draft', JSON.stringify({ draft: draft('stale'), at: 5 }));
    const newer = settingsDb({ draft: { ...draft('fresh'), savedAt: 10 } });
    const clock = new FakeClock();
    const loaded = await new DraftSaver(newer.db, clock, createDraftStash(storage)).load();
    expect(loaded).toMatchObject({ prompt: 'fresh' });
    expect(loaded).not.toHaveProperty('savedAt');
    expect(storage.getItem('reelwright:draft')).toBeNull();

    const old = settingsDb({ draft: draft('from an older version') });
    await expect(
      new DraftSaver(old.db, clock, createDraftStash(memoryStorage())).load(),
    ).resolves.toMatchObject({
      prompt: 'from an older version',
    });
  });
});
