import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ASSET_DRAG_TYPE } from '../asset-manager/asset-card.ts';

/** What a drop or paste on the host brings: a library asset's id, or image files to import first. */
export interface ReferenceDropTarget {
  asset(id: string): void;
  files(files: File[]): void;
}

/**
 * Makes the host a drop target for a reference: dragging a library asset (or files) over it sets the
 * `dropping` attribute (the host styles the outline), a drop hands over the asset id or the files, and a
 * paste of images hands over the images.
 */
export class ReferenceDropController implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly target: ReferenceDropTarget,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('dragover', this.onDragOver);
    this.host.addEventListener('dragleave', this.onDragLeave);
    this.host.addEventListener('drop', this.onDrop);
    this.host.addEventListener('paste', this.onPaste);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('dragover', this.onDragOver);
    this.host.removeEventListener('dragleave', this.onDragLeave);
    this.host.removeEventListener('drop', this.onDrop);
    this.host.removeEventListener('paste', this.onPaste);
  }

  private readonly onDragLeave = (): void => this.host.removeAttribute('dropping');

  private readonly onDragOver = (event: DragEvent): void => {
    const types = event.dataTransfer?.types ?? [];
    if (!types.includes(ASSET_DRAG_TYPE) && !types.includes('Files')) return;
    event.preventDefault();
    this.host.setAttribute('dropping', '');
  };

  private readonly onDrop = (event: DragEvent): void => {
    this.host.removeAttribute('dropping');
    const id = event.dataTransfer?.getData(ASSET_DRAG_TYPE);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (!id && !files.length) return;
    event.preventDefault();
    event.stopPropagation();
    if (id) this.target.asset(id);
    else this.target.files(files);
  };

  private readonly onPaste = (event: ClipboardEvent): void => {
    const files = [...(event.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (!files.length) return;
    event.preventDefault();
    this.target.files(files);
  };
}
