// Fault injection: a list of armed faults, each targeting some routes and counting down.

/**
 * Route names a fault can target.
 * @typedef {'create' | 'retrieve' | 'list' | 'delete' | 'content' | 'remix' | 'images' | 'speech'} RouteName
 *
 * @typedef {'unauthorized' | 'rate_limit' | 'insufficient_quota' | 'server_error' | 'hang'
 *   | 'drop_after_accept' | 'moderation' | 'sentinel_block' | 'expired'} FaultType
 *
 * @typedef {{
 *   type: FaultType,
 *   count?: number,          // how many matching requests/jobs it applies to (default 1)
 *   always?: boolean,        // never counts down (until cleared / reset)
 *   route?: RouteName | RouteName[],  // default: every route (see DEFAULT_ROUTES for exceptions)
 *   status?: 500 | 502 | 503,         // server_error only (default 500)
 *   retryAfterSec?: number,  // rate_limit (default 1) / insufficient_quota (default: header absent)
 *   retryAfterMs?: number,   // rate_limit (default retryAfterSec * 1000) / insufficient_quota
 *   shouldRetry?: boolean,   // adds `x-should-retry: true|false` to the error response
 *   message?: string,        // sentinel_block / moderation: override the message
 * }} FaultSpec
 *
 * @typedef {FaultSpec & { remaining: number, routes: RouteName[] | null, hits: number }} ArmedFault
 */

export const FAULT_TYPES = /** @type {const} */ ([
  'unauthorized',
  'rate_limit',
  'insufficient_quota',
  'server_error',
  'hang',
  'drop_after_accept',
  'moderation',
  'sentinel_block',
  'expired',
]);

export const ROUTE_NAMES = /** @type {const} */ ([
  'create',
  'retrieve',
  'list',
  'delete',
  'content',
  'remix',
  'images',
  'speech',
]);

/** @type {Partial<Record<FaultType, RouteName[]>>} */
const DEFAULT_ROUTES = {
  drop_after_accept: ['create', 'remix'],
  moderation: ['create', 'remix'],
  sentinel_block: ['create', 'remix'],
  expired: ['content'],
};

export class Faults {
  constructor() {
    /** @type {ArmedFault[]} */
    this.armed = [];
    this.triggered = 0;
  }

  /**
   * Arms faults (appends to the list; the first matching fault wins).
   * @param {FaultSpec | FaultSpec[]} specs
   */
  add(specs) {
    for (const spec of Array.isArray(specs) ? specs : [specs]) {
      if (!FAULT_TYPES.includes(/** @type {any} */ (spec.type))) {
        throw new Error(
          `Unknown fault type ${JSON.stringify(spec.type)}; expected one of ${FAULT_TYPES.join(', ')}`,
        );
      }
      const routes = spec.route ? (Array.isArray(spec.route) ? spec.route : [spec.route]) : null;
      for (const r of routes ?? []) {
        if (!ROUTE_NAMES.includes(r)) {
          throw new Error(`Unknown route ${JSON.stringify(r)}; expected one of ${ROUTE_NAMES.join(', ')}`);
        }
      }
      if (spec.type === 'server_error' && spec.status && ![500, 502, 503].includes(spec.status)) {
        throw new Error('server_error status must be 500, 502 or 503');
      }
      const count = spec.count ?? 1;
      if (!Number.isInteger(count) || count < 1) throw new Error('fault count must be a positive integer');
      this.armed.push({
        ...spec,
        remaining: count,
        routes: routes ?? DEFAULT_ROUTES[spec.type] ?? null,
        hits: 0,
      });
    }
  }

  clear() {
    this.armed = [];
    this.triggered = 0;
  }

  /**
   * Consumes the first armed fault of one of `types` that targets `route`.
   * @param {readonly FaultType[]} types
   * @param {RouteName} route
   * @returns {ArmedFault | null}
   */
  take(types, route) {
    const i = this.armed.findIndex((f) => types.includes(f.type) && (!f.routes || f.routes.includes(route)));
    if (i < 0) return null;
    const f = this.armed[i];
    f.hits++;
    this.triggered++;
    if (!f.always && --f.remaining <= 0) this.armed.splice(i, 1);
    return f;
  }

  /** Snapshot for /__mock/state. */
  list() {
    return this.armed.map(({ type, remaining, always, routes, hits }) => ({
      type,
      remaining: always ? null : remaining,
      always: !!always,
      routes,
      hits,
    }));
  }
}
