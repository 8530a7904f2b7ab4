import './pwa/trusted-types.ts';
import './components/app-shell.ts';
import { createDraftStash } from './db/draft-stash.ts';
import { createLibraryDb } from './db/library-db.ts';
import { createBackupDb, estimateStorage, openReelwrightDb, requestPersistentStorage } from './db/index.ts';
import { version as appVersion } from '../package.json';
import { createMediaPort } from './media/index.ts';
import { serveConnectAllowList } from './pwa/connect-allow.ts';
import { registerServiceWorker } from './pwa/register.ts';
import { AppStore, StoreChangeEvent } from './state/app-store.ts';

/** Wires the seams together: db, media and providers into the one store, provided by the shell. */
async function start(): Promise<void> {
  const shell = document.querySelector('rw-app-shell');
  if (!shell) return;
  let store: AppStore | undefined;
  try {
    const db = await openReelwrightDb(undefined, {
      onBlocking: () =>
        store?.notify('error', 'Reelwright was updated in another tab. Reload this tab to keep working.'),
      onTerminated: () =>
        store?.notify('error', 'The browser closed the database unexpectedly. Reload to continue.'),
    });
    performance.mark('rw:db-open');
    store = new AppStore({
      db: createLibraryDb(db),
      backup: createBackupDb(db),
      appVersion,
      draftStash: createDraftStash(),
      media: createMediaPort(),
      // The provider adapters load after the first paint, with the job runner.
      loadProviders: async () => (await import('./providers/registry.ts')).createProvider,
      storage: {
        estimate: async () => {
          const info = await estimateStorage();
          return { usage: info.usage ?? 0, quota: info.quota ?? 0, persisted: info.persisted ?? false };
        },
        persist: () => requestPersistentStorage(),
      },
    });
    shell.store = store;
    const current = store;
    serveConnectAllowList(
      () => current.state.connections,
      (onChange) => {
        current.addEventListener(StoreChangeEvent.eventName, onChange);
        return () => current.removeEventListener(StoreChangeEvent.eventName, onChange);
      },
    );
    const update = registerServiceWorker(() => store?.setUpdateAvailable(true));
    shell.applyUpdate = () => update.apply();
    // A just-typed draft survives an immediate reload or close: kept synchronously as the page goes away.
    const saveDraft = () => current.generation.drafts.saveNow();
    addEventListener('pagehide', saveDraft);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') saveDraft();
    });
    await store.init();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    shell.textContent = `Reelwright could not open its storage: ${message}. Private windows and some browser settings block IndexedDB.`;
  }
}

void start();
