import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { StoreChangeEvent, type AppStore } from '../state/app-store.ts';
import type { AppState } from '../state/app-state.ts';
import { storeContext } from './store-context.ts';

/** How a pane reads the store: consumes the context and re-renders on every change. */
export class StoreController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly consumer: ContextConsumer<typeof storeContext, ReactiveControllerHost & HTMLElement>;
  private subscribed?: AppStore;
  private readonly onChange = (): void => this.host.requestUpdate();

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    this.consumer = new ContextConsumer(host, {
      context: storeContext,
      subscribe: true,
      callback: (store) => this.subscribe(store),
    });
    host.addController(this);
  }

  get store(): AppStore | undefined {
    return this.consumer.value;
  }

  get state(): AppState | undefined {
    return this.consumer.value?.state;
  }

  hostConnected(): void {
    if (this.consumer.value) this.subscribe(this.consumer.value);
  }

  hostDisconnected(): void {
    this.subscribed?.removeEventListener(StoreChangeEvent.eventName, this.onChange);
    this.subscribed = undefined;
  }

  private subscribe(store: AppStore): void {
    if (this.subscribed === store) return;
    this.subscribed?.removeEventListener(StoreChangeEvent.eventName, this.onChange);
    store.addEventListener(StoreChangeEvent.eventName, this.onChange);
    this.subscribed = store;
    this.host.requestUpdate();
  }
}
