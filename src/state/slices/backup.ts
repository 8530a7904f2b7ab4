import type { Connection } from '../../types.ts';
import type { ImportSummary } from '../backup/importer.ts';
import type { BackupScope } from '../backup/manifest.ts';
import type { BackupProgress } from '../backup/progress.ts';
import type { BackupDb } from '../ports.ts';
import { errorMessage, formatMb, type StoreCore } from '../store-core.ts';
import type { KeysSlice } from './keys.ts';

/** Backup and restore of the library (zip), and the storage panel: usage, orphans, persistence, wipe. */
export class BackupSlice {
  private backupAbort?: AbortController;

  constructor(
    private readonly core: StoreCore,
    private readonly keys: KeysSlice,
    /** Re-reads every list after an import (assets, clips, jobs, prompts, library, episodes). */
    private readonly reloadAll: () => Promise<void>,
  ) {}

  /** Exports the library (or one project) as a zip, to a file the user picks or as a download. */
  async exportBackup(
    options: { scope?: BackupScope; keysPassphrase?: string; sink?: WritableStream<Uint8Array> } = {},
  ): Promise<boolean> {
    const backup = this.backupDb();
    if (!backup) return false;
    const scope = options.scope ?? { kind: 'library' };
    const keys = this.exportableKeys();
    if (options.keysPassphrase !== undefined) {
      if (this.keys.status === 'locked')
        return this.backupFailed('Unlock your keys first to include them in the export.');
      if (options.keysPassphrase.length < 8)
        return this.backupFailed('Choose a passphrase of at least 8 characters for the keys.');
    }
    // The zip library loads only when a backup is made, keeping it out of the shell's first load.
    const [{ exportBackup: writeBackup }, { backupFileName, openSaveTarget }] = await Promise.all([
      import('../backup/exporter.ts'),
      import('../backup/save-target.ts'),
    ]);
    const name = backupFileName(scope.kind === 'project' ? (scope.name ?? 'project') : 'library');
    const target = options.sink
      ? { kind: 'file' as const, sink: options.sink, name, finish: async () => undefined }
      : await openSaveTarget(name).catch(
          (error: unknown) => (
            this.backupFailed(`The file could not be opened: ${errorMessage(error)}`),
            null
          ),
        );
    if (!target) return false;
    const controller = this.startBackup('export', target.name);
    try {
      const { manifest, bytes } = await writeBackup(backup, target.sink, {
        scope,
        appVersion: this.core.appVersion,
        keys:
          options.keysPassphrase !== undefined
            ? { passphrase: options.keysPassphrase, byConnection: keys }
            : undefined,
        secrets: Object.values(keys),
        signal: controller.signal,
        onProgress: (progress) => this.backupProgress(progress),
      });
      await target.finish();
      const items = Object.values(manifest.counts).reduce((sum, n) => sum + n, 0);
      this.core.set({
        backupMessage: {
          tone: 'success',
          text: `Exported ${items} records and ${manifest.media.count} files (${formatMb(bytes)}) to ${target.name}.${manifest.keys.included ? ' Keys are included, encrypted with your passphrase.' : ' Keys were not included.'}`,
        },
      });
      return true;
    } catch (error) {
      return this.backupFailed(errorMessage(error));
    } finally {
      this.endBackup(controller);
    }
  }

  /** Checks the whole archive, then adds what the library lacks; a cancel or failure changes nothing. */
  async importBackup(
    file: Blob & { name?: string },
    passphrase?: string,
  ): Promise<ImportSummary | undefined> {
    const backup = this.backupDb();
    if (!backup) return undefined;
    const controller = this.startBackup('import', file.name ?? 'backup.zip');
    let summary: ImportSummary;
    try {
      const { importBackup: readBackup } = await import('../backup/importer.ts');
      summary = await readBackup(backup, file, {
        passphrase: passphrase || undefined,
        signal: controller.signal,
        onProgress: (progress) => this.backupProgress(progress),
      });
    } catch (error) {
      this.backupFailed(errorMessage(error));
      return undefined;
    } finally {
      this.endBackup(controller);
    }
    const keyNote = await this.mergeImportedConnections(summary);
    const added = Object.entries(summary.added)
      .filter(([store]) => store !== 'blobs')
      .map(([store, n]) => `${n} ${store}`);
    const known = Object.values(summary.duplicates).reduce((sum, n) => sum + n, 0);
    this.core.set({
      backupMessage: {
        tone: 'success',
        text: `${added.length ? `Added ${added.join(', ')} (${formatMb(summary.mediaAdded.bytes)} of media).` : 'Nothing new: everything in this backup is already in your library.'}${known ? ` ${known} records were already here.` : ''}${keyNote}`,
      },
    });
    await this.reloadAll();
    this.core.post({ type: 'library-changed' });
    void this.core.refreshStorage();
    return summary;
  }

  cancelBackup(): void {
    this.backupAbort?.abort();
  }

  /** Records and bytes per store, from metadata only. */
  async storageUsage(): Promise<Record<string, { count: number; bytes: number }>> {
    return (await this.core.backup?.usage()) ?? {};
  }

  async removeOrphans(): Promise<{ count: number; bytes: number } | undefined> {
    if (this.core.state.backup) return undefined;
    const swept = await this.core.backup?.collectOrphans();
    void this.core.refreshStorage();
    return swept;
  }

  /** Wipes every store; the caller reloads the page. */
  async deleteEverything(): Promise<void> {
    const { core } = this;
    core.runner?.stop();
    await core.backup?.wipe();
    core.keyVault.forgetAll([]);
    core.post({ type: 'library-changed' });
    core.post({ type: 'settings-changed' });
  }

  /** Asks the browser to keep this origin's data under storage pressure. */
  async requestPersistence(): Promise<boolean> {
    const granted = (await this.core.storage?.persist().catch(() => false)) ?? false;
    await this.core.refreshStorage();
    return granted;
  }

  private backupDb(): BackupDb | undefined {
    const { core } = this;
    if (!core.backup) this.backupFailed('Backup is not available in this build.');
    else if (core.state.backup) this.backupFailed('An export or import is already running.');
    return core.state.backup ? undefined : core.backup;
  }

  private startBackup(direction: 'export' | 'import', fileName: string): AbortController {
    const controller = new AbortController();
    this.backupAbort = controller;
    this.core.set({
      backup: { direction, phase: 'preparing', bytesDone: 0, bytesTotal: 0, fileName },
      backupMessage: undefined,
    });
    return controller;
  }

  private backupProgress(progress: BackupProgress): void {
    const task = this.core.state.backup;
    if (task) this.core.set({ backup: { ...task, ...progress } });
  }

  private endBackup(controller: AbortController): void {
    if (this.backupAbort === controller) this.backupAbort = undefined;
    this.core.set({ backup: undefined });
  }

  private backupFailed(text: string): false {
    this.core.set({ backupMessage: { tone: 'error', text } });
    return false;
  }

  /** Plain keys this tab knows (none while locked), by connection id. */
  private exportableKeys(): Record<string, string> {
    return Object.fromEntries(
      this.core.state.connections.flatMap((c) => (c.apiKey ? [[c.id, c.apiKey]] : [])),
    );
  }

  /** Adds connections the library lacks, and imported keys where a connection has none. */
  private async mergeImportedConnections(summary: ImportSummary): Promise<string> {
    const { core } = this;
    const current = core.state.connections;
    const known = new Set(current.map((c) => c.id));
    const incoming = (summary.connections as unknown as Connection[])
      .filter((c) => !known.has(c.id))
      .map((c): Connection => ({ ...c, imported: true }));
    let connections = [...current, ...incoming];
    let note = summary.keysSkipped ? ` ${summary.keysSkipped}` : '';
    if (summary.keys) {
      if (this.keys.status === 'locked')
        note = ' Keys were not imported: unlock your keys, then import again to add them.';
      else {
        connections = connections.map((c) =>
          summary.keys![c.id] && !c.apiKey ? { ...c, apiKey: summary.keys![c.id] } : c,
        );
        note = ' Keys were imported.';
      }
    }
    if (connections.length === current.length && !summary.keys) return note;
    try {
      await this.keys.persistConnections(connections);
      core.forgetProviders();
      core.set({ connections });
      core.post({ type: 'settings-changed' });
    } catch (error) {
      note += ` Connections were not merged: ${errorMessage(error)}`;
    }
    return note;
  }
}
