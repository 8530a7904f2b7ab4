/** The cache the service worker's share-target handler (public/share-target.js) writes shared files to. */
export const SHARE_INBOX = 'rw-share-inbox';

/**
 * Takes the files shared to the app (Web Share Target) out of the inbox, oldest first, and empties it.
 * Resolves to [] where Cache Storage is unavailable or nothing was shared.
 */
export async function takeSharedFiles(): Promise<File[]> {
  if (!('caches' in window) || !(await caches.has(SHARE_INBOX))) return [];
  const cache = await caches.open(SHARE_INBOX);
  const files: File[] = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (response) {
      const blob = await response.blob();
      const name = decodeURIComponent(response.headers.get('x-file-name') ?? 'shared');
      files.push(new File([blob], name, { type: blob.type }));
    }
    await cache.delete(request);
  }
  return files;
}
