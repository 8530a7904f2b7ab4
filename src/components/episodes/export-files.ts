import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EpisodeExportEvent } from '../../events.ts';
import type { AppStore } from '../../state/app-store.ts';
import { README_FILE, exportNames, type EpisodeExport } from '../../state/episode-export.ts';
import type { EpisodeRecord } from '../../types.ts';
import type { ExportBundle, ExportFile, ExportStatus } from './export-types.ts';

type Pickers = {
  showSaveFilePicker?: (options: object) => Promise<FileSystemFileHandle>;
  showDirectoryPicker?: (options: object) => Promise<FileSystemDirectoryHandle>;
};

/**
 * The Episodes pane's export: the captions track the player shows, what the bundle holds, and the export
 * itself (`episode-export` from the stitch panel): a zip download, a zip written where Save as… points, or
 * the loose files written into a folder. Pickers open first, while the click still counts as a user gesture.
 */
export class ExportFilesController implements ReactiveController {
  captions?: ExportFile;
  bundle?: ExportBundle;
  status?: ExportStatus;
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly store: () => AppStore | undefined;
  private key = '';
  private download?: string;

  constructor(host: ReactiveControllerHost & HTMLElement, store: () => AppStore | undefined) {
    this.host = host;
    this.store = store;
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('episode-export', this.onExport);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('episode-export', this.onExport);
    this.revoke();
    if (this.download) URL.revokeObjectURL(this.download);
    this.download = undefined;
    this.key = '';
  }

  /** Rebuilds the captions file and the bundle's contents when what they are made from changed. */
  update(episode: EpisodeRecord): void {
    const store = this.store();
    if (!store) return;
    const music = store.state.assets.find((a) => a.id === episode.musicAssetId);
    const segments = store.state.segments.map((s) => `${s.approvedTakeId}${s.caption}`).join();
    const key = `${episode.id}|${episode.title}|${episode.exportVideoId}|${episode.captions}|${music?.name}|${segments}`;
    if (key === this.key) return;
    this.key = key;
    if (this.status && !this.status.busy) this.status = undefined;
    void store.episodes.exporter
      .captions(episode)
      .catch(() => undefined)
      .then((text) => {
        if (this.key !== key) return;
        const names = exportNames(episode.title, text !== undefined, music?.name);
        this.revoke();
        if (text !== undefined && names.captions) {
          const url = URL.createObjectURL(new Blob([text], { type: 'text/vtt' }));
          this.captions = { url, name: names.captions };
        }
        this.bundle = names.zip
          ? {
              zip: names.zip,
              files: [names.video, names.captions, names.music, names.mix, README_FILE].filter(
                (n): n is string => !!n,
              ),
            }
          : undefined;
        this.host.requestUpdate();
      });
  }

  private readonly onExport = (e: EpisodeExportEvent): void => void this.export(e.detail.to);

  private async export(to: EpisodeExportEvent['detail']['to']): Promise<void> {
    const store = this.store();
    const episode = store?.episodes.episode;
    const bundle = this.bundle;
    if (!store || !episode || !bundle || this.status?.busy) return;
    const pickers = window as unknown as Pickers;
    let target: FileSystemFileHandle | FileSystemDirectoryHandle | undefined;
    try {
      if (to === 'file' && pickers.showSaveFilePicker)
        target = await pickers.showSaveFilePicker({
          suggestedName: bundle.zip,
          types: [{ description: 'Zip archive', accept: { 'application/zip': ['.zip'] } }],
        });
      if (to === 'folder' && pickers.showDirectoryPicker)
        target = await pickers.showDirectoryPicker({ id: 'episode-export', mode: 'readwrite' });
      if (to !== 'download' && !target) return;
    } catch (error) {
      if ((error as Error).name !== 'AbortError')
        this.fail(store, `Could not open the picker: ${(error as Error).message}`);
      return;
    }
    const where = target?.kind === 'directory' ? `the folder “${target.name}”` : (target?.name ?? bundle.zip);
    const progress = (done: number, total: number): void =>
      this.show({ busy: true, message: `Writing to ${where}…`, progress: total ? done / total : 0 });
    try {
      this.show({ busy: true, message: `Preparing ${bundle.zip}…`, progress: 0 });
      const exported = await store.episodes.exporter.exportFiles(episode);
      if (!exported.zipName) throw new Error('Captions and the music bed are off: download the MP4 instead.');
      if (target?.kind === 'directory') {
        if (!(await this.mayReplace(target, exported))) return this.show(undefined);
        await store.episodes.exporter.writeFolder(exported, target, progress);
      } else if (target) {
        await store.episodes.exporter.writeZip(exported, await target.createWritable(), {
          onProgress: progress,
        });
      } else {
        const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
        const blob = new Response(readable).blob();
        blob.catch(() => undefined);
        await store.episodes.exporter.writeZip(exported, writable, { onProgress: progress });
        this.save(new Blob([await blob], { type: 'application/zip' }), exported.zipName);
      }
      const message = `Exported ${exported.files.length} files to ${where}.`;
      this.show({ busy: false, message });
      store.notify('success', message);
    } catch (error) {
      this.fail(store, `Could not export ${bundle.zip}: ${(error as Error).message}`);
    }
  }

  /** Asks before overwriting files of the same names in the chosen folder. */
  private async mayReplace(folder: FileSystemDirectoryHandle, exported: EpisodeExport): Promise<boolean> {
    const existing: string[] = [];
    for (const file of exported.files) {
      const found = await folder.getFileHandle(file.name).then(
        () => true,
        () => false,
      );
      if (found) existing.push(file.name);
    }
    return !existing.length || confirm(`Replace ${existing.join(', ')} in “${folder.name}”?`);
  }

  /** Hands a built zip to the browser's downloads. */
  private save(blob: Blob, name: string): void {
    if (this.download) URL.revokeObjectURL(this.download);
    this.download = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = this.download;
    link.download = name;
    link.click();
  }

  private fail(store: AppStore, message: string): void {
    this.show({ busy: false, error: true, message });
    store.notify('error', message);
  }

  private show(status: ExportStatus | undefined): void {
    this.status = status;
    this.host.requestUpdate();
  }

  private revoke(): void {
    if (this.captions) URL.revokeObjectURL(this.captions.url);
    this.captions = undefined;
  }
}
