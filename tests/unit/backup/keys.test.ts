import { describe, expect, it } from 'vitest';
import { importBackup } from '../../../src/state/backup/importer.ts';
import {
  decryptJson,
  encryptJson,
  PBKDF2_ITERATIONS,
  WrongPassphraseError,
} from '../../../src/state/backup/key-crypto.ts';
import { KeyVault } from '../../../src/state/key-vault.ts';
import type { Connection } from '../../../src/types.ts';
import { exportToBlob, freshDb, seed, TEST_KEY } from './helpers.ts';

const gateway: Connection = {
  id: 'openai-1',
  kind: 'openai',
  label: 'Gateway',
  baseUrl: 'https://gw.example/v1',
  apiKey: TEST_KEY,
  concurrency: 2,
};

describe('key encryption', () => {
  it('uses PBKDF2-SHA-256 with at least 600,000 iterations and a fresh salt and IV each time', async () => {
    const a = await encryptJson('correct horse', { k: 'v' });
    const b = await encryptJson('correct horse', { k: 'v' });
    expect(a.iterations).toBeGreaterThanOrEqual(600_000);
    expect(a.salt).not.toBe(b.salt);
    expect(a.iv).not.toBe(b.iv);
    expect(JSON.stringify(a)).not.toContain('"v"');
    expect((await decryptJson('correct horse', a)).value).toEqual({ k: 'v' });
    await expect(decryptJson('wrong horse', a)).rejects.toBeInstanceOf(WrongPassphraseError);
    // A downgraded envelope is refused rather than brute-forced more cheaply.
    await expect(decryptJson('correct horse', { ...a, iterations: PBKDF2_ITERATIONS - 1 })).rejects.toThrow(
      /not accept/,
    );
  });
});

describe('keys in backups', () => {
  it('excludes keys unless chosen, then carries them encrypted with the passphrase', async () => {
    const { raw, db } = await freshDb();
    await seed(raw);
    const plain = await exportToBlob(db, { secrets: [TEST_KEY] });
    expect(new Uint8Array(await plain.arrayBuffer()).toString()).not.toContain(
      new TextEncoder().encode(TEST_KEY).toString(),
    );
    const sealed = await exportToBlob(db, {
      secrets: [TEST_KEY],
      keys: { passphrase: 'export passphrase', byConnection: { 'openai-1': TEST_KEY } },
    });
    expect(await sealed.text()).not.toContain(TEST_KEY);

    const target = await freshDb();
    const wrong = await importBackup(target.db, sealed, { passphrase: 'not it' }).catch((e: unknown) => e);
    expect((wrong as Error).message).toMatch(/Wrong passphrase/);
    expect(await target.raw.count('assets')).toBe(0);

    const withoutPassphrase = await importBackup(target.db, sealed);
    expect(withoutPassphrase.keys).toBeUndefined();
    expect(withoutPassphrase.keysSkipped).toMatch(/no passphrase/);

    const again = await freshDb();
    const summary = await importBackup(again.db, sealed, { passphrase: 'export passphrase' });
    expect(summary.keys).toEqual({ 'openai-1': TEST_KEY });
  });

  it('never exports the key vault row, even when keys are included', async () => {
    const { raw, db } = await freshDb();
    await seed(raw);
    const vault = new KeyVault();
    const sealed = await vault.enable('a long passphrase', [gateway]);
    await raw.put('settings', { key: 'key-vault', value: sealed.vault });
    const archive = await exportToBlob(db, { secrets: [TEST_KEY] });
    expect(await archive.text()).not.toContain('reelwright-key-vault');
    const target = await freshDb();
    await importBackup(target.db, archive);
    expect(await target.raw.get('settings', 'key-vault')).toBeUndefined();
  });

  it('stops an export that would write a key in the clear', async () => {
    const { raw, db } = await freshDb();
    await seed(raw);
    await raw.put('prompts', {
      id: 'leak',
      text: `my key is ${TEST_KEY}`,
      firstUsed: 1,
      lastUsed: 1,
      useCount: 1,
      videoIds: [],
    });
    await expect(exportToBlob(db, { secrets: [TEST_KEY] })).rejects.toThrow(
      /would have been written unencrypted/,
    );
  });
});

describe('KeyVault', () => {
  it('locks keys out of the connections, unlocks with the passphrase, relocks, and forgets', async () => {
    const vault = new KeyVault();
    expect(vault.status).toBe('off');
    const locked = await vault.enable('a long passphrase', [gateway]);
    expect(locked.connections[0]!.apiKey).toBeUndefined();
    expect(JSON.stringify(locked.vault)).not.toContain(TEST_KEY);
    expect(vault.status).toBe('unlocked');
    vault.lock();
    expect(vault.status).toBe('locked');
    expect(vault.isLocked('openai-1')).toBe(true);
    expect(vault.withKeys(locked.connections)[0]!.apiKey).toBeUndefined();

    await expect(vault.unlock('wrong passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(vault.status).toBe('locked');
    await vault.unlock('a long passphrase');
    expect(vault.withKeys(locked.connections)[0]!.apiKey).toBe(TEST_KEY);

    // A key changed while unlocked is sealed again, with a new IV.
    const resealed = await vault.reseal([{ ...locked.connections[0]!, apiKey: 'sk-new-key-123456' }]);
    expect(resealed.vault!.envelope.iv).not.toBe(locked.vault!.envelope.iv);
    const fresh = new KeyVault();
    fresh.load(resealed.vault);
    await fresh.unlock('a long passphrase');
    expect(fresh.withKeys(resealed.connections)[0]!.apiKey).toBe('sk-new-key-123456');

    const forgotten = fresh.forgetAll(fresh.withKeys(resealed.connections));
    expect(forgotten).toEqual({
      connections: [{ ...gateway, apiKey: undefined }].map(({ apiKey: _a, ...c }) => c),
      vault: null,
    });
    expect(fresh.status).toBe('off');
  });

  it('refuses a new key while locked instead of storing it in the clear', async () => {
    const vault = new KeyVault();
    await vault.enable('a long passphrase', [gateway]);
    vault.lock();
    await expect(vault.reseal([{ ...gateway, apiKey: 'sk-typed-while-locked' }])).rejects.toThrow(
      /Unlock your keys/,
    );
  });
});
