/** The `prompts` store: prompt history, one row per distinct (trimmed) prompt text. */
import type { PromptRecord } from '../types.ts';
import { newId } from './ids.ts';
import { matchesQuery } from './paging.ts';
import type { DbConnection } from './schema.ts';
import { writeTx, type WriteTx } from './tx.ts';

export interface ListPromptsOptions {
  /** Case-insensitive substring of the prompt text. */
  query?: string;
  limit?: number;
}

/**
 * Records one use of a prompt: creates its history row or bumps `lastUsed` / `useCount`, and links
 * `videoId` when given. Resolves to the row as stored. Throws `StorageFullError` when out of space.
 */
export async function recordPromptUse(
  db: DbConnection,
  text: string,
  videoId?: string,
  now: number = Date.now(),
): Promise<PromptRecord> {
  const key = normalise(text);
  return writeTx(db, ['prompts'], async (tx) => {
    const existing = await findByText(tx, key);
    const record: PromptRecord = existing
      ? {
          ...existing,
          lastUsed: now,
          useCount: existing.useCount + 1,
          videoIds: withVideo(existing.videoIds, videoId),
        }
      : {
          id: newId('prompt'),
          text: key,
          firstUsed: now,
          lastUsed: now,
          useCount: 1,
          videoIds: withVideo([], videoId),
        };
    await tx.store.put(record);
    return record;
  });
}

/** Links a finished clip to the prompt that made it, without counting another use. */
export async function attachVideoToPrompt(
  db: DbConnection,
  text: string,
  videoId: string,
  now: number = Date.now(),
): Promise<PromptRecord> {
  const key = normalise(text);
  return writeTx(db, ['prompts'], async (tx) => {
    const existing = await findByText(tx, key);
    // History may have been cleared while the clip was generating: start the row again.
    const record: PromptRecord = existing
      ? { ...existing, videoIds: withVideo(existing.videoIds, videoId) }
      : { id: newId('prompt'), text: key, firstUsed: now, lastUsed: now, useCount: 1, videoIds: [videoId] };
    await tx.store.put(record);
    return record;
  });
}

export async function getPromptByText(db: DbConnection, text: string): Promise<PromptRecord | undefined> {
  return db.getFromIndex('prompts', 'by-text', text.trim());
}

/** Most recently used first, optionally filtered by a substring. */
export async function listPrompts(
  db: DbConnection,
  options: ListPromptsOptions = {},
): Promise<PromptRecord[]> {
  const { query, limit = Infinity } = options;
  const rows: PromptRecord[] = [];
  if (limit <= 0) return rows;
  let cursor = await db.transaction('prompts').store.index('by-last-used').openCursor(null, 'prev');
  while (cursor) {
    if (matchesQuery(query, cursor.value.text)) {
      rows.push(cursor.value);
      if (rows.length >= limit) break;
    }
    cursor = await cursor.continue();
  }
  return rows;
}

export async function deletePrompt(db: DbConnection, id: string): Promise<void> {
  await writeTx(db, ['prompts'], async (tx) => {
    await tx.store.delete(id);
  });
}

function normalise(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new RangeError('A prompt needs some text.');
  return trimmed;
}

const findByText = (tx: WriteTx<['prompts']>, text: string): Promise<PromptRecord | undefined> =>
  tx.store.index('by-text').get(text);

const withVideo = (videoIds: readonly string[], videoId: string | undefined): string[] =>
  videoId && !videoIds.includes(videoId) ? [...videoIds, videoId] : [...videoIds];
