import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps `--rw-keyboard-inset` on the host equal to the part of the layout viewport the on-screen keyboard
 * covers (layout height minus the visual viewport's bottom edge), so a shell sized with
 * `calc(100dvh - var(--rw-keyboard-inset))` keeps the prompt bar above the keyboard. Browsers that resize
 * the layout viewport themselves (`interactive-widget=resizes-content`) report an inset of 0.
 */
export class KeyboardInsetController implements ReactiveController {
  private viewport?: VisualViewport | null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.viewport = window.visualViewport;
    this.viewport?.addEventListener('resize', this.update);
    this.viewport?.addEventListener('scroll', this.update);
    this.update();
  }

  hostDisconnected(): void {
    this.viewport?.removeEventListener('resize', this.update);
    this.viewport?.removeEventListener('scroll', this.update);
    this.viewport = undefined;
  }

  private readonly update = (): void => {
    const viewport = this.viewport;
    const inset = viewport ? Math.max(0, window.innerHeight - (viewport.height + viewport.offsetTop)) : 0;
    // Sub-pixel zoom jitter is not a keyboard.
    if (inset < 1) this.host.style.removeProperty('--rw-keyboard-inset');
    else this.host.style.setProperty('--rw-keyboard-inset', `${Math.round(inset)}px`);
  };
}
