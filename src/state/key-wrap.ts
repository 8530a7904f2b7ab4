/**
 * Keys at rest while the passphrase lock is off (the default): each connection's key is stored
 * AES-GCM-encrypted (`wrappedKey`) under a non-extractable device key kept in the settings store. A copy
 * of the profile or a read of the disk gives ciphertext and a key no script can export; code running in
 * this page can still ask the browser to decrypt, so the passphrase lock stays the stronger option.
 */
import type { Connection } from '../types.ts';
import { fromBase64, toBase64 } from './base64.ts';

export const DEVICE_KEY_SETTING = 'device-key';

/** base64 IV and ciphertext (with the GCM tag) of one key. */
export interface WrappedKey {
  iv: string;
  data: string;
}

/** A connection as written to the `connections` setting. */
export type StoredConnection = Omit<Connection, 'apiKey'> & { apiKey?: string; wrappedKey?: WrappedKey };

/** Where the device key lives (the settings store in the app; a map in tests). */
export interface DeviceKeyStore {
  getSetting<T>(key: string, fallback: T): Promise<T>;
  setSetting(key: string, value: unknown): Promise<void>;
}

export class KeyWrap {
  private key?: Promise<CryptoKey>;

  constructor(private readonly store: DeviceKeyStore) {}

  /** Connections ready to store: every plain key replaced by its wrapped form. */
  async seal(connections: readonly Connection[]): Promise<StoredConnection[]> {
    if (!connections.some((c) => c.apiKey)) return connections.map((c) => ({ ...c }));
    const key = await this.deviceKey();
    return Promise.all(
      connections.map(async ({ apiKey, ...rest }) => {
        if (!apiKey) return rest;
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const data = await crypto.subtle.encrypt(
          { name: 'AES-GCM', iv },
          key,
          new TextEncoder().encode(apiKey),
        );
        return { ...rest, wrappedKey: { iv: toBase64(iv), data: toBase64(new Uint8Array(data)) } };
      }),
    );
  }

  /**
   * Connections as read back, keys unwrapped. `plain` says some key was still stored in the clear
   * (written before wrapping existed): the caller writes them back sealed. A key that no longer opens
   * (the device key was lost) is dropped, and listed in `lost`.
   */
  async open(
    stored: readonly StoredConnection[],
  ): Promise<{ connections: Connection[]; plain: boolean; lost: string[] }> {
    let plain = false;
    const lost: string[] = [];
    const wrapped = stored.some((c) => c.wrappedKey);
    const key = wrapped ? await this.existingKey() : undefined;
    const connections = await Promise.all(
      stored.map(async ({ wrappedKey, ...rest }): Promise<Connection> => {
        if (rest.apiKey) {
          plain = true;
          return rest;
        }
        if (!wrappedKey) return rest;
        try {
          if (!key) throw new Error('no device key');
          const bytes = await crypto.subtle.decrypt(
            { name: 'AES-GCM', iv: fromBase64(wrappedKey.iv) as BufferSource },
            key,
            fromBase64(wrappedKey.data) as BufferSource,
          );
          return { ...rest, apiKey: new TextDecoder().decode(bytes) };
        } catch {
          lost.push(rest.id);
          return rest;
        }
      }),
    );
    return { connections, plain, lost };
  }

  private async existingKey(): Promise<CryptoKey | undefined> {
    const found = await this.store.getSetting<unknown>(DEVICE_KEY_SETTING, undefined);
    return found instanceof CryptoKey ? found : undefined;
  }

  private deviceKey(): Promise<CryptoKey> {
    this.key ??= (async () => {
      const found = await this.existingKey();
      if (found) return found;
      const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
        'encrypt',
        'decrypt',
      ]);
      await this.store.setSetting(DEVICE_KEY_SETTING, key);
      return key;
    })();
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }
}
