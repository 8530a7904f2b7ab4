/*
 * Reelwright service-worker helper, loaded into the generated service worker with workbox `importScripts`.
 * It receives the Web Share Target POST (manifest `share_target`, action /share-target): the shared files
 * are put in the `rw-share-inbox` cache and the page is redirected to /?shared=N, where the app moves them
 * into the asset library (src/pwa/share-inbox.ts). No network is involved, so sharing works offline too.
 */
const SHARE_INBOX = 'rw-share-inbox';

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'POST') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname !== '/share-target') return;
  event.respondWith(
    (async () => {
      let count = 0;
      try {
        const form = await request.formData();
        const files = form.getAll('media').filter((item) => typeof item !== 'string' && item.size > 0);
        const cache = await caches.open(SHARE_INBOX);
        const batch = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
        await Promise.all(
          files.map((file, i) =>
            cache.put(
              new Request(`/share-inbox/${batch}/${i}`),
              new Response(file, {
                headers: {
                  'content-type': file.type || 'application/octet-stream',
                  'x-file-name': encodeURIComponent(file.name || `shared-${i + 1}`),
                },
              }),
            ),
          ),
        );
        count = files.length;
      } catch {
        count = -1;
      }
      return Response.redirect(`/?shared=${count}`, 303);
    })(),
  );
});
