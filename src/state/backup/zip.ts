/** The zip seam of the backup code: zip.js, configured for streaming and no workers. */
import { BlobReader, ZipReader, ZipWriter, configure, type Entry, type FileEntry } from '@zip.js/zip.js';
import { BackupError } from './errors.ts';

// No web workers: the archive is stored (level 0), so there is nothing to offload, and inline workers
// would need `blob:` scripts under the Content-Security-Policy.
// Large chunks: fewer, bigger writes to the file an export streams into.
configure({ useWebWorkers: false, useCompressionStream: false, chunkSize: 4 * 1024 * 1024 });

export { ZipWriter };

/** Hard caps checked against the zip directory before anything is inflated. */
export const ZIP_LIMITS = {
  entries: 200_000,
  manifestBytes: 1024 * 1024,
  partBytes: 64 * 1024 * 1024,
} as const;

const mb = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${bytes} bytes` : `${Math.round(bytes / (1024 * 1024))} MB`;

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
  const refuse = async (message: string): Promise<never> => {
    await reader.close().catch(() => undefined);
    throw new BackupError('corrupt', `${message} Nothing was imported.`);
  };
  if (list.length > ZIP_LIMITS.entries) {
    await refuse(
      `This backup has ${list.length} files, more than the ${ZIP_LIMITS.entries} a Reelwright backup can hold.`,
    );
  }
  const entries = new Map<string, FileEntry>();
  for (const entry of list) {
    if (entry.directory) continue;
    if (entries.has(entry.filename))
      await refuse(`This backup is damaged: it holds ${entry.filename} twice.`);
    entries.set(entry.filename, entry);
  }
  return { reader, entries };
}

/**
 * The bytes of an entry as a Blob. A stored (level 0) entry is a lazy slice of the archive itself, so
 * neither hashing nor writing it to IndexedDB holds it in memory; a deflated one is inflated by zip.js.
 */
export async function entryBlob(file: Blob, entry: FileEntry, maxBytes: number): Promise<Blob> {
  // Checked on the sizes the zip directory declares, before a single byte is inflated.
  const declared = Math.max(entry.uncompressedSize, entry.compressionMethod === 0 ? entry.compressedSize : 0);
  if (declared > maxBytes) {
    throw new BackupError(
      'corrupt',
      `This backup is damaged: ${entry.filename} declares ${mb(declared)}, more than the ${mb(maxBytes)} it may hold. Nothing was imported.`,
    );
  }
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
  if (entry.encrypted) {
    throw new BackupError(
      'corrupt',
      `This backup is damaged: ${entry.filename} is encrypted, which Reelwright backups never are. Nothing was imported.`,
    );
  }
  try {
    return await inflateCapped(entry, Math.min(maxBytes, entry.uncompressedSize));
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      'corrupt',
      `This backup is damaged: ${entry.filename} cannot be read. Nothing was imported.`,
      {
        cause: error,
      },
    );
  }
}

/** Inflates into memory, stopping the moment the output passes `limit` (a lying size field). */
async function inflateCapped(entry: FileEntry, limit: number): Promise<Blob> {
  const parts: Uint8Array[] = [];
  let written = 0;
  const sink = new WritableStream<Uint8Array>({
    write(chunk) {
      written += chunk.byteLength;
      if (written > limit) {
        throw new BackupError(
          'corrupt',
          `This backup is damaged: ${entry.filename} inflates to more than the ${mb(limit)} it declares. Nothing was imported.`,
        );
      }
      parts.push(chunk.slice());
    },
  });
  try {
    await entry.getData(sink);
  } catch (error) {
    // zip.js stops by itself when the output passes the directory's size ("Invalid uncompressed size").
    if (written > limit || (error instanceof Error && /uncompressed size/i.test(error.message))) {
      throw new BackupError(
        'corrupt',
        `This backup is damaged: ${entry.filename} inflates to more than the ${mb(limit)} it declares. Nothing was imported.`,
        { cause: error },
      );
    }
    throw error;
  }
  return new Blob(parts as BlobPart[]);
}
