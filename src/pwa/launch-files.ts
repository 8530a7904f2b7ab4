import { takeSharedFiles } from './share-inbox.ts';

/** What the launch handling needs from the store: import assets, import a backup, tell the user. */
export interface LaunchTarget {
  importFiles(files: readonly File[]): Promise<unknown>;
  importBackup(file: File): Promise<unknown>;
  notify(kind: 'info' | 'error', message: string): void;
}

/** The File Handling API's launch queue (Chromium); not yet in TypeScript's DOM library. */
interface LaunchParams {
  readonly files: ReadonlyArray<{ kind?: string; getFile(): Promise<File> }>;
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

const isZip = (file: File): boolean => file.type === 'application/zip' || /\.zip$/i.test(file.name);

/** Media become assets; a .zip is a backup and goes to the backup import (opening its panel first). */
export async function openFiles(
  target: LaunchTarget,
  files: readonly File[],
  openBackup: () => void,
): Promise<void> {
  const media = files.filter((f) => !isZip(f));
  const backups = files.filter(isZip);
  if (media.length) await target.importFiles(media);
  for (const backup of backups) {
    openBackup();
    await target.importBackup(backup);
  }
}

/**
 * Wires the installed app's ways in: files shared to it (Web Share Target, via the service worker's inbox)
 * and files opened with it ("Open with Reelwright", `launchQueue`). Call once the store is ready.
 */
export async function receiveLaunches(target: LaunchTarget, openBackup: () => void): Promise<void> {
  const queue = (window as Window & { launchQueue?: LaunchQueue }).launchQueue;
  queue?.setConsumer((params) => {
    void (async () => {
      const files = await Promise.all(params.files.map((handle) => handle.getFile()));
      if (files.length) await openFiles(target, files, openBackup);
    })().catch((error: unknown) =>
      target.notify(
        'error',
        `The file could not be opened: ${error instanceof Error ? error.message : error}`,
      ),
    );
  });
  const shared = new URLSearchParams(location.search).get('shared');
  if (shared === '-1') target.notify('error', 'The shared files could not be received. Try sharing again.');
  const files = await takeSharedFiles().catch(() => []);
  if (files.length) await openFiles(target, files, openBackup);
  if (shared !== null) {
    // Drop ?shared from the address so a reload does not read as a second share.
    const url = new URL(location.href);
    url.searchParams.delete('shared');
    history.replaceState(history.state, '', url);
  }
}
