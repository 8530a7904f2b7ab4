import { afterEach, describe, expect, it } from 'vitest';
import type { Provider } from '../../../../src/providers/types.ts';
import { LOCAL_CONNECTION } from '../../../../src/state/app-state.ts';
import { CUSTOM_MODELS_SETTING } from '../../../../src/state/custom-models.ts';
import { ConnectionsSlice } from '../../../../src/state/slices/connections.ts';
import { KeysSlice } from '../../../../src/state/slices/keys.ts';
import type { StoreCore } from '../../../../src/state/store-core.ts';
import type { Connection } from '../../../../src/types.ts';
import { makeCore } from './harness.ts';

let core: StoreCore | undefined;
afterEach(() => core?.tabs.dispose());

const OPENAI: Connection = {
  id: 'openai-1',
  kind: 'openai',
  label: 'OpenAI',
  baseUrl: 'https://api.openai.com/v1',
  apiKey: 'sk-test-1234567890',
  concurrency: 1,
};

async function setup(provider?: Provider) {
  const made = await makeCore({ provider });
  core = made.core;
  made.core.set({ connections: [LOCAL_CONNECTION] });
  const keys = new KeysSlice(made.core);
  return { ...made, keys, connections: new ConnectionsSlice(made.core, keys) };
}

describe('connections slice', () => {
  it('saves a connection (its key wrapped at rest), tells other tabs, and removing it resets the draft', async () => {
    const { core, db, connections, keys, tabs } = await setup();
    await connections.saveConnection({ ...OPENAI, imported: true });
    expect(connections.get('openai-1')).toEqual(OPENAI);
    expect(tabs.posted).toEqual([{ type: 'settings-changed' }]);
    expect(JSON.stringify(await db.getSetting('connections', []))).not.toContain(OPENAI.apiKey);
    expect((await keys.openConnections()).connections).toEqual([OPENAI]);
    core.set({ draft: { ...core.state.draft, connectionId: 'openai-1', model: 'sora-2' } });
    await connections.removeConnection('openai-1');
    expect(connections.get('openai-1')).toBeUndefined();
    expect(core.state.draft.connectionId).toBe('local');
    await connections.removeConnection('local');
    expect(connections.get('local')).toBeDefined();
  });

  it('a connection test is cached for a few seconds', async () => {
    let tests = 0;
    const provider = {
      kind: 'openai',
      test: async () => (tests++, { state: 'ok' as const }),
    } as unknown as Provider;
    const { core, connections, clock } = await setup(provider);
    core.set({ connections: [LOCAL_CONNECTION, OPENAI] });
    await connections.testConnection('openai-1');
    await connections.testConnection('openai-1');
    expect(tests).toBe(1);
    expect(core.state.health['openai-1']).toMatchObject({ state: 'ok' });
    await clock.advance(6000);
    await connections.testConnection('openai-1');
    expect(tests).toBe(2);
  });

  it('a custom model that is not valid JSON is refused and nothing is saved', async () => {
    const { db, connections } = await setup();
    const change = await connections.saveCustomModel('{ not json');
    expect(change.ok).toBe(false);
    expect(await db.getSetting(CUSTOM_MODELS_SETTING, 'untouched')).toBe('untouched');
  });
});

describe('keys slice', () => {
  it('locks, relocks (keys leave the state), refuses a wrong passphrase and unlocks', async () => {
    const { core, keys, connections } = await setup();
    await connections.saveConnection(OPENAI);
    expect(await keys.lockKeys('correct horse battery')).toBeUndefined();
    keys.relockKeys();
    expect(core.state.keyLock.status).toBe('locked');
    expect(connections.get('openai-1')?.apiKey).toBeUndefined();
    expect(await keys.unlockKeys('wrong passphrase')).toBe(
      'Wrong passphrase. Your keys stay locked; try again.',
    );
    expect(await keys.unlockKeys('correct horse battery')).toBeUndefined();
    expect(connections.get('openai-1')?.apiKey).toBe(OPENAI.apiKey);
    expect(core.state.keyLock.status).toBe('unlocked');
  });

  it('forgetting all keys removes them from the state and from the device', async () => {
    const { core, keys, connections } = await setup();
    await connections.saveConnection(OPENAI);
    expect(await keys.forgetAllKeys()).toBeUndefined();
    expect(connections.get('openai-1')?.apiKey).toBeUndefined();
    expect((await keys.openConnections()).connections[0]?.apiKey).toBeUndefined();
    expect(core.state.notices.at(-1)?.message).toBe('Every provider key was deleted from this device.');
  });
});
