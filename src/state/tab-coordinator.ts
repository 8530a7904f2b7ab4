/**
 * Exactly one tab runs jobs (Web Locks); every tab hears what changed (BroadcastChannel).
 * When the running tab closes, its lock is released and the next waiting tab takes over.
 */
export type TabMessage =
  | { type: 'jobs-changed' }
  | { type: 'library-changed' }
  | { type: 'settings-changed' }
  | { type: 'cancel-job'; id: string };

const LOCK_NAME = 'reelwright-job-runner';
const CHANNEL_NAME = 'reelwright';

export class TabCoordinator {
  private readonly channel?: BroadcastChannel;
  private readonly listeners = new Set<(message: TabMessage) => void>();
  private readonly release = new AbortController();

  constructor() {
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(CHANNEL_NAME);
      this.channel.onmessage = (event: MessageEvent<TabMessage>) => {
        for (const listener of this.listeners) listener(event.data);
      };
    }
  }

  /** Calls `onLeader` once this tab holds the runner lock (at once when it is free). */
  lead(onLeader: () => void): void {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) {
      onLeader();
      return;
    }
    void locks
      .request(LOCK_NAME, { signal: this.release.signal }, () => {
        onLeader();
        // Held until the tab closes (or dispose()).
        return new Promise<void>((resolve) => this.release.signal.addEventListener('abort', () => resolve()));
      })
      .catch(() => undefined);
  }

  post(message: TabMessage): void {
    this.channel?.postMessage(message);
  }

  subscribe(listener: (message: TabMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.release.abort();
    this.channel?.close();
    this.listeners.clear();
  }
}
