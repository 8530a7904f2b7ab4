/** Newest-first paging over a `by-created` index: a cursor with a limit, never a getAll of everything. */

/** Where the previous page ended: pass the last record you were given. */
export interface PageAfter {
  created: number;
  id: string;
}

export interface PageOptions<T> {
  /** Most rows to return; all when omitted. */
  limit?: number;
  after?: PageAfter;
  /** Rows failing the filter are skipped and do not count toward the limit. */
  filter?: (row: T) => boolean;
}

interface ValueCursor<T> {
  readonly value: T;
  continue(): Promise<ValueCursor<T> | null>;
}

interface CreatedIndex<T> {
  openCursor(range: IDBKeyRange | null, direction: IDBCursorDirection): Promise<ValueCursor<T> | null>;
}

/**
 * Walks `index` (keyed by `created`) from newest to oldest. Rows with equal `created` come in
 * descending id order, so `after` is an exact position even when timestamps tie.
 */
export async function readNewestFirst<T extends PageAfter>(
  index: CreatedIndex<T>,
  { limit = Infinity, after, filter }: PageOptions<T> = {},
): Promise<T[]> {
  const rows: T[] = [];
  if (limit <= 0) return rows;
  const range = after ? IDBKeyRange.upperBound(after.created) : null;
  let cursor = await index.openCursor(range, 'prev');
  while (cursor) {
    const row = cursor.value;
    const beforeAfter = after !== undefined && row.created === after.created && row.id >= after.id;
    if (!beforeAfter && (!filter || filter(row))) {
      rows.push(row);
      if (rows.length >= limit) break;
    }
    cursor = await cursor.continue();
  }
  return rows;
}

/** Case-insensitive substring test; an empty or blank query matches everything. */
export function matchesQuery(query: string | undefined, ...fields: (string | undefined)[]): boolean {
  const needle = query?.trim().toLocaleLowerCase();
  if (!needle) return true;
  return fields.some((field) => field?.toLocaleLowerCase().includes(needle));
}
