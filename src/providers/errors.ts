import type { ErrorInfo, ErrorKind } from '../types.ts';

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
    super(info.message, options);
    this.kind = info.kind;
    this.action = info.action;
    this.status = info.status;
    this.code = info.code;
    this.requestId = info.requestId;
    this.field = info.field;
    this.retryable = info.retryable;
    this.retryAfterMs = info.retryAfterMs;
    this.outcomeUnknown = info.outcomeUnknown ?? false;
  }

  toInfo(): ErrorInfo {
    const { kind, message, action, status, code, requestId, field, retryable } = this;
    return { kind, message, action, status, code, requestId, field, retryable };
  }
}

export const isProviderError = (error: unknown): error is ProviderError => error instanceof ProviderError;
