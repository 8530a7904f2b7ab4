/**
 * The last check before a job is sent (the runner calls it before every create, resumed jobs included):
 * the job's connection must have been made or confirmed on this device, and the job must fit the budget.
 * Pure: the store passes its current state.
 */
import type { Connection, ErrorInfo, JobRecord, SpendRecord } from '../types.ts';
import { checkBudget, localDay, spentOn, type Budget } from './spend.ts';

export interface GuardContext {
  connection: Connection | undefined;
  budget: Budget;
  spend: readonly SpendRecord[];
  jobs: readonly JobRecord[];
  now: number;
  /** The job's project and what that project has spent so far (when it belongs to one). */
  projectId?: string;
  projectSpent?: number;
}

export const IMPORTED_CONNECTION_NOTE = 'imported — check the host before adding a key';

const capSet = (budget: Budget, projectId: string | undefined): boolean =>
  (budget.dailyCap ?? 0) > 0 || (!!projectId && (budget.projectCaps?.[projectId] ?? 0) > 0);

export function submitRefusal(job: JobRecord, context: GuardContext): ErrorInfo | undefined {
  const { connection, budget, projectId } = context;
  if (connection?.imported) {
    return {
      kind: 'auth',
      message: `The connection “${connection.label}” came from an imported file and was not confirmed on this device, so this job was not sent.`,
      action: 'Open Settings, check the host of that connection and save it, then send the prompt again.',
      retryable: false,
    };
  }
  if (job.providerKind === 'local') return undefined;
  const cost = job.estimatedCost;
  if (!(Number.isFinite(cost) && cost > 0)) {
    if (!capSet(budget, projectId)) return undefined;
    return {
      kind: 'quota',
      message:
        'This paid request has no cost estimate, so it cannot be checked against your budget. It was not sent.',
      action: 'Send the prompt again from the composer, which estimates its cost.',
      retryable: false,
    };
  }
  // This job's own estimate is already counted as "in flight": leave it out of what was spent.
  const others = context.jobs.filter((j) => j.id !== job.id);
  const todaySpent = spentOn(localDay(context.now), context.spend, others);
  const check = checkBudget(budget, { cost, todaySpent, projectId, projectSpent: context.projectSpent });
  if (check.ok) return undefined;
  return {
    kind: 'quota',
    message: `${check.message} It was not sent.`,
    action: 'Raise the budget in Settings, then send the prompt again.',
    retryable: false,
  };
}
