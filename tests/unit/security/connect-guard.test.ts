import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { connectAllowList, type ConnectAllowList } from '../../../src/pwa/connect-allow.ts';
import { sameOriginScriptUrl } from '../../../src/pwa/trusted-types.ts';
import type { Connection } from '../../../src/types.ts';

type Allowed = (url: string, selfOrigin: string, list: ConnectAllowList | undefined) => boolean;

/** The service worker helper, evaluated as the worker would (a classic script with `self`). */
function loadGuard(): { allowed: Allowed; listeners: Record<string, (event: unknown) => void> } {
  const listeners: Record<string, (event: unknown) => void> = {};
  const self = {
    location: { origin: 'https://app.example' },
    addEventListener: (type: string, listener: (event: unknown) => void) => (listeners[type] = listener),
    clients: { get: async () => undefined },
  };
  const source = readFileSync(join(import.meta.dirname, '../../../public/connect-guard.js'), 'utf8');
  runInNewContext(source, { self, URL, console, setTimeout, clearTimeout, Response, fetch });
  return { allowed: (self as unknown as { rwConnectAllowed: Allowed }).rwConnectAllowed, listeners };
}

const connection = (patch: Partial<Connection>): Connection =>
  ({ id: 'c', kind: 'openai', label: 'c', concurrency: 2, ...patch }) as Connection;

describe('connect-src is narrowed at run time to the configured connections', () => {
  const { allowed, listeners } = loadGuard();
  const SELF = 'https://app.example';

  it('lists the origins of the connections, and fal.ai’s own hosts for a fal connection', () => {
    expect(
      connectAllowList([
        connection({ kind: 'local', id: 'local' }),
        connection({ baseUrl: 'https://gw.example/v1/' }),
        connection({ baseUrl: 'http://127.0.0.1:4020/v1' }),
        connection({ baseUrl: 'http://evil.example/v1' }),
        connection({ kind: 'fal', baseUrl: undefined }),
      ]),
    ).toEqual({
      origins: [
        'http://127.0.0.1:4020',
        'https://gw.example',
        'https://queue.fal.run',
        'https://rest.fal.ai',
      ],
      hostSuffixes: ['fal.ai', 'fal.media', 'fal.run'],
    });
  });

  it('the worker lets through only its own origin, listed origins and listed host families', () => {
    const list = connectAllowList([
      connection({ baseUrl: 'https://gw.example/v1' }),
      connection({ kind: 'fal' }),
    ]);
    expect(allowed(`${SELF}/assets/app.js`, SELF, undefined)).toBe(true);
    expect(allowed('blob:https://app.example/1234', SELF, undefined)).toBe(true);
    expect(allowed('https://gw.example/v1/videos', SELF, list)).toBe(true);
    expect(allowed('https://v3.fal.media/files/clip.mp4', SELF, list)).toBe(true);
    expect(allowed('https://queue.fal.run/fal-ai/x', SELF, list)).toBe(true);
    // Everything else is refused, however close it looks.
    expect(allowed('https://gw.example.evil.example/v1', SELF, list)).toBe(false);
    expect(allowed('https://evilfal.media/x', SELF, list)).toBe(false);
    expect(allowed('http://v3.fal.media/x', SELF, list)).toBe(false);
    expect(allowed('https://gw.example:8443/v1', SELF, list)).toBe(false);
    expect(allowed('https://attacker.example/collect', SELF, list)).toBe(false);
    expect(allowed('https://attacker.example/collect', SELF, undefined)).toBe(false);
    expect(allowed('not a url', SELF, list)).toBe(false);
  });

  it('the worker refuses a fetch to an unknown origin when the page does not vouch for it', async () => {
    let answer: Promise<Response> | undefined;
    listeners.fetch!({
      request: { url: 'https://attacker.example/collect', mode: 'cors' },
      clientId: 'gone',
      respondWith: (response: Promise<Response>) => (answer = response),
    });
    expect(answer).toBeDefined();
    expect((await answer!).type).toBe('error');
    // A listed origin is not intercepted at all (the browser fetches it as usual).
    listeners.message!({ data: { type: 'rw-connect-allow', list: { origins: ['https://gw.example'] } } });
    let intercepted = false;
    listeners.fetch!({
      request: { url: 'https://gw.example/v1/videos', mode: 'cors' },
      clientId: 'x',
      respondWith: () => (intercepted = true),
    });
    expect(intercepted).toBe(false);
  });

  it('the Trusted Types default policy passes same-origin script URLs only', () => {
    expect(sameOriginScriptUrl('/assets/stitch.worker-abc.js', SELF)).toBe('/assets/stitch.worker-abc.js');
    expect(sameOriginScriptUrl(`${SELF}/sw.js`, SELF)).toBe(`${SELF}/sw.js`);
    expect(sameOriginScriptUrl('https://cdn.example/x.js', SELF)).toBeNull();
    expect(sameOriginScriptUrl('data:text/javascript,alert(1)', SELF)).toBeNull();
    expect(sameOriginScriptUrl('blob:https://app.example/123', SELF)).toBeNull();
  });
});
