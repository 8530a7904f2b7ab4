/*
 * Reelwright service-worker helper, loaded into the generated service worker with workbox `importScripts`.
 * It narrows the Content-Security-Policy's `connect-src` at run time: the meta policy must allow any https
 * origin (connections are configured by the user), so this worker refuses every request from the app to an
 * origin that is not one of the user's configured connections (or that provider's own file hosts).
 *
 * The page tells the worker the allowed origins whenever its connections change (`rw-connect-allow`), and
 * the worker asks the page again (`rw-connect-ask`) before refusing an origin it does not know, so a
 * connection saved a moment ago is never refused by a race. A refused request fails like a network error.
 */
const RW_CONNECT_ALLOW = 'rw-connect-allow';
const RW_CONNECT_ASK = 'rw-connect-ask';

/**
 * Pure: may the app connect to `url`? Same-origin and non-http(s) URLs (blob:, data:) are not this
 * guard's business; http(s) URLs must have one of `list.origins`, or a host that is one of
 * `list.hostSuffixes` or ends with `.` + one of them.
 */
function rwConnectAllowed(url, selfOrigin, list) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return true;
  if (parsed.origin === selfOrigin) return true;
  if (!list) return false;
  if (Array.isArray(list.origins) && list.origins.includes(parsed.origin)) return true;
  if (parsed.protocol !== 'https:' || !Array.isArray(list.hostSuffixes)) return false;
  const host = parsed.hostname;
  return list.hostSuffixes.some(
    (suffix) => typeof suffix === 'string' && suffix && (host === suffix || host.endsWith(`.${suffix}`)),
  );
}

/** Only well-formed lists are kept: arrays of strings. */
function rwCleanList(data) {
  const strings = (value) => (Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []);
  return data && typeof data === 'object'
    ? { origins: strings(data.origins), hostSuffixes: strings(data.hostSuffixes) }
    : undefined;
}

let rwConnectList;

/** Asks the page that made the request for its current list; undefined if it does not answer in time. */
async function rwAskClient(clientId) {
  const client = clientId ? await self.clients.get(clientId) : undefined;
  if (!client) return undefined;
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(undefined), 5000);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(rwCleanList(event.data));
    };
    client.postMessage({ type: RW_CONNECT_ASK }, [channel.port2]);
  });
}

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === RW_CONNECT_ALLOW) rwConnectList = rwCleanList(event.data.list);
});

self.addEventListener('fetch', (event) => {
  const url = event.request.url;
  if (event.request.mode === 'navigate') return;
  if (rwConnectAllowed(url, self.location.origin, rwConnectList)) return;
  event.respondWith(
    (async () => {
      const fresh = await rwAskClient(event.clientId);
      if (fresh) rwConnectList = fresh;
      if (fresh && rwConnectAllowed(url, self.location.origin, fresh)) return fetch(event.request);
      console.warn(
        `Reelwright refused a request to ${new URL(url).origin}: it is not one of your connections.`,
      );
      return Response.error();
    })(),
  );
});

self.rwConnectAllowed = rwConnectAllowed;
