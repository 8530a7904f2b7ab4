#!/usr/bin/env node
/**
 * `npm run bench`: measures the performance targets of the issues and prints one JSON object per
 * measurement on its own line: {"bench": name, "value": number, "unit": "ms|KB|MB|MB/s", ...details}.
 * Human-readable lines start with "#". Builds the app, serves it (vite preview) and the media harness
 * pages (vite dev), and drives system Chromium through Playwright.
 *
 *   npm run bench                 all measurements
 *   npm run bench -- shell stitch only those whose name contains one of the words
 */
import { chromium } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const wanted = (name) => !only.length || only.some((word) => name.includes(word));
const results = [];

function report(bench, value, unit, details = {}) {
  const row = { bench, value: Math.round(value * 100) / 100, unit, ...details };
  results.push(row);
  console.log(JSON.stringify(row));
}
const note = (text) => console.log(`# ${text}`);

const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p) => p && existsSync(p),
);
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-precise-memory-info',
  '--js-flags=--expose-gc',
];

function start(command, argv, url) {
  const child = spawn(command, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = (async () => {
    for (let i = 0; i < 120; i += 1) {
      try {
        if ((await fetch(url)).ok) return;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${url} did not come up`);
  })();
  return { child, ready };
}

/** Initial JavaScript of the shell: the entry chunk and everything it imports statically, gzipped. */
function shellSize() {
  const manifest = JSON.parse(readFileSync(join(root, 'dist/.vite/manifest.json'), 'utf8'));
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  const seen = new Set();
  const visit = (key) => {
    const chunk = manifest[key] ?? Object.values(manifest).find((c) => c.file === key);
    if (!chunk || seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  visit(Object.keys(manifest).find((k) => manifest[k] === entry));
  let gz = 0;
  for (const file of seen) gz += gzipSync(readFileSync(join(root, 'dist', file)), { level: 9 }).length;
  const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js') && !seen.has(c.file)).length;
  report('shell-initial-js-gzip', gz / 1024, 'KB', { target: 45, files: [...seen], lazyChunks: lazy });
}

async function withPage(browser, url, fn) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(url);
    return await fn(page);
  } finally {
    await context.close();
  }
}

/** 1,000 assets stored; how long after the database opens is the first library screen painted? */
async function libraryFirstPaint(browser, base) {
  await withPage(browser, `${base}/?pace=fast`, async (page) => {
    await page.getByRole('heading', { name: 'Reelwright' }).waitFor();
    await page.evaluate(async () => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('reelwright');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const canvas = new OffscreenCanvas(160, 160);
      const ctx = canvas.getContext('2d');
      const thumbs = [];
      for (let i = 0; i < 8; i += 1) {
        ctx.fillStyle = `hsl(${i * 45} 60% 50%)`;
        ctx.fillRect(0, 0, 160, 160);
        thumbs.push(await canvas.convertToBlob({ type: 'image/webp' }));
      }
      const tx = db.transaction(['assets', 'blobs'], 'readwrite');
      const now = Date.now();
      for (let i = 0; i < 1000; i += 1) {
        const id = `bench-${i}`;
        tx.objectStore('assets').put({
          id,
          name: `reference-${i}.png`,
          kind: 'image',
          mime: 'image/png',
          bytes: 5_000_000,
          width: 2500,
          height: 2000,
          sha256: `bench-sha-${i}`,
          created: now - i * 1000,
          tags: [],
          blobId: `asset-${id}`,
          thumbId: `thumb-${id}`,
        });
        // A large blob per asset that listing must never read.
        tx.objectStore('blobs').put({ id: `asset-${id}`, blob: new Blob([new Uint8Array(64 * 1024)]) });
        tx.objectStore('blobs').put({ id: `thumb-${id}`, blob: thumbs[i % thumbs.length] });
      }
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    });
    const samples = [];
    for (let run = 0; run < 5; run += 1) {
      await page.reload();
      await page.waitForFunction(() => performance.getEntriesByName('rw:library-painted').length > 0, null, {
        timeout: 30_000,
      });
      samples.push(
        await page.evaluate(() => {
          const open = performance.getEntriesByName('rw:db-open')[0].startTime;
          const painted = performance.getEntriesByName('rw:library-painted')[0].startTime;
          return painted - open;
        }),
      );
    }
    samples.sort((a, b) => a - b);
    report('library-first-paint-1000-assets', samples[Math.floor(samples.length / 2)], 'ms', {
      target: 100,
      samples: samples.map((s) => Math.round(s)),
    });
  });
}

/** 50 fast-mode local-preview jobs through the real runner; the main thread must stay free. */
async function runnerOverhead(browser, base) {
  await withPage(browser, `${base}/?pace=fast`, async (page) => {
    await page.getByRole('heading', { name: 'Reelwright' }).waitFor();
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const prompt = page.getByRole('textbox', { name: 'Prompt' });
    const started = Date.now();
    for (let i = 0; i < 50; i += 1) {
      await prompt.fill(`Bench job ${i}: a lighthouse at dusk`);
      await prompt.press('Control+Enter');
    }
    await page.waitForFunction(
      () => {
        const shell = document.querySelector('rw-app-shell');
        const jobs = shell?.store?.state.jobs ?? [];
        return jobs.length >= 50 && jobs.every((j) => ['done', 'failed', 'canceled'].includes(j.status));
      },
      null,
      { timeout: 600_000, polling: 500 },
    );
    const elapsed = Date.now() - started;
    const stats = await page.evaluate(() => {
      const jobs = document.querySelector('rw-app-shell').store.state.jobs;
      return { done: jobs.filter((j) => j.status === 'done').length, longTasks: window.__longTasks };
    });
    report('runner-50-fast-jobs-max-main-thread-task', Math.max(0, ...stats.longTasks), 'ms', {
      target: 50,
      jobsDone: stats.done,
      totalMs: elapsed,
      longTasksOver50ms: stats.longTasks.filter((d) => d > 50).length,
    });
  });
}

/** Harness pages (media helpers) publish their results on window.__benchResults / __benchResult. */
async function harness(browser, base, path, timeout = 600_000) {
  if (!existsSync(join(root, path))) {
    note(`${path} missing; skipped`);
    return;
  }
  await withPage(browser, `${base}/${path}`, async (page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') note(`${path}: ${msg.text()}`);
    });
    await page.waitForFunction(() => window.__benchDone === true || window.__benchResult !== undefined, null, {
      timeout,
      polling: 500,
    });
    const rows = await page.evaluate(() => window.__benchResults ?? [window.__benchResult]);
    for (const row of rows.filter(Boolean)) {
      const { bench, value, unit, ...details } = row;
      report(bench, value, unit, details);
    }
  });
}

async function main() {
  note('building…');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
  if (wanted('shell')) shellSize();

  const preview = start('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', '4183', '--strictPort'], 'http://127.0.0.1:4183/');
  const dev = start('npx', ['vite', '--host', '127.0.0.1', '--port', '5184', '--strictPort'], 'http://127.0.0.1:5184/tests/harness/index.html');
  const browser = await chromium.launch({ executablePath, args, headless: true });
  try {
    await Promise.all([preview.ready, dev.ready]);
    const app = 'http://127.0.0.1:4183';
    const media = 'http://127.0.0.1:5184';
    if (wanted('library')) await libraryFirstPaint(browser, app);
    if (wanted('import')) await harness(browser, media, 'tests/harness/import-bench.html');
    if (wanted('preview')) await harness(browser, media, 'tests/harness/preview-bench.html');
    if (wanted('runner')) await runnerOverhead(browser, app);
    if (wanted('stitch')) {
      if (existsSync(join(root, 'scripts/make-bench-clips.sh'))) {
        execFileSync('bash', ['scripts/make-bench-clips.sh'], { cwd: root, stdio: 'inherit' });
      }
      await harness(browser, media, 'tests/harness/stitch-bench.html');
    }
  } finally {
    await browser.close();
    preview.child.kill();
    dev.child.kill();
  }
  note(`${results.length} measurements`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
