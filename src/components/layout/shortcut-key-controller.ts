import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Whether a key press is typing into a field (then `?` is a question mark, not a shortcut). */
function typing(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color'].includes(target.type)
  );
}

/**
 * Calls `onHelp` when `?` is pressed anywhere in the page outside a text field — the keyboard-shortcut
 * overlay's key. The window listener lives while the host is connected.
 */
export class ShortcutKeyController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly onHelp: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.onKeyDown);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.onKeyDown);
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (typing(event)) return;
    event.preventDefault();
    this.onHelp();
  };
}
