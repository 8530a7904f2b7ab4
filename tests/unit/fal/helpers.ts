import type { Connection, ModelSpec, RemoteHandle } from '../../../src/types.ts';
import {
  createFalProvider,
  type FalPollResult,
  type FalProviderDeps,
} from '../../../src/providers/fal-provider.ts';
import type { Provider } from '../../../src/providers/types.ts';
import catalog from '../../../config/models/fal.json';
import { createFalMock, TEST_KEY, type FalMock, type FalMockOptions } from '../../mocks/fal/mock.mjs';

export { TEST_KEY, type FalMock };

export const models = catalog.models as unknown as ModelSpec[];
export const model = (id: string): ModelSpec => {
  const found = models.find((m) => m.id === id);
  if (!found) throw new Error(`no model ${id}`);
  return found;
};

export const startMock = (options: FalMockOptions = {}): Promise<FalMock> =>
  createFalMock({ jobDurationMs: 3000, frozenClock: true, ...options });

export function connection(mock: FalMock, apiKey: string = TEST_KEY): Connection {
  return { id: 'fal-test', kind: 'fal', label: 'fal mock', baseUrl: mock.queueUrl, apiKey, concurrency: 2 };
}

export function deps(
  mock: FalMock,
  extra: Partial<FalProviderDeps> = {},
): FalProviderDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    fetch: globalThis.fetch,
    connection: connection(mock),
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    random: () => 0,
    sleeps,
    ...extra,
  };
}

export const png = (): Blob =>
  new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])], {
    type: 'image/png',
  });

export const signal = (): AbortSignal => new AbortController().signal;

/** Poll, moving the mock's clock a second at a time, until the job leaves queued/running. */
export async function pollToEnd(
  provider: Provider,
  mock: FalMock,
  handle: RemoteHandle,
): Promise<FalPollResult[]> {
  const seen: FalPollResult[] = [];
  for (let i = 0; i < 20; i += 1) {
    const result = (await provider.poll(handle, signal())) as FalPollResult;
    seen.push(result);
    if (result.state !== 'queued' && result.state !== 'running') return seen;
    mock.advance(1000);
  }
  throw new Error('job never finished');
}

export const provider = (mock: FalMock, extra: Partial<FalProviderDeps> = {}): Provider =>
  createFalProvider(deps(mock, extra));
