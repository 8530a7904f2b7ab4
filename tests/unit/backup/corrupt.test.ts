import { BlobReader, BlobWriter, Uint8ArrayReader, ZipReader, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { BackupError } from '../../../src/state/backup/errors.ts';
import { importBackup } from '../../../src/state/backup/importer.ts';
import { dump, exportToBlob, freshDb, noise, seed } from './helpers.ts';

/** Rebuilds an archive, letting `edit` drop (return null) or replace the bytes of any file. */
async function rezip(
  archive: Blob,
  edit: (name: string, bytes: Uint8Array) => Uint8Array | null,
): Promise<Blob> {
  const reader = new ZipReader(new BlobReader(archive));
  const writer = new ZipWriter(new BlobWriter('application/zip'));
  for (const entry of await reader.getEntries()) {
    if (entry.directory) continue;
    const bytes = new Uint8Array(await (await entry.getData(new BlobWriter())).arrayBuffer());
    const out = edit(entry.filename, bytes);
    if (out) await writer.add(entry.filename, new Uint8ArrayReader(out), { level: 0 });
  }
  await reader.close();
  return writer.close();
}

const editManifest =
  (edit: (manifest: Record<string, unknown>) => void) => (name: string, bytes: Uint8Array) => {
    if (name !== 'manifest.json') return bytes;
    const manifest = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    edit(manifest);
    return new TextEncoder().encode(JSON.stringify(manifest));
  };

async function expectRefused(archive: Blob, code: string, message: RegExp): Promise<void> {
  const target = await freshDb();
  await target.raw.put('settings', { key: 'preferences', value: { pace: 'fast' } });
  const before = await dump(target.raw);
  const error = await importBackup(target.db, archive).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BackupError);
  expect((error as BackupError).code).toBe(code);
  expect((error as BackupError).message).toMatch(message);
  expect(await dump(target.raw)).toEqual(before);
}

describe('importing a bad archive writes nothing and says what is wrong', () => {
  it('refuses a file that is not a zip', async () => {
    await expectRefused(new Blob([noise(5000, 3)]), 'not-zip', /not a zip archive/);
  });

  it('refuses a foreign zip (no manifest) and one whose manifest is not ours', async () => {
    const writer = new ZipWriter(new BlobWriter());
    await writer.add('readme.txt', new Uint8ArrayReader(new TextEncoder().encode('hello')));
    await expectRefused(await writer.close(), 'foreign', /not a Reelwright backup/);
    const other = new ZipWriter(new BlobWriter());
    await other.add('manifest.json', new Uint8ArrayReader(new TextEncoder().encode('{"format":"other"}')));
    await expectRefused(await other.close(), 'foreign', /not a Reelwright backup/);
  });

  it('refuses a backup from a newer format or database version', async () => {
    const { raw, db } = await freshDb();
    await seed(raw);
    const archive = await exportToBlob(db);
    await expectRefused(
      await rezip(
        archive,
        editManifest((m) => (m.formatVersion = 2)),
      ),
      'newer-version',
      /newer version of Reelwright \(backup format 2/,
    );
    await expectRefused(
      await rezip(
        archive,
        editManifest((m) => (m.dbVersion = 99)),
      ),
      'newer-version',
      /database version 99/,
    );
  });

  it('refuses a backup with a missing media file', async () => {
    const { raw, db } = await freshDb();
    await seed(raw);
    const archive = await rezip(await exportToBlob(db), (name, bytes) =>
      name === 'media/0000003' ? null : bytes,
    );
    await expectRefused(archive, 'missing-file', /media\/0000003 is missing/);
  });

  it('refuses a backup whose media bytes do not match their checksum', async () => {
    const { raw, db } = await freshDb();
    await seed(raw);
    const archive = await rezip(await exportToBlob(db), (name, bytes) => {
      if (name !== 'media/0000002') return bytes;
      const changed = bytes.slice();
      changed[10] ^= 0xff;
      return changed;
    });
    await expectRefused(archive, 'checksum', /media\/0000002 does not match its checksum/);
  });

  it('refuses a backup whose records are damaged', async () => {
    const { raw, db } = await freshDb();
    await seed(raw);
    // A record line replaced, with the manifest's checksum updated so only the content is wrong.
    let archive = await exportToBlob(db);
    const { Sha256 } = await import('../../../src/state/backup/sha256.ts');
    let newInfo: { size: number; sha256: string } | undefined;
    archive = await rezip(archive, (name, bytes) => {
      if (!name.startsWith('records/assets/')) return bytes;
      const text = new TextEncoder().encode('{not json\n');
      newInfo = { size: text.length, sha256: new Sha256().update(text).hex() };
      return text;
    });
    archive = await rezip(
      archive,
      editManifest((m) => {
        const files = m.files as Record<string, unknown>;
        for (const path of Object.keys(files)) if (path.startsWith('records/assets/')) files[path] = newInfo;
      }),
    );
    await expectRefused(archive, 'bad-record', /record 1 of records\/assets\/00001.ndjson cannot be read/);
  });
});
