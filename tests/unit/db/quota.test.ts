import { describe, expect, it, vi } from 'vitest';
import {
  estimateStorage,
  isQuotaError,
  requestPersistentStorage,
  StorageFullError,
  toStorageError,
} from '../../../src/db/quota.ts';

describe('quota errors', () => {
  it('maps every browser flavour of a full disk to StorageFullError', () => {
    const chrome = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const firefox = new DOMException('Quota reached', 'NS_ERROR_DOM_QUOTA_REACHED');
    for (const error of [chrome, firefox]) {
      const mapped = toStorageError(error);
      expect(mapped).toBeInstanceOf(StorageFullError);
      expect((mapped as StorageFullError).message).toMatch(/^Your device is out of space for Reelwright/);
      expect((mapped as StorageFullError).cause).toBe(error);
    }
    const already = new StorageFullError();
    expect(toStorageError(already)).toBe(already);
  });

  it('leaves other errors alone', () => {
    const constraint = new DOMException('Key already exists', 'ConstraintError');
    const plain = new Error('boom');
    expect(toStorageError(constraint)).toBe(constraint);
    expect(toStorageError(plain)).toBe(plain);
    expect(isQuotaError(undefined)).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });
});

describe('storage estimate', () => {
  it('reports usage, quota and persistence when the browser has a StorageManager', async () => {
    const storage = {
      estimate: vi.fn(async () => ({ usage: 1_000, quota: 50_000 })),
      persisted: vi.fn(async () => true),
    };
    expect(await estimateStorage(storage)).toEqual({
      supported: true,
      usage: 1_000,
      quota: 50_000,
      persisted: true,
    });
  });

  it('reads as unsupported, never throws, when the API is missing', async () => {
    expect(await estimateStorage(undefined)).toEqual({ supported: false });
    expect(await estimateStorage()).toMatchObject({ supported: expect.any(Boolean) });
    expect(await requestPersistentStorage(undefined)).toBe(false);
  });

  it('asks for persistence only when not already granted', async () => {
    const granted = { persisted: vi.fn(async () => true), persist: vi.fn(async () => false) };
    expect(await requestPersistentStorage(granted)).toBe(true);
    expect(granted.persist).not.toHaveBeenCalled();
    const ask = { persisted: vi.fn(async () => false), persist: vi.fn(async () => true) };
    expect(await requestPersistentStorage(ask)).toBe(true);
    const refuses = { persist: vi.fn(async () => Promise.reject(new Error('denied'))) };
    expect(await requestPersistentStorage(refuses)).toBe(false);
  });
});
