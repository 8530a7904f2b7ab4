/**
 * The page side of the service worker's connect guard (public/connect-guard.js): which origins the app may
 * talk to, from the user's connections, sent to the worker whenever they change and whenever it asks.
 * Everything else is refused by the worker, so `connect-src https:` in the meta policy is narrowed at run
 * time to the configured connections.
 */
import { isAllowedBaseUrl } from '../state/base-url.ts';
import type { Connection } from '../types.ts';

export interface ConnectAllowList {
  /** Exact origins (`https://gw.example`). */
  origins: string[];
  /** Hosts allowed with their subdomains: a provider's own file and queue hosts (fal.ai's CDN). */
  hostSuffixes: string[];
}

/** fal.ai's queue, REST, storage and file-CDN hosts (result files and reference uploads live there). */
const FAL_HOSTS = ['fal.run', 'fal.ai', 'fal.media'];
const FAL_DEFAULT_ORIGINS = ['https://queue.fal.run', 'https://rest.fal.ai'];

export function connectAllowList(connections: readonly Connection[]): ConnectAllowList {
  const origins = new Set<string>();
  const hostSuffixes = new Set<string>();
  for (const connection of connections) {
    if (connection.kind === 'local') continue;
    if (connection.kind === 'fal') {
      FAL_DEFAULT_ORIGINS.forEach((origin) => origins.add(origin));
      FAL_HOSTS.forEach((host) => hostSuffixes.add(host));
    }
    const base = connection.baseUrl?.trim();
    if (base && isAllowedBaseUrl(base)) origins.add(new URL(base).origin);
  }
  return { origins: [...origins].sort(), hostSuffixes: [...hostSuffixes].sort() };
}

/**
 * Keeps the service worker's list current: posted when the connections change and answered when the
 * worker asks. Returns a function that stops it.
 */
export function serveConnectAllowList(
  connections: () => readonly Connection[],
  subscribe: (onChange: () => void) => () => void,
): () => void {
  const container = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  if (!container) return () => undefined;
  let last = '';
  const post = (): void => {
    const list = connectAllowList(connections());
    const text = JSON.stringify(list);
    if (text === last) return;
    last = text;
    container.controller?.postMessage({ type: 'rw-connect-allow', list });
  };
  const onMessage = (event: MessageEvent): void => {
    const data = event.data as { type?: unknown } | null;
    if (data?.type === 'rw-connect-ask') event.ports[0]?.postMessage(connectAllowList(connections()));
  };
  const onController = (): void => {
    last = '';
    post();
  };
  container.addEventListener('message', onMessage);
  container.addEventListener('controllerchange', onController);
  const unsubscribe = subscribe(post);
  post();
  return () => {
    unsubscribe();
    container.removeEventListener('message', onMessage);
    container.removeEventListener('controllerchange', onController);
  };
}
