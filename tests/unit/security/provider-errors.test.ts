import { describe, expect, it } from 'vitest';
import { mapHttpError } from '../../../src/providers/error-map.ts';
import { ProviderError } from '../../../src/providers/errors.ts';
import { mapFalError } from '../../../src/providers/fal-errors.ts';
import { requestJson } from '../../../src/providers/http.ts';
import { synthesizeOpenAISpeech } from '../../../src/providers/openai-speech.ts';
import { TEXT_LIMITS } from '../../../src/providers/redact.ts';
import { caught, fakeDeps, json, KEY, openaiConnection, scriptedFetch } from '../providers/fake-fetch.ts';
import { line } from '../speech/helpers.ts';

/** Credentials a hostile gateway echoes back, none of them the connection's own key. */
const OTHER_KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123456789';
const BEARER = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl';
const FAL_KEY = '0f8e7d6c-1234-4abc-9def-0123456789ab:0123456789abcdef0123456789abcdef';
const BASE64 = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx';
const hostile = [
  `Denied for ${KEY}. Authorization: ${BEARER}.`,
  `Other key ${OTHER_KEY}, fal Key ${FAL_KEY}, api_key=hunter2hunter2, blob ${BASE64}`,
  '\u202egnp.exe\u0007',
  'x'.repeat(50_000),
].join(' ');

function expectClean(error: unknown): void {
  expect(error).toBeInstanceOf(ProviderError);
  const e = error as ProviderError;
  const all = [e.message, e.action, e.code ?? '', e.field ?? '', e.requestId ?? ''].join('\n');
  for (const secret of [
    KEY,
    OTHER_KEY,
    'eyJhbGciOiJIUzI1NiJ9',
    FAL_KEY,
    'hunter2hunter2',
    BASE64,
    '\u202e',
  ]) {
    expect(all).not.toContain(secret);
  }
  expect(e.message.length).toBeLessThanOrEqual(TEXT_LIMITS.message);
  expect(e.action.length).toBeLessThanOrEqual(TEXT_LIMITS.action);
  expect(e.code?.length ?? 0).toBeLessThanOrEqual(TEXT_LIMITS.code);
  expect(e.requestId?.length ?? 0).toBeLessThanOrEqual(TEXT_LIMITS.id);
}

describe('every provider error string is type-checked, cut and redacted', () => {
  it('OpenAI-compatible gateway: an echoed key, bearer token, base64 and 50 kB of text', async () => {
    const net = scriptedFetch(
      json(
        { error: { message: hostile, code: `${OTHER_KEY}${'c'.repeat(500)}`, param: 'x'.repeat(9000) } },
        { status: 400, headers: { 'x-request-id': `req_${'9'.repeat(5000)}` } },
      ),
    );
    const error = await caught(
      requestJson(fakeDeps(net.fetch).deps, {
        method: 'POST',
        path: '/videos',
        body: {},
        signal: new AbortController().signal,
      }),
    );
    expectClean(error);
    expect((error as ProviderError).message).toContain('[redacted]');
  });

  it('OpenAI: a body whose fields are not strings gives a plain message, not “[object Object]”', () => {
    const error = mapHttpError(
      400,
      JSON.stringify({ error: { message: { html: '<img onerror=x>' }, code: ['a'], param: 7 } }),
      new Headers(),
      { host: 'gw.example', secrets: [KEY] },
    );
    expectClean(error);
    expect(error.message).not.toContain('[object Object]');
    expect(error.message).not.toContain('onerror');
  });

  it('fal: detail items of the wrong types, a hostile message and an echoed key', () => {
    const error = mapFalError(
      422,
      JSON.stringify({
        detail: [
          { loc: 'body', msg: { evil: true }, type: 42 },
          { loc: ['body', { x: 1 }], msg: hostile, type: 'value_error' },
        ],
      }),
      new Headers({ 'x-fal-request-id': `${BASE64}${BASE64}` }),
      { resource: 'submit', secrets: [FAL_KEY] },
    );
    expectClean(error);
    expect(error.kind).toBe('validation');
    expect(error.message).not.toContain('[object Object]');
  });

  it('fal: a server error echoing a bearer token', () => {
    const error = mapFalError(
      500,
      JSON.stringify({ detail: hostile, error_type: 'internal_error' }),
      new Headers(),
      {
        resource: 'status',
      },
    );
    expectClean(error);
    expect(error.message).toMatch(/^fal\.ai failed: /);
  });

  it('speech: a gateway that answers text instead of audio, echoing the key', async () => {
    const net = scriptedFetch(
      new Response(`not audio: ${hostile}`, { headers: { 'content-type': 'text/plain' } }),
    );
    const deps = fakeDeps(net.fetch, {
      connection: openaiConnection({ apiKey: 'gateway-key-without-a-known-shape' }),
    }).deps;
    const error = await caught(
      synthesizeOpenAISpeech(deps, line('openai', 'tts-1'), new AbortController().signal),
    );
    expectClean(error);
    expect((error as ProviderError).message).not.toContain('gateway-key-without-a-known-shape');
  });
});
