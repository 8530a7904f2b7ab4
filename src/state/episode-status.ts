/** A segment card's status line, from its record and its latest job (moved out of episodes.ts, issue 15). */
import type { JobRecord, SegmentRecord } from '../types.ts';
import { isTerminal } from '../types.ts';

/** What a segment card shows. */
export interface SegmentStatus {
  tone: 'idle' | 'busy' | 'ready' | 'ok' | 'warn' | 'error';
  label: string;
  detail?: string;
  /** 0-100 while a job runs. */
  progress?: number;
  /** The job to cancel or follow. */
  jobId?: string;
}

const JOB_WORDS: Partial<Record<JobRecord['status'], string>> = {
  waiting: 'Waiting',
  submitting: 'Sending',
  queued: 'Queued',
  running: 'Generating',
  downloading: 'Downloading',
};

/** A segment's state from its record and its latest job (jobs newest first or in any order). */
export function segmentStatus(segment: SegmentRecord, jobs: readonly JobRecord[]): SegmentStatus {
  const latest = jobs
    .filter((j) => j.request.segmentId === segment.id)
    .reduce<JobRecord | undefined>((a, j) => (!a || j.created > a.created ? j : a), undefined);
  if (latest && !isTerminal(latest.status)) {
    const label = `${JOB_WORDS[latest.status] ?? 'Working'}${latest.progress ? ` ${latest.progress}%` : '…'}`;
    return { tone: 'busy', label, detail: latest.detail, progress: latest.progress, jobId: latest.id };
  }
  if (segment.awaitingChain)
    return { tone: 'busy', label: 'Waiting for the previous segment’s approved take' };
  if (latest && latest.status !== 'done') {
    const label =
      { canceled: 'Canceled', expired: 'Expired', unknown: 'Outcome unknown' }[latest.status as string] ??
      'Failed';
    return {
      tone: 'error',
      label,
      detail: latest.error?.message ?? `The job ended ${latest.status}.`,
      jobId: latest.id,
    };
  }
  if (segment.stale) return { tone: 'warn', label: 'Stale', detail: segment.stale };
  if (segment.edited)
    return { tone: 'warn', label: 'Edited since approval', detail: 'Regenerate to match the new settings.' };
  if (segment.approvedTakeId) return { tone: 'ok', label: 'Approved' };
  if (segment.takeIds.length) {
    const n = segment.takeIds.length;
    return { tone: 'ready', label: `${n} take${n === 1 ? '' : 's'} — approve one` };
  }
  return { tone: 'idle', label: 'Not generated' };
}
