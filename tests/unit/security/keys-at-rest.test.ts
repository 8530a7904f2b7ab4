import { afterEach, describe, expect, it } from 'vitest';
import { openReelwrightDb } from '../../../src/db/index.ts';
import { createLibraryDb } from '../../../src/db/library-db.ts';
import type { DbConnection } from '../../../src/db/schema.ts';
import { AppStore } from '../../../src/state/app-store.ts';
import { DEVICE_KEY_SETTING, KeyWrap } from '../../../src/state/key-wrap.ts';
import type { Provider } from '../../../src/providers/types.ts';
import type { MediaPort } from '../../../src/state/ports.ts';
import { TabCoordinator } from '../../../src/state/tab-coordinator.ts';
import { FakeNetwork } from '../state/fakes.ts';

const SECRET = 'sk-live-DO-NOT-STORE-PLAIN-0123456789';
let store: AppStore | undefined;
let raw: DbConnection | undefined;
let n = 0;

afterEach(() => {
  store?.dispose();
  raw?.close();
  store = raw = undefined;
});

async function open(seedRows: Array<{ key: string; value: unknown }> = []): Promise<AppStore> {
  raw = await openReelwrightDb(`keys-at-rest-${++n}`);
  for (const row of seedRows) await raw.put('settings', row as never);
  return start();
}

/** Starts a store over the current database, as a page load does. */
async function start(): Promise<AppStore> {
  store = new AppStore({
    db: createLibraryDb(raw!),
    media: {} as MediaPort,
    network: new FakeNetwork(),
    tabs: new TabCoordinator(),
    providerFor: () => ({}) as Provider,
  });
  await store.init();
  return store;
}

/** Everything in the settings store, as a string (what copying the profile would reveal). */
const settingsText = async (): Promise<string> =>
  JSON.stringify(await raw!.getAll('settings'), (_k, v: unknown) =>
    v instanceof CryptoKey ? { cryptoKey: v.extractable } : v,
  );

describe('keys at rest are wrapped with a non-extractable device key (lock off)', () => {
  it('migrates a plain key stored by an older version on first start', async () => {
    const s = await open([
      {
        key: 'connections',
        value: [{ id: 'openai-1', kind: 'openai', label: 'Mine', apiKey: SECRET, concurrency: 1 }],
      },
    ]);
    expect(s.state.connections.find((c) => c.id === 'openai-1')?.apiKey).toBe(SECRET);
    expect(await settingsText()).not.toContain(SECRET);
    const row = (await raw!.get('settings', 'connections'))!.value as Array<Record<string, unknown>>;
    expect(row[0]!.apiKey).toBeUndefined();
    expect(row[0]!.wrappedKey).toMatchObject({ iv: expect.any(String), data: expect.any(String) });
    const deviceKey = (await raw!.get('settings', DEVICE_KEY_SETTING))!.value as CryptoKey;
    expect(deviceKey).toBeInstanceOf(CryptoKey);
    expect(deviceKey.extractable).toBe(false);
    expect(deviceKey.algorithm.name).toBe('AES-GCM');
    await expect(crypto.subtle.exportKey('raw', deviceKey)).rejects.toThrow();
  });

  it('stores a newly saved key wrapped and reads it back after a restart', async () => {
    const s = await open();
    await s.connections.saveConnection({
      id: 'fal-1',
      kind: 'fal',
      label: 'fal',
      apiKey: SECRET,
      concurrency: 1,
    });
    expect(await settingsText()).not.toContain(SECRET);
    const name = raw!.name;
    store!.dispose();
    raw!.close();
    raw = await openReelwrightDb(name);
    await start();
    expect(store!.state.connections.find((c) => c.id === 'fal-1')?.apiKey).toBe(SECRET);
  });

  it('drops a wrapped key whose device key is gone instead of failing to start', async () => {
    const settings = new Map<string, unknown>();
    const port = {
      getSetting: async <T>(key: string, fallback: T) =>
        settings.has(key) ? (settings.get(key) as T) : fallback,
      setSetting: async (key: string, value: unknown) => void settings.set(key, value),
    };
    const sealed = await new KeyWrap(port).seal([
      { id: 'a', kind: 'openai', label: 'a', apiKey: SECRET, concurrency: 1 },
    ]);
    settings.delete(DEVICE_KEY_SETTING);
    const opened = await new KeyWrap(port).open(sealed);
    expect(opened.connections[0]!.apiKey).toBeUndefined();
    expect(opened.lost).toEqual(['a']);
  });
});
