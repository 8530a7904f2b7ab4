import { afterEach, describe, expect, it } from 'vitest';
import { createBackupDb } from '../../../../src/db/backup-repo.ts';
import { openReelwrightDb } from '../../../../src/db/index.ts';
import { createLibraryDb } from '../../../../src/db/library-db.ts';
import { LOCAL_CONNECTION } from '../../../../src/state/app-state.ts';
import { BackupSlice } from '../../../../src/state/slices/backup.ts';
import { KeysSlice } from '../../../../src/state/slices/keys.ts';
import type { StoreCore } from '../../../../src/state/store-core.ts';
import { makeCore } from './harness.ts';

let core: StoreCore | undefined;
afterEach(() => core?.tabs.dispose());

let n = 0;
async function setup(withBackup: boolean) {
  const idb = await openReelwrightDb(`backup-slice-${++n}`);
  const made = await makeCore({
    db: createLibraryDb(idb),
    backup: withBackup ? createBackupDb(idb) : undefined,
    storage: { estimate: async () => ({ usage: 1, quota: 2, persisted: true }), persist: async () => true },
  });
  core = made.core;
  made.core.set({ connections: [LOCAL_CONNECTION] });
  let reloads = 0;
  const backup = new BackupSlice(made.core, new KeysSlice(made.core), async () => void (reloads += 1));
  return { ...made, backup, reloads: () => reloads };
}

/** A sink that keeps what the exporter writes. */
function memorySink(): { sink: WritableStream<Uint8Array>; bytes: () => number } {
  let bytes = 0;
  return {
    sink: new WritableStream({ write: (chunk) => void (bytes += chunk.byteLength) }),
    bytes: () => bytes,
  };
}

describe('backup slice', () => {
  it('without the backup port, an export says so and nothing runs', async () => {
    const { core, backup } = await setup(false);
    expect(await backup.exportBackup({ sink: memorySink().sink })).toBe(false);
    expect(core.state.backupMessage).toEqual({
      tone: 'error',
      text: 'Backup is not available in this build.',
    });
    expect(await backup.storageUsage()).toEqual({});
  });

  it('a short keys passphrase is refused before a file is written', async () => {
    const { core, backup } = await setup(true);
    const out = memorySink();
    expect(await backup.exportBackup({ sink: out.sink, keysPassphrase: 'short' })).toBe(false);
    expect(core.state.backupMessage?.text).toBe('Choose a passphrase of at least 8 characters for the keys.');
    expect(out.bytes()).toBe(0);
  });

  it('exports to a sink, then importing the same file adds nothing and re-reads every list', async () => {
    const { core, db, backup, reloads } = await setup(true);
    await db.setSetting('budget', { dailyCap: 3 });
    const chunks: Uint8Array[] = [];
    const sink = new WritableStream<Uint8Array>({ write: (chunk) => void chunks.push(chunk.slice()) });
    expect(await backup.exportBackup({ sink })).toBe(true);
    expect(core.state.backup).toBeUndefined();
    expect(core.state.backupMessage?.tone).toBe('success');
    const file = Object.assign(new Blob(chunks as BlobPart[], { type: 'application/zip' }), {
      name: 'b.zip',
    });
    const summary = await backup.importBackup(file);
    expect(summary).toBeDefined();
    expect(core.state.backupMessage?.text).toContain('Nothing new');
    expect(reloads()).toBe(1);
  });

  it('asking for persistence refreshes the storage estimate', async () => {
    const { core, backup } = await setup(false);
    expect(await backup.requestPersistence()).toBe(true);
    expect(core.state.storage).toEqual({ usage: 1, quota: 2, persisted: true });
  });
});
