// createOpenAIMock(): an in-process HTTP mock of the OpenAI Videos API (the "Sora 2 contract"),
// POST /images/generations (validated against openapi.yaml) and POST /audio/speech (validated by hand from
// the SDK's contract, answered with measurable tones). See README.md next to this file.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { loadSpec } from './spec.mjs';
import { Clock, JobStore } from './jobs.mjs';
import { Faults } from './faults.mjs';
import { AZURE_401_MESSAGE, AzureError, BAD_GATEWAY_HTML, errors, HttpError } from './errors.mjs';
import { parseBody, readRaw } from './body.mjs';
import { createVideo, deleteVideo, listVideos, remixVideo, retrieveVideo, videoContent } from './videos.mjs';
import { generateImages } from './imagegen.mjs';
import { createSpeech } from './speech.mjs';
import { bytesMatchType } from './content.mjs';

export { encodePng, readImageInfo } from './images.mjs';
export { maskKey } from './errors.mjs';
export { MEDIA_DIR } from './content.mjs';
export { loadSpec } from './spec.mjs';
export {
  SPEECH_CHARS_PER_SECOND,
  SPEECH_SAMPLE_RATE,
  VOICE_FREQUENCIES,
  speechSeconds,
  voiceFrequency,
} from './tone.mjs';

export const DEFAULT_KEY = 'sk-test-valid';

export const EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'retry-after-ms',
  'openai-poll-after-ms',
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-should-retry',
  'openai-processing-ms',
  'x-mock-image-model',
  'x-mock-tone-hz',
  'x-mock-duration-ms',
  'x-mock-limitation',
];

/**
 * @typedef {{
 *   keys: string[], azure: boolean, azureDeployments: Record<string, string>, jobDurationMs: number,
 *   expiresAfterSec: number, pollAfterMs: number, cors: boolean, corsOrigin: '*' | 'reflect',
 *   basePath: string, quiet: boolean, videoFile: string | null,
 * }} MockConfig
 *
 * @typedef {import('./faults.mjs').RouteName} RouteName
 *
 * @typedef {{
 *   status: number, body?: unknown, schema?: string, headers?: Record<string, string>,
 *   raw?: Buffer, contentType?: string, drop?: boolean,
 *   sse?: Array<{ event: string, data: unknown, schema: string }>,
 * }} Reply
 *
 * @typedef {{
 *   req: import('node:http').IncomingMessage, url: URL, route: RouteName, params: Record<string, string>,
 *   config: MockConfig, store: JobStore, clock: Clock, spec: import('./spec.mjs').Spec, faults: Faults,
 *   counters: Counters, summary: Record<string, unknown>,
 *   body: () => Promise<import('./body.mjs').ParsedBody>,
 *   checkRequest: (schemaName: string, data: unknown) => void,
 *   checkQuery: (path: string, method: string, query: Record<string, unknown>) => void,
 *   noteFault: (type: string) => void,
 *   noteSpeech: (line: SpeechLine) => void,
 *   storeFile: (name: string, bytes: Buffer, contentType: string) => string,
 * }} Ctx
 *
 * @typedef {{
 *   model: string, voice: string, input: string, speed: number, format: string,
 *   instructions: string | null, frequency: number, seconds: number,
 * }} SpeechLine
 */

const newCounters = () => ({
  requests: 0,
  creates: 0,
  createsAccepted: 0,
  remixes: 0,
  remixesAccepted: 0,
  retrieves: 0,
  lists: 0,
  deletes: 0,
  contents: 0,
  imageRequests: 0,
  missingModelImageRequests: 0,
  speechRequests: 0,
  speechAccepted: 0,
  speechCharacters: 0,
  unauthorized: 0,
  faultsTriggered: 0,
  hungRequests: 0,
  droppedConnections: 0,
  requestSchemaFailures: 0,
  responseValidationFailures: 0,
});
/** @typedef {ReturnType<typeof newCounters>} Counters */

/** @type {Record<RouteName, keyof Counters>} */
const ROUTE_COUNTER = {
  create: 'creates',
  remix: 'remixes',
  retrieve: 'retrieves',
  list: 'lists',
  delete: 'deletes',
  content: 'contents',
  images: 'imageRequests',
  speech: 'speechRequests',
};

/** @type {Array<{ method: string, re: RegExp, route: RouteName, handler: (ctx: Ctx) => Promise<Reply> }>} */
const ROUTES = [
  { method: 'POST', re: /^\/videos$/, route: 'create', handler: createVideo },
  { method: 'GET', re: /^\/videos$/, route: 'list', handler: listVideos },
  { method: 'GET', re: /^\/videos\/(?<video_id>[^/]+)$/, route: 'retrieve', handler: retrieveVideo },
  { method: 'DELETE', re: /^\/videos\/(?<video_id>[^/]+)$/, route: 'delete', handler: deleteVideo },
  { method: 'GET', re: /^\/videos\/(?<video_id>[^/]+)\/content$/, route: 'content', handler: videoContent },
  { method: 'POST', re: /^\/videos\/(?<video_id>[^/]+)\/remix$/, route: 'remix', handler: remixVideo },
  { method: 'POST', re: /^\/images\/generations$/, route: 'images', handler: generateImages },
  { method: 'POST', re: /^\/audio\/speech$/, route: 'speech', handler: createSpeech },
];

const LAST_REQUESTS = 50;

/**
 * @typedef {{
 *   port?: number, host?: string, keys?: string[], azure?: boolean,
 *   azureDeployments?: string[] | Record<string, string>, jobDurationMs?: number, expiresAfterSec?: number,
 *   pollAfterMs?: number, cors?: boolean, corsOrigin?: '*' | 'reflect', basePath?: string, quiet?: boolean,
 *   faults?: import('./faults.mjs').FaultSpec[], videoFile?: string | null,
 * }} MockOptions
 */

/** @param {MockOptions} opts @returns {MockConfig} */
function makeConfig(opts) {
  const deployments = opts.azureDeployments ?? ['sora-2', 'sora-2-pro', 'gpt-image-1'];
  return {
    keys: opts.keys ?? [DEFAULT_KEY],
    azure: opts.azure ?? false,
    azureDeployments: Array.isArray(deployments)
      ? Object.fromEntries(deployments.map((d) => [d, d]))
      : { ...deployments },
    jobDurationMs: opts.jobDurationMs ?? 3000,
    expiresAfterSec: opts.expiresAfterSec ?? 3600,
    pollAfterMs: opts.pollAfterMs ?? 1000,
    cors: opts.cors ?? true,
    corsOrigin: opts.corsOrigin ?? '*',
    basePath: (opts.basePath ?? (opts.azure ? '/openai/v1' : '/v1')).replace(/\/$/, ''),
    quiet: opts.quiet ?? false,
    videoFile: opts.videoFile ?? null,
  };
}

/**
 * Starts the mock. Resolves once it listens.
 * @param {MockOptions} [opts]
 */
export async function createOpenAIMock(opts = {}) {
  const initial = makeConfig(opts);
  /** @type {MockConfig} */
  let config = { ...initial, azureDeployments: { ...initial.azureDeployments } };
  const spec = loadSpec();
  const clock = new Clock();
  const store = new JobStore(clock, {
    get expiresAfterSec() {
      return config.expiresAfterSec;
    },
  });
  const faults = new Faults();
  if (opts.faults) faults.add(opts.faults);
  let counters = newCounters();
  /** @type {string[]} */
  let responseValidationErrors = [];
  /** @type {Array<Record<string, unknown>>} */
  let lastRequests = [];
  /** @type {SpeechLine[]} */
  let speechLog = [];
  /** @type {Set<import('node:http').ServerResponse>} */
  const hung = new Set();
  /** @type {Map<string, { bytes: Buffer, contentType: string }>} */
  const files = new Map();

  const log = (/** @type {string} */ msg) => {
    if (!config.quiet) console.log(`[openai-mock] ${msg}`);
  };

  /** @param {string} what @param {string[]} errs */
  const responseInvalid = (what, errs) => {
    counters.responseValidationFailures++;
    const msg = `RESPONSE VALIDATION FAILED (${what}): ${errs.join('; ')}`;
    responseValidationErrors.push(msg);
    console.error(`[openai-mock] ${msg}`);
  };

  /** @param {import('node:http').IncomingMessage} req */
  const corsHeaders = (req) => {
    if (!config.cors) return {};
    const origin = req.headers.origin;
    /** @type {Record<string, string>} */
    const h = {
      'access-control-allow-origin': config.corsOrigin === 'reflect' && origin ? origin : '*',
      'access-control-expose-headers': EXPOSED_HEADERS.join(', '),
    };
    if (config.corsOrigin === 'reflect') h.vary = 'Origin';
    return h;
  };

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {Record<string, string>} headers
   * @param {string | Buffer} [payload]
   */
  const write = (res, status, headers, payload) => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, headers);
    res.end(payload);
  };

  /** Converts a thrown error to a reply. @param {unknown} err @returns {Reply} */
  const errorReply = (err) => {
    if (err instanceof AzureError)
      return { status: err.status, body: { error: err.error }, schema: 'AzureError' };
    if (err instanceof HttpError) {
      return {
        status: err.status,
        body: { error: err.error },
        schema: 'ErrorResponse',
        headers: err.headers,
      };
    }
    console.error('[openai-mock] internal error', err);
    counters.responseValidationFailures++;
    responseValidationErrors.push(`internal error: ${/** @type {Error} */ (err)?.stack ?? err}`);
    return { status: 500, body: { error: errors.serverError().error }, schema: 'ErrorResponse' };
  };

  /**
   * Sends a reply after validating it against the spec.
   * @param {import('node:http').ServerResponse} res
   * @param {Reply} reply
   * @param {Record<string, string>} base
   * @param {string} what
   */
  const sendReply = (res, reply, base, what) => {
    const headers = { ...base, ...(reply.headers ?? {}) };
    if (reply.sse) {
      res.writeHead(reply.status, {
        ...headers,
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
      });
      for (const ev of reply.sse) {
        const v = spec.schema(ev.schema)(ev.data);
        if (!v.valid) responseInvalid(`${what} event ${ev.event}`, v.errors);
        res.write(`event: ${ev.event}\ndata: ${JSON.stringify(ev.data)}\n\n`);
      }
      res.end();
      return;
    }
    if (reply.raw) {
      if (!reply.contentType || !bytesMatchType(reply.raw, reply.contentType)) {
        responseInvalid(what, [`bytes do not match ${reply.contentType}`]);
      }
      write(
        res,
        reply.status,
        {
          ...headers,
          'content-type': /** @type {string} */ (reply.contentType),
          'content-length': String(reply.raw.length),
        },
        reply.raw,
      );
      return;
    }
    if (reply.schema) {
      const v = spec.schema(reply.schema)(reply.body);
      if (!v.valid) responseInvalid(`${what} -> ${reply.status} ${reply.schema}`, v.errors);
    } else if (reply.status !== 502) {
      responseInvalid(what, ['JSON reply without a schema']);
    }
    if (typeof reply.body === 'string') {
      write(res, reply.status, { ...headers, 'content-type': 'text/html' }, reply.body);
      return;
    }
    write(res, reply.status, { ...headers, 'content-type': 'application/json' }, JSON.stringify(reply.body));
  };

  /** @param {import('node:http').IncomingMessage} req @param {string | null} forcedKey */
  const authenticate = (req, forcedKey) => {
    const authz = req.headers.authorization;
    let key = null;
    if (typeof authz === 'string' && authz.trim()) {
      const m = /^Bearer\s+(.*)$/i.exec(authz.trim());
      key = (m ? m[1] : authz).trim();
    }
    const apiKey = req.headers['api-key'];
    if (config.azure && typeof apiKey === 'string' && apiKey) key = apiKey;
    const ok = key !== null && key !== '' && config.keys.includes(key) && forcedKey === null;
    if (ok) return;
    counters.unauthorized++;
    if (config.azure) throw new AzureError(401, '401', AZURE_401_MESSAGE);
    if (!key) throw errors.noApiKey();
    throw errors.incorrectApiKey(key);
  };

  /**
   * Request-time faults (after auth). Returns a reply or null.
   * @param {RouteName} route @param {Ctx} ctx @returns {Reply | null}
   */
  const requestFault = (route, ctx) => {
    const f = faults.take(['rate_limit', 'insufficient_quota', 'server_error'], route);
    if (!f) return null;
    ctx.noteFault(f.type);
    /** @type {Record<string, string>} */
    const headers = {};
    if (f.shouldRetry !== undefined) headers['x-should-retry'] = String(f.shouldRetry);
    if (f.type === 'server_error') {
      const status = f.status ?? 500;
      if (status === 502) return { status, body: BAD_GATEWAY_HTML, headers };
      const err = status === 503 ? errors.overloaded() : errors.serverError();
      return { status, body: { error: err.error }, schema: 'ErrorResponse', headers };
    }
    const retryAfterSec = f.retryAfterSec ?? (f.type === 'rate_limit' ? 1 : undefined);
    const retryAfterMs = f.retryAfterMs ?? (retryAfterSec !== undefined ? retryAfterSec * 1000 : undefined);
    if (retryAfterSec !== undefined) headers['retry-after'] = String(retryAfterSec);
    if (retryAfterMs !== undefined) headers['retry-after-ms'] = String(retryAfterMs);
    headers['x-ratelimit-limit-requests'] = '2';
    headers['x-ratelimit-remaining-requests'] = '0';
    headers['x-ratelimit-reset-requests'] = `${retryAfterSec ?? 60}s`;
    const err =
      f.type === 'rate_limit'
        ? errors.rateLimited(
            route === 'images' ? 'gpt-image-1' : route === 'speech' ? 'tts-1' : 'sora-2',
            retryAfterSec ?? 1,
          )
        : errors.insufficientQuota();
    return { status: 429, body: { error: err.error }, schema: 'ErrorResponse', headers };
  };

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  const handleApi = async (req, res) => {
    const started = Date.now();
    const requestId = `req_${randomBytes(16).toString('hex')}`;
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const method = (req.method ?? 'GET').toUpperCase();
    /** @type {Record<string, string>} */
    const base = { 'x-request-id': requestId, 'openai-version': '2020-10-01', ...corsHeaders(req) };

    if (method === 'OPTIONS') {
      // CORS preflight: reflect the requested method and headers (nothing at all when CORS is off).
      /** @type {Record<string, string>} */
      const h = { ...base };
      if (config.cors) {
        h['access-control-allow-methods'] =
          String(req.headers['access-control-request-method'] ?? '') || 'GET, POST, DELETE, OPTIONS';
        const reqHeaders = req.headers['access-control-request-headers'];
        if (reqHeaders) h['access-control-allow-headers'] = String(reqHeaders);
        h['access-control-max-age'] = '86400';
      }
      write(res, 204, h);
      return;
    }

    counters.requests++;
    /** @type {Record<string, unknown>} */
    const summary = { requestId, method, path: url.pathname, at: new Date().toISOString() };
    lastRequests.push(summary);
    if (lastRequests.length > LAST_REQUESTS) lastRequests = lastRequests.slice(-LAST_REQUESTS);

    const rel = url.pathname.startsWith(`${config.basePath}/`)
      ? url.pathname.slice(config.basePath.length)
      : null;
    const match = rel === null ? null : ROUTES.find((r) => r.method === method && r.re.test(rel));
    if (!match || rel === null) {
      summary.status = 404;
      sendReply(res, errorReply(errors.invalidUrl(method, url.pathname)), base, `${method} ${url.pathname}`);
      return;
    }
    const route = match.route;
    summary.route = route;
    counters[ROUTE_COUNTER[route]]++;
    const what = `${method} ${url.pathname}`;

    /** @type {Promise<import('./body.mjs').ParsedBody> | null} */
    let bodyPromise = null;
    /** @type {Ctx} */
    const ctx = {
      req,
      url,
      route,
      params: /** @type {Record<string, string>} */ ({ ...match.re.exec(rel)?.groups }),
      config,
      store,
      clock,
      spec,
      faults,
      counters,
      summary,
      body: () => (bodyPromise ??= readRaw(req).then((raw) => parseBody(req, raw))),
      checkRequest: (schemaName, data) => {
        const v = spec.schema(schemaName)(data);
        if (!v.valid) {
          counters.requestSchemaFailures++;
          throw new HttpError(400, {
            message: `Invalid request body (${schemaName}): ${v.errors.join('; ')}`,
          });
        }
      },
      checkQuery: (path, m, query) => {
        const v = spec.query(path, m)(query);
        if (!v.valid) {
          counters.requestSchemaFailures++;
          throw new HttpError(400, { message: `Invalid query parameters: ${v.errors.join('; ')}` });
        }
      },
      noteFault: (type) => {
        counters.faultsTriggered++;
        summary.fault = type;
      },
      noteSpeech: (line) => {
        speechLog.push(line);
        if (speechLog.length > LAST_REQUESTS) speechLog = speechLog.slice(-LAST_REQUESTS);
      },
      storeFile: (name, bytes, contentType) => {
        files.set(name, { bytes, contentType });
        if (files.size > 64) files.delete(/** @type {string} */ (files.keys().next().value));
        return `http://${req.headers.host}/__mock/files/${name}`;
      },
    };

    const hang = faults.take(['hang'], route);
    if (hang) {
      ctx.noteFault('hang');
      counters.hungRequests++;
      summary.status = 'hang';
      hung.add(res);
      res.on('close', () => hung.delete(res));
      log(`${what} -> (hanging)`);
      return;
    }

    /** @type {Reply} */
    let reply;
    try {
      const forced = faults.take(['unauthorized'], route);
      if (forced) ctx.noteFault('unauthorized');
      authenticate(req, forced ? 'forced' : null);
      reply = requestFault(route, ctx) ?? (await match.handler(ctx));
    } catch (err) {
      reply = errorReply(err);
    }
    // Drain an unread body so keep-alive connections stay usable.
    if (!bodyPromise) await readRaw(req).catch(() => undefined);
    summary.status = reply.status;
    base['openai-processing-ms'] = String(Date.now() - started);
    if (reply.status < 400) {
      base['x-ratelimit-limit-requests'] = '5000';
      base['x-ratelimit-remaining-requests'] = '4999';
    }
    if (reply.drop) {
      // The job exists and is counted; the client never hears about it.
      if (reply.schema) {
        const v = spec.schema(reply.schema)(reply.body);
        if (!v.valid) responseInvalid(`${what} (dropped)`, v.errors);
      }
      counters.droppedConnections++;
      summary.status = 'dropped';
      log(`${what} -> 200 (connection dropped)`);
      // The status line and headers go out, then the connection dies mid-body. (Dropping before any
      // response byte on a reused keep-alive socket makes Chromium resend the request by itself, which
      // no page can prevent; the mid-response drop is the case an app must handle.)
      res.writeHead(200, { ...base, 'content-type': 'application/json', 'content-length': '4096' });
      res.flushHeaders();
      res.write('{"id":');
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    log(`${what} -> ${reply.status}${summary.fault ? ` [fault ${summary.fault}]` : ''}`);
    sendReply(res, reply, base, what);
  };

  /**
   * Control API: /__mock/*
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URL} url
   */
  const handleControl = async (req, res, url) => {
    const h = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
    const method = (req.method ?? 'GET').toUpperCase();
    const ok = (/** @type {unknown} */ body) => write(res, 200, h, JSON.stringify(body));
    const bad = (/** @type {string} */ message) => write(res, 400, h, JSON.stringify({ error: message }));
    if (method === 'OPTIONS') {
      write(res, 204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, DELETE',
        'access-control-allow-headers': String(
          req.headers['access-control-request-headers'] ?? 'content-type',
        ),
      });
      return;
    }
    let body = /** @type {any} */ ({});
    const raw = await readRaw(req);
    if (raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        bad('invalid JSON');
        return;
      }
    }
    try {
      const p = url.pathname;
      if (p === '/__mock/state' && method === 'GET') return ok(api.state());
      if (p === '/__mock/reset' && method === 'POST') return ok((api.reset(), api.state()));
      if (p === '/__mock/faults' && method === 'POST') {
        const list = Array.isArray(body)
          ? body
          : Array.isArray(body.faults)
            ? body.faults
            : body.type
              ? [body]
              : [];
        if (body.replace) faults.clear();
        api.setFaults(list);
        const { faults: _f, replace: _r, type: _t, ...settings } = Array.isArray(body) ? {} : body;
        if (Object.keys(settings).length && !body.type) api.configure(settings);
        return ok(api.state());
      }
      if (p === '/__mock/faults' && method === 'DELETE') return ok((faults.clear(), api.state()));
      if (p === '/__mock/config' && method === 'POST') return ok((api.configure(body), api.state()));
      if (p === '/__mock/advance' && method === 'POST') {
        if (typeof body.ms !== 'number') return bad('expected {"ms": number}');
        return ok((api.advance(body.ms), api.state()));
      }
      const file = /^\/__mock\/files\/([\w.-]+)$/.exec(p);
      if (file && method === 'GET') {
        const f = files.get(file[1]);
        if (!f) return write(res, 404, h, JSON.stringify({ error: 'no such file' }));
        return write(
          res,
          200,
          { 'content-type': f.contentType, 'access-control-allow-origin': '*' },
          f.bytes,
        );
      }
      write(res, 404, h, JSON.stringify({ error: `unknown control route ${method} ${p}` }));
    } catch (err) {
      bad(/** @type {Error} */ (err).message);
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handler = url.pathname.startsWith('/__mock/') ? handleControl(req, res, url) : handleApi(req, res);
    handler.catch((err) => {
      console.error('[openai-mock] unhandled', err);
      if (!res.headersSent) write(res, 500, { 'content-type': 'text/plain' }, 'mock crashed');
    });
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://${host}:${address.port}`;

  const api = {
    /** Base URL for API clients, e.g. http://127.0.0.1:4010/v1 */
    url: `${origin}${config.basePath}`,
    origin,
    port: address.port,
    key: config.keys[0],
    /** Stops listening and destroys every open connection (hung ones included). */
    close: async () => {
      for (const res of hung) res.destroy();
      hung.clear();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
    state: () => ({
      ...counters,
      responseValidationErrors: [...responseValidationErrors],
      faults: faults.list(),
      config: { ...config },
      clockOffsetMs: clock.offsetMs,
      now: clock.now(),
      jobs: store.ordered('asc').map((j) => {
        const v = store.view(j);
        return {
          id: v.id,
          status: v.status,
          progress: v.progress,
          model: v.model,
          size: v.size,
          prompt: v.prompt,
        };
      }),
      lastRequests: lastRequests.map((r) => ({ ...r })),
      speech: speechLog.map((line) => ({ ...line })),
    }),
    /** @param {import('./faults.mjs').FaultSpec | import('./faults.mjs').FaultSpec[]} specs */
    setFaults: (specs) => faults.add(specs),
    clearFaults: () => faults.clear(),
    /** @param {Partial<MockOptions>} changes runtime settings (jobDurationMs, cors, azure, keys, ...) */
    configure: (changes) => {
      const allowed = [
        'keys',
        'azure',
        'azureDeployments',
        'jobDurationMs',
        'expiresAfterSec',
        'pollAfterMs',
        'cors',
        'corsOrigin',
        'quiet',
        'videoFile',
      ];
      for (const key of Object.keys(changes)) {
        if (!allowed.includes(key))
          throw new Error(`unknown config key ${key}; expected one of ${allowed.join(', ')}`);
      }
      const next = makeConfig({ ...config, ...changes, basePath: config.basePath });
      config = next;
    },
    /** Forgets jobs, faults, counters, clock offset and restores the creation-time config. */
    reset: () => {
      store.clear();
      faults.clear();
      clock.reset();
      counters = newCounters();
      responseValidationErrors = [];
      lastRequests = [];
      speechLog = [];
      files.clear();
      for (const res of hung) res.destroy();
      hung.clear();
      config = { ...initial, azureDeployments: { ...initial.azureDeployments } };
    },
    /** Moves the mock clock forward (jobs progress, content expires). @param {number} ms */
    advance: (ms) => clock.advance(ms),
  };
  return api;
}

/** @typedef {Awaited<ReturnType<typeof createOpenAIMock>>} OpenAIMock */
