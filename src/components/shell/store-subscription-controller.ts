import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { StoreChangeEvent, type AppStore } from '../../state/app-store.ts';

/**
 * Calls `onChange` on every store change while the host is connected. For the shell, which provides the
 * store and so cannot consume it through context; follows the host's `store` property when it is replaced.
 */
export class StoreSubscriptionController implements ReactiveController {
  private subscribed?: AppStore;

  constructor(
    host: ReactiveControllerHost,
    private readonly store: () => AppStore | undefined,
    private readonly onChange: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.follow(this.store());
  }

  hostUpdate(): void {
    this.follow(this.store());
  }

  hostDisconnected(): void {
    this.follow(undefined);
  }

  private follow(store: AppStore | undefined): void {
    if (store === this.subscribed) return;
    this.subscribed?.removeEventListener(StoreChangeEvent.eventName, this.changed);
    store?.addEventListener(StoreChangeEvent.eventName, this.changed);
    this.subscribed = store;
  }

  private readonly changed = (): void => this.onChange();
}
