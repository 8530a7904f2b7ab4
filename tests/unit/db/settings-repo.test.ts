import { describe, expect, it } from 'vitest';
import { deleteSetting, getSetting, setSetting } from '../../../src/db/settings-repo.ts';
import { freshDb } from './helpers.ts';

describe('settings repository', () => {
  it('returns the fallback until a value is set, and again after it is deleted', async () => {
    const db = await freshDb();
    expect(await getSetting(db, 'budget', { daily: 5 })).toEqual({ daily: 5 });
    await setSetting(db, 'budget', { daily: 12 });
    expect(await getSetting(db, 'budget', { daily: 5 })).toEqual({ daily: 12 });
    await setSetting(db, 'muted', false);
    expect(await getSetting(db, 'muted', true)).toBe(false);
    await deleteSetting(db, 'budget');
    expect(await getSetting(db, 'budget', null)).toBeNull();
  });
});
