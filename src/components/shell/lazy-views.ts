/**
 * Views loaded on first use. If a view's code cannot be fetched (offline before the app finished saving itself
 * for offline use, or a deploy removed the old files), say so once instead of leaving an empty pane.
 */
export class LazyViews {
  /** Views whose failed load was already reported (renders repeat; the notice should not). */
  private readonly failed = new Set<string>();

  constructor(
    private readonly report: (message: string) => void,
    private readonly online: () => boolean = () => navigator.onLine,
  ) {}

  /** Watches one load of the view called `name` (a dynamic import); reports its first failure. */
  load(name: string, loading: Promise<unknown>): void {
    loading.catch(() => {
      if (this.failed.has(name)) return;
      this.failed.add(name);
      this.report(
        this.online()
          ? `${name} could not load. Reload the page to get the current version of the app.`
          : `${name} could not load offline: the app had not finished saving itself for offline use. Reconnect once, then it works offline.`,
      );
    });
  }
}
