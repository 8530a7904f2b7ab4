import type { Connection } from '../types.ts';
import { createLocalSpeechProvider, type LocalSpeechDeps } from './local-speech-provider.ts';
import type { SpeechProvider } from './speech-request.ts';
import { browserDeps, lazyProvider } from './lazy-provider.ts';
import type { ProviderDeps } from './types.ts';

/**
 * Builds the speech provider for a connection (the twin of registry.ts). Remote adapters load on first
 * use, so the shell's initial JavaScript carries none of them.
 */
export function createSpeechProvider(connection: Connection, local: LocalSpeechDeps): SpeechProvider {
  const deps = (): ProviderDeps => browserDeps(connection);
  switch (connection.kind) {
    case 'local':
      return createLocalSpeechProvider(local);
    case 'openai':
      return lazyProvider('openai', async () =>
        (await import('./openai-speech.ts')).createOpenAISpeechProvider(deps()),
      );
    case 'fal':
      return lazyProvider('fal', async () =>
        (await import('./fal-speech.ts')).createFalSpeechProvider(deps()),
      );
  }
}
