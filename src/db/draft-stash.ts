import type { DraftStash } from '../state/ports.ts';

const KEY = 'reelwright:draft';

/**
 * The synchronous place for a just-typed draft when the page goes away (`pagehide`): localStorage writes
 * finish before the browser unloads, IndexedDB writes do not. Read back and cleared at start-up.
 */
export function createDraftStash(storage: Storage | undefined = globalThis.localStorage): DraftStash {
  return {
    save: (text) => storage?.setItem(KEY, text),
    load: () => storage?.getItem(KEY) ?? undefined,
    clear: () => storage?.removeItem(KEY),
  };
}
