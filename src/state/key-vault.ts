/**
 * The optional passphrase lock for provider keys. When on, the `connections` setting holds no keys; they
 * live AES-GCM-encrypted in the `key-vault` setting and, once unlocked, only in this object's memory.
 * Plain TypeScript: the store persists what these methods return.
 */
import { KEY_VAULT_SETTING } from './backup/key-crypto.ts';
import {
  decryptJson,
  deriveSealingKey,
  isEnvelope,
  openJson,
  sealJson,
  type EncryptedEnvelope,
  type SealingKey,
} from './backup/key-crypto.ts';
import type { Connection } from '../types.ts';

export { KEY_VAULT_SETTING };
export { WrongPassphraseError } from './backup/key-crypto.ts';

export type KeyLockStatus = 'off' | 'locked' | 'unlocked';

export interface KeyVaultRow {
  format: 'reelwright-key-vault';
  version: 1;
  /** Connections whose key is in the vault (not secret; lets the UI say which are locked). */
  ids: string[];
  envelope: EncryptedEnvelope;
}

export const LOCKED_DETAIL = 'Unlock your keys to send';

export const isKeyVaultRow = (value: unknown): value is KeyVaultRow =>
  !!value &&
  typeof value === 'object' &&
  (value as KeyVaultRow).format === 'reelwright-key-vault' &&
  Array.isArray((value as KeyVaultRow).ids) &&
  isEnvelope((value as KeyVaultRow).envelope);

/** What to persist after a change: the connections without keys, and the vault row (or its removal). */
export interface VaultWrite {
  connections: Connection[];
  vault: KeyVaultRow | null;
}

export class KeyVault {
  private row?: KeyVaultRow;
  private sealing?: SealingKey;
  private keys = new Map<string, string>();

  get status(): KeyLockStatus {
    if (!this.row) return 'off';
    return this.sealing ? 'unlocked' : 'locked';
  }

  /** Ids of connections whose key exists but cannot be used until unlocked. */
  get lockedIds(): string[] {
    return this.status === 'locked' ? [...this.row!.ids] : [];
  }

  isLocked(connectionId: string): boolean {
    return this.status === 'locked' && this.row!.ids.includes(connectionId);
  }

  /** Reads the stored vault row (or its absence); a different row than the one held relocks. */
  load(row: unknown): void {
    const next = isKeyVaultRow(row) ? row : undefined;
    if (!next) {
      this.row = undefined;
      this.sealing = undefined;
      this.keys.clear();
      return;
    }
    if (this.row && this.row.envelope.data === next.envelope.data) return;
    this.row = next;
    this.sealing = undefined;
    this.keys.clear();
  }

  /** Turns the lock on (or changes the passphrase): every key in `connections` (and the vault) is sealed. */
  async enable(passphrase: string, connections: readonly Connection[]): Promise<VaultWrite> {
    if (this.status === 'locked') throw new Error('Unlock your keys before changing the passphrase.');
    if (passphrase.length < 8) throw new RangeError('Choose a passphrase of at least 8 characters.');
    const sealing = await deriveSealingKey(passphrase);
    this.sealing = sealing;
    for (const c of connections) if (c.apiKey) this.keys.set(c.id, c.apiKey);
    return this.seal(connections);
  }

  /** Opens the vault; a wrong passphrase throws `WrongPassphraseError` and changes nothing. */
  async unlock(passphrase: string): Promise<void> {
    if (!this.row) return;
    const { value, sealing } = await decryptJson<Record<string, string>>(passphrase, this.row.envelope);
    this.sealing = sealing;
    this.keys = new Map(Object.entries(value));
  }

  /** Forgets the unlocked keys (the vault stays). */
  lock(): void {
    this.sealing = undefined;
    this.keys.clear();
  }

  /** Turns the lock off: keys go back into the connections in the clear. Needs the vault unlocked. */
  disable(connections: readonly Connection[]): VaultWrite {
    if (this.status === 'locked') throw new Error('Unlock your keys before removing the lock.');
    const restored = this.withKeys(connections);
    this.row = undefined;
    this.sealing = undefined;
    this.keys.clear();
    return { connections: restored, vault: null };
  }

  /** Forget every key, sealed or not. */
  forgetAll(connections: readonly Connection[]): VaultWrite {
    this.row = undefined;
    this.sealing = undefined;
    this.keys.clear();
    return { connections: connections.map(withoutKey), vault: null };
  }

  /**
   * After connections changed while the lock is on: keys typed into `connections` join the vault and
   * the vault is sealed again (same derived key, new IV). Connections without a key keep their sealed one.
   */
  async reseal(connections: readonly Connection[]): Promise<VaultWrite> {
    if (this.status === 'off') throw new Error('The key lock is off.');
    if (this.status === 'locked') {
      if (connections.some((c) => c.apiKey)) throw new Error('Unlock your keys to change a key.');
      return { connections: connections.map(withoutKey), vault: this.row! };
    }
    for (const c of connections) if (c.apiKey) this.keys.set(c.id, c.apiKey);
    return this.seal(connections);
  }

  /** Connections with their unlocked keys filled in (for state and providers). */
  withKeys(connections: readonly Connection[]): Connection[] {
    return connections.map((c) => {
      const key = this.keys.get(c.id);
      return key && !c.apiKey ? { ...c, apiKey: key } : { ...c };
    });
  }

  /** Checks the current vault would open with `passphrase`, without keeping anything. */
  async verify(passphrase: string): Promise<void> {
    if (this.row) await decryptJson(passphrase, this.row.envelope);
  }

  private async seal(connections: readonly Connection[]): Promise<VaultWrite> {
    const live = new Set(connections.map((c) => c.id));
    for (const id of [...this.keys.keys()]) if (!live.has(id)) this.keys.delete(id);
    const secrets = Object.fromEntries(this.keys);
    const envelope = await sealJson(this.sealing!, secrets);
    // Check the seal opens before anything is persisted.
    await openJson(this.sealing!, envelope);
    this.row = { format: 'reelwright-key-vault', version: 1, ids: Object.keys(secrets), envelope };
    return { connections: connections.map(withoutKey), vault: this.row };
  }
}

const withoutKey = (connection: Connection): Connection => {
  const { apiKey: _dropped, ...rest } = connection;
  return rest;
};
