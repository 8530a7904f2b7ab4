import { expect } from '@playwright/test';

/** The bytes of a base64 `data:` URI a mock received (a clip sent inline), after checking its form. */
export function dataUriBytes(url: unknown, mime = 'video/mp4'): Buffer {
  const text = String(url);
  expect(text.startsWith(`data:${mime};base64,`), `a ${mime} data: URI`).toBe(true);
  return Buffer.from(text.slice(text.indexOf(',') + 1), 'base64');
}
