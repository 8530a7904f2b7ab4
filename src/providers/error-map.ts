import type { ErrorInfo } from '../types.ts';
import { ProviderError } from './errors.ts';
import { REDACTED, redactPatterns } from './redact.ts';
import { retryAfterHint } from './retry.ts';

/**
 * Maps every provider failure to exactly one kind of the taxonomy, with a plain message and what to do.
 * Handles the OpenAI envelope `{"error":{"message","type","param","code"}}`, Azure's
 * `{"error":{"code":"401","message":…}}`, gateway variants (`{"error":"…"}`, `{"message":…}`, `{"detail":…}`)
 * and non-JSON bodies. Secrets passed in the context never reach a message.
 */

export interface ErrorContext {
  /** Host of the connection, named in messages (`api.openai.com`). */
  host: string;
  /** The model id sent; for Azure, the deployment name. */
  model?: string;
  /** The size requested, for the reference-size message. */
  size?: string;
  /** What the request was about, for the wording of a 404. */
  resource?: 'create' | 'job' | 'content' | 'list' | 'delete' | 'image';
  /** Strings that must never appear in an error (the API key). */
  secrets?: readonly string[];
  now?: number;
}

/** The provider's own error fields, whatever envelope they came in. */
export interface ProviderErrorBody {
  message?: string;
  type?: string;
  param?: string;
  code?: string;
}

type ErrorFields = ErrorInfo & { retryAfterMs?: number; outcomeUnknown?: boolean };

const CONTENT_POLICY_CODES: ReadonlySet<string> = new Set([
  'moderation_blocked',
  'sentinel_block',
  'content_policy_violation',
  'content_filter',
  'responsibleaipolicyviolation',
]);
const QUOTA_CODES: ReadonlySet<string> = new Set([
  'insufficient_quota',
  'billing_hard_limit_reached',
  'billing_not_active',
  'quota_exceeded',
]);
const MAX_SNIPPET = 300;

/** `https://api.openai.com/v1` → `api.openai.com`; anything unparsable is returned as is. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Replaces every occurrence of each secret (8+ characters) with `[redacted]`, then anything else that
 * looks like a credential (bearer tokens, keys, long base64: `redact.ts`).
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return redactPatterns(out);
}

/** Reads the provider's error fields from a response body; tolerant of every shape we have seen. */
export function parseErrorBody(text: string): ProviderErrorBody {
  const trimmed = text.trim();
  if (!trimmed) return {};
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    // Plain text is worth showing; an HTML error page from a proxy is not.
    return /^<(!doctype|html|\?xml)/i.test(trimmed) ? {} : { message: snippet(trimmed) };
  }
  if (!isRecord(json)) return typeof json === 'string' ? { message: snippet(json) } : {};
  const inner = json.error;
  if (typeof inner === 'string')
    return { message: snippet(inner), code: str(json.code), type: str(json.type) };
  const source = isRecord(inner) ? inner : json;
  const detail = source.detail;
  return {
    message: snippet(str(source.message) ?? (typeof detail === 'string' ? detail : undefined)),
    type: str(source.type),
    param: str(source.param),
    code: str(source.code),
  };
}

/** The request id support needs: OpenAI's `x-request-id`, else Azure's `apim-request-id`. */
export function requestIdOf(headers: Headers | undefined): string | undefined {
  return headers?.get('x-request-id') ?? headers?.get('apim-request-id') ?? undefined;
}

/** A non-2xx answer → ProviderError. */
export function mapHttpError(
  status: number,
  bodyText: string,
  headers: Headers,
  ctx: ErrorContext,
): ProviderError {
  const body = parseErrorBody(redact(bodyText, ctx.secrets));
  const base = {
    status,
    code: body.code,
    requestId: requestIdOf(headers),
  };
  const info = classify(status, body, headers, ctx);
  const override = headers.get('x-should-retry');
  const retryable = override === 'true' ? true : override === 'false' ? false : info.retryable;
  return new ProviderError(sanitize({ ...base, ...info, retryable }, ctx));
}

function classify(status: number, body: ProviderErrorBody, headers: Headers, ctx: ErrorContext): ErrorFields {
  const { host } = ctx;
  const code = (body.code ?? '').toLowerCase();
  const type = (body.type ?? '').toLowerCase();

  if (CONTENT_POLICY_CODES.has(code) || CONTENT_POLICY_CODES.has(type)) {
    return contentPolicy(host, code === 'moderation_blocked' ? 'job' : 'request', status);
  }
  if (QUOTA_CODES.has(code) || QUOTA_CODES.has(type)) {
    return {
      kind: 'quota',
      message: `${host} says this account is out of credit or over its spending limit.`,
      action: "Add credit or raise the limit in the provider's billing settings, then send the prompt again.",
      retryable: false,
    };
  }
  if (status === 401 || status === 403) {
    return {
      kind: 'auth',
      message: `This key was rejected by ${host}.`,
      action:
        status === 403
          ? 'Check the key in Settings, and that its project may use this model.'
          : 'Check the key in Settings.',
      retryable: false,
    };
  }
  if (status === 404) return notFound(body, ctx);
  if (status === 408) {
    return {
      kind: 'timeout',
      message: `${host} took too long to read the request.`,
      action: 'Reelwright retries automatically; check your connection if it keeps happening.',
      retryable: true,
    };
  }
  if (status === 409) {
    return {
      kind: 'server',
      message: `${host} was busy with a conflicting request.`,
      action: 'Reelwright retries automatically.',
      retryable: true,
    };
  }
  if (status === 413) {
    return {
      kind: 'validation',
      field: 'input_reference',
      message: `The reference image is too large for ${host}.`,
      action: 'Use a smaller reference image (Reelwright can fit it to the video size).',
      retryable: false,
    };
  }
  if (status === 429) {
    const retryAfterMs = retryAfterHint(headers, ctx.now);
    const wait = retryAfterMs !== undefined ? ` (${Math.ceil(retryAfterMs / 1000)} s)` : '';
    return {
      kind: 'rate-limit',
      message: `Rate limited by ${host}.`,
      action: `Nothing to do: Reelwright waits as asked${wait} and retries. If it keeps happening, lower this connection's concurrency in Settings.`,
      retryable: true,
      retryAfterMs,
    };
  }
  if (status >= 500) {
    return {
      kind: 'server',
      message: `${host} had a server error (${status}).`,
      action: 'Reelwright retries automatically; if it keeps failing, try again later.',
      retryable: true,
      retryAfterMs: retryAfterHint(headers, ctx.now),
    };
  }
  if (status >= 400) return validation(body, ctx);
  return {
    kind: 'server',
    message: `${host} gave an unexpected answer (${status}).`,
    action: 'Check the base URL in Settings.',
    retryable: false,
  };
}

function contentPolicy(host: string, what: 'job' | 'request', status?: number): ErrorFields {
  return {
    kind: 'content-policy',
    status,
    message:
      what === 'job'
        ? `${host} blocked this video under its content policy.`
        : `${host} refused this request under its content policy.`,
    action:
      'Rephrase the prompt or use another reference image. Real people, faces in reference images and ' +
      'copyrighted characters are common causes.',
    retryable: false,
  };
}

function notFound(body: ProviderErrorBody, ctx: ErrorContext): ErrorFields {
  const { host } = ctx;
  const code = (body.code ?? '').toLowerCase();
  if (code === 'deploymentnotfound' || /deployment .*does not exist/i.test(body.message ?? '')) {
    const name = ctx.model ? `'${ctx.model}'` : 'for this model';
    return {
      kind: 'not-found',
      field: 'model',
      message: `The deployment ${name} does not exist on ${host}.`,
      action:
        'Check the model (the deployment name) for this connection in Settings. A new deployment can take a few minutes to appear.',
      retryable: false,
    };
  }
  if (code === 'unknown_url' || /^invalid url/i.test(body.message ?? '')) {
    return {
      kind: 'not-found',
      message: `${host} does not offer the Videos API at this address.`,
      action: 'Check the base URL in Settings (for OpenAI it is https://api.openai.com/v1).',
      retryable: false,
    };
  }
  if (ctx.resource === 'content') {
    return {
      kind: 'not-found',
      message: `The clip has expired on ${host} (downloads are kept for about an hour after a clip finishes).`,
      action:
        'Send the prompt again. Reelwright downloads clips the moment they finish, so keep the app open.',
      retryable: false,
    };
  }
  if (ctx.resource === 'job' || ctx.resource === 'delete') {
    return {
      kind: 'not-found',
      message: `${host} no longer has this job; it has expired or was deleted.`,
      action: 'Send the prompt again if you still need the clip.',
      retryable: false,
    };
  }
  return {
    kind: 'not-found',
    message: `${host} does not offer this endpoint.`,
    action: 'Check the base URL and the model in Settings.',
    retryable: false,
  };
}

function validation(body: ProviderErrorBody, ctx: ErrorContext): ErrorFields {
  const message = body.message ?? '';
  const param = body.param;
  const reject = (field: string | undefined, text: string, action: string): ErrorFields => ({
    kind: 'validation',
    field,
    message: text,
    action,
    retryable: false,
  });
  if (/must match the requested width and height|inpaint image/i.test(message)) {
    const size = ctx.size ?? '720x1280';
    return reject(
      'input_reference',
      `The reference image must be exactly ${size}; Reelwright can fit it for you.`,
      'Turn on fitting (crop or letterbox) for the reference, or choose an image of that exact size.',
    );
  }
  if (/invalid type for 'input_reference'/i.test(message)) {
    return reject(
      'input_reference',
      'The reference image was not sent as a file.',
      'This connection does not accept uploaded references; try without one.',
    );
  }
  if (/invalid type for 'seconds'/i.test(message) || (param === 'seconds' && /type/i.test(message))) {
    const detail = /'seconds':\s*(.+)$/i.exec(message)?.[1];
    return reject(
      'seconds',
      detail ? `${ctx.host} rejected the clip length: ${detail}` : `${ctx.host} rejected the clip length.`,
      "Choose one of the model's durations. If it keeps happening, this connection's model expects a different duration format.",
    );
  }
  const unknown = /unknown parameter:? '([^']+)'/i.exec(message);
  if (unknown) {
    return reject(
      unknown[1],
      `${ctx.host} does not accept the setting '${unknown[1]}'.`,
      'Check the model chosen for this connection; the service may not speak the Sora 2 contract for it.',
    );
  }
  const invalidSize = /invalid value:? '(\d+x\d+)'/i.exec(message);
  if (param === 'size' || invalidSize) {
    const size = invalidSize?.[1] ?? ctx.size ?? 'this size';
    return reject(
      'size',
      `${ctx.host} cannot make ${size} for this model.`,
      "Choose one of the model's sizes.",
    );
  }
  return reject(
    param ?? undefined,
    message ? `${ctx.host} rejected the request: ${message}` : `${ctx.host} rejected the request.`,
    param ? `Change '${param}' and try again.` : 'Change the prompt or settings and try again.',
  );
}

/** A generation that failed in band (HTTP 200, `status: "failed"`) → ErrorInfo. */
export function mapVideoFailure(
  error: { code?: unknown; message?: unknown } | null | undefined,
  ctx: ErrorContext,
): ErrorInfo {
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const text = typeof error?.message === 'string' ? snippet(redact(error.message, ctx.secrets)) : undefined;
  if (code && CONTENT_POLICY_CODES.has(code.toLowerCase())) {
    return { ...contentPolicy(ctx.host, 'job'), code, status: undefined };
  }
  return {
    kind: 'server',
    code,
    message: text
      ? `${ctx.host} could not make this video: ${text}`
      : `${ctx.host} could not make this video.`,
    action: 'Send the prompt again, perhaps reworded.',
    retryable: true,
  };
}

/** The request did not finish within `timeoutMs`. For a create, whether it was created is unknown. */
export function timeoutError(
  ctx: ErrorContext,
  options: { timeoutMs: number; outcomeUnknown: boolean },
): ProviderError {
  const seconds = Math.round(options.timeoutMs / 1000);
  return new ProviderError({
    kind: 'timeout',
    message: options.outcomeUnknown
      ? `${ctx.host} did not answer within ${seconds} s; the job may or may not have been created.`
      : `${ctx.host} did not answer within ${seconds} s.`,
    action: options.outcomeUnknown
      ? 'Reelwright checks for the job before sending anything again.'
      : 'Reelwright retries automatically; check your connection if it keeps happening.',
    retryable: !options.outcomeUnknown,
    outcomeUnknown: options.outcomeUnknown,
  });
}

/** The device is offline: nothing was sent. */
export function offlineError(): ProviderError {
  return new ProviderError({
    kind: 'network',
    message: 'You are offline. Reelwright continues when the connection returns.',
    action: 'Check your internet connection.',
    retryable: true,
  });
}

/**
 * `fetch` rejected (a TypeError): the browser cannot tell CORS from unreachable. For a create the request
 * may have left before the connection dropped, so the outcome is unknown.
 */
export function connectionError(
  ctx: ErrorContext,
  options: { outcomeUnknown: boolean; offline?: boolean; cause?: unknown },
): ProviderError {
  const cause = { cause: options.cause };
  if (options.outcomeUnknown) {
    return new ProviderError(
      {
        kind: 'network',
        message: `The connection to ${ctx.host} failed while sending; the job may or may not have been created.`,
        action:
          'Reelwright checks for the job before sending anything again. If it keeps happening, check your connection and the base URL.',
        retryable: false,
        outcomeUnknown: true,
      },
      cause,
    );
  }
  if (options.offline) return new ProviderError(offlineError().toInfo(), cause);
  return new ProviderError(
    {
      kind: 'unreachable',
      message: `Could not reach ${ctx.host}. It may be down, or it does not allow requests from this app (CORS).`,
      action:
        'Check the base URL and your connection. If the service blocks browser requests, use a gateway that allows them.',
      retryable: true,
    },
    cause,
  );
}

/** Anything else → ProviderError (a ProviderError passes through unchanged). */
export function errorFromUnknown(error: unknown, ctx?: ErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const host = ctx?.host ?? 'the provider';
  const name = isRecord(error) && typeof error.name === 'string' ? error.name : undefined;
  if (name === 'TimeoutError') return timeoutError({ ...ctx, host }, { timeoutMs: 0, outcomeUnknown: false });
  if (error instanceof TypeError)
    return connectionError({ ...ctx, host }, { outcomeUnknown: false, cause: error });
  const raw = error instanceof Error ? error.message : String(error);
  return new ProviderError({
    kind: 'local',
    message: `Something went wrong on this device: ${snippet(redact(raw, ctx?.secrets)) ?? 'unknown error'}`,
    action: 'Try again; if it keeps happening, reload the app.',
    retryable: false,
  });
}

function sanitize(info: ErrorFields, ctx: ErrorContext): ErrorFields {
  const clean = (value: string | undefined): string | undefined =>
    value === undefined ? undefined : redact(value, ctx.secrets);
  return {
    ...info,
    message: clean(info.message) ?? '',
    action: clean(info.action) ?? '',
    code: clean(info.code),
    field: clean(info.field),
    requestId: clean(info.requestId),
  };
}

function snippet(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  return flat.length > MAX_SNIPPET ? `${flat.slice(0, MAX_SNIPPET - 1)}…` : flat;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
