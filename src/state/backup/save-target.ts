/**
 * Where an export goes: a file the user picks (File System Access API, streamed straight to disk), or,
 * where that API is missing, a download. The download is a Blob the browser assembles from the stream;
 * Chromium keeps large Blobs out of the JS heap (spilling to disk), other browsers may hold it in memory.
 */

export interface SaveTarget {
  kind: 'file' | 'download';
  sink: WritableStream<Uint8Array>;
  /** Completes the save (starts the download); call after the sink has closed. */
  finish(): Promise<void>;
  name: string;
}

interface SavePickerWindow {
  showSaveFilePicker?: (options: {
    suggestedName: string;
    types: Array<{ description: string; accept: Record<string, string[]> }>;
  }) => Promise<{ createWritable(): Promise<WritableStream<Uint8Array>>; name: string }>;
}

/** Resolves undefined if the user dismissed the save dialog. */
export async function openSaveTarget(suggestedName: string): Promise<SaveTarget | undefined> {
  const picker = (globalThis as SavePickerWindow).showSaveFilePicker;
  if (picker) {
    try {
      const handle = await picker({
        suggestedName,
        types: [{ description: 'Reelwright backup', accept: { 'application/zip': ['.zip'] } }],
      });
      return {
        kind: 'file',
        sink: await handle.createWritable(),
        finish: async () => undefined,
        name: handle.name,
      };
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return undefined;
      throw error;
    }
  }
  const pipe = new TransformStream<Uint8Array, Uint8Array>();
  const blob = new Response(pipe.readable).blob();
  blob.catch(() => undefined);
  return {
    kind: 'download',
    sink: pipe.writable,
    name: suggestedName,
    finish: async () => {
      const url = URL.createObjectURL(new Blob([await blob], { type: 'application/zip' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = suggestedName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}

export function backupFileName(scope: string, now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  return `reelwright-${scope.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}-${stamp}.zip`;
}
