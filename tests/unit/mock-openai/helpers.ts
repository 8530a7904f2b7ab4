import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createOpenAIMock, DEFAULT_KEY, type MockOptions, type OpenAIMock } from '../../mocks/openai/app.mjs';

export const KEY = DEFAULT_KEY;

/**
 * Starts one mock for the test file, resets it after each test (after checking that every response it sent
 * validated against the spec) and closes it at the end.
 */
export function useMock(opts: MockOptions = {}): { readonly mock: OpenAIMock } {
  const holder = {} as { mock: OpenAIMock };
  beforeAll(async () => {
    holder.mock = await createOpenAIMock({ quiet: true, jobDurationMs: 60_000, ...opts });
  });
  afterEach(() => {
    const s = holder.mock.state();
    expect(s.responseValidationErrors).toEqual([]);
    expect(s.responseValidationFailures).toBe(0);
    holder.mock.reset();
  });
  afterAll(async () => {
    await holder.mock?.close();
  });
  return holder;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/** fetch() against the mock's API base URL with the default key unless headers say otherwise. */
export async function api(
  mock: OpenAIMock,
  path: string,
  init: RequestInit & { key?: string | null } = {},
): Promise<RawResponse> {
  const headers = new Headers(init.headers);
  if (init.key !== null && !headers.has('authorization') && !headers.has('api-key')) {
    headers.set('authorization', `Bearer ${init.key ?? KEY}`);
  }
  const res = await fetch(`${mock.url}${path}`, { ...init, headers });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, json, text };
}

export function postJson(
  mock: OpenAIMock,
  path: string,
  body: unknown,
  init: RequestInit & { key?: string | null } = {},
) {
  return api(mock, path, {
    ...init,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    body: JSON.stringify(body),
  });
}

export function postForm(
  mock: OpenAIMock,
  path: string,
  fields: Record<string, string | Blob>,
  init: RequestInit & { key?: string | null } = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof File) form.append(k, v, v.name);
    else form.append(k, v);
  }
  return api(mock, path, { ...init, method: 'POST', body: form });
}

/** Creates a job through the API (multipart) and returns its id. */
export async function createJob(
  mock: OpenAIMock,
  fields: Record<string, string | Blob> = {},
): Promise<string> {
  const r = await postForm(mock, '/videos', { prompt: 'A lighthouse at dusk', ...fields });
  expect(r.status, r.text).toBe(200);
  return r.json.id as string;
}

/** Creates a job and moves the clock past its duration. */
export async function completedJob(
  mock: OpenAIMock,
  fields: Record<string, string | Blob> = {},
): Promise<string> {
  const id = await createJob(mock, fields);
  mock.advance(mock.state().config.jobDurationMs + 1);
  return id;
}
