/**
 * Spend: summaries of what jobs cost (per day, provider and project) and the optional budget cap that
 * blocks a submit which would exceed it. Pure functions; the store feeds them rows and settings.
 */
import type { JobRecord, ProviderKind, SpendRecord } from '../types.ts';
import { isTerminal } from '../types.ts';

/** The cap, stored in settings under `budget`. A missing or zero cap means "no cap". */
export interface Budget {
  /** USD per local calendar day, over all providers. */
  dailyCap?: number;
  /** USD per project (all time), by project id. */
  projectCaps?: Record<string, number>;
}

export const NO_PROJECT = 'No project';

/** The `day` key of a timestamp in the user's local calendar: `YYYY-MM-DD`. */
export function localDay(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** What a row costs: the final amount when the provider reported it, else the estimate. */
export const amountOf = (row: Pick<SpendRecord, 'final' | 'estimated'>): number => row.final ?? row.estimated;

const cents = (usd: number): number => Math.round(usd * 100) / 100;

export interface SpendLine {
  key: string;
  total: number;
  jobs: number;
}

export interface SpendSummary {
  total: number;
  byDay: SpendLine[];
  byProvider: SpendLine[];
  byProject: SpendLine[];
}

/** Resolves a segment to the name (or id) of its project; undefined when it has none. */
export type ProjectOf = (segmentId: string | undefined) => string | undefined;

/** Totals per day (newest first), per provider and per project (largest first). */
export function summariseSpend(
  rows: readonly SpendRecord[],
  projectOf: ProjectOf = () => undefined,
): SpendSummary {
  const day = new Map<string, SpendLine>();
  const provider = new Map<string, SpendLine>();
  const project = new Map<string, SpendLine>();
  const add = (map: Map<string, SpendLine>, key: string, amount: number): void => {
    const line = map.get(key) ?? { key, total: 0, jobs: 0 };
    line.total += amount;
    line.jobs += 1;
    map.set(key, line);
  };
  let total = 0;
  for (const row of rows) {
    const amount = amountOf(row);
    total += amount;
    add(day, row.day, amount);
    add(provider, row.providerKind satisfies ProviderKind, amount);
    add(project, (row.segmentId && projectOf(row.segmentId)) || NO_PROJECT, amount);
  }
  const rounded = (map: Map<string, SpendLine>) =>
    [...map.values()].map((l) => ({ ...l, total: cents(l.total) }));
  return {
    total: cents(total),
    byDay: rounded(day).sort((a, b) => b.key.localeCompare(a.key)),
    byProvider: rounded(provider).sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)),
    byProject: rounded(project).sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)),
  };
}

/**
 * Today's committed spend: recorded rows of `day`, plus the estimates of jobs still in flight that were
 * created that day (they have no spend row until they finish, but will most likely be billed).
 */
export function spentOn(day: string, rows: readonly SpendRecord[], jobs: readonly JobRecord[]): number {
  const recorded = rows.filter((r) => r.day === day).reduce((sum, r) => sum + amountOf(r), 0);
  const recordedJobs = new Set(rows.map((r) => r.jobId));
  const inFlight = jobs
    .filter((j) => !isTerminal(j.status) && !recordedJobs.has(j.id) && localDay(j.created) === day)
    .reduce((sum, j) => sum + j.estimatedCost, 0);
  return cents(recorded + inFlight);
}

export type BudgetCheck =
  | { ok: true }
  | { ok: false; scope: 'day' | 'project'; cap: number; spent: number; cost: number; message: string };

/**
 * Would spending `cost` more exceed a cap? Free requests never are blocked. `projectSpent` is the
 * project's total so far (when the request belongs to a project with a cap).
 */
export function checkBudget(
  budget: Budget,
  request: { cost: number; todaySpent: number; projectId?: string; projectSpent?: number },
): BudgetCheck {
  const { cost, todaySpent } = request;
  if (!(cost > 0)) return { ok: true };
  const money = (usd: number): string => `$${usd.toFixed(2)}`;
  const daily = budget.dailyCap;
  if (daily && daily > 0 && cents(todaySpent + cost) > daily) {
    return {
      ok: false,
      scope: 'day',
      cap: daily,
      spent: cents(todaySpent),
      cost,
      message:
        `This ${money(cost)} request would take today's spend to ${money(cents(todaySpent + cost))}, ` +
        `over your daily budget of ${money(daily)} (spent so far today: ${money(cents(todaySpent))}).`,
    };
  }
  const projectCap = request.projectId ? budget.projectCaps?.[request.projectId] : undefined;
  const projectSpent = request.projectSpent ?? 0;
  if (projectCap && projectCap > 0 && cents(projectSpent + cost) > projectCap) {
    return {
      ok: false,
      scope: 'project',
      cap: projectCap,
      spent: cents(projectSpent),
      cost,
      message:
        `This ${money(cost)} request would take the project's spend to ${money(cents(projectSpent + cost))}, ` +
        `over its budget of ${money(projectCap)}.`,
    };
  }
  return { ok: true };
}

/** Parses a budget field: '' clears the cap; anything else must be a non-negative amount of dollars. */
export function parseCap(
  text: string,
): { ok: true; cap: number | undefined } | { ok: false; message: string } {
  const trimmed = text.trim().replace(/^\$/, '');
  if (!trimmed) return { ok: true, cap: undefined };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0) {
    return {
      ok: false,
      message: `“${text}” is not an amount of dollars. Enter e.g. 5 or 12.50, or leave empty.`,
    };
  }
  return { ok: true, cap: value === 0 ? undefined : cents(value) };
}

/** The budget with one project's cap set (a number) or cleared (undefined). */
export function withProjectCap(budget: Budget, projectId: string, cap: number | undefined): Budget {
  const projectCaps = { ...budget.projectCaps };
  if (cap === undefined) delete projectCaps[projectId];
  else projectCaps[projectId] = cap;
  return { ...budget, projectCaps };
}

/** Spend-by-project lines keyed by project id, shown under the project's title (its id if it is gone). */
export function titledProjectLines(
  lines: readonly SpendLine[],
  projects: readonly { id: string; title: string }[],
): SpendLine[] {
  return lines.map((line) => ({
    ...line,
    key:
      projects.find((p) => p.id === line.key)?.title ??
      (line.key === NO_PROJECT ? NO_PROJECT : `Deleted project (${line.key})`),
  }));
}
