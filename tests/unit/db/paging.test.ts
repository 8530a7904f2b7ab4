import { describe, expect, it } from 'vitest';
import { matchesQuery, readNewestFirst, type PageAfter } from '../../../src/db/paging.ts';

/** An in-memory stand-in for a `by-created` index that counts how far the cursor walks. */
function fakeIndex(rows: PageAfter[]) {
  const sorted = [...rows].sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
  const index = {
    steps: 0,
    async openCursor(range: IDBKeyRange | null, direction: IDBCursorDirection) {
      expect(direction).toBe('prev');
      const visible = sorted.filter((row) => !range || range.includes(row.created));
      const at = (i: number) =>
        i < visible.length
          ? {
              value: visible[i]!,
              continue: async () => {
                index.steps++;
                return at(i + 1);
              },
            }
          : null;
      return at(0);
    },
  };
  return index;
}

describe('readNewestFirst', () => {
  const rows = Array.from({ length: 1_000 }, (_, i) => ({
    id: `r${String(i).padStart(4, '0')}`,
    created: i,
  }));

  it('stops walking as soon as the page is full', async () => {
    const index = fakeIndex(rows);
    const page = await readNewestFirst(index, { limit: 60 });
    expect(page.map((r) => r.id).slice(0, 2)).toEqual(['r0999', 'r0998']);
    expect(page).toHaveLength(60);
    expect(index.steps).toBe(59);
  });

  it('resumes after the last row, even when timestamps tie', async () => {
    const tied = [
      { id: 'a', created: 5 },
      { id: 'b', created: 5 },
      { id: 'c', created: 5 },
      { id: 'd', created: 1 },
    ];
    const first = await readNewestFirst(fakeIndex(tied), { limit: 2 });
    const second = await readNewestFirst(fakeIndex(tied), { limit: 2, after: first.at(-1) });
    expect(first.map((r) => r.id)).toEqual(['c', 'b']);
    expect(second.map((r) => r.id)).toEqual(['a', 'd']);
  });

  it('returns nothing for a zero limit', async () => {
    expect(await readNewestFirst(fakeIndex(rows), { limit: 0 })).toEqual([]);
  });
});

describe('matchesQuery', () => {
  it('matches a case-insensitive substring of any field; blank matches all', () => {
    expect(matchesQuery('HARB', 'harbour.png')).toBe(true);
    expect(matchesQuery('storm', 'harbour.png', 'rain')).toBe(false);
    expect(matchesQuery('  ', 'anything')).toBe(true);
    expect(matchesQuery(undefined)).toBe(true);
  });
});
