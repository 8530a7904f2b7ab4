/** Progress of an export or import: bytes done of bytes expected, and a time-remaining estimate. */

export interface BackupProgress {
  direction: 'export' | 'import';
  /** preparing → exporting (export); checking → writing (import); rolling-back after a cancel. */
  phase: 'preparing' | 'exporting' | 'checking' | 'writing' | 'rolling-back';
  bytesDone: number;
  bytesTotal: number;
  /** Milliseconds left at the current rate; undefined until there is a rate to go by. */
  etaMs?: number;
}

/** Turns byte counts into throttled progress reports (at most one per `intervalMs`). */
export class ProgressMeter {
  private done = 0;
  private lastReport = -Infinity;
  private readonly started: number;

  constructor(
    private readonly direction: BackupProgress['direction'],
    private total: number,
    private readonly report: (progress: BackupProgress) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 100,
  ) {
    this.started = now();
  }

  private phase: BackupProgress['phase'] = 'preparing';

  setPhase(phase: BackupProgress['phase'], total?: number): void {
    this.phase = phase;
    if (total !== undefined) this.total = total;
    this.emit(true);
  }

  add(bytes: number): void {
    this.done += bytes;
    this.emit(false);
  }

  get bytesDone(): number {
    return this.done;
  }

  emit(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastReport < this.intervalMs) return;
    this.lastReport = now;
    const elapsed = now - this.started;
    const rate = elapsed > 250 && this.done > 0 ? this.done / elapsed : undefined;
    const left = Math.max(0, this.total - this.done);
    this.report({
      direction: this.direction,
      phase: this.phase,
      bytesDone: Math.min(this.done, this.total),
      bytesTotal: this.total,
      etaMs: rate ? left / rate : undefined,
    });
  }
}
