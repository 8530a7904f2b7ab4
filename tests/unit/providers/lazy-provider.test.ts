import { describe, expect, it } from 'vitest';
import { lazyProvider } from '../../../src/providers/lazy-provider.ts';
import type { Provider } from '../../../src/providers/types.ts';
import type { RemoteHandle } from '../../../src/types.ts';

const handle: RemoteHandle = { id: 'job-1' };
const signal = new AbortController().signal;

function counted(): { loads: () => number; provider: Provider<string> } {
  let loads = 0;
  const inner: Provider<string> = {
    kind: 'fal',
    submit: async (request) => ({ id: `for-${request}` }),
    poll: async () => ({ state: 'running', pollAfterMs: 10 }),
    download: async () => ({ files: [new Blob(['x'])] }),
  };
  const provider = lazyProvider('fal', async () => {
    loads += 1;
    return inner;
  });
  return { loads: () => loads, provider };
}

describe('lazyProvider', () => {
  it('loads the adapter once, on the first call, and forwards every call to it', async () => {
    const { loads, provider } = counted();
    expect(loads()).toBe(0);
    expect(await provider.submit('line', signal)).toEqual({ id: 'for-line' });
    expect(await provider.poll(handle, signal)).toEqual({ state: 'running', pollAfterMs: 10 });
    expect(loads()).toBe(1);
  });

  it('answers for what the adapter lacks: no match to reconcile, no health check, nothing to cancel', async () => {
    const { provider } = counted();
    expect(await provider.reconcile!('line', { from: 0, to: 1 }, signal)).toBeNull();
    expect(await provider.test!(signal)).toEqual({
      state: 'ok',
      detail: 'No health check for this provider.',
    });
    await expect(provider.cancel!(handle, signal)).resolves.toBeUndefined();
  });
});
