import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../fixtures/assets/', import.meta.url));

/** Bytes of a committed fixture (tests/fixtures/assets, made by make-fixtures.sh). */
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(dir + name));
export const fixtureBlob = (name: string): Blob => new Blob([fixture(name) as Uint8Array<ArrayBuffer>]);
export const head = (name: string, n = 4096): Uint8Array => fixture(name).subarray(0, n);
