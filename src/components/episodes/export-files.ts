import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ExportFile } from './stitch-panel.ts';

/** Text files an episode export offers (captions, mix notes), as object URLs rebuilt when their inputs change. */
export class ExportFilesController implements ReactiveController {
  captions?: ExportFile;
  mix?: ExportFile;
  private readonly host: ReactiveControllerHost;
  private key = '';

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.revoke();
    this.key = '';
  }

  /** Rebuilds the files when `key` changed; `make` returns their text (undefined = not offered). */
  update(
    key: string,
    make: () => Promise<{ captions?: { text: string; name: string }; mix?: { text: string; name: string } }>,
  ): void {
    if (key === this.key) return;
    this.key = key;
    void make()
      .catch(() => ({}) as Awaited<ReturnType<typeof make>>)
      .then((files) => {
        if (this.key !== key) return;
        this.revoke();
        this.captions = files.captions && file(files.captions.text, files.captions.name, 'text/vtt');
        this.mix = files.mix && file(files.mix.text, files.mix.name, 'application/json');
        this.host.requestUpdate();
      });
  }

  private revoke(): void {
    for (const f of [this.captions, this.mix]) if (f) URL.revokeObjectURL(f.url);
    this.captions = undefined;
    this.mix = undefined;
  }
}

const file = (text: string, name: string, type: string): ExportFile => ({
  url: URL.createObjectURL(new Blob([text], { type })),
  name,
});
