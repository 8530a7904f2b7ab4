import type { Connection } from '../../types.ts';
import { LOCAL_CONNECTION, type AppState } from '../app-state.ts';
import { KEY_VAULT_SETTING, WrongPassphraseError, type VaultWrite } from '../key-vault.ts';
import { KeyWrap, type StoredConnection } from '../key-wrap.ts';
import { errorMessage, type StoreCore } from '../store-core.ts';

/** Provider keys at rest: device-wrapped, or sealed in the passphrase vault (lock, unlock, forget). */
export class KeysSlice {
  private keyWrapper?: KeyWrap;

  constructor(private readonly core: StoreCore) {}

  /** Wraps keys at rest with the device key while the passphrase lock is off. */
  private get keyWrap(): KeyWrap {
    return (this.keyWrapper ??= new KeyWrap(this.core.db));
  }

  /** Whether the vault is off, locked or unlocked. */
  get status(): AppState['keyLock']['status'] {
    return this.core.keyVault.status;
  }

  /** Reads the stored connections, unwrapping their keys (`plain`: some were written in the clear). */
  async openConnections(): Promise<{ connections: Connection[]; plain: boolean }> {
    const stored = await this.core.db.getSetting<StoredConnection[]>('connections', []);
    return this.keyWrap.open(stored);
  }

  async loadVault(): Promise<void> {
    this.core.keyVault.load(await this.core.db.getSetting<unknown>(KEY_VAULT_SETTING, undefined));
    this.core.set({ keyLock: this.lockState() });
  }

  /** Another tab changed the settings: re-read connections and vault. */
  async reopen(): Promise<void> {
    const { core } = this;
    const { connections } = await this.openConnections();
    core.forgetProviders();
    core.keyVault.load(await core.db.getSetting<unknown>(KEY_VAULT_SETTING, undefined));
    core.set({
      connections: [LOCAL_CONNECTION, ...core.keyVault.withKeys(connections)],
      keyLock: this.lockState(),
    });
  }

  /** Writes the connections setting; with the key lock on, keys go into the sealed vault instead. */
  async persistConnections(connections: readonly Connection[]): Promise<void> {
    const stored = connections.filter((c) => c.id !== LOCAL_CONNECTION.id);
    if (this.core.keyVault.status === 'off') {
      await this.core.db.setSetting('connections', await this.keyWrap.seal(stored));
      return;
    }
    await this.writeVault(await this.core.keyVault.reseal(stored));
  }

  /** Turns the key lock on (or changes its passphrase). */
  async lockKeys(passphrase: string): Promise<string | undefined> {
    return this.keyAction(
      async () => this.writeVault(await this.core.keyVault.enable(passphrase, this.core.state.connections)),
      'Your keys are locked with your passphrase.',
    );
  }

  async unlockKeys(passphrase: string): Promise<string | undefined> {
    const { core } = this;
    const failed = await this.keyAction(
      () => core.keyVault.unlock(passphrase),
      'Keys unlocked for this session.',
    );
    if (!failed) {
      core.forgetProviders();
      core.set({ connections: core.keyVault.withKeys(core.state.connections) });
      core.kickRunner();
    }
    return failed;
  }

  /** Forgets the unlocked keys in this tab; they stay sealed on the device. */
  relockKeys(): void {
    const { core } = this;
    if (core.keyVault.status !== 'unlocked') return;
    core.keyVault.lock();
    core.forgetProviders();
    core.set({
      connections: core.state.connections.map(({ apiKey: _key, ...c }) => c),
      keyLock: this.lockState(),
    });
  }

  /** Turns the lock off: keys are stored as before (needs the keys unlocked). */
  async removeKeyLock(): Promise<string | undefined> {
    return this.keyAction(
      () => this.writeVault(this.core.keyVault.disable(this.core.state.connections)),
      'The key lock is off.',
    );
  }

  /** Deletes every provider key from this device, locked or not, in one step. */
  async forgetAllKeys(): Promise<string | undefined> {
    return this.keyAction(
      () => this.writeVault(this.core.keyVault.forgetAll(this.core.state.connections)),
      'Every provider key was deleted from this device.',
    );
  }

  private lockState(): AppState['keyLock'] {
    return { status: this.core.keyVault.status, lockedIds: this.core.keyVault.lockedIds };
  }

  /** Connections and vault change together, in one transaction when the backup port is there. */
  private async writeVault(write: VaultWrite): Promise<void> {
    const { core } = this;
    const plain = write.connections.filter((c) => c.id !== LOCAL_CONNECTION.id);
    const stored = await this.keyWrap.seal(plain);
    if (core.backup) {
      await core.backup.writeSettings(
        [
          { key: 'connections', value: stored },
          ...(write.vault ? [{ key: KEY_VAULT_SETTING, value: write.vault }] : []),
        ],
        write.vault ? [] : [KEY_VAULT_SETTING],
      );
    } else {
      await core.db.setSetting('connections', stored);
      await core.db.setSetting(KEY_VAULT_SETTING, write.vault ?? undefined);
    }
    core.forgetProviders();
    const inState = core.keyVault.withKeys([LOCAL_CONNECTION, ...plain]);
    core.set({ connections: inState, keyLock: this.lockState() });
    core.post({ type: 'settings-changed' });
  }

  /** Runs a key-lock change; resolves to the plain reason it failed, or undefined on success. */
  private async keyAction(work: () => Promise<void>, success: string): Promise<string | undefined> {
    try {
      await work();
      this.core.set({ keyLock: this.lockState() });
      this.core.notify('success', success);
      return undefined;
    } catch (error) {
      return error instanceof WrongPassphraseError
        ? 'Wrong passphrase. Your keys stay locked; try again.'
        : errorMessage(error);
    }
  }
}
