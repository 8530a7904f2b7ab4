import type { ReactiveController, ReactiveElement } from 'lit';
import { SettingsOpenEvent, ShortcutsOpenEvent } from '../../events.ts';
import { ShortcutKeyController } from '../layout/shortcut-key-controller.ts';
import type { RwShortcutOverlay } from '../onboarding/shortcut-overlay.ts';
import type { RwSettingsDialog } from '../settings/settings-dialog.ts';

/**
 * Opens the shell's dialogs — settings (providers, keys, backup) and the keyboard-shortcut overlay — each
 * loaded on first use. Listens for `settings-open` / `shortcuts-open` from anywhere inside the shell and
 * for `?` on the page. The host renders `<rw-settings-dialog>` and `<rw-shortcut-overlay>`.
 */
export class ShellDialogsController implements ReactiveController {
  constructor(
    private readonly host: ReactiveElement,
    /** Whether the studio is ready (before that there is nothing to open over). */
    private readonly ready: () => boolean,
  ) {
    host.addController(this);
    new ShortcutKeyController(host, () => void this.openShortcuts());
  }

  hostConnected(): void {
    this.host.addEventListener(SettingsOpenEvent.eventName, this.onSettingsOpen);
    this.host.addEventListener(ShortcutsOpenEvent.eventName, this.onShortcutsOpen);
  }

  hostDisconnected(): void {
    this.host.removeEventListener(SettingsOpenEvent.eventName, this.onSettingsOpen);
    this.host.removeEventListener(ShortcutsOpenEvent.eventName, this.onShortcutsOpen);
  }

  /** The settings dialog (and its backup, storage and key panels) loads on first use. */
  async openSettings(tab?: 'backup'): Promise<void> {
    await import('../settings/settings-dialog.ts');
    await this.host.updateComplete;
    this.find<RwSettingsDialog>('rw-settings-dialog')?.open(undefined, tab);
  }

  /** The shortcut overlay of the current view, loaded on first use; not over another open dialog. */
  async openShortcuts(): Promise<void> {
    if (!this.ready() || this.find('rw-settings-dialog')?.shadowRoot?.querySelector('dialog[open]')) return;
    await import('../onboarding/shortcut-overlay.ts');
    await this.host.updateComplete;
    await this.find<RwShortcutOverlay>('rw-shortcut-overlay')?.open();
  }

  private find<T extends Element>(selector: string): T | null {
    return this.host.renderRoot.querySelector<T>(selector);
  }

  private readonly onSettingsOpen = (): void => void this.openSettings();
  private readonly onShortcutsOpen = (): void => void this.openShortcuts();
}
