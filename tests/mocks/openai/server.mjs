#!/usr/bin/env node
// CLI entry: `npm run mock:openai [-- --port 4010 --job-duration-ms 3000 --azure --no-cors ...]`
import { parseArgs } from 'node:util';
import { createOpenAIMock, DEFAULT_KEY } from './app.mjs';

const HELP = `OpenAI Videos API (Sora 2 contract) mock

Options:
  --port <n>              listen port (default $MOCK_OPENAI_PORT or 4010)
  --host <h>              listen host (default 127.0.0.1)
  --base-path <p>         API base path (default /v1, or /openai/v1 with --azure)
  --keys <k1,k2>          accepted API keys (default ${DEFAULT_KEY})
  --job-duration-ms <n>   time from queued to completed (default 3000)
  --expires-after-sec <n> content lifetime after completion (default 3600)
  --poll-after-ms <n>     openai-poll-after-ms header value (default 1000)
  --azure                 Azure OpenAI mode (api-key header, deployment names, Azure 401 shape)
  --no-cors               answer without CORS headers (the browser sees "CORS blocked")
  --quiet                 no request log
Control API: GET /__mock/state, POST /__mock/reset, POST|DELETE /__mock/faults, POST /__mock/config,
             POST /__mock/advance {"ms": n}   (see tests/mocks/openai/README.md)`;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'base-path': { type: 'string' },
    keys: { type: 'string' },
    'job-duration-ms': { type: 'string' },
    'expires-after-sec': { type: 'string' },
    'poll-after-ms': { type: 'string' },
    azure: { type: 'boolean' },
    'no-cors': { type: 'boolean' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

/** @param {string | undefined} v */
const num = (v) => (v === undefined ? undefined : Number(v));

const mock = await createOpenAIMock({
  port: num(values.port) ?? num(process.env.MOCK_OPENAI_PORT) ?? 4010,
  host: values.host,
  basePath: values['base-path'],
  keys: values.keys ? values.keys.split(',') : undefined,
  jobDurationMs: num(values['job-duration-ms']),
  expiresAfterSec: num(values['expires-after-sec']),
  pollAfterMs: num(values['poll-after-ms']),
  azure: values.azure,
  cors: values['no-cors'] ? false : undefined,
  quiet: values.quiet,
});

const s = mock.state().config;
console.log(`OpenAI mock listening: ${mock.url}`);
console.log(`  API key:      ${mock.key}${s.azure ? '  (Azure mode: api-key header or Bearer)' : ''}`);
console.log(`  job duration: ${s.jobDurationMs} ms, content expires ${s.expiresAfterSec} s after completion`);
console.log(`  control:      ${mock.origin}/__mock/state`);

const stop = async () => {
  await mock.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
