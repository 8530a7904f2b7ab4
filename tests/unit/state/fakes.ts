import type { Clock, JobLedger, NetworkStatus } from '../../../src/state/job-runner.ts';
import type { JobRecord } from '../../../src/types.ts';
import { isTerminal } from '../../../src/types.ts';

/** Lets every pending promise chain run (macrotask boundary, several times). */
export async function flush(turns = 8): Promise<void> {
  for (let i = 0; i < turns; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

interface Timer {
  at: number;
  resolve: () => void;
}

/** A clock whose time moves only when the test says so. */
export class FakeClock implements Clock {
  time = 1_700_000_000_000;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const timer: Timer = { at: this.time + Math.max(0, ms), resolve };
      this.timers.push(timer);
      signal.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing timers in order and letting their effects run. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await flush();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = Math.max(this.time, due.at);
      this.timers = this.timers.filter((t) => t !== due);
      due.resolve();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

export class MemoryLedger implements JobLedger {
  readonly rows = new Map<string, JobRecord>();
  readonly history: Array<{ id: string; status: JobRecord['status'] }> = [];

  async get(id: string): Promise<JobRecord | undefined> {
    const row = this.rows.get(id);
    return row && structuredClone(row);
  }

  async put(job: JobRecord): Promise<void> {
    this.rows.set(job.id, structuredClone(job));
  }

  async update(id: string, patch: Partial<JobRecord>): Promise<JobRecord> {
    const current = this.rows.get(id);
    if (!current) throw new Error(`no job ${id}`);
    const next = { ...current, ...patch, updated: Date.now() };
    this.rows.set(id, next);
    if (patch.status && patch.status !== current.status) this.history.push({ id, status: patch.status });
    return structuredClone(next);
  }

  async listActive(): Promise<JobRecord[]> {
    return [...this.rows.values()].filter((j) => !isTerminal(j.status)).map((j) => structuredClone(j));
  }

  statusesOf(id: string): string[] {
    return this.history.filter((h) => h.id === id).map((h) => h.status);
  }
}

export class FakeNetwork implements NetworkStatus {
  isOnline = true;
  private listeners = new Set<() => void>();

  online(): boolean {
    return this.isOnline;
  }

  subscribe(callback: () => void): () => void {
    this.listeners.add(callback);
    return () => this.listeners.delete(callback);
  }

  set(online: boolean): void {
    this.isOnline = online;
    for (const listener of [...this.listeners]) listener();
  }
}
