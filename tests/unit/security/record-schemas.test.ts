import { describe, expect, it } from 'vitest';
import { importBackup } from '../../../src/state/backup/importer.ts';
import { hasStoreSchema } from '../../../src/state/backup/schemas.ts';
import { CUSTOM_MODEL_TEMPLATE } from '../../../src/state/custom-models.ts';
import { exportToBlob, freshDb, seed, TEST_KEY } from '../backup/helpers.ts';
import { editRecords, expectRefused, seededArchive, type Row } from './helpers.ts';

/** Replaces one row (by store and key) of the seeded archive. */
const hostileRow = async (store: string, key: string, edit: (row: Row) => Row): Promise<Blob> =>
  editRecords(await seededArchive(), (name, row) =>
    name === store && (row.id ?? row.jobId ?? row.key) === key ? edit(row) : row,
  );

describe('every imported record is checked against its store’s schema before anything is written', () => {
  const cases: Array<[string, string, string, (row: Row) => Row, RegExp]> = [
    [
      'negative money',
      'spend',
      'job-2',
      (r) => ({ ...r, estimated: -500 }),
      /estimated: Money cannot be negative/,
    ],
    ['a date that is text', 'videos', 'video-1', (r) => ({ ...r, created: 'yesterday' }), /created/],
    ['a negative size', 'assets', 'asset-1', (r) => ({ ...r, bytes: -1 }), /bytes/],
    ['an SVG asset', 'assets', 'asset-2', (r) => ({ ...r, mime: 'image/svg+xml' }), /mime.*asset/],
    [
      'an HTML blob',
      'blobs',
      'asset-1-blob',
      (r) => ({ ...r, blob: { ...(r.blob as Row), type: 'text/html' } }),
      /blob\.type: This media type may not be stored/,
    ],
    ['an unknown job status', 'jobs', 'job-2', (r) => ({ ...r, status: 'pwned' }), /status/],
    ['a huge title', 'projects', 'project-1', (r) => ({ ...r, title: 'x'.repeat(5_000) }), /title/],
    [
      'a __proto__ field',
      'segments',
      'segment-1',
      (r) => JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(r).slice(1)}`) as Row,
      /__proto__: this field name is not allowed/,
    ],
    [
      'a blob path outside media/',
      'blobs',
      'video-1-blob',
      (r) => ({ ...r, blob: { ...(r.blob as Row), $rwBlob: 'manifest.json' } }),
      /blob\.\$rwBlob/,
    ],
  ];
  for (const [what, store, key, edit, message] of cases) {
    it(`refuses ${what}, naming the part and line, and writes nothing`, async () => {
      const hostile = await hostileRow(store, key, edit);
      await expectRefused(
        hostile,
        'bad-record',
        new RegExp(
          `line \\d+ of records/${store}/\\d{5}\\.ndjson \\(a ${store} record\\) is not valid — ${message.source}.*Nothing was imported`,
        ),
      );
    });
  }

  it('names the exact line of the bad record', async () => {
    const hostile = await hostileRow('jobs', 'job-2', (r) => ({ ...r, estimatedCost: -1 }));
    await expectRefused(
      hostile,
      'bad-record',
      /line 2 of records\/jobs\/00001\.ndjson \(a jobs record\) is not valid — estimatedCost: Money cannot be negative/,
    );
  });

  it('refuses settings with a negative budget', async () => {
    const hostile = await editRecords(await seededArchive(), (store, row) =>
      store === 'settings' && row.key === 'preferences' ? { key: 'budget', value: { dailyCap: -10 } } : row,
    );
    await expectRefused(hostile, 'bad-record', /value\.dailyCap: Money cannot be negative/);
  });

  it('has a schema for every store of the database (add one in schemas.ts with a new store)', async () => {
    const { raw } = await freshDb();
    expect([...raw.objectStoreNames].filter((name) => !hasStoreSchema(name))).toEqual([]);
  });

  it('accepts everything this app exports (cast, sets, custom models, connections)', async () => {
    const source = await freshDb();
    await seed(source.raw);
    await source.raw.put('projects', {
      id: 'project-3',
      title: 'Cast',
      created: 3,
      updated: 3,
      cast: [{ id: 'c1', name: 'Mara', description: 'red coat', referenceIds: ['asset-1'], voice: 'alloy' }],
      sets: [{ id: 's1', name: 'Harbour', description: 'grey sea', referenceIds: [] }],
    });
    await source.raw.put('settings', {
      key: 'budget',
      value: { dailyCap: 5, projectCaps: { 'project-1': 2 } },
    });
    await source.raw.put('settings', { key: 'customModels', value: [CUSTOM_MODEL_TEMPLATE] });
    const archive = await exportToBlob(source.db, { secrets: [TEST_KEY] });
    const target = await freshDb();
    const summary = await importBackup(target.db, archive);
    expect(summary.added.projects).toBe(3);
    expect(((await target.raw.get('projects', 'project-3')) as { cast: unknown[] }).cast).toHaveLength(1);
    expect(await target.raw.get('settings', 'customModels')).toEqual({
      key: 'customModels',
      value: [CUSTOM_MODEL_TEMPLATE],
    });
    expect(await target.raw.get('settings', 'budget')).toEqual({
      key: 'budget',
      value: { dailyCap: 5, projectCaps: { 'project-1': 2 } },
    });
  });
});
