/**
 * Imported jobs never run: a job that was unfinished in the file (waiting, sending, at the provider) is
 * written as canceled with a plain note, without its remote handle, so no runner can send, poll or
 * download it with this device's keys.
 */
import { TERMINAL_STATUSES, type JobStatus } from '../../types.ts';

export const IMPORTED_NOT_RUN = 'Imported — not run';

/** The record to write for an imported job row (the row itself when it already finished). */
export function neutraliseImportedJob(raw: Record<string, unknown>): Record<string, unknown> {
  if (TERMINAL_STATUSES.includes(raw.status as JobStatus)) return raw;
  const { remote: _remote, nextAt: _nextAt, ...rest } = raw;
  return {
    ...rest,
    status: 'canceled',
    detail: IMPORTED_NOT_RUN,
    error: {
      kind: 'local',
      message: `${IMPORTED_NOT_RUN}: this job was unfinished in the imported file, so Reelwright did not send it.`,
      action: 'Send the prompt again if you want this clip.',
      retryable: false,
    },
  };
}
