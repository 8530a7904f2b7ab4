import { isLostInMemory, isProviderError } from '../providers/errors.ts';
import type { DownloadResult, PollResult, Provider, SubmitRequest } from '../providers/types.ts';
import { isTerminal, type ErrorInfo, type JobRecord, type JobStatus } from '../types.ts';

/**
 * The durable job runner: drives every job through
 * waiting → submitting → queued → running → downloading → done | failed | canceled | expired | unknown.
 *
 * The ledger is the source of truth. Every transition is written before the next network call, so a crash
 * at any point resumes from the last written state. A job found in `submitting` on start-up is never sent
 * again blindly: its outcome is unknown, so it is reconciled with the provider or marked `unknown`.
 */

export interface JobLedger {
  get(id: string): Promise<JobRecord | undefined>;
  update(id: string, patch: Partial<JobRecord>): Promise<JobRecord>;
  listActive(): Promise<JobRecord[]>;
}

export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with an AbortError when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface NetworkStatus {
  online(): boolean;
  /** Calls back whenever the browser goes on- or offline; returns an unsubscribe function. */
  subscribe(callback: () => void): () => void;
}

export interface RunnerDeps {
  ledger: JobLedger;
  provider(job: JobRecord): Provider | undefined;
  /** Builds what is sent: the catalog model, the fitted reference, the remix source handle. */
  prepare(job: JobRecord, signal: AbortSignal): Promise<SubmitRequest>;
  /** Saves the downloaded files (reading their metadata from the bytes); returns the new record ids. */
  complete(job: JobRecord, result: DownloadResult, signal: AbortSignal): Promise<string[]>;
  concurrency(connectionId: string): number;
  /** False for providers that run on this device (the local preview works offline). */
  needsNetwork?(job: JobRecord): boolean;
  /** Why a job may not be driven now (its connection's key is locked): it keeps its status, showing this. */
  hold?(job: JobRecord): string | undefined;
  /**
   * Checked right before every create (resumed and retried jobs included): why this job must not be sent
   * at all (over budget, a connection not confirmed on this device). A refusal ends the job; nothing is sent.
   */
  refuse?(job: JobRecord): ErrorInfo | undefined | Promise<ErrorInfo | undefined>;
  clock: Clock;
  network: NetworkStatus;
  random?: () => number;
  onChange(job: JobRecord): void;
  policy?: Partial<RunnerPolicy>;
}

export interface RunnerPolicy {
  /** How long a submitted job may take before it is given up and explained. */
  deadlineMs: number;
  /** Poll interval when the provider gives no hint. */
  pollMs: number;
  /** Upper bound of the error backoff. */
  maxBackoffMs: number;
  /** Retries of a definite, retryable submit refusal (429, 5xx) before the job fails. */
  maxSubmitAttempts: number;
  /** Failed poll/download attempts in a row before the job fails. */
  maxErrorStreak: number;
}

const DEFAULT_POLICY: RunnerPolicy = {
  deadlineMs: 45 * 60_000,
  pollMs: 10_000,
  maxBackoffMs: 60_000,
  maxSubmitAttempts: 6,
  maxErrorStreak: 12,
};

export { NO_DEADLINE } from '../types.ts';

const ACTIVE_AT_PROVIDER: readonly JobStatus[] = ['submitting', 'queued', 'running', 'downloading'];

export class JobRunner {
  private readonly deps: RunnerDeps;
  private readonly policy: RunnerPolicy;
  private readonly random: () => number;
  /** Jobs with a driver in this tab, and the controller that stops it. */
  private readonly drivers = new Map<string, AbortController>();
  private readonly canceling = new Set<string>();
  private stopController = new AbortController();
  private unsubscribeNetwork?: () => void;
  private wakeController?: AbortController;
  private scheduling?: Promise<void>;
  private rescheduleRequested = false;

  constructor(deps: RunnerDeps) {
    this.deps = deps;
    this.policy = { ...DEFAULT_POLICY, ...deps.policy };
    this.random = deps.random ?? Math.random;
  }

  get running(): boolean {
    return !this.stopController.signal.aborted && this.unsubscribeNetwork !== undefined;
  }

  /** Resumes every non-terminal job in the ledger. */
  async start(): Promise<void> {
    if (this.unsubscribeNetwork) return;
    this.stopController = new AbortController();
    this.unsubscribeNetwork = this.deps.network.subscribe(() => this.kick());
    await this.schedule();
  }

  stop(): void {
    this.stopController.abort();
    for (const controller of this.drivers.values()) controller.abort();
    this.drivers.clear();
    this.unsubscribeNetwork?.();
    this.unsubscribeNetwork = undefined;
    this.wakeController?.abort();
  }

  /** Re-reads the ledger and starts whatever may run now (new jobs, freed slots, back online). */
  kick(): void {
    if (!this.unsubscribeNetwork) return;
    void this.schedule();
  }

  /** Resolves once nothing is left to start right now (for tests and the benchmark). */
  async settle(): Promise<void> {
    while (this.scheduling) await this.scheduling;
  }

  hasDriver(id: string): boolean {
    return this.drivers.has(id);
  }

  async cancel(id: string): Promise<void> {
    const job = await this.deps.ledger.get(id);
    if (!job || isTerminal(job.status)) return;
    this.canceling.add(id);
    this.drivers.get(id)?.abort();
    this.drivers.delete(id);
    try {
      const provider = this.deps.provider(job);
      if (job.remote && provider?.cancel) {
        await provider.cancel(job.remote, AbortSignal.timeout(15_000)).catch(() => undefined);
      }
      await this.write(id, { status: 'canceled', detail: 'Canceled', nextAt: undefined });
    } finally {
      this.canceling.delete(id);
      this.kick();
    }
  }

  private schedule(): Promise<void> {
    if (this.scheduling) {
      this.rescheduleRequested = true;
      return this.scheduling;
    }
    this.scheduling = (async () => {
      do {
        this.rescheduleRequested = false;
        await this.scheduleOnce();
      } while (this.rescheduleRequested && !this.stopController.signal.aborted);
    })().finally(() => {
      this.scheduling = undefined;
    });
    return this.scheduling;
  }

  private async scheduleOnce(): Promise<void> {
    if (this.stopController.signal.aborted) return;
    const active = (await this.deps.ledger.listActive()).sort((a, b) => a.created - b.created);
    const now = this.deps.clock.now();
    const busy = new Map<string, number>();
    const count = (job: JobRecord): void => {
      busy.set(job.request.connectionId, (busy.get(job.request.connectionId) ?? 0) + 1);
    };
    // Jobs already at the provider resume first and hold their slots.
    for (const job of active) {
      if (!ACTIVE_AT_PROVIDER.includes(job.status)) continue;
      count(job);
      if (this.drivers.has(job.id) || this.canceling.has(job.id)) continue;
      const held = this.deps.hold?.(job);
      if (held) {
        if (job.detail !== held) await this.write(job.id, { detail: held });
        continue;
      }
      this.drive(job);
    }
    let nextWake = Infinity;
    for (const job of active) {
      if (job.status !== 'waiting' || this.drivers.has(job.id) || this.canceling.has(job.id)) continue;
      if (!this.online(job)) {
        if (job.detail !== WAITING_OFFLINE) await this.write(job.id, { detail: WAITING_OFFLINE });
        continue;
      }
      const held = this.deps.hold?.(job);
      if (held) {
        if (job.detail !== held) await this.write(job.id, { detail: held });
        continue;
      }
      if (job.nextAt && job.nextAt > now) {
        nextWake = Math.min(nextWake, job.nextAt);
        continue;
      }
      const limit = Math.max(1, this.deps.concurrency(job.request.connectionId));
      if ((busy.get(job.request.connectionId) ?? 0) >= limit) {
        if (job.detail !== WAITING_SLOT) await this.write(job.id, { detail: WAITING_SLOT });
        continue;
      }
      count(job);
      this.drive(job);
    }
    this.wakeController?.abort();
    if (nextWake < Infinity) {
      const wake = new AbortController();
      this.wakeController = wake;
      this.deps.clock.sleep(Math.min(MAX_PROVIDER_WAIT_MS, Math.max(0, nextWake - now)), wake.signal).then(
        () => this.kick(),
        () => undefined,
      );
    }
  }

  private drive(job: JobRecord): void {
    const controller = new AbortController();
    this.drivers.set(job.id, controller);
    const signal = AbortSignal.any([controller.signal, this.stopController.signal]);
    void this.run(job, signal)
      .catch(async (error: unknown) => {
        if (signal.aborted) return;
        // A bug or a storage failure: record it on the job rather than leaving it spinning.
        await this.fail(job.id, errorInfo(error)).catch(() => undefined);
      })
      .finally(() => {
        if (this.drivers.get(job.id) === controller) this.drivers.delete(job.id);
        this.kick();
      });
  }

  private async run(initial: JobRecord, signal: AbortSignal): Promise<void> {
    const provider = this.deps.provider(initial);
    if (!provider) {
      await this.fail(initial.id, {
        kind: 'auth',
        message: 'The connection this job was sent through no longer exists.',
        action: 'Add the connection again in Settings, then send the prompt again.',
        retryable: false,
      });
      return;
    }
    let job = initial;
    // A job that was already `submitting` when this driver started was interrupted mid-send.
    let resumedSubmit = job.status === 'submitting';
    let errorStreak = 0;
    while (!isTerminal(job.status) && !signal.aborted) {
      if (job.status !== 'waiting' && this.deps.clock.now() > job.deadline) {
        await this.fail(job.id, deadlineError(this.policy.deadlineMs));
        return;
      }
      try {
        switch (job.status) {
          case 'waiting':
          case 'submitting':
            if (job.status === 'waiting' && !this.online(job)) return;
            job = await this.submit(job, provider, signal, resumedSubmit);
            resumedSubmit = false;
            if (job.status === 'waiting') return; // backing off: the scheduler wakes it at nextAt
            break;
          case 'queued':
          case 'running':
            job = await this.poll(job, provider, signal);
            break;
          case 'downloading':
            job = await this.download(job, provider, signal);
            break;
          default:
            return;
        }
        errorStreak = 0;
      } catch (error) {
        if (signal.aborted) return;
        const info = errorInfo(error);
        errorStreak += 1;
        if (!info.retryable || errorStreak > this.policy.maxErrorStreak) {
          await this.fail(job.id, info);
          return;
        }
        const delay = this.backoff(errorStreak, isProviderError(error) ? error.retryAfterMs : undefined);
        job = await this.write(job.id, {
          detail: `${info.message} Retrying in ${Math.ceil(delay / 1000)} s.`,
          nextAt: this.deps.clock.now() + delay,
        });
        await this.waitFor(delay, job, signal);
      }
    }
  }

  /** Sends the create. The row says `submitting` before the request leaves. */
  private async submit(
    job: JobRecord,
    provider: Provider,
    signal: AbortSignal,
    outcomeUnknown: boolean,
  ): Promise<JobRecord> {
    const now = this.deps.clock.now();
    if (outcomeUnknown) return this.reconcile(job, provider, signal);
    const refused = await this.deps.refuse?.(job);
    if (refused) return this.fail(job.id, refused);
    signal.throwIfAborted();
    const request = await this.deps.prepare(job, signal);
    job = await this.write(job.id, {
      status: 'submitting',
      submittedAt: now,
      deadline: now + this.policy.deadlineMs,
      attempts: job.attempts + 1,
      detail: 'Sending…',
      error: undefined,
      nextAt: undefined,
    });
    try {
      const remote = await provider.submit(request, signal);
      return await this.write(job.id, { status: 'queued', remote, progress: 0, detail: 'Queued' });
    } catch (error) {
      if (signal.aborted) throw error;
      if (isProviderError(error) && error.outcomeUnknown)
        return this.reconcile(job, provider, signal, request);
      const info = errorInfo(error);
      // "No free slot" (fal's concurrency refusal, code `concurrency`): wait and resend, without using up
      // a retry, however long the account's other requests take.
      const slot = info.retryable && info.code === 'concurrency';
      if (slot || (info.retryable && job.attempts < this.policy.maxSubmitAttempts)) {
        // A definite refusal (429, 5xx): nothing was created, so waiting and sending again is safe.
        const hint = isProviderError(error) ? error.retryAfterMs : undefined;
        const delay = this.backoff(slot ? 3 : job.attempts, hint);
        return this.write(job.id, {
          status: 'waiting',
          nextAt: this.deps.clock.now() + delay,
          error: info,
          ...(slot ? { attempts: job.attempts - 1 } : {}),
          detail: `${info.message} Retrying in ${Math.ceil(delay / 1000)} s.`,
        });
      }
      return this.fail(job.id, info);
    }
  }

  /** The create may have reached the provider: find it, or say plainly that we don't know. */
  private async reconcile(
    job: JobRecord,
    provider: Provider,
    signal: AbortSignal,
    prepared?: SubmitRequest,
  ): Promise<JobRecord> {
    const since = job.submittedAt ?? job.created;
    if (provider.reconcile) {
      let lastError: unknown;
      for (let attempt = 1; attempt <= 4 && !signal.aborted; attempt += 1) {
        try {
          const request = prepared ?? (await this.deps.prepare(job, signal));
          const window = { from: since - 60_000, to: this.deps.clock.now() + 60_000 };
          const remote = await provider.reconcile(request, window, signal);
          if (remote) {
            return this.write(job.id, {
              status: 'queued',
              remote,
              detail: 'Found the job the provider created before the connection dropped.',
            });
          }
          lastError = undefined;
          break;
        } catch (error) {
          if (signal.aborted) throw error;
          lastError = error;
          await this.waitFor(this.backoff(attempt), job, signal);
        }
      }
      if (lastError !== undefined && !this.online(job)) throw lastError;
    }
    return this.write(job.id, {
      status: 'unknown',
      detail: undefined,
      error: {
        kind: 'network',
        message:
          'The request was sent, but the answer never arrived, and the provider has no matching job. ' +
          'It may still have been created and billed. Reelwright did not send it again.',
        action: "Check your provider's dashboard. Use Send again only if you are sure it was not created.",
        retryable: false,
      },
    });
  }

  private async poll(job: JobRecord, provider: Provider, signal: AbortSignal): Promise<JobRecord> {
    if (!job.remote) throw new Error('A submitted job has no remote handle.');
    await this.whenOnline(job, signal);
    let result: PollResult;
    try {
      result = await provider.poll(job.remote, signal);
    } catch (error) {
      if (this.rerunnable(error, provider)) return this.sendAgain(job);
      throw error;
    }
    switch (result.state) {
      case 'completed':
        return this.write(job.id, {
          status: 'downloading',
          progress: 100,
          detail: 'Downloading…',
          nextAt: undefined,
          ...(result.cost !== undefined && result.cost >= 0 ? { finalCost: result.cost } : {}),
        });
      case 'failed':
        return this.fail(job.id, result.error ?? unexplainedFailure());
      case 'expired':
        return this.write(job.id, {
          status: 'expired',
          error: result.error ?? expiredError(),
          detail: undefined,
        });
      default: {
        const status: JobStatus = result.state === 'queued' ? 'queued' : 'running';
        const progress = Math.max(0, Math.min(100, Math.round(result.progress ?? job.progress)));
        const delay = boundedWait(result.pollAfterMs ?? this.policy.pollMs, this.policy.pollMs);
        const detail = status === 'queued' ? 'Queued at the provider' : `Generating… ${progress}%`;
        if (status !== job.status || progress !== job.progress || detail !== job.detail || job.error) {
          job = await this.write(job.id, { status, progress, detail, error: undefined });
        }
        await this.waitFor(delay, job, signal);
        return job;
      }
    }
  }

  private async download(job: JobRecord, provider: Provider, signal: AbortSignal): Promise<JobRecord> {
    if (!job.remote) throw new Error('A completed job has no remote handle.');
    await this.whenOnline(job, signal);
    let result: DownloadResult;
    try {
      result = await provider.download(job.remote, signal);
    } catch (error) {
      if (this.rerunnable(error, provider)) return this.sendAgain(job);
      if (isProviderError(error) && error.kind === 'not-found') {
        return this.write(job.id, { status: 'expired', error: error.toInfo(), detail: undefined });
      }
      throw error;
    }
    const resultIds = await this.deps.complete(job, result, signal);
    return this.write(job.id, {
      status: 'done',
      progress: 100,
      resultIds,
      detail: undefined,
      error: undefined,
    });
  }

  /** A free, on-device provider forgot the job (the page was reloaded); a paid one never gets here. */
  private rerunnable(error: unknown, provider: Provider): boolean {
    return provider.rerunsWhenLost === true && isLostInMemory(error);
  }

  /** Back to `waiting`: the run loop prepares the request from the job record and submits it again. */
  private sendAgain(job: JobRecord): Promise<JobRecord> {
    return this.write(job.id, {
      status: 'waiting',
      remote: undefined,
      progress: 0,
      nextAt: undefined,
      detail: 'Rendering again (the page was reloaded)…',
    });
  }

  private fail(id: string, error: ErrorInfo): Promise<JobRecord> {
    return this.write(id, { status: 'failed', error, detail: undefined, nextAt: undefined });
  }

  private async write(id: string, patch: Partial<JobRecord>): Promise<JobRecord> {
    const job = await this.deps.ledger.update(id, patch);
    this.deps.onChange(job);
    return job;
  }

  private backoff(attempt: number, hintMs?: number): number {
    if (hintMs !== undefined && hintMs >= 0) return boundedWait(hintMs, this.policy.maxBackoffMs);
    const base = Math.min(1000 * 2 ** Math.max(0, attempt - 1), this.policy.maxBackoffMs);
    return Math.round(base * (1 - 0.25 * this.random()));
  }

  private online(job: JobRecord): boolean {
    return this.deps.network.online() || this.deps.needsNetwork?.(job) === false;
  }

  private async waitFor(ms: number, job: JobRecord, signal: AbortSignal): Promise<void> {
    await this.deps.clock.sleep(ms, signal);
    await this.whenOnline(job, signal);
  }

  /** Polling pauses while offline and resumes the moment the connection returns. */
  private whenOnline(job: JobRecord, signal: AbortSignal): Promise<void> {
    if (this.online(job)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        unsubscribe();
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        done();
        reject(signal.reason);
      };
      const unsubscribe = this.deps.network.subscribe(() => {
        if (!this.deps.network.online()) return;
        done();
        resolve();
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** No provider hint makes the runner wait longer than this (and never past the timer limit). */
const MAX_PROVIDER_WAIT_MS = 120_000;

/** A provider-given wait: NaN becomes `fallback`, anything else is clamped to 0–120 s. */
function boundedWait(ms: number, fallback: number): number {
  if (Number.isNaN(ms)) return fallback;
  return Math.min(MAX_PROVIDER_WAIT_MS, Math.max(0, ms));
}

const WAITING_OFFLINE = 'Offline: will send when the connection returns';
const WAITING_SLOT = 'Waiting for a free slot';

export function errorInfo(error: unknown): ErrorInfo {
  if (isProviderError(error)) return error.toInfo();
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'local',
    message: `Something went wrong on this device: ${message}`,
    action: 'Try again; if it keeps happening, reload the app.',
    retryable: false,
  };
}

function deadlineError(deadlineMs: number): ErrorInfo {
  return {
    kind: 'timeout',
    message: `The provider did not finish within ${Math.round(deadlineMs / 60_000)} minutes, so Reelwright stopped waiting.`,
    action: "Check the provider's dashboard; send the prompt again if the clip never appeared.",
    retryable: false,
  };
}

function expiredError(): ErrorInfo {
  return {
    kind: 'not-found',
    message: 'The finished clip expired at the provider before it could be downloaded.',
    action:
      'Send the prompt again. Reelwright downloads clips the moment they finish, so keep the app open or reopen it sooner.',
    retryable: false,
  };
}

function unexplainedFailure(): ErrorInfo {
  return {
    kind: 'server',
    message: 'The provider reported that the generation failed, without a reason.',
    action: 'Try again, perhaps with a different prompt.',
    retryable: false,
  };
}
