/**
 * Passphrase encryption for provider keys (key lock and keys in backups): AES-256-GCM with a key
 * derived by PBKDF2-SHA-256, a random 16-byte salt per derivation and a random 12-byte IV per encryption.
 */
import { fromBase64, toBase64 } from '../base64.ts';

export const PBKDF2_ITERATIONS = 600_000;
/** Refuse envelopes that claim fewer iterations (a downgrade) or absurdly many (a hang). */
const MAX_ITERATIONS = 10_000_000;

export interface EncryptedEnvelope {
  alg: 'AES-GCM';
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  /** base64 */
  salt: string;
  /** base64 */
  iv: string;
  /** base64 ciphertext with the GCM tag. */
  data: string;
}

export class WrongPassphraseError extends Error {
  override name = 'WrongPassphraseError';
  constructor() {
    super('That passphrase is not the one these keys were locked with. Check it and try again.');
  }
}

/** A derived key, reusable for more encryptions (each with its own IV) without the passphrase. */
export interface SealingKey {
  key: CryptoKey;
  salt: Uint8Array;
  iterations: number;
}

export async function deriveSealingKey(
  passphrase: string,
  salt: Uint8Array = crypto.getRandomValues(new Uint8Array(16)),
  iterations = PBKDF2_ITERATIONS,
): Promise<SealingKey> {
  if (!passphrase) throw new RangeError('A passphrase cannot be empty.');
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  const key = await crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  return { key, salt, iterations };
}

export async function sealJson(sealing: SealingKey, value: unknown): Promise<EncryptedEnvelope> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(value));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, sealing.key, plain));
  return {
    alg: 'AES-GCM',
    kdf: 'PBKDF2-SHA-256',
    iterations: sealing.iterations,
    salt: toBase64(sealing.salt),
    iv: toBase64(iv),
    data: toBase64(data),
  };
}

/** Encrypts with a fresh salt and IV. */
export async function encryptJson(passphrase: string, value: unknown): Promise<EncryptedEnvelope> {
  return sealJson(await deriveSealingKey(passphrase), value);
}

/** Decrypts; a wrong passphrase (or a tampered envelope) is a `WrongPassphraseError`. */
export async function decryptJson<T>(
  passphrase: string,
  envelope: EncryptedEnvelope,
): Promise<{ value: T; sealing: SealingKey }> {
  checkEnvelope(envelope);
  const sealing = await deriveSealingKey(passphrase, fromBase64(envelope.salt), envelope.iterations);
  return { value: await openJson<T>(sealing, envelope), sealing };
}

export async function openJson<T>(sealing: SealingKey, envelope: EncryptedEnvelope): Promise<T> {
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(envelope.iv) as BufferSource },
      sealing.key,
      fromBase64(envelope.data) as BufferSource,
    );
  } catch {
    throw new WrongPassphraseError();
  }
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}

export function isEnvelope(value: unknown): value is EncryptedEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.alg === 'AES-GCM' &&
    v.kdf === 'PBKDF2-SHA-256' &&
    typeof v.iterations === 'number' &&
    typeof v.salt === 'string' &&
    typeof v.iv === 'string' &&
    typeof v.data === 'string'
  );
}

function checkEnvelope(envelope: EncryptedEnvelope): void {
  if (
    !isEnvelope(envelope) ||
    envelope.iterations < PBKDF2_ITERATIONS ||
    envelope.iterations > MAX_ITERATIONS
  ) {
    throw new Error('The encrypted keys are in a form this app does not accept.');
  }
}

/** The settings row that holds the encrypted key vault (never exported). */
export const KEY_VAULT_SETTING = 'key-vault';
