import { test } from '@playwright/test';

interface MockServer {
  close(): Promise<void>;
  reset(): void;
}

/**
 * One mock provider server for a spec file (or describe block): started before its first test, closed
 * after its last and, unless `reset: false`, reset before each test. The returned object forwards to the
 * running server, so a spec writes `const mock = useMockServer(() => createFalMock(…))` and then
 * `mock.queueUrl`, `mock.uploads()` inside its tests.
 */
export function useMockServer<T extends MockServer>(start: () => Promise<T>, { reset = true } = {}): T {
  let server: T | undefined;
  test.beforeAll(async () => {
    server = await start();
  });
  test.afterAll(async () => server?.close());
  if (reset) test.beforeEach(() => running().reset());
  const running = (): T => {
    if (!server) throw new Error('The mock server is not running: use it inside a test or hook.');
    return server;
  };
  return new Proxy({} as T, {
    get: (_, key) => {
      const target = running();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
