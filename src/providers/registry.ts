import type { Connection } from '../types.ts';
import { createLocalPreviewProvider, type LocalPreviewDeps } from './local-preview-provider.ts';
import { browserDeps, lazyProvider } from './lazy-provider.ts';
import type { Provider, ProviderDeps } from './types.ts';

/**
 * Builds the provider for a connection. Remote adapters load on first use, so the shell's initial
 * JavaScript carries none of them.
 */
export function createProvider(connection: Connection, local: LocalPreviewDeps): Provider {
  const deps = (): ProviderDeps => browserDeps(connection);
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
