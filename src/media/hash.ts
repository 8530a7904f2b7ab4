/** Content hashing: hex SHA-256 of an asset's bytes, so the same file is never stored twice. */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  for (const byte of view) out += HEX[byte];
  return out;
}

/**
 * Hex SHA-256 of a blob or buffer through `crypto.subtle.digest`. WebCrypto has no streaming digest, so a
 * blob is read whole: call this in the import worker, never on the main thread for large files.
 */
export async function sha256Hex(data: Blob | ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
  return toHex(await crypto.subtle.digest('SHA-256', bytes));
}
