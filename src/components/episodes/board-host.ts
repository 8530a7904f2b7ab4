import type { AppStore } from '../../state/app-store.ts';

/** What the board lends its event handlers: the store, and the two bits of UI they steer. */
export interface BoardHost extends HTMLElement {
  readonly store: AppStore | undefined;
  select(id: string | undefined): void;
  /** Focuses the card at `index` once the board has re-rendered (keyboard reordering keeps focus). */
  focusCard(index: number): Promise<void>;
}

/** Listens on the board for one typed event and runs its (possibly async) handler. */
export function listen(host: BoardHost) {
  return <K extends keyof HTMLElementEventMap>(
    type: K,
    handle: (e: HTMLElementEventMap[K]) => unknown,
  ): void => host.addEventListener(type, (e) => void handle(e));
}
