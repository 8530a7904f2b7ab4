/**
 * Which records belong to one project: the project, the records that point at it (episodes, segments,
 * clips, the prompts and jobs behind them), and everything those point at (assets, blobs, spend).
 * Generic over stores: a record points at another when one of its strings equals the other's key.
 */
import type { BackupDb, BackupKey } from '../ports.ts';
import { BackupError } from './errors.ts';
import { stringsIn } from './records.ts';

/** Records that point at a record of these stores belong to its project (an episode of the project…). */
const OWNER_STORES = new Set(['projects', 'episodes', 'segments', 'videos']);
/** Included when they point into the project, but what they point at is not followed (a prompt lists clips of every project). */
const LEAF_STORES = new Set(['prompts', 'spend']);
const BATCH = 500;

export async function projectClosure(db: BackupDb, projectId: string): Promise<Map<string, Set<BackupKey>>> {
  const names = db
    .stores()
    .map((store) => store.name)
    .filter((name) => name !== 'settings');
  if (!names.includes('projects') || !(await db.get('projects', projectId))) {
    throw new BackupError('bad-record', 'That project no longer exists, so there is nothing to export.');
  }
  const rows: Array<{ store: string; key: BackupKey; strings: Set<string> }> = [];
  const storesOfKey = new Map<string, string[]>();
  for (const store of names) {
    let after: BackupKey | undefined;
    for (;;) {
      const batch = await db.readBatch(store, after, BATCH);
      for (const { key, value } of batch) {
        if (typeof key === 'string') storesOfKey.set(key, [...(storesOfKey.get(key) ?? []), store]);
        // Blob rows point at nothing; only their keys matter.
        rows.push({ store, key, strings: store === 'blobs' ? new Set() : stringsIn(value) });
      }
      if (batch.length < BATCH) break;
      after = batch.at(-1)!.key;
    }
  }
  const included = new Map<string, Set<BackupKey>>(names.map((name) => [name, new Set()]));
  const owners = new Set<string>();
  const include = (store: string, key: BackupKey): boolean => {
    const set = included.get(store)!;
    if (set.has(key)) return false;
    set.add(key);
    if (OWNER_STORES.has(store) && typeof key === 'string') owners.add(key);
    return true;
  };
  include('projects', projectId);
  let changed = true;
  while (changed) {
    changed = false;
    for (const row of rows) {
      const isIn = included.get(row.store)!.has(row.key);
      if (isIn && !LEAF_STORES.has(row.store)) {
        // Forward: whatever an included record names is included.
        for (const text of row.strings) {
          for (const store of storesOfKey.get(text) ?? []) changed = include(store, text) || changed;
        }
      } else if (!isIn && [...row.strings].some((text) => owners.has(text))) {
        // Backward: a record naming an included project, episode, segment or clip belongs with it.
        changed = include(row.store, row.key) || changed;
      }
    }
  }
  return included;
}
