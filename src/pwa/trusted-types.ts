/**
 * Trusted Types (`require-trusted-types-for 'script'` in index.html's policy): no string reaches an HTML,
 * script or script-URL sink unless a named policy made it. Lit renders through its own `lit-html` policy;
 * this `default` policy covers the only other sinks the app uses, worker and service-worker script URLs,
 * and lets through same-origin URLs only. HTML and script strings have no policy at all, so an injected
 * `innerHTML` or `eval` throws instead of running. Imported first by main.ts, before any sink is used.
 */
interface TrustedTypePolicyFactoryLike {
  createPolicy(name: string, rules: { createScriptURL?: (input: string) => string | null }): unknown;
}

export function sameOriginScriptUrl(input: string, base: string): string | null {
  try {
    const url = new URL(input, base);
    // blob: URLs carry their creator's origin; no script of this app is ever one.
    const web = url.protocol === 'https:' || url.protocol === 'http:';
    return web && url.origin === new URL(base).origin ? input : null;
  } catch {
    return null;
  }
}

const factory = (globalThis as { trustedTypes?: TrustedTypePolicyFactoryLike }).trustedTypes;
factory?.createPolicy('default', {
  createScriptURL: (input) => sameOriginScriptUrl(input, location.href),
});
