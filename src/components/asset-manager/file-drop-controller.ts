import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Files dragged onto the host, or pasted anywhere on the page (unless something nearer, a text field or
 * the prompt bar, already took the paste), are handed to `add`. `dragging` is true while files are held
 * over the host, so it can show where they will land.
 */
export class FileDropController implements ReactiveController {
  dragging = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly add: (files: File[]) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('dragenter', this.onDragOver);
    this.host.addEventListener('dragover', this.onDragOver);
    this.host.addEventListener('dragleave', this.onDragLeave);
    this.host.addEventListener('drop', this.onDrop);
    window.addEventListener('paste', this.onPaste);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('dragenter', this.onDragOver);
    this.host.removeEventListener('dragover', this.onDragOver);
    this.host.removeEventListener('dragleave', this.onDragLeave);
    this.host.removeEventListener('drop', this.onDrop);
    window.removeEventListener('paste', this.onPaste);
  }

  private setDragging(dragging: boolean): void {
    if (this.dragging === dragging) return;
    this.dragging = dragging;
    this.host.requestUpdate();
  }

  private readonly onDragOver = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.setDragging(true);
  };

  private readonly onDragLeave = (event: DragEvent): void => {
    if (event.relatedTarget && this.host.contains(event.relatedTarget as Node)) return;
    this.setDragging(false);
  };

  private readonly onDrop = (event: DragEvent): void => {
    event.preventDefault();
    this.setDragging(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) this.add(files);
  };

  private readonly onPaste = (event: ClipboardEvent): void => {
    if (event.defaultPrevented) return;
    const files = [...(event.clipboardData?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    this.add(files);
  };
}
