import { describe, expect, it } from 'vitest';
import {
  connectionError,
  errorFromUnknown,
  mapHttpError,
  mapVideoFailure,
  parseErrorBody,
  timeoutError,
  type ErrorContext,
} from '../../../src/providers/error-map.ts';
import { ProviderError } from '../../../src/providers/errors.ts';

const ctx: ErrorContext = { host: 'api.openai.com', model: 'sora-2', size: '720x1280', resource: 'create' };

function envelope(error: {
  message: string;
  type?: string;
  param?: string | null;
  code?: string | null;
}): string {
  return JSON.stringify({ error: { type: 'invalid_request_error', param: null, code: null, ...error } });
}

function map(status: number, body: string, headers: Record<string, string> = {}, context = ctx) {
  return mapHttpError(status, body, new Headers({ 'x-request-id': 'req_abc', ...headers }), context);
}

describe('mapHttpError', () => {
  it('401 → auth, naming the host, keeping the request id', () => {
    const error = map(
      401,
      envelope({ message: 'Incorrect API key provided: sk-abc***xyz.', code: 'invalid_api_key' }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      kind: 'auth',
      status: 401,
      code: 'invalid_api_key',
      requestId: 'req_abc',
      retryable: false,
    });
    expect(error.message).toBe('This key was rejected by api.openai.com.');
    expect(error.action).toMatch(/check the key in settings/i);
  });

  it("Azure's string-coded envelope → auth", () => {
    const error = map(
      401,
      JSON.stringify({ error: { code: '401', message: 'Access denied due to invalid subscription key.' } }),
      {},
      {
        host: 'res.openai.azure.com',
      },
    );
    expect(error.kind).toBe('auth');
    expect(error.code).toBe('401');
    expect(error.message).toBe('This key was rejected by res.openai.azure.com.');
  });

  it('reference size mismatch → validation on input_reference with the fitting hint', () => {
    const error = map(400, envelope({ message: 'Inpaint image must match the requested width and height' }));
    expect(error.kind).toBe('validation');
    expect(error.field).toBe('input_reference');
    expect(error.message).toBe(
      'The reference image must be exactly 720x1280; Reelwright can fit it for you.',
    );
  });

  it('seconds sent as an integer → validation on seconds', () => {
    const error = map(
      400,
      envelope({
        message: "Invalid type for 'seconds': expected one of '4', '8', or '12', but got an integer instead",
        param: 'seconds',
      }),
    );
    expect(error).toMatchObject({ kind: 'validation', field: 'seconds', retryable: false });
    expect(error.message).toContain("expected one of '4', '8', or '12'");
  });

  it('invalid size → validation on size', () => {
    const error = map(
      400,
      envelope({
        message: "Invalid value: '1080x1080'. Supported values are: '720x1280' and '1280x720'.",
        param: 'size',
      }),
    );
    expect(error).toMatchObject({ kind: 'validation', field: 'size' });
    expect(error.message).toContain('1080x1080');
  });

  it('unknown parameter → validation naming the parameter', () => {
    const error = map(400, envelope({ message: "Unknown parameter: 'width'.", code: 'unknown_parameter' }));
    expect(error).toMatchObject({ kind: 'validation', field: 'width' });
    expect(error.message).toContain("'width'");
  });

  it('input_reference sent as a string → validation on input_reference', () => {
    const error = map(
      400,
      envelope({ message: "Invalid type for 'input_reference': expected a file, but got a string instead" }),
    );
    expect(error).toMatchObject({ kind: 'validation', field: 'input_reference' });
  });

  it('any other 400 with a param keeps it as the field', () => {
    const error = map(400, envelope({ message: 'Prompt too long.', param: 'prompt' }));
    expect(error).toMatchObject({ kind: 'validation', field: 'prompt' });
    expect(error.message).toContain('Prompt too long.');
  });

  it.each(['sentinel_block', 'moderation_blocked', 'content_policy_violation'])(
    '%s → content-policy',
    (code) => {
      const error = map(400, envelope({ message: 'Your request was blocked by our safety system.', code }));
      expect(error).toMatchObject({ kind: 'content-policy', retryable: false, code });
    },
  );

  it('429 rate_limit_exceeded → rate-limit with retryAfterMs', () => {
    const error = map(
      429,
      envelope({ message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' }),
      { 'retry-after': '12' },
    );
    expect(error).toMatchObject({ kind: 'rate-limit', retryable: true, retryAfterMs: 12_000 });
    expect(error.message).toBe('Rate limited by api.openai.com.');
    expect(error.action).toContain('12 s');
  });

  it('429 insufficient_quota → quota, not retryable', () => {
    const error = map(
      429,
      envelope({
        message: 'You exceeded your current quota, please check your plan and billing details.',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      }),
      { 'retry-after': '20' },
    );
    expect(error).toMatchObject({ kind: 'quota', retryable: false });
  });

  it('billing_hard_limit_reached → quota', () => {
    const error = map(
      400,
      envelope({ message: 'Billing hard limit has been reached', code: 'billing_hard_limit_reached' }),
    );
    expect(error.kind).toBe('quota');
  });

  it('403 insufficient_quota → quota rather than auth', () => {
    expect(map(403, envelope({ message: 'quota', code: 'insufficient_quota' })).kind).toBe('quota');
  });

  it('404 on a job → not-found', () => {
    const error = map(
      404,
      envelope({ message: "Video with id 'video_x' not found.", code: 'not_found' }),
      {},
      {
        host: 'api.openai.com',
        resource: 'job',
      },
    );
    expect(error).toMatchObject({ kind: 'not-found', retryable: false });
  });

  it('404 on content → not-found that says expired', () => {
    const error = map(
      404,
      envelope({ message: 'Not found' }),
      {},
      { host: 'api.openai.com', resource: 'content' },
    );
    expect(error.kind).toBe('not-found');
    expect(error.message).toMatch(/expired/);
  });

  it('Azure DeploymentNotFound → not-found naming the deployment', () => {
    const body = JSON.stringify({
      error: {
        code: 'DeploymentNotFound',
        message:
          'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
      },
    });
    const error = map(404, body, {}, { host: 'res.openai.azure.com', model: 'my-sora', resource: 'create' });
    expect(error).toMatchObject({ kind: 'not-found', field: 'model' });
    expect(error.message).toBe("The deployment 'my-sora' does not exist on res.openai.azure.com.");
  });

  it.each([500, 502, 503])('%i → server, retryable', (status) => {
    const error = map(status, '<html><body>Bad gateway</body></html>');
    expect(error).toMatchObject({ kind: 'server', status, retryable: true });
    expect(error.message).not.toContain('<html>');
  });

  it('x-should-retry: false makes a 5xx not retryable', () => {
    expect(map(503, '', { 'x-should-retry': 'false' }).retryable).toBe(false);
  });

  it('408 → timeout', () => {
    expect(map(408, '').kind).toBe('timeout');
  });

  it('non-JSON plain text bodies are read', () => {
    const error = map(400, 'size must be one of 720x1280');
    expect(error.kind).toBe('validation');
    expect(error.message).toContain('size must be one of 720x1280');
  });
});

describe('parseErrorBody', () => {
  it('reads the envelope, gateway shapes and FastAPI detail', () => {
    expect(parseErrorBody(envelope({ message: 'm', code: 'c', param: 'p' }))).toMatchObject({
      message: 'm',
      code: 'c',
      param: 'p',
    });
    expect(parseErrorBody('{"error":"bad thing"}').message).toBe('bad thing');
    expect(parseErrorBody('{"detail":"nope"}').message).toBe('nope');
    expect(parseErrorBody('{"error":{"code":401,"message":"x"}}').code).toBe('401');
    expect(parseErrorBody('')).toEqual({});
    expect(parseErrorBody('<!DOCTYPE html><html></html>')).toEqual({});
  });
});

describe('mapVideoFailure', () => {
  it('moderation_blocked → content-policy', () => {
    const info = mapVideoFailure({ code: 'moderation_blocked', message: 'Blocked by moderation.' }, ctx);
    expect(info).toMatchObject({ kind: 'content-policy', code: 'moderation_blocked', retryable: false });
  });

  it('other failures → server with the provider message', () => {
    const info = mapVideoFailure({ code: 'internal_error', message: 'Generation failed.' }, ctx);
    expect(info.kind).toBe('server');
    expect(info.message).toContain('Generation failed.');
  });

  it('tolerates a missing error object', () => {
    expect(mapVideoFailure(null, ctx).kind).toBe('server');
  });
});

describe('transport failures', () => {
  it('a fetch TypeError → unreachable, mentioning CORS', () => {
    const error = connectionError(ctx, { outcomeUnknown: false, cause: new TypeError('Failed to fetch') });
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(
      'Could not reach api.openai.com. It may be down, or it does not allow requests from this app (CORS).',
    );
  });

  it('offline → network, "You are offline"', () => {
    const error = connectionError(ctx, { outcomeUnknown: false, offline: true });
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^You are offline/);
  });

  it('a create that may have been sent → outcomeUnknown, not retryable', () => {
    expect(connectionError(ctx, { outcomeUnknown: true })).toMatchObject({
      kind: 'network',
      outcomeUnknown: true,
      retryable: false,
    });
    expect(timeoutError(ctx, { timeoutMs: 60_000, outcomeUnknown: true })).toMatchObject({
      kind: 'timeout',
      outcomeUnknown: true,
      retryable: false,
    });
  });

  it('errorFromUnknown passes ProviderErrors through and maps the rest', () => {
    const original = timeoutError(ctx, { timeoutMs: 1, outcomeUnknown: false });
    expect(errorFromUnknown(original)).toBe(original);
    expect(errorFromUnknown(new TypeError('Failed to fetch'), ctx).kind).toBe('unreachable');
    expect(errorFromUnknown(new DOMException('t', 'TimeoutError'), ctx).kind).toBe('timeout');
    expect(errorFromUnknown(new RangeError('boom')).kind).toBe('local');
    expect(errorFromUnknown('weird').kind).toBe('local');
  });
});
