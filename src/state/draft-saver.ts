import type { Draft } from './app-state.ts';
import type { Clock } from './job-runner.ts';
import type { DraftStash, LibraryDb } from './ports.ts';

/** Keystrokes closer together than this are written to IndexedDB once. */
export const DRAFT_SAVE_MS = 300;

/** The stored draft: the draft and when it was typed (`savedAt`, absent in rows older than the debounce). */
type SavedDraft = Partial<Draft> & { savedAt?: number };

/**
 * Writes the prompt bar's draft to IndexedDB at most once per pause in typing. When the page goes away
 * before the pause ends, `saveNow` puts the pending draft in a synchronous stash (localStorage, db/draft-stash.ts)
 * — an IndexedDB write started on `pagehide` does not finish before the browser reloads. Start-up prefers
 * the stash when it is at least as new as the IndexedDB copy, stores it and clears it.
 */
export class DraftSaver {
  private pending?: { draft: Draft; at: number };
  private wait?: AbortController;

  constructor(
    private readonly db: LibraryDb,
    private readonly clock: Clock,
    private readonly stash?: DraftStash,
  ) {}

  /** The draft changed: (re)start the pause; the last draft of a burst is written when it ends. */
  schedule(draft: Draft): void {
    this.pending = { draft, at: this.clock.now() };
    this.wait?.abort();
    const wait = (this.wait = new AbortController());
    this.clock.sleep(DRAFT_SAVE_MS, wait.signal).then(
      () => void this.flush(),
      () => undefined,
    );
  }

  /** Writes a pending draft now (start of a generate, dispose). */
  flush(): Promise<void> {
    const pending = this.pending;
    this.wait?.abort();
    this.wait = undefined;
    this.pending = undefined;
    if (!pending) return Promise.resolve();
    return this.db.setSetting('draft', { ...pending.draft, savedAt: pending.at } satisfies SavedDraft);
  }

  /** The page is going away: keep a pending draft synchronously, and start the IndexedDB write too. */
  saveNow(): void {
    if (!this.pending) return;
    try {
      this.stash?.save(JSON.stringify(this.pending));
    } catch {
      // A full or blocked localStorage: the IndexedDB write below is all there is.
    }
    void this.flush();
  }

  /** The draft to start with: the stashed one when it is newer than the stored one (then stored, and the stash cleared). */
  async load(): Promise<Partial<Draft>> {
    const { savedAt = 0, ...stored } = await this.db.getSetting<SavedDraft>('draft', {});
    const stashed = this.readStash();
    if (!stashed || stashed.at < savedAt) {
      if (stashed) this.stash?.clear();
      return stored;
    }
    await this.db
      .setSetting('draft', { ...stashed.draft, savedAt: stashed.at } satisfies SavedDraft)
      .then(() => this.stash?.clear())
      .catch(() => undefined);
    return stashed.draft;
  }

  private readStash(): { draft: Partial<Draft>; at: number } | undefined {
    try {
      const raw = this.stash?.load();
      const value: unknown = raw ? JSON.parse(raw) : undefined;
      if (!value || typeof value !== 'object') return undefined;
      const { draft, at } = value as { draft?: unknown; at?: unknown };
      if (!draft || typeof draft !== 'object' || typeof at !== 'number') return undefined;
      return { draft: draft as Partial<Draft>, at };
    } catch {
      return undefined;
    }
  }
}
