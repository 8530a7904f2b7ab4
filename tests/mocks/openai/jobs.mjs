// Job store and the controllable clock that drives job progress.
import { randomBytes } from 'node:crypto';

/** Wall clock plus an offset that tests move forward with advance(ms). */
export class Clock {
  constructor() {
    this.offsetMs = 0;
  }
  now() {
    return Date.now() + this.offsetMs;
  }
  /** @param {number} ms */
  advance(ms) {
    this.offsetMs += ms;
  }
  reset() {
    this.offsetMs = 0;
  }
}

/**
 * @typedef {{ code: string, message: string }} JobError
 * @typedef {{
 *   id: string, seq: number, model: string, prompt: string, size: string, seconds: string,
 *   remixed_from_video_id: string | null, createdAtMs: number, durationMs: number,
 *   failWith: JobError | null,
 * }} Job
 * @typedef {{
 *   id: string, object: 'video', model: string, status: 'queued' | 'in_progress' | 'completed' | 'failed',
 *   progress: number, created_at: number, completed_at: number | null, expires_at: number | null,
 *   prompt: string | null, size: string, seconds: string, remixed_from_video_id: string | null,
 *   error: JobError | null,
 * }} VideoResource
 */

/** Fraction of the job duration spent `queued` (progress 0). */
const QUEUED_FRACTION = 0.1;
/** A job that fails (moderation) does so at this fraction of its duration. */
const FAIL_FRACTION = 0.5;

export class JobStore {
  /** @param {Clock} clock @param {{ expiresAfterSec: number }} config */
  constructor(clock, config) {
    this.clock = clock;
    this.config = config;
    /** @type {Map<string, Job>} */
    this.jobs = new Map();
    this.seq = 0;
  }

  /** @param {Omit<Job, 'id' | 'seq' | 'createdAtMs'>} fields */
  create(fields) {
    const job = {
      ...fields,
      id: `video_${randomBytes(16).toString('hex')}`,
      seq: ++this.seq,
      createdAtMs: this.clock.now(),
    };
    this.jobs.set(job.id, job);
    return job;
  }

  /** @param {string} id */
  get(id) {
    return this.jobs.get(id);
  }

  /** @param {string} id */
  delete(id) {
    return this.jobs.delete(id);
  }

  clear() {
    this.jobs.clear();
  }

  /** @param {'asc' | 'desc'} order */
  ordered(order) {
    const all = [...this.jobs.values()].sort((a, b) => a.createdAtMs - b.createdAtMs || a.seq - b.seq);
    return order === 'desc' ? all.reverse() : all;
  }

  /**
   * The job as the API shows it now (status and progress derived from the clock).
   * @param {Job} job
   * @param {{ forceQueued?: boolean }} [opts] the create/remix response always shows a fresh `queued` job
   * @returns {VideoResource}
   */
  view(job, opts = {}) {
    const elapsed = this.clock.now() - job.createdAtMs;
    const d = job.durationMs;
    /** @type {VideoResource['status']} */
    let status = 'completed';
    let progress = 100;
    let completedAt = /** @type {number | null} */ (null);
    let expiresAt = /** @type {number | null} */ (null);
    let error = /** @type {JobError | null} */ (null);
    if (opts.forceQueued || elapsed < d * QUEUED_FRACTION) {
      status = 'queued';
      progress = 0;
    } else if (job.failWith && elapsed >= d * FAIL_FRACTION) {
      status = 'failed';
      progress = Math.round(FAIL_FRACTION * 100);
      error = { ...job.failWith };
    } else if (elapsed < d) {
      status = 'in_progress';
      progress = Math.min(99, Math.max(1, Math.floor((elapsed / d) * 100)));
    } else {
      completedAt = Math.floor((job.createdAtMs + d) / 1000);
      expiresAt = completedAt + this.config.expiresAfterSec;
    }
    return {
      id: job.id,
      object: 'video',
      model: job.model,
      status,
      progress,
      created_at: Math.floor(job.createdAtMs / 1000),
      completed_at: completedAt,
      expires_at: expiresAt,
      prompt: job.prompt,
      size: job.size,
      seconds: job.seconds,
      remixed_from_video_id: job.remixed_from_video_id,
      error,
    };
  }

  /** @param {VideoResource} view */
  isExpired(view) {
    return view.expires_at !== null && this.clock.now() >= view.expires_at * 1000;
  }
}
