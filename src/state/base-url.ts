/** Which base URLs a connection may have: a key is only ever sent to one of these. */

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** True for `https://…`, or `http://` to this machine (localhost, 127.x.x.x, ::1): mock servers, local gateways. */
export function isAllowedBaseUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  return LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
}
