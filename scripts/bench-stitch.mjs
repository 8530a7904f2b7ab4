#!/usr/bin/env node
// Stitch bench in Chromium: makes the bench clips if missing (scripts/make-bench-clips.sh), starts a Vite dev
// server (reuses one already on --port, default 5174), opens tests/harness/stitch-bench.html with
// --enable-precise-memory-info and prints one JSON line per measurement (also written to
// bench-results/stitch.json).  Usage: node scripts/bench-stitch.mjs [--counts 3,10,30,240] [--runs 5] [--port 5174]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const counts = arg('counts', '3,10,30,240');
const runs = arg('runs', '5');
const port = Number(arg('port', '5174'));

if (!existsSync(join(root, 'bench-results/clips/manifest.json'))) {
  execFileSync('bash', [join(root, 'scripts/make-bench-clips.sh')], { stdio: 'inherit' });
}

let server;
const url = `http://127.0.0.1:${port}`;
const up = await fetch(`${url}/tests/harness/index.html`).then(
  (r) => r.ok,
  () => false,
);
if (!up) {
  server = await createServer({
    root,
    server: { host: '127.0.0.1', port, strictPort: true },
    logLevel: 'warn',
  });
  await server.listen();
}

const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p) => p && existsSync(p),
);
const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--enable-precise-memory-info',
    '--js-flags=--expose-gc',
    '--autoplay-policy=no-user-gesture-required',
  ],
});
try {
  const page = await browser.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'log' && msg.text().startsWith('{"bench"')) console.log(msg.text());
    if (msg.type() === 'error') console.error(msg.text());
  });
  await page.goto(`${url}/tests/harness/stitch-bench.html?counts=${counts}&runs=${runs}`);
  await page.waitForFunction(() => window.__benchDone === true, null, { timeout: 600_000, polling: 500 });
  const error = await page.evaluate(() => window.__benchError);
  const results = await page.evaluate(() => window.__benchResults);
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results/stitch.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (error) {
    console.error(error);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server?.close();
}
