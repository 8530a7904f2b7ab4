import { describe, expect, it } from 'vitest';
import {
  NO_PROJECT,
  checkBudget,
  localDay,
  parseCap,
  spentOn,
  summariseSpend,
} from '../../../src/state/spend.ts';
import type { JobRecord, SpendRecord } from '../../../src/types.ts';

const row = (jobId: string, patch: Partial<SpendRecord>): SpendRecord => ({
  jobId,
  connectionId: 'oa',
  providerKind: 'openai',
  model: 'sora-2',
  estimated: 0.4,
  day: '2025-05-01',
  created: 1,
  ...patch,
});

const rows = [
  row('a', { estimated: 0.4 }),
  row('b', { providerKind: 'fal', estimated: 3.2, final: 3, segmentId: 'seg-1' }),
  row('c', { estimated: 1.2, day: '2025-04-30', segmentId: 'seg-2' }),
  row('d', { estimated: 0.1, day: '2025-05-01', segmentId: 'seg-unknown' }),
];
const projects: Record<string, string> = { 'seg-1': 'Pilot', 'seg-2': 'Pilot' };

describe('spend summaries', () => {
  it('totals per day (newest first), per provider and per project (final cost when known)', () => {
    const s = summariseSpend(rows, (segment) => (segment ? projects[segment] : undefined));
    expect(s.total).toBe(4.7);
    expect(s.byDay).toEqual([
      { key: '2025-05-01', total: 3.5, jobs: 3 },
      { key: '2025-04-30', total: 1.2, jobs: 1 },
    ]);
    expect(s.byProvider).toEqual([
      { key: 'fal', total: 3, jobs: 1 },
      { key: 'openai', total: 1.7, jobs: 3 },
    ]);
    expect(s.byProject).toEqual([
      { key: 'Pilot', total: 4.2, jobs: 2 },
      { key: NO_PROJECT, total: 0.5, jobs: 2 },
    ]);
  });

  it('puts everything under "No project" until projects exist', () => {
    expect(summariseSpend(rows).byProject).toEqual([{ key: NO_PROJECT, total: 4.7, jobs: 4 }]);
  });

  it("counts today's recorded spend plus jobs still in flight, never twice", () => {
    const day = localDay(Date.now());
    const job = (id: string, status: JobRecord['status'], estimatedCost: number): JobRecord => ({
      id,
      request: { prompt: 'p', connectionId: 'oa', model: 'sora-2', size: '720x1280', seconds: 4 },
      providerKind: 'openai',
      status,
      progress: 0,
      created: Date.now(),
      updated: Date.now(),
      deadline: 0,
      attempts: 0,
      estimatedCost,
    });
    const today = [row('x', { day, estimated: 1 }), row('y', { day: '1999-01-01', estimated: 50 })];
    const jobs = [job('x', 'running', 1), job('z', 'queued', 0.4), job('f', 'failed', 9)];
    expect(spentOn(day, today, jobs)).toBe(1.4);
  });
});

describe('budget check', () => {
  it('blocks a request that would exceed the daily cap, and says by how much', () => {
    const check = checkBudget({ dailyCap: 1 }, { cost: 0.4, todaySpent: 0.8 });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.scope).toBe('day');
    expect(check.message).toContain("today's spend to $1.20");
    expect(check.message).toContain('daily budget of $1.00');
    expect(check.message).toContain('spent so far today: $0.80');
  });

  it('allows up to the cap exactly, anything without a cap, and free requests always', () => {
    expect(checkBudget({ dailyCap: 1.2 }, { cost: 0.4, todaySpent: 0.8 }).ok).toBe(true);
    expect(checkBudget({}, { cost: 100, todaySpent: 100 }).ok).toBe(true);
    expect(checkBudget({ dailyCap: 1 }, { cost: 0, todaySpent: 5 }).ok).toBe(true);
  });

  it('blocks by project cap when the request belongs to a capped project', () => {
    const budget = { projectCaps: { pilot: 10 } };
    const over = checkBudget(budget, { cost: 2, todaySpent: 0, projectId: 'pilot', projectSpent: 9 });
    expect(over.ok || over.scope).toBe('project');
    expect(checkBudget(budget, { cost: 2, todaySpent: 0, projectId: 'other', projectSpent: 9 }).ok).toBe(
      true,
    );
  });

  it('parses a cap from what the user typed', () => {
    expect(parseCap('')).toEqual({ ok: true, cap: undefined });
    expect(parseCap(' $12.505 ')).toEqual({ ok: true, cap: 12.51 });
    expect(parseCap('0')).toEqual({ ok: true, cap: undefined });
    expect(parseCap('-3').ok).toBe(false);
    expect(parseCap('ten').ok).toBe(false);
  });
});
