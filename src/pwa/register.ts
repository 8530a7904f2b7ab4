import { registerSW } from 'virtual:pwa-register';

export interface UpdateBridge {
  /** Reloads into the new version; only ever called on the user's request. */
  apply(): void;
}

/**
 * Registers the generated service worker (`registerType: 'prompt'`): a new deployment waits until the
 * user accepts the in-app prompt; nothing reloads without consent.
 */
export function registerServiceWorker(
  onUpdateAvailable: () => void,
  onOfflineReady?: () => void,
): UpdateBridge {
  if (!('serviceWorker' in navigator)) return { apply: () => location.reload() };
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh: onUpdateAvailable,
    onOfflineReady,
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      // Look for a new deployment when the app comes back to the foreground, and hourly.
      const check = (): void => {
        if (navigator.onLine) void registration.update().catch(() => undefined);
      };
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && check());
      setInterval(check, 60 * 60_000);
    },
  });
  return {
    apply: () => {
      // Reload once the new version controls the page. (workbox-window only reloads by itself when a
      // version already controlled the page at start-up, which is not so on the first visit.)
      let reloading = false;
      navigator.serviceWorker.addEventListener('controllerchange', () => {
        if (reloading) return;
        reloading = true;
        location.reload();
      });
      void updateSW(true);
    },
  };
}
