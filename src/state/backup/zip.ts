/** The zip seam of the backup code: zip.js, configured for streaming and no workers. */
import {
  BlobReader,
  BlobWriter,
  ZipReader,
  ZipWriter,
  configure,
  type Entry,
  type FileEntry,
} from '@zip.js/zip.js';
import { BackupError } from './errors.ts';

// No web workers: the archive is stored (level 0), so there is nothing to offload, and inline workers
// would need `blob:` scripts under the Content-Security-Policy.
// Large chunks: fewer, bigger writes to the file an export streams into.
configure({ useWebWorkers: false, useCompressionStream: false, chunkSize: 4 * 1024 * 1024 });

export { ZipWriter };

export async function openZip(
  file: Blob,
): Promise<{ reader: ZipReader<Blob>; entries: Map<string, FileEntry> }> {
  const reader = new ZipReader(new BlobReader(file));
  let list: Entry[];
  try {
    list = await reader.getEntries();
  } catch (error) {
    await reader.close().catch(() => undefined);
    throw new BackupError(
      'not-zip',
      'This file is not a zip archive, so it cannot be a Reelwright backup. Nothing was imported.',
      {
        cause: error,
      },
    );
  }
  const entries = new Map<string, FileEntry>();
  for (const entry of list) if (!entry.directory) entries.set(entry.filename, entry);
  return { reader, entries };
}

/**
 * The bytes of an entry as a Blob. A stored (level 0) entry is a lazy slice of the archive itself, so
 * neither hashing nor writing it to IndexedDB holds it in memory; a deflated one is inflated by zip.js.
 */
export async function entryBlob(file: Blob, entry: FileEntry): Promise<Blob> {
  if (entry.compressionMethod === 0 && !entry.encrypted) {
    const header = new DataView(await file.slice(entry.offset, entry.offset + 30).arrayBuffer());
    if (header.byteLength < 30 || header.getUint32(0, true) !== 0x04034b50) {
      throw new BackupError(
        'corrupt',
        `This backup is damaged: ${entry.filename} cannot be read. Nothing was imported.`,
      );
    }
    const start = entry.offset + 30 + header.getUint16(26, true) + header.getUint16(28, true);
    const end = start + entry.compressedSize;
    if (end > file.size) {
      throw new BackupError(
        'corrupt',
        `This backup is damaged: ${entry.filename} is cut short. Nothing was imported.`,
      );
    }
    return file.slice(start, end);
  }
  try {
    return await entry.getData(new BlobWriter());
  } catch (error) {
    throw new BackupError(
      'corrupt',
      `This backup is damaged: ${entry.filename} cannot be read. Nothing was imported.`,
      {
        cause: error,
      },
    );
  }
}
