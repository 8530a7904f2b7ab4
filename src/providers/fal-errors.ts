import type { ErrorInfo } from '../types.ts';
import { mapHttpError, redact } from './error-map.ts';
import { ProviderError } from './errors.ts';
import { retryAfterHint } from './retry.ts';

/**
 * fal.ai failures → the shared taxonomy. Two body shapes (PROVIDERS.md §2, fal docs "Model errors" and
 * "Request error types"):
 * - model errors: `{"detail": [{loc, msg, type, input?, ctx?}]}` (validation, content policy, bad files);
 * - request errors: `{"detail": "text", "error_type": "..."}` with the same value in `X-Fal-Error-Type`.
 * Status-only cases (401/403, 429, other 5xx) go through the shared `mapHttpError` with host "fal.ai".
 */

export const FAL_LABEL = 'fal.ai';

/** What the failed request was about; words the not-found and expired messages. */
export type FalResource = 'submit' | 'status' | 'result' | 'cancel' | 'upload' | 'download' | 'health';

export interface FalErrorContext {
  resource: FalResource;
  /** The endpoint id, for a 404 at submit. */
  endpoint?: string;
  /** Strings that must never appear in an error (the key). */
  secrets?: readonly string[];
  now?: number;
}

interface DetailItem {
  loc?: unknown[];
  msg?: string;
  type?: string;
}

interface FalBody {
  items: DetailItem[];
  text?: string;
  errorType?: string;
  status?: string;
}

const CONTENT_POLICY = new Set(['content_policy_violation', 'nsfw_content_detected', 'moderation_blocked']);
const MODEL_FAILURES = new Set([
  'downstream_service_error',
  'downstream_service_unavailable',
  'no_media_generated',
]);
const TIMEOUTS = new Set(['request_timeout', 'startup_timeout', 'generation_timeout']);

export function parseFalBody(text: string): FalBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const plain = text.trim();
    return { items: [], text: plain && !plain.startsWith('<') ? plain.slice(0, 300) : undefined };
  }
  if (typeof json !== 'object' || json === null) return { items: [] };
  const record = json as Record<string, unknown>;
  const detail = record.detail;
  const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  // Each item's fields are type-checked: a gateway may send anything in their place.
  const items = Array.isArray(detail)
    ? detail
        .slice(0, 100)
        .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
        .map((item): DetailItem => ({
          loc: Array.isArray(item.loc)
            ? item.loc.slice(0, 20).filter((part) => typeof part === 'string' || typeof part === 'number')
            : undefined,
          msg: textOf(item.msg),
          type: textOf(item.type),
        }))
    : [];
  return {
    items,
    text: textOf(detail) ?? textOf(record.error) ?? textOf(record.message),
    errorType: textOf(record.error_type),
    status: textOf(record.status),
  };
}

/** `["body","image_urls",0]` → `image_urls.0`. */
export function fieldOf(loc: unknown[] | undefined): string | undefined {
  const parts = (loc ?? []).filter((part, i) => !(i === 0 && (part === 'body' || part === 'query')));
  return parts.length > 0 ? parts.map(String).join('.') : undefined;
}

/** True when the answer is fal telling why a run failed (as opposed to a transient gateway error). */
export function isFalVerdict(status: number, text: string, headers: Headers): boolean {
  if (status === 429) return false;
  const body = parseFalBody(text);
  return body.items.length > 0 || body.errorType !== undefined || headers.get('x-fal-error-type') !== null;
}

/** A non-2xx fal answer → ProviderError. */
export function mapFalError(
  status: number,
  bodyText: string,
  headers: Headers,
  ctx: FalErrorContext,
): ProviderError {
  const body = parseFalBody(redact(bodyText, ctx.secrets));
  const requestId = headers.get('x-fal-request-id') ?? headers.get('x-request-id') ?? undefined;
  const errorType = (headers.get('x-fal-error-type') ?? body.errorType ?? '').toLowerCase();
  const info = classify(status, body, errorType, headers, ctx);
  return new ProviderError({
    status,
    requestId,
    ...info,
    message: redact(info.message, ctx.secrets),
    action: redact(info.action, ctx.secrets),
  });
}

type Fields = ErrorInfo & { retryAfterMs?: number };

function classify(
  status: number,
  body: FalBody,
  errorType: string,
  headers: Headers,
  ctx: FalErrorContext,
): Fields {
  const first = body.items[0];
  const itemType = (first?.type ?? '').toLowerCase();
  if (status === 429 && ctx.resource === 'submit') return concurrencyRefusal(body, headers, ctx);
  if (CONTENT_POLICY.has(itemType) || CONTENT_POLICY.has(errorType)) {
    return {
      kind: 'content-policy',
      code: itemType || errorType,
      field: fieldOf(first?.loc),
      message: `fal.ai refused this request under its content policy${first?.msg ? `: ${first.msg}` : '.'}`,
      action:
        'Rephrase the prompt or use another reference image. Real people and copyrighted characters are common causes.',
      retryable: false,
    };
  }
  // A public CDN file that is gone answers 403 (expired signature), 404 or 410: never a key problem.
  if (ctx.resource === 'download' && [401, 403, 404, 410].includes(status)) return notFound(status, ctx);
  if (status === 401 || (status === 403 && !/balance|locked|credit/i.test(body.text ?? ''))) {
    return {
      kind: 'auth',
      code: String(status),
      message: 'This key was rejected by fal.ai.',
      action: 'Check the fal.ai key in Settings (fal.ai/dashboard/keys).',
      retryable: false,
    };
  }
  if (status === 402 || status === 403) {
    return {
      kind: 'quota',
      message: 'fal.ai says this account is out of credit.',
      action: 'Add credit at fal.ai/dashboard/billing, then send the prompt again.',
      retryable: false,
    };
  }
  if (status === 404 || status === 410) return notFound(status, ctx);
  if (body.items.length > 0 && status < 500) {
    const field = fieldOf(first?.loc);
    const more = body.items.length > 1 ? ` (and ${body.items.length - 1} more problem(s))` : '';
    const what = first?.msg ?? 'invalid input';
    return {
      kind: 'validation',
      code: itemType || undefined,
      field,
      message: `fal.ai rejected ${field ?? 'the request'}: ${what}${more}`,
      action:
        itemType === 'file_download_error'
          ? 'The reference could not be fetched by fal.ai; send the prompt again to upload it anew.'
          : 'Pick a value this model offers (the catalog may be out of date), then send again.',
      retryable: false,
    };
  }
  if (errorType === 'client_cancelled') {
    return {
      kind: 'server',
      code: errorType,
      message: 'This job was canceled on fal.ai.',
      action: 'Send the prompt again if you still want the clip.',
      retryable: false,
    };
  }
  const text = body.text ?? first?.msg;
  if (errorType || (status >= 500 && text)) {
    const code = errorType || itemType;
    const retryAfterMs = retryAfterHint(headers, ctx.now);
    const why = TIMEOUTS.has(code)
      ? 'took too long'
      : MODEL_FAILURES.has(code)
        ? 'failed in the model service'
        : 'failed';
    return {
      kind: 'server',
      code: code || undefined,
      message: `fal.ai ${why}${text ? `: ${text}` : '.'}`,
      action: 'Send the prompt again; fal.ai does not bill server errors.',
      retryable: status >= 500 || status === 0,
      retryAfterMs,
    };
  }
  if (status === 400 || status === 422) {
    return {
      kind: 'validation',
      message: `fal.ai rejected the request${body.text ? `: ${body.text}` : '.'}`,
      action: 'Check the model settings, then send again.',
      retryable: false,
    };
  }
  // 408/409/429/5xx without a fal body: the shared mapping (rate limit with retry-after, server, timeout).
  const shared = mapHttpError(status, '', headers, { host: FAL_LABEL, secrets: ctx.secrets, now: ctx.now });
  return { ...shared.toInfo(), retryAfterMs: shared.retryAfterMs };
}

function notFound(status: number, ctx: FalErrorContext): Fields {
  switch (ctx.resource) {
    case 'submit':
      return {
        kind: 'not-found',
        field: 'model',
        message: `fal.ai has no model endpoint ${ctx.endpoint ?? ''}`.trim() + '.',
        action: 'Check the model, and the base URL of this connection in Settings.',
        retryable: false,
      };
    case 'download':
      return {
        kind: 'not-found',
        code: 'expired',
        message: 'The clip has expired on fal.ai (output files are kept only for a limited time).',
        action:
          'Send the prompt again. Reelwright downloads clips the moment they finish, so keep the app open.',
        retryable: false,
      };
    case 'upload':
      return {
        kind: 'not-found',
        message: 'fal.ai storage refused the reference upload (the upload address expired).',
        action: 'Send the prompt again.',
        retryable: true,
      };
    default:
      return {
        kind: 'not-found',
        code: 'expired',
        message:
          status === 410
            ? 'The result has expired on fal.ai (results are kept for 1 hour after they finish).'
            : 'fal.ai no longer has this job; it has expired (results are kept for 1 hour).',
        action: 'Send the prompt again if you still need it.',
        retryable: false,
      };
  }
}

/** The error code of a refusal that only means "no free slot right now": the job waits, it does not fail. */
export const CONCURRENCY_CODE = 'concurrency';

/**
 * fal answers 429 when the account already runs as many requests as it may (new accounts: 2 at once),
 * whatever the body or `X-Fal-Error-Type` says. Nothing was created, so the job waits for a free slot and
 * is sent again; the runner does not count it as a failed attempt.
 */
function concurrencyRefusal(body: FalBody, headers: Headers, ctx: FalErrorContext): Fields {
  const retryAfterMs = retryAfterHint(headers, ctx.now);
  const said = body.text ?? body.items[0]?.msg;
  return {
    kind: 'rate-limit',
    code: CONCURRENCY_CODE,
    message: `Waiting for a free slot: fal.ai is already running as many of your requests as your account allows${said ? ` (${said})` : '.'}`,
    action:
      "Nothing to do: the job is sent again when a slot frees up. fal.ai accounts start at 2 requests at once; set this connection's concurrency in Settings to your account's limit.",
    retryable: true,
    retryAfterMs,
  };
}
