import { describe, expect, it } from 'vitest';
import {
  dayKey,
  listSpend,
  recordSpend,
  spendByDay,
  totalSpend,
  updateSpend,
} from '../../../src/db/spend-repo.ts';
import type { SpendRecord } from '../../../src/types.ts';
import { freshDb } from './helpers.ts';

const row = (jobId: string, day: string, created: number, estimated: number): SpendRecord => ({
  jobId,
  connectionId: 'openai',
  providerKind: 'openai',
  model: 'sora-2',
  estimated,
  day,
  created,
});

describe('spend repository', () => {
  it('records estimates, settles final costs and totals a day', async () => {
    const db = await freshDb();
    await recordSpend(db, row('j2', '2025-03-01', 20, 0.8));
    await recordSpend(db, row('j1', '2025-03-01', 10, 0.4));
    await recordSpend(db, row('j3', '2025-03-02', 30, 1.2));

    expect(await updateSpend(db, 'j1', 0.5)).toMatchObject({ estimated: 0.4, final: 0.5 });
    expect(await updateSpend(db, 'nope', 1)).toBeUndefined();

    const day = await spendByDay(db, '2025-03-01');
    expect(day.map((r) => r.jobId)).toEqual(['j1', 'j2']);
    expect(totalSpend(day)).toBeCloseTo(1.3);
    expect((await listSpend(db)).map((r) => r.jobId)).toEqual(['j1', 'j2', 'j3']);
    expect((await listSpend(db, { fromDay: '2025-03-02' })).map((r) => r.jobId)).toEqual(['j3']);
    expect((await listSpend(db, { toDay: '2025-03-01' })).map((r) => r.jobId)).toEqual(['j1', 'j2']);
  });

  it('keys days in the local calendar', () => {
    expect(dayKey(new Date(2025, 0, 5, 23, 59).getTime())).toBe('2025-01-05');
  });
});
