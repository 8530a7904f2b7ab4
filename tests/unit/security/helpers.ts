/** Hostile archives for the security tests: a real export, rewritten with fixed-up checksums. */
import { BlobReader, BlobWriter, Uint8ArrayReader, ZipReader, ZipWriter } from '@zip.js/zip.js';
import { expect } from 'vitest';
import { BackupError } from '../../../src/state/backup/errors.ts';
import { importBackup } from '../../../src/state/backup/importer.ts';
import { Sha256 } from '../../../src/state/backup/sha256.ts';
import { dump, exportToBlob, freshDb, seed } from '../backup/helpers.ts';

export type Row = Record<string, unknown>;

/** A backup of the seeded library, as a Blob. */
export async function seededArchive(): Promise<Blob> {
  const { raw, db } = await freshDb();
  await seed(raw);
  return exportToBlob(db);
}

/**
 * Rewrites the records of the NDJSON parts (`edit` gets the store name and each row, returns the new
 * row), updating the manifest's sizes and checksums so only the content is hostile.
 */
export async function editRecords(
  archive: Blob,
  edit: (store: string, row: Row) => Row,
  editManifest: (manifest: Row) => void = () => undefined,
): Promise<Blob> {
  const reader = new ZipReader(new BlobReader(archive));
  const files = new Map<string, Uint8Array>();
  for (const entry of await reader.getEntries()) {
    if (entry.directory) continue;
    files.set(entry.filename, new Uint8Array(await (await entry.getData(new BlobWriter())).arrayBuffer()));
  }
  await reader.close();
  const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as {
    stores: Array<{ name: string; parts: string[] }>;
    files: Record<string, { size: number; sha256: string }>;
  };
  for (const store of manifest.stores) {
    for (const part of store.parts) {
      const lines = new TextDecoder().decode(files.get(part)).split('\n');
      const out = lines.map((line) =>
        line.trim() ? JSON.stringify(edit(store.name, JSON.parse(line) as Row)) : line,
      );
      const bytes = new TextEncoder().encode(out.join('\n'));
      files.set(part, bytes);
      manifest.files[part] = { size: bytes.byteLength, sha256: new Sha256().update(bytes).hex() };
    }
  }
  editManifest(manifest as unknown as Row);
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
  const writer = new ZipWriter(new BlobWriter('application/zip'));
  for (const [name, bytes] of files) await writer.add(name, new Uint8ArrayReader(bytes), { level: 0 });
  return writer.close();
}

/** Imports into a library that already holds a row, and checks the refusal left it byte-identical. */
export async function expectRefused(archive: Blob, code: string, message: RegExp): Promise<void> {
  const target = await freshDb();
  await target.raw.put('settings', { key: 'preferences', value: { pace: 'fast' } });
  const before = await dump(target.raw);
  const error = await importBackup(target.db, archive).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BackupError);
  expect((error as BackupError).message).toMatch(message);
  expect((error as BackupError).code).toBe(code);
  expect(await dump(target.raw)).toEqual(before);
}
