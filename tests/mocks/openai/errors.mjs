// Error bodies and messages of the OpenAI API (and of Azure OpenAI where it differs).
// Messages marked "observed" are copied from real responses (PROVIDERS.md §1, public issue threads); the rest
// follow OpenAI's wording conventions and are flagged "mock wording" in comments.

/**
 * @typedef {{ message: string, type: string, param: string | null, code: string | null }} OpenAIError
 * @typedef {{ status: number, body: unknown, headers?: Record<string, string>, contentType?: string,
 *   schema?: string | null }} ErrorReply
 */

export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {Partial<OpenAIError> & { message: string }} error
   * @param {Record<string, string>} [headers]
   */
  constructor(status, error, headers = {}) {
    super(error.message);
    this.status = status;
    this.error = {
      message: error.message,
      type: error.type ?? 'invalid_request_error',
      param: error.param ?? null,
      code: error.code ?? null,
    };
    this.headers = headers;
  }
}

/** @param {unknown} value */
export function jsonTypeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/**
 * OpenAI style list: 'a', 'b', and 'c' / 'a' or 'b'.
 * @param {readonly string[]} values
 * @param {'and' | 'or'} joiner
 */
export function quoteList(values, joiner) {
  const q = values.map((v) => `'${v}'`);
  if (q.length <= 1) return q.join('');
  if (q.length === 2) return `${q[0]} ${joiner} ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, ${joiner} ${q[q.length - 1]}`;
}

export const errors = {
  /** @param {string} param */
  unknownParameter: (param) =>
    new HttpError(400, { message: `Unknown parameter: '${param}'.`, param, code: 'unknown_parameter' }),
  /** @param {string} param */
  missingParameter: (param) =>
    new HttpError(400, {
      message: `Missing required parameter: '${param}'.`,
      param,
      code: 'missing_required_parameter',
    }),
  /**
   * @param {string} param
   * @param {string} expected e.g. "a string" or "one of '4', '8', or '12'"
   * @param {unknown} got
   */
  invalidType: (param, expected, got) =>
    new HttpError(400, {
      message: `Invalid type for '${param}': expected ${expected}, but got ${jsonTypeName(got)} instead.`,
      param,
      code: 'invalid_type',
    }),
  /**
   * @param {string} param
   * @param {string} value
   * @param {readonly string[]} supported
   * @param {string} [qualifier] e.g. " for model 'sora-2'" (mock wording)
   */
  invalidValue: (param, value, supported, qualifier = '') =>
    new HttpError(400, {
      message: `Invalid value: '${value}'. Supported values${qualifier} are: ${quoteList(supported, 'and')}.`,
      param,
      code: 'invalid_value',
    }),
  /** @param {string} param @param {number} max @param {number} got */
  stringTooLong: (param, max, got) =>
    new HttpError(400, {
      message: `Invalid '${param}': string too long. Expected a string with maximum length ${max}, but got a string with length ${got} instead.`,
      param,
      code: 'string_above_max_length',
    }),
  /** @param {string} param */
  stringTooShort: (param) =>
    new HttpError(400, {
      message: `Invalid '${param}': string too short. Expected a string with minimum length 1, but got an empty string instead.`,
      param,
      code: 'string_below_min_length',
    }),
  /** @param {string} param @param {number} max @param {number} got */
  integerTooLarge: (param, max, got) =>
    new HttpError(400, {
      message: `Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${got} instead.`,
      param,
      code: 'integer_above_max_value',
    }),
  /** @param {string} param @param {number} min @param {number} got */
  integerTooSmall: (param, min, got) =>
    new HttpError(400, {
      message: `Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${got} instead.`,
      param,
      code: 'integer_below_min_value',
    }),
  // observed
  invalidJson: () =>
    new HttpError(400, {
      message:
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    }),
  /** @param {string} contentType mock wording modelled on the real one */
  unsupportedContentType: (contentType) =>
    new HttpError(400, {
      message: `Unsupported content type: '${contentType}'. This API method only accepts 'application/json' and 'multipart/form-data' requests, but you specified the header 'Content-Type: ${contentType}'. Please try again with a supported content type.`,
    }),
  /** @param {string} method @param {string} path observed */
  invalidUrl: (method, path) => new HttpError(404, { message: `Invalid URL (${method} ${path})` }),
  /** @param {string} id mock wording */
  videoNotFound: (id) =>
    new HttpError(404, { message: `Video with id '${id}' not found.`, param: null, code: null }),
  // observed: user-facing text of a Sora request-time guardrail; code observed
  sentinelBlock: (message = 'This request has been blocked by our content filters.') =>
    new HttpError(400, { message, param: null, code: 'sentinel_block' }),
  // observed
  inpaintMismatch: () =>
    new HttpError(400, {
      message: 'Inpaint image must match the requested width and height',
      param: 'input_reference',
      code: null,
    }),
  /** @param {string} param @param {string} mime observed (images/edits) wording */
  unsupportedMimetype: (param, mime) =>
    new HttpError(400, {
      message: `Invalid file '${param}': unsupported mimetype ('${mime}'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.`,
      param,
      code: 'invalid_value',
    }),
  /** @param {string} param mock wording */
  unreadableImage: (param) =>
    new HttpError(400, {
      message: `Invalid file '${param}': the image could not be decoded. Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.`,
      param,
      code: null,
    }),
  // observed
  noApiKey: () =>
    new HttpError(401, {
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
    }),
  /** @param {string} key observed */
  incorrectApiKey: (key) =>
    new HttpError(401, {
      message: `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      code: 'invalid_api_key',
    }),
  /** @param {string} model @param {number} retryAfterSec observed wording */
  rateLimited: (model, retryAfterSec) =>
    new HttpError(429, {
      message: `Rate limit reached for ${model} in organization org-mock on requests per min (RPM): Limit 2, Used 2, Requested 1. Please try again in ${retryAfterSec}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
      type: 'requests',
      code: 'rate_limit_exceeded',
    }),
  // observed
  insufficientQuota: () =>
    new HttpError(429, {
      message:
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      type: 'insufficient_quota',
      code: 'insufficient_quota',
    }),
  // observed
  serverError: () =>
    new HttpError(500, {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
    }),
  // observed
  overloaded: () =>
    new HttpError(503, {
      message: 'The server is overloaded or not ready yet.',
      type: 'server_error',
    }),
};

/**
 * Masks a key the way api.openai.com does: real (long) keys keep the first 8 and last 4 characters with one
 * `*` per hidden character ("sk-PMafP***...***E873"). Short keys (test keys) keep the first 5 and last 3
 * around four stars ("sk-test-invalid" -> "sk-te****lid"); very short ones are fully starred.
 * @param {string} key
 */
export function maskKey(key) {
  if (key.length >= 20) return `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
  if (key.length >= 9) return `${key.slice(0, 5)}****${key.slice(-3)}`;
  return '*'.repeat(key.length);
}

// ---- Azure OpenAI shapes (string code, no type/param) ----

// observed
export const AZURE_401_MESSAGE =
  'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';
// observed
export const AZURE_DEPLOYMENT_NOT_FOUND_MESSAGE =
  'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.';

export class AzureError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.error = { code, message };
  }
}

// observed Cloudflare gateway page (non-JSON error body, as api.openai.com sometimes answers 502)
export const BAD_GATEWAY_HTML = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>cloudflare</center>
</body>
</html>
`;
