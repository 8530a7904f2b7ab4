import type { Connection } from '../types.ts';
import { createLocalSpeechProvider, type LocalSpeechDeps } from './local-speech-provider.ts';
import type { SpeechProvider } from './speech-request.ts';
import type { ProviderDeps } from './types.ts';

/**
 * Builds the speech provider for a connection (the twin of registry.ts). Remote adapters load on first
 * use, so the shell's initial JavaScript carries none of them.
 */
export function createSpeechProvider(connection: Connection, local: LocalSpeechDeps): SpeechProvider {
  const deps = (): ProviderDeps => ({
    fetch: (input, init) => fetch(input, init),
    connection,
    online: () => (typeof navigator === 'undefined' ? true : navigator.onLine),
  });
  switch (connection.kind) {
    case 'local':
      return createLocalSpeechProvider(local);
    case 'openai':
      return lazy('openai', async () =>
        (await import('./openai-speech.ts')).createOpenAISpeechProvider(deps()),
      );
    case 'fal':
      return lazy('fal', async () => (await import('./fal-speech.ts')).createFalSpeechProvider(deps()));
  }
}

function lazy(kind: SpeechProvider['kind'], load: () => Promise<SpeechProvider>): SpeechProvider {
  let loading: Promise<SpeechProvider> | undefined;
  const get = (): Promise<SpeechProvider> => (loading ??= load());
  return {
    kind,
    submit: async (request, signal) => (await get()).submit(request, signal),
    poll: async (handle, signal) => (await get()).poll(handle, signal),
    download: async (handle, signal, onProgress) => (await get()).download(handle, signal, onProgress),
    cancel: async (handle, signal) => (await get()).cancel?.(handle, signal),
    remove: async (handle, signal) => (await get()).remove?.(handle, signal),
  };
}
