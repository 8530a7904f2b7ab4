import type { Connection } from '../types.ts';
import { createLocalPreviewProvider, type LocalPreviewDeps } from './local-preview-provider.ts';
import type { Provider, ProviderDeps } from './types.ts';

/**
 * Builds the provider for a connection. Remote adapters load on first use, so the shell's initial
 * JavaScript carries none of them.
 */
export function createProvider(connection: Connection, local: LocalPreviewDeps): Provider {
  const deps = (): ProviderDeps => ({
    fetch: (input, init) => fetch(input, init),
    connection,
    online: () => (typeof navigator === 'undefined' ? true : navigator.onLine),
  });
  switch (connection.kind) {
    case 'local':
      return createLocalPreviewProvider(local);
    case 'openai':
      return lazyProvider('openai', async () => {
        const [videos, images] = await Promise.all([
          import('./openai-videos-provider.ts'),
          import('./openai-images.ts'),
        ]);
        const shared = deps();
        // Stills (models with mode 'image') go through the same job runner as clips.
        return images.withOpenAIImages(videos.createOpenAIVideosProvider(shared), shared);
      });
    case 'fal':
      return lazyProvider('fal', async () => (await import('./fal-provider.ts')).createFalProvider(deps()));
  }
}

function lazyProvider(kind: Provider['kind'], load: () => Promise<Provider>): Provider {
  let loading: Promise<Provider> | undefined;
  const get = (): Promise<Provider> => (loading ??= load());
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
