/** Bytes ↔ base64 text, for the wrapped keys kept in settings and in backups, and inline clips (fal extend). */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  // In chunks: a clip to extend is megabytes, and one argument per byte would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
