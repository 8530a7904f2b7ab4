import type { ErrorInfo, ErrorKind } from '../types.ts';
import { TEXT_LIMITS, cleanText } from './redact.ts';

/** The one error type every provider raises. Never carries a key in its message. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ErrorKind;
  readonly action: string;
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly field?: string;
  readonly retryable: boolean;
  /** Milliseconds the server asked us to wait before trying again. */
  readonly retryAfterMs?: number;
  /** A create that may or may not have reached the provider (timeout or dropped after sending). */
  readonly outcomeUnknown: boolean;

  constructor(
    info: ErrorInfo & { retryAfterMs?: number; outcomeUnknown?: boolean },
    options?: { cause?: unknown },
  ) {
    // Every string may have come from a provider's body or headers: text only, cut and redacted here,
    // so no path (OpenAI, fal, speech, gateways) can store or show a key or a megabyte of junk.
    super(cleanText(info.message, TEXT_LIMITS.message) ?? '', options);
    this.kind = info.kind;
    this.action = cleanText(info.action, TEXT_LIMITS.action) ?? '';
    this.status = typeof info.status === 'number' && Number.isInteger(info.status) ? info.status : undefined;
    this.code = cleanText(info.code, TEXT_LIMITS.code);
    this.requestId = cleanText(info.requestId, TEXT_LIMITS.id);
    this.field = cleanText(info.field, TEXT_LIMITS.id);
    this.retryable = info.retryable === true;
    this.retryAfterMs =
      typeof info.retryAfterMs === 'number' && Number.isFinite(info.retryAfterMs)
        ? info.retryAfterMs
        : undefined;
    this.outcomeUnknown = info.outcomeUnknown ?? false;
  }

  toInfo(): ErrorInfo {
    const { kind, message, action, status, code, requestId, field, retryable } = this;
    return { kind, message, action, status, code, requestId, field, retryable };
  }
}

export const isProviderError = (error: unknown): error is ProviderError => error instanceof ProviderError;

/**
 * `code` of the error a provider that keeps its work in this tab's memory (the local preview) raises when
 * asked about a job it no longer holds: the page was reloaded. The job runner sends such a job again, but
 * only for a provider that says `rerunsWhenLost` (free, on this device); never for a paid one.
 */
export const LOST_IN_MEMORY = 'lost-in-memory';

export const isLostInMemory = (error: unknown): boolean =>
  isProviderError(error) && error.code === LOST_IN_MEMORY;
