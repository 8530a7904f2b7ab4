import { describe, expect, it } from 'vitest';
import { importBackup } from '../../../src/state/backup/importer.ts';
import type { ProjectRecord } from '../../../src/types.ts';
import { exportToBlob, freshDb, seed } from '../backup/helpers.ts';

/** The cast bible lives on the ProjectRecord: a library or series backup carries it with no schema change. */
const withCast = (id: string): ProjectRecord => ({
  id,
  title: 'Night Shift',
  created: 1,
  updated: 2,
  cast: [
    {
      id: 'mara',
      name: 'Mara',
      description: 'short black bob, green raincoat',
      referenceIds: ['asset-1', 'asset-2'],
      voice: 'low, dry',
    },
  ],
  sets: [{ id: 'roof', name: 'Rooftop', description: 'wet rooftop at night, neon sign', referenceIds: [] }],
});

describe('cast in backups', () => {
  for (const scope of [{ kind: 'library' } as const, { kind: 'project', id: 'project-1' } as const]) {
    it(`a ${scope.kind} export, wipe and import keeps characters and sets`, async () => {
      const { raw, db } = await freshDb();
      await seed(raw);
      await raw.put('projects', withCast('project-1'));
      const archive = await exportToBlob(db, { scope });
      await db.wipe();
      expect(await raw.get('projects', 'project-1')).toBeUndefined();
      await importBackup(db, archive);
      expect(await raw.get('projects', 'project-1')).toEqual(withCast('project-1'));
    });
  }
});
