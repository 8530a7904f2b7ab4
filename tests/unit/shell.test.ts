import { describe, expect, it } from 'vitest';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LazyViews } from '../../src/components/shell/lazy-views.ts';
import { StoreSubscriptionController } from '../../src/components/shell/store-subscription-controller.ts';
import { StoreChangeEvent, type AppStore } from '../../src/state/app-store.ts';

describe('LazyViews', () => {
  it('reports a view that fails to load once, worded for online or offline', async () => {
    const reports: string[] = [];
    let online = false;
    const views = new LazyViews(
      (message) => reports.push(message),
      () => online,
    );
    const failing = () => Promise.reject(new Error('chunk gone'));
    views.load('Episodes', failing());
    views.load('Episodes', failing());
    views.load('Episodes', Promise.resolve());
    await new Promise((resolve) => setTimeout(resolve));
    expect(reports).toEqual([
      'Episodes could not load offline: the app had not finished saving itself for offline use. Reconnect once, then it works offline.',
    ]);
    online = true;
    views.load('The clip library', failing());
    await new Promise((resolve) => setTimeout(resolve));
    expect(reports[1]).toBe(
      'The clip library could not load. Reload the page to get the current version of the app.',
    );
  });
});

describe('StoreSubscriptionController', () => {
  class Host implements ReactiveControllerHost {
    controllers: ReactiveController[] = [];
    updateComplete = Promise.resolve(true);
    addController(controller: ReactiveController): void {
      this.controllers.push(controller);
    }
    removeController(): void {}
    requestUpdate(): void {}
  }
  const fakeStore = () => new EventTarget() as unknown as AppStore;
  const change = (store: AppStore) => store.dispatchEvent(new Event(StoreChangeEvent.eventName));

  it('listens while connected, follows a replaced store and lets go on disconnect', () => {
    const host = new Host();
    const first = fakeStore();
    const second = fakeStore();
    let store = first;
    let changes = 0;
    new StoreSubscriptionController(
      host,
      () => store,
      () => changes++,
    );
    const [controller] = host.controllers;

    change(first);
    expect(changes).toBe(0);
    controller.hostConnected?.();
    change(first);
    expect(changes).toBe(1);

    store = second;
    controller.hostUpdate?.();
    change(first);
    change(second);
    expect(changes).toBe(2);

    controller.hostDisconnected?.();
    change(second);
    expect(changes).toBe(2);
  });
});
