import type { ReactiveController, ReactiveElement } from 'lit';

/** One typed event listener for a host element. */
export type HostListener = readonly [string, (event: Event) => void];

/** A typed listener for one app event (see `HTMLElementEventMap` in events.ts). */
export const on = <K extends keyof HTMLElementEventMap>(
  name: K,
  handle: (event: HTMLElementEventMap[K]) => void,
): HostListener => [name, handle as (event: Event) => void];

/** Keeps a list of event listeners on the host while it is connected. */
export class HostListenersController implements ReactiveController {
  constructor(
    private readonly host: ReactiveElement,
    private readonly listeners: readonly HostListener[],
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const [name, listener] of this.listeners) this.host.addEventListener(name, listener);
  }

  hostDisconnected(): void {
    for (const [name, listener] of this.listeners) this.host.removeEventListener(name, listener);
  }
}
