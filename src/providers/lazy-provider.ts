import type { Connection } from '../types.ts';
import type { Provider, ProviderDeps } from './types.ts';

/** What a remote adapter gets in the browser: the page's fetch, its connection, and the online flag. */
export const browserDeps = (connection: Connection): ProviderDeps => ({
  fetch: (input, init) => fetch(input, init),
  connection,
  online: () => (typeof navigator === 'undefined' ? true : navigator.onLine),
});

/**
 * A provider whose adapter module loads on its first call (clips, stills and speech alike), so the shell's
 * initial JavaScript carries none of the remote adapters.
 */
export function lazyProvider<Request>(
  kind: Provider['kind'],
  load: () => Promise<Provider<Request>>,
): Provider<Request> {
  let loading: Promise<Provider<Request>> | undefined;
  const get = (): Promise<Provider<Request>> => (loading ??= load());
  return {
    kind,
    submit: async (request, signal) => (await get()).submit(request, signal),
    poll: async (handle, signal) => (await get()).poll(handle, signal),
    download: async (handle, signal, onProgress) => (await get()).download(handle, signal, onProgress),
    cancel: async (handle, signal) => (await get()).cancel?.(handle, signal),
    remove: async (handle, signal) => (await get()).remove?.(handle, signal),
    reconcile: async (request, window, signal) => {
      const provider = await get();
      return provider.reconcile ? provider.reconcile(request, window, signal) : null;
    },
    test: async (signal) => {
      const provider = await get();
      return provider.test
        ? provider.test(signal)
        : { state: 'ok', detail: 'No health check for this provider.' };
    },
  };
}
