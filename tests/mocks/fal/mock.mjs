/**
 * A local stand-in for fal.ai that follows /work/shared/api/PROVIDERS.md §2: one HTTP server playing the
 * queue (`/queue/...`), the storage REST API (`/storage/upload/initiate`) and the public CDN (`/cdn/...`).
 *
 * Text to speech: the endpoints of config/voices/fal.json (rules in speech-rules.mjs) run through the same queue;
 * their result is `{audio: {url, content_type: 'audio/wav', file_name, file_size}}`, a WAV on the CDN carrying a
 * tone at `voiceFrequency(voice)` for `speechSeconds(text, speed)` (../openai/tone.mjs: 24 kHz, one second per
 * 16 characters). Mock limitation: ElevenLabs endpoints return WAV, not MP3. `state().speech` lists the results.
 *
 * Time is virtual: a job's phase is computed from `now() = Date.now() + offset`; `advance(ms)` moves it.
 * Faults are injected from the factory (`setFaults`) or the control API (`/__mock/*`).
 *
 * @module
 */

import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENDPOINT_RULES, IMAGE_SIZE_PRESETS, checkCatalog, loadCatalog, validateInput } from './rules.mjs';
import {
  SPEECH_RULES,
  checkSpeechCatalog,
  loadSpeechCatalog,
  speechLineOf,
  validateSpeechInput,
} from './speech-rules.mjs';
import { speechAudio } from '../openai/tone.mjs';

export const DEFAULT_PORT = 4020;
export const TEST_KEY = 'fal-test-key';

/** @typedef {'submit'|'status'|'result'|'cancel'|'initiate'|'upload'|'cdn'} Route */

/**
 * A fault rule. Request faults (`rate-limit`, `server-error`, `unauthorized`, `hang`) hit the next `count`
 * requests matching `route` (default any route but the control API) and `endpoint` (an endpoint id prefix).
 * Job faults (`completed-error`, `expired`) mark the next `count` submitted jobs: they run normally, then
 * the result request answers the error / the result and its files are already gone.
 *
 * @typedef {object} Fault
 * @property {'rate-limit'|'server-error'|'unauthorized'|'hang'|'completed-error'|'expired'} kind
 * @property {Route|'any'} [route]
 * @property {string} [endpoint]
 * @property {number} [count] default 1
 * @property {number} [status] server-error: default 500; completed-error: default 422; expired: default 410
 * @property {number} [retryAfter] rate-limit: seconds for `retry-after` (default 2)
 * @property {string} [errorType] `error_type` / `X-Fal-Error-Type` (server-error, completed-error with status >= 500)
 * @property {unknown} [detail] body `detail` (completed-error: a `detail[]` list or a string)
 */

/**
 * @typedef {object} FalMockOptions
 * @property {number} [port] 0 for a free port (default 0 from the factory; the CLI uses 4020)
 * @property {string} [host] default 127.0.0.1
 * @property {string} [publicUrl] base put in returned URLs (default `http://{host}:{port}`)
 * @property {string[]} [keys] accepted keys (default [`fal-test-key`])
 * @property {number} [jobDurationMs] submit to COMPLETED (default 3000); the first third is IN_QUEUE
 * @property {boolean} [frozenClock] time moves only by `advance(ms)`, never by itself (unit tests that count
 *   phases: a busy machine must not skip one between two polls)
 * @property {number} [resultTtlMs] results and output files live this long after completion (default 1 h)
 * @property {'submit'|'result'} [validateAt] where invalid input is reported: at submit (422), or as the
 *   live queue does, by a job that ends COMPLETED whose result answers 422 (default `result`)
 * @property {string} [catalogPath] config/models/fal.json by default
 * @property {string} [speechCatalogPath] config/voices/fal.json by default
 * @property {string | null} [videoFile] an MP4 (absolute path) every video result serves instead of the
 *   portrait/landscape fixture (e.g. a 24 fps or silent clip); default null: those fixtures
 */

/**
 * @typedef {object} FalMock
 * @property {string} url server root (control API at `${url}/__mock/...`)
 * @property {string} queueUrl queue base: `POST ${queueUrl}/{endpoint_id}`
 * @property {string} restUrl storage REST base: `POST ${restUrl}/storage/upload/initiate`
 * @property {string} cdnUrl public file base
 * @property {() => Promise<void>} close
 * @property {() => MockState} state
 * @property {(faults: Fault[], append?: boolean) => void} setFaults
 * @property {() => void} reset
 * @property {(ms: number) => void} advance
 * @property {() => Upload[]} uploads every file PUT to an upload URL since the last reset, oldest first
 * @property {(file: string | null) => void} setVideoFile serve this MP4 (absolute path) as every video result
 *   from now on (null: the default fixtures again; `reset()` restores the `videoFile` option)
 */

/**
 * @typedef {object} Upload
 * @property {string} fileUrl the `file_url` the upload was initiated for (what a job's input names)
 * @property {string} name
 * @property {string} contentType as sent with the PUT
 * @property {Buffer} bytes exactly what arrived
 */

/**
 * @typedef {object} RequestLog
 * @property {string} method
 * @property {string} path
 * @property {Route|'control'|'other'} route
 * @property {string|null} authorization the Authorization header as received (null when absent)
 * @property {number} status 0 while unanswered (hang)
 */

/**
 * @typedef {object} MockState
 * @property {number} now virtual clock (epoch ms)
 * @property {{submits: number, statusPolls: number, results: number, cancels: number, initiates: number,
 *   uploads: number, cdnGets: number, perModel: Record<string, number>}} counters
 * @property {{id: string, endpoint: string, app: string, status: string, input: unknown}[]} jobs
 * @property {RequestLog[]} requests the last 500 requests, oldest first
 * @property {Fault[]} faults what is left of the injected faults
 * @property {SpeechLine[]} speech every TTS result made since the last reset, oldest first
 */

/**
 * A TTS result: the tone the audio carries (`voiceFrequency(voice)`) and its length (`speechSeconds`).
 * @typedef {object} SpeechLine
 * @property {string} id request id
 * @property {string} endpoint
 * @property {string} voice
 * @property {string} input
 * @property {number} speed
 * @property {number} frequency
 * @property {number} seconds
 */

const FIXTURE_DIRS = ['../../fixtures/media/', '../../fixtures/fal/'].map((dir) =>
  fileURLToPath(new URL(dir, import.meta.url)),
);

/** Prefer the shared media fixtures (tests/fixtures/media), fall back to tests/fixtures/fal. */
function loadFixtures() {
  /** @type {(pattern: RegExp) => Buffer} */
  const find = (pattern) => {
    for (const dir of FIXTURE_DIRS) {
      if (!existsSync(dir)) continue;
      const name = readdirSync(dir)
        .sort()
        .find((file) => pattern.test(file));
      if (name) return readFileSync(dir + name);
    }
    throw new Error(`fal mock: no fixture matching ${pattern}; run tests/fixtures/fal/make-fixtures.sh`);
  };
  return {
    portrait: find(/720x1280.*\.mp4$/),
    landscape: find(/1280x720.*\.mp4$/),
    still: find(/\.png$/),
  };
}

/** `fal-ai/veo3.1/image-to-video` -> `fal-ai/veo3.1`: status/result/cancel URLs drop the sub-path. */
export const appIdOf = (/** @type {string} */ endpointId) => endpointId.split('/').slice(0, 2).join('/');

const CORS_EXPOSE = 'X-Fal-Error-Type, x-fal-request-id, retry-after, X-Fal-Retryable, Content-Length';

/**
 * Start the mock.
 *
 * @param {FalMockOptions} [options]
 * @returns {Promise<FalMock>}
 */
export async function createFalMock(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const keys = new Set(options.keys ?? [TEST_KEY]);
  const jobDurationMs = options.jobDurationMs ?? 3000;
  const resultTtlMs = options.resultTtlMs ?? 3_600_000;
  const validateAt = options.validateAt ?? 'result';
  const catalog = loadCatalog(options.catalogPath);
  const drift = checkCatalog(catalog);
  if (drift.length > 0) throw new Error(`fal mock: catalog and model rules disagree:\n${drift.join('\n')}`);
  const speechCatalog = loadSpeechCatalog(options.speechCatalogPath);
  const speechDrift = checkSpeechCatalog(speechCatalog);
  if (speechDrift.length > 0) {
    throw new Error(`fal mock: voice catalog and TTS rules disagree:\n${speechDrift.join('\n')}`);
  }
  const served = new Set([
    ...catalog.flatMap((model) => Object.values(model.endpoints ?? {})),
    ...speechCatalog.map((model) => model.endpoint ?? ''),
  ]);
  const fixtures = loadFixtures();
  /** @type {Buffer | null} */
  let videoOverride = null;
  const chooseVideo = (/** @type {string | null | undefined} */ file) => {
    videoOverride = file ? readFileSync(file) : null;
  };
  chooseVideo(options.videoFile);

  let offset = 0;
  const started = Date.now();
  const now = options.frozenClock ? () => started + offset : () => Date.now() + offset;
  /** @type {Fault[]} */
  let faults = [];
  /** @type {Map<string, Job>} */
  const jobs = new Map();
  /** @type {Map<string, {bytes: Buffer|null, contentType: string, expiresAt: number, name: string}>} */
  const files = new Map();
  /** @type {RequestLog[]} */
  let requests = [];
  /** @type {Upload[]} */
  let uploads = [];
  /** @type {SpeechLine[]} */
  let speech = [];
  /** @type {Set<import('node:http').ServerResponse>} */
  const hung = new Set();
  const counters = () => ({
    submits: 0,
    statusPolls: 0,
    results: 0,
    cancels: 0,
    initiates: 0,
    uploads: 0,
    cdnGets: 0,
    perModel: /** @type {Record<string, number>} */ ({}),
  });
  let count = counters();

  /**
   * @typedef {object} Job
   * @property {string} id
   * @property {string} endpoint
   * @property {string} app
   * @property {Record<string, unknown>} input
   * @property {number} createdAt
   * @property {number} completesAt
   * @property {import('./rules.mjs').DetailItem[]} invalid
   * @property {Fault|null} failWith
   * @property {number|null} expired HTTP status the result answers once the job completes (expired fault)
   * @property {boolean} canceled
   * @property {unknown} output
   */

  const server = createServer((req, res) => {
    const chunks = /** @type {Buffer[]} */ ([]);
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch (error) {
        send(res, 500, { detail: String(error) });
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = (options.publicUrl ?? `http://${host}:${address.port}`).replace(/\/$/, '');
  const queueUrl = `${url}/queue`;
  const restUrl = url;
  const cdnUrl = `${url}/cdn`;

  /** @type {(res: import('node:http').ServerResponse, status: number, body?: unknown, headers?: Record<string, string>) => void} */
  function send(res, status, body, headers = {}) {
    const log = /** @type {RequestLog|undefined} */ (/** @type {any} */ (res).log);
    if (log) log.status = status;
    const payload = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': CORS_EXPOSE,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    });
    res.end(payload);
  }

  /** @type {(res: import('node:http').ServerResponse, status: number, bytes: Buffer, type: string, head: boolean) => void} */
  function sendBytes(res, status, bytes, type, head) {
    const log = /** @type {RequestLog|undefined} */ (/** @type {any} */ (res).log);
    if (log) log.status = status;
    res.writeHead(status, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': CORS_EXPOSE,
      'Content-Type': type,
      'Content-Length': String(bytes.length),
      'Cache-Control': 'public, max-age=3600',
    });
    res.end(head ? undefined : bytes);
  }

  /** Next matching request fault, consumed. */
  function takeFault(/** @type {Route} */ route, /** @type {string} */ endpoint) {
    const fault = faults.find(
      (f) =>
        ['rate-limit', 'server-error', 'unauthorized', 'hang'].includes(f.kind) &&
        (f.route === undefined || f.route === 'any' || f.route === route) &&
        (f.endpoint === undefined || endpoint.startsWith(f.endpoint)),
    );
    if (fault) consume(fault);
    return fault;
  }

  function consume(/** @type {Fault} */ fault) {
    fault.count = (fault.count ?? 1) - 1;
    if (fault.count <= 0) faults = faults.filter((f) => f !== fault);
  }

  /** @returns {boolean} true when the fault answered the request */
  function applyFault(
    /** @type {import('node:http').ServerResponse} */ res,
    /** @type {Fault|undefined} */ fault,
  ) {
    if (!fault) return false;
    if (fault.kind === 'hang') {
      hung.add(res);
      res.on('close', () => hung.delete(res));
      return true;
    }
    if (fault.kind === 'rate-limit') {
      const seconds = fault.retryAfter ?? 2;
      send(
        res,
        429,
        { detail: 'Too many requests. Please retry later.' },
        { 'retry-after': String(seconds) },
      );
    } else if (fault.kind === 'unauthorized') {
      send(res, 401, { detail: 'Unauthorized' });
    } else {
      const status = fault.status ?? 500;
      const errorType = fault.errorType ?? (status === 504 ? 'request_timeout' : 'internal_error');
      send(
        res,
        status,
        { detail: fault.detail ?? 'Internal server error', error_type: errorType },
        { 'X-Fal-Error-Type': errorType, 'X-Fal-Retryable': String(status >= 502) },
      );
    }
    return true;
  }

  function authorized(/** @type {import('node:http').IncomingMessage} */ req) {
    const header = req.headers.authorization ?? '';
    const match = /^Key\s+(.+)$/i.exec(header);
    return match !== null && keys.has(match[1].trim());
  }

  function phase(/** @type {Job} */ job) {
    const t = now();
    if (job.canceled || t >= job.completesAt) return 'COMPLETED';
    const queueEnd = job.createdAt + (job.completesAt - job.createdAt) / 3;
    return t < queueEnd ? 'IN_QUEUE' : 'IN_PROGRESS';
  }

  function urlsOf(/** @type {Job} */ job) {
    const base = `${queueUrl}/${job.app}/requests/${job.id}`;
    return { status_url: `${base}/status`, response_url: base, cancel_url: `${base}/cancel` };
  }

  /**
   * A file URL the mock's models can download: one of its own, uploaded and not expired, or an inline
   * base64 `data:` URI (fal accepts those for file inputs: docs.fal.ai/documentation/model-apis/fal-cdn).
   */
  function isReachable(/** @type {string} */ fileUrl) {
    if (fileUrl.startsWith('data:'))
      return /^data:[\w.+-]+\/[\w.+-]+;base64,[A-Za-z0-9+/]+={0,2}$/.test(fileUrl);
    if (!fileUrl.startsWith(`${cdnUrl}/files/`)) return false;
    const file = files.get(fileUrl.slice(cdnUrl.length));
    return file !== undefined && file.bytes !== null && now() <= file.expiresAt;
  }

  function makeOutput(/** @type {Job} */ job) {
    const rule = ENDPOINT_RULES[job.endpoint];
    const token = randomUUID().replaceAll('-', '');
    const expiresAt = job.completesAt + resultTtlMs;
    if (SPEECH_RULES[job.endpoint]) {
      const line = speechLineOf(job.endpoint, job.input);
      const audio = speechAudio({ ...line, format: 'wav' });
      const path = `/files/${token}/output.wav`;
      files.set(path, { bytes: audio.bytes, contentType: audio.contentType, expiresAt, name: 'output.wav' });
      speech.push({
        id: job.id,
        endpoint: job.endpoint,
        ...line,
        frequency: audio.frequency,
        seconds: audio.seconds,
      });
      return {
        audio: {
          url: cdnUrl + path,
          content_type: audio.contentType,
          file_name: 'output.wav',
          file_size: audio.bytes.length,
        },
      };
    }
    if (rule.output === 'image') {
      const n = typeof job.input.num_images === 'number' ? job.input.num_images : 1;
      const [width, height] = imageSizeOf(job.input);
      const images = Array.from({ length: n }, (_, i) => {
        const path = `/files/${token}/image-${i}.png`;
        files.set(path, {
          bytes: fixtures.still,
          contentType: 'image/png',
          expiresAt,
          name: `image-${i}.png`,
        });
        return { url: cdnUrl + path, width, height, content_type: 'image/png' };
      });
      return { images, seed: 42, has_nsfw_concepts: images.map(() => false), prompt: job.input.prompt };
    }
    const landscape = job.input.aspect_ratio === '16:9';
    const bytes = videoOverride ?? (landscape ? fixtures.landscape : fixtures.portrait);
    const path = `/files/${token}/output.mp4`;
    files.set(path, { bytes, contentType: 'video/mp4', expiresAt, name: 'output.mp4' });
    return {
      video: {
        url: cdnUrl + path,
        content_type: 'video/mp4',
        file_name: 'output.mp4',
        file_size: bytes.length,
      },
      seed: 42,
    };
  }

  /** @returns {[number, number]} */
  function imageSizeOf(/** @type {Record<string, unknown>} */ input) {
    const size = input.image_size;
    if (typeof size === 'string' && size in IMAGE_SIZE_PRESETS) {
      const [w, h] = IMAGE_SIZE_PRESETS[/** @type {keyof typeof IMAGE_SIZE_PRESETS} */ (size)];
      return [w, h];
    }
    if (size && typeof size === 'object') {
      const { width, height } = /** @type {{width: number, height: number}} */ (size);
      return [width, height];
    }
    const aspect = { '9:16': [720, 1280], '16:9': [1280, 720], '1:1': [1024, 1024], '3:4': [768, 1024] };
    return /** @type {[number, number]} */ (
      aspect[/** @type {keyof typeof aspect} */ (String(input.aspect_ratio))] ?? [1024, 768]
    );
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {Buffer} raw
   */
  function handle(req, res, raw) {
    const parsed = new URL(req.url ?? '/', 'http://mock');
    const path = parsed.pathname;
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Expose-Headers': CORS_EXPOSE,
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    if (path.startsWith('/__mock/')) return control(req, res, path, raw);

    /** @type {RequestLog} */
    const log = { method, path, route: 'other', authorization: req.headers.authorization ?? null, status: 0 };
    /** @type {any} */ (res).log = log;
    requests.push(log);
    if (requests.length > 500) requests = requests.slice(-500);

    if (path.startsWith('/queue/')) {
      const segments = path.slice('/queue/'.length).split('/').filter(Boolean).map(decodeURIComponent);
      if (segments[2] === 'requests' && segments.length >= 4) {
        const app = segments.slice(0, 2).join('/');
        const id = segments[3];
        const rest = segments.slice(4).join('/');
        if (method === 'GET' && rest === 'status')
          return status(req, res, app, id, parsed, (log.route = 'status'));
        if (method === 'GET' && rest === '') return result(req, res, app, id, (log.route = 'result'));
        if (method === 'PUT' && rest === 'cancel') return cancel(req, res, app, id, (log.route = 'cancel'));
        return send(res, 404, { detail: 'Not Found' });
      }
      const endpoint = segments.join('/');
      if (method !== 'POST') return send(res, 405, { detail: 'Method Not Allowed' });
      log.route = 'submit';
      return submit(req, res, endpoint, raw);
    }
    if (path === '/storage/upload/initiate' && method === 'POST') {
      log.route = 'initiate';
      return initiate(req, res, parsed, raw);
    }
    if (path.startsWith('/cdn/upload/') && method === 'PUT') {
      log.route = 'upload';
      return upload(res, path.slice('/cdn'.length), req, raw);
    }
    if (path.startsWith('/cdn/files/') && (method === 'GET' || method === 'HEAD')) {
      log.route = 'cdn';
      count.cdnGets += 1;
      if (applyFault(res, takeFault('cdn', ''))) return;
      const file = files.get(path.slice('/cdn'.length));
      if (!file || file.bytes === null || now() > file.expiresAt) {
        return send(res, 404, { detail: 'File not found' });
      }
      return sendBytes(res, 200, file.bytes, file.contentType, method === 'HEAD');
    }
    return send(res, 404, { detail: 'Not Found' });
  }

  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, endpoint: string, raw: Buffer) => void} */
  function submit(req, res, endpoint, raw) {
    count.submits += 1;
    count.perModel[endpoint] = (count.perModel[endpoint] ?? 0) + 1;
    if (applyFault(res, takeFault('submit', endpoint))) return;
    if (!authorized(req)) return send(res, 401, { detail: 'Unauthorized' });
    if (!served.has(endpoint) || !(ENDPOINT_RULES[endpoint] || SPEECH_RULES[endpoint])) {
      return send(res, 404, { detail: `Application '${endpoint}' not found` });
    }
    /** @type {unknown} */
    let input;
    try {
      input = JSON.parse(raw.toString('utf8') || 'null');
    } catch (error) {
      return send(res, 422, {
        detail: [
          { loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid', ctx: { error: String(error) } },
        ],
      });
    }
    const invalid = SPEECH_RULES[endpoint]
      ? validateSpeechInput(endpoint, input)
      : validateInput(endpoint, input, isReachable);
    if (invalid.length > 0 && validateAt === 'submit') return send(res, 422, { detail: invalid });
    const id = randomUUID();
    const jobFault = faults.find(
      (f) =>
        (f.kind === 'completed-error' || f.kind === 'expired') &&
        (f.endpoint === undefined || endpoint.startsWith(f.endpoint)),
    );
    if (jobFault) consume(jobFault);
    const createdAt = now();
    /** @type {Job} */
    const job = {
      id,
      endpoint,
      app: appIdOf(endpoint),
      input: /** @type {Record<string, unknown>} */ (input),
      createdAt,
      // An invalid input fails as soon as a runner picks it up.
      completesAt: createdAt + (invalid.length > 0 ? jobDurationMs / 3 : jobDurationMs),
      invalid,
      failWith: jobFault?.kind === 'completed-error' ? { ...jobFault } : null,
      expired: jobFault?.kind === 'expired' ? (jobFault.status ?? 410) : null,
      canceled: false,
      output: null,
    };
    jobs.set(id, job);
    send(
      res,
      200,
      { request_id: id, status: 'IN_QUEUE', ...urlsOf(job), queue_position: jobs.size % 3 },
      { 'x-fal-request-id': id },
    );
  }

  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, app: string, id: string) => Job|undefined} */
  function findJob(req, res, app, id) {
    if (!authorized(req)) {
      send(res, 401, { detail: 'Unauthorized' });
      return undefined;
    }
    const job = jobs.get(id);
    if (!job || job.app !== app || (phase(job) === 'COMPLETED' && now() > job.completesAt + resultTtlMs)) {
      send(res, 404, { detail: `Request ${id} not found` });
      return undefined;
    }
    return job;
  }

  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, app: string, id: string, url: URL, route: Route) => void} */
  function status(req, res, app, id, url, route) {
    count.statusPolls += 1;
    if (applyFault(res, takeFault(route, app))) return;
    const job = findJob(req, res, app, id);
    if (!job) return;
    const state = phase(job);
    /** @type {Record<string, unknown>} */
    const body = { status: state, request_id: id, ...urlsOf(job) };
    if (state === 'IN_QUEUE') {
      const queueEnd = job.createdAt + (job.completesAt - job.createdAt) / 3;
      body.queue_position = Math.max(
        0,
        Math.ceil(((queueEnd - now()) / Math.max(1, queueEnd - job.createdAt)) * 3) - 1,
      );
    }
    if (url.searchParams.get('logs') === '1') {
      body.logs =
        state === 'IN_QUEUE'
          ? []
          : [
              {
                message: SPEECH_RULES[job.endpoint] ? 'Generating audio...' : 'Generating video...',
                level: 'INFO',
                source: 'user',
                timestamp: new Date(now()).toISOString(),
              },
            ];
    }
    if (state === 'COMPLETED') body.metrics = { inference_time: (job.completesAt - job.createdAt) / 1000 };
    send(res, state === 'COMPLETED' ? 200 : 202, body, { 'x-fal-request-id': id });
  }

  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, app: string, id: string, route: Route) => void} */
  function result(req, res, app, id, route) {
    count.results += 1;
    if (applyFault(res, takeFault(route, app))) return;
    const job = findJob(req, res, app, id);
    if (!job) return;
    const headers = { 'x-fal-request-id': id };
    if (phase(job) !== 'COMPLETED')
      return send(res, 400, { detail: 'Request is still in progress' }, headers);
    if (job.canceled) {
      return send(
        res,
        400,
        { detail: 'Request was cancelled', error_type: 'client_cancelled' },
        { ...headers, 'X-Fal-Error-Type': 'client_cancelled' },
      );
    }
    if (job.invalid.length > 0) return send(res, 422, { detail: job.invalid }, headers);
    if (job.failWith) {
      const status = job.failWith.status ?? 422;
      if (status >= 500) {
        const errorType = job.failWith.errorType ?? 'downstream_service_error';
        return send(
          res,
          status,
          { detail: job.failWith.detail ?? 'The upstream model service failed.', error_type: errorType },
          { ...headers, 'X-Fal-Error-Type': errorType },
        );
      }
      const detail = job.failWith.detail ?? [
        {
          loc: ['body', 'prompt'],
          msg: 'The content could not be processed because it contained material flagged by a content checker.',
          type: job.failWith.errorType ?? 'content_policy_violation',
          input: job.input.prompt,
        },
      ];
      return send(res, status, { detail }, headers);
    }
    if (job.expired !== null) return send(res, job.expired, { detail: 'Result has expired' }, headers);
    if (job.output === null) job.output = makeOutput(job);
    send(res, 200, job.output, headers);
  }

  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, app: string, id: string, route: Route) => void} */
  function cancel(req, res, app, id, route) {
    count.cancels += 1;
    if (applyFault(res, takeFault(route, app))) return;
    if (!authorized(req)) return send(res, 401, { detail: 'Unauthorized' });
    const job = jobs.get(id);
    if (!job || job.app !== app) return send(res, 404, { status: 'NOT_FOUND' });
    if (phase(job) === 'COMPLETED') return send(res, 400, { status: 'ALREADY_COMPLETED' });
    job.canceled = true;
    job.completesAt = now();
    send(res, 202, { status: 'CANCELLATION_REQUESTED' });
  }

  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL, raw: Buffer) => void} */
  function initiate(req, res, url, raw) {
    count.initiates += 1;
    if (applyFault(res, takeFault('initiate', ''))) return;
    if (!authorized(req)) return send(res, 401, { detail: 'Unauthorized' });
    const storageType = url.searchParams.get('storage_type');
    if (storageType !== null && storageType !== 'fal-cdn-v3') {
      return send(res, 422, {
        detail: [
          {
            loc: ['query', 'storage_type'],
            msg: "Input should be 'fal-cdn', 'fal-cdn-v3' or 'gcs'",
            type: 'literal_error',
            input: storageType,
          },
        ],
      });
    }
    /** @type {Record<string, unknown>} */
    let body;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = {};
    }
    /** @type {import('./rules.mjs').DetailItem[]} */
    const missing = ['content_type', 'file_name']
      .filter((field) => typeof body[field] !== 'string' || body[field] === '')
      .map((field) => ({ loc: ['body', field], msg: 'Field required', type: 'missing', input: body }));
    if (missing.length > 0) return send(res, 422, { detail: missing });
    const token = randomUUID().replaceAll('-', '');
    const name = String(body.file_name).replace(/[^\w.-]+/g, '_');
    const filePath = `/files/${token}/${name}`;
    files.set(filePath, { bytes: null, contentType: String(body.content_type), expiresAt: Infinity, name });
    send(res, 200, {
      upload_url: `${cdnUrl}/upload/${token}/${name}?signature=${randomUUID().slice(0, 8)}`,
      file_url: cdnUrl + filePath,
    });
  }

  /** @type {(res: import('node:http').ServerResponse, path: string, req: import('node:http').IncomingMessage, raw: Buffer) => void} */
  function upload(res, path, req, raw) {
    count.uploads += 1;
    if (applyFault(res, takeFault('upload', ''))) return;
    const file = files.get(path.replace(/^\/upload\//, '/files/'));
    if (!file) return send(res, 404, { detail: 'Upload URL not found or expired' });
    if (raw.length === 0) return send(res, 400, { detail: 'Empty body' });
    file.bytes = raw;
    file.contentType = req.headers['content-type'] ?? file.contentType;
    const fileUrl = cdnUrl + path.replace(/^\/upload\//, '/files/').split('?')[0];
    uploads.push({ fileUrl, name: file.name, contentType: file.contentType, bytes: raw });
    send(res, 200, undefined);
  }

  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, path: string, raw: Buffer) => void} */
  function control(req, res, path, raw) {
    if (path === '/__mock/state' && req.method === 'GET') return send(res, 200, api.state());
    if (path === '/__mock/reset' && req.method === 'POST') {
      api.reset();
      return send(res, 200, { ok: true });
    }
    if (path === '/__mock/faults' && req.method === 'POST') {
      const body = JSON.parse(raw.toString('utf8') || '{}');
      const list = Array.isArray(body) ? body : Array.isArray(body.faults) ? body.faults : [body];
      api.setFaults(list, body.append === true);
      return send(res, 200, { faults });
    }
    if (path === '/__mock/advance' && req.method === 'POST') {
      const body = JSON.parse(raw.toString('utf8') || '{}');
      api.advance(Number(body.ms ?? 0));
      return send(res, 200, { now: now() });
    }
    send(res, 404, { detail: 'Unknown control route' });
  }

  /** @type {FalMock} */
  const api = {
    url,
    queueUrl,
    restUrl,
    cdnUrl,
    async close() {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
    state() {
      return {
        now: now(),
        counters: structuredClone(count),
        jobs: [...jobs.values()].map((job) => ({
          id: job.id,
          endpoint: job.endpoint,
          app: job.app,
          status: job.canceled ? 'CANCELED' : phase(job),
          input: job.input,
        })),
        requests: requests.map((r) => ({ ...r })),
        faults: faults.map((f) => ({ ...f })),
        speech: speech.map((line) => ({ ...line })),
      };
    },
    setFaults(list, append = false) {
      const copies = list.map((fault) => ({ count: 1, ...fault }));
      faults = append ? [...faults, ...copies] : copies;
    },
    reset() {
      for (const res of hung) res.destroy();
      hung.clear();
      jobs.clear();
      files.clear();
      faults = [];
      requests = [];
      uploads = [];
      speech = [];
      offset = 0;
      count = counters();
      chooseVideo(options.videoFile);
    },
    setVideoFile(file) {
      chooseVideo(file);
    },
    advance(ms) {
      offset += ms;
    },
    uploads() {
      return uploads.map((upload) => ({ ...upload }));
    },
  };
  return api;
}
