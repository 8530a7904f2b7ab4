#!/usr/bin/env node
/**
 * `npm run mock:fal`: the fal.ai mock on http://127.0.0.1:4020 (queue, storage and CDN on one port).
 *
 * Options: --port N (or FAL_MOCK_PORT), --host H, --public-url URL, --job-ms N, --ttl-ms N,
 * --validate-at submit|result, --key K (repeatable; default fal-test-key).
 *
 * @module
 */

import { parseArgs } from 'node:util';
import { DEFAULT_PORT, TEST_KEY, createFalMock } from './mock.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'public-url': { type: 'string' },
    'job-ms': { type: 'string' },
    'ttl-ms': { type: 'string' },
    'validate-at': { type: 'string' },
    key: { type: 'string', multiple: true },
  },
});

const validateAt = values['validate-at'];
if (validateAt !== undefined && validateAt !== 'submit' && validateAt !== 'result') {
  throw new Error('--validate-at must be submit or result');
}
const mock = await createFalMock({
  port: Number(values.port ?? process.env.FAL_MOCK_PORT ?? DEFAULT_PORT),
  host: values.host,
  publicUrl: values['public-url'],
  jobDurationMs: values['job-ms'] === undefined ? 6000 : Number(values['job-ms']),
  resultTtlMs: values['ttl-ms'] === undefined ? undefined : Number(values['ttl-ms']),
  validateAt,
  keys: values.key ?? [TEST_KEY],
});

console.log(`fal.ai mock listening on ${mock.url}
  queue    ${mock.queueUrl}      (Connection base URL)
  storage  ${mock.restUrl}/storage/upload/initiate
  cdn      ${mock.cdnUrl}
  control  ${mock.url}/__mock/state | /__mock/faults | /__mock/reset | /__mock/advance
  key      ${(values.key ?? [TEST_KEY]).join(', ')}`);

const stop = () => void mock.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
