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
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { clipLibraryBench } from './bench-clip-library.mjs';

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
  const dist = process.env.RW_OUT_DIR ?? join(root, 'dist');
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
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
  for (const file of seen) gz += gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
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
    await page.waitForFunction(
      () => window.__benchDone === true || window.__benchResult !== undefined,
      null,
      {
        timeout,
        polling: 500,
      },
    );
    const rows = await page.evaluate(() => window.__benchResults ?? [window.__benchResult]);
    for (const row of rows.filter(Boolean)) {
      const { bench, value, unit, ...details } = row;
      report(bench, value, unit, details);
    }
  });
}

/**
 * Backup: a 1 GB library (100 × 10 MB blobs written straight into IndexedDB) exported to a sink that only
 * counts bytes, then exported to an OPFS file and imported back into the wiped library. Throughput and the
 * peak JS heap (performance.memory, sampled every 50 ms) for both directions.
 */
async function backupBench(base) {
  // A real profile on disk: an incognito context's quota cannot hold 1 GB of library plus a 1 GB archive.
  const dir = mkdtempSync(join(tmpdir(), 'rw-bench-backup-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath, args, headless: true });
  const page = await context.newPage();
  try {
    await page.goto(`${base}/?pace=fast`);
    await page.getByRole('heading', { name: 'Reelwright' }).waitFor();
    const count = 100;
    const size = 10 * 1024 * 1024;
    await page.evaluate(
      async ({ count, size }) => {
        const db = await new Promise((resolve, reject) => {
          const open = indexedDB.open('reelwright');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const noise = new Uint8Array(size);
        for (let i = 0; i < size; i += 65536) crypto.getRandomValues(noise.subarray(i, i + 65536));
        const base = new Blob([noise]);
        for (let batch = 0; batch < count; batch += 10) {
          const tx = db.transaction(['assets', 'blobs'], 'readwrite');
          for (let i = batch; i < batch + 10; i += 1) {
            const id = `bench-backup-${i}`;
            const head = new Uint8Array(16);
            crypto.getRandomValues(head);
            tx.objectStore('assets').put({
              id,
              name: `clip-${i}.mp4`,
              kind: 'video',
              mime: 'video/mp4',
              bytes: size,
              sha256: `bench-backup-sha-${i}`,
              created: Date.now() - i,
              tags: [],
              blobId: `asset-${id}`,
            });
            tx.objectStore('blobs').put({
              id: `asset-${id}`,
              blob: new Blob([head, base.slice(16)], { type: 'video/mp4' }),
            });
          }
          await new Promise((resolve, reject) => {
            tx.oncomplete = resolve;
            tx.onerror = () => reject(tx.error);
          });
        }
        db.close();
      },
      { count, size },
    );
    const measure = (direction) =>
      page.evaluate(async (direction) => {
        const store = document.querySelector('rw-app-shell').store;
        let peak = 0;
        const sample = () => (peak = Math.max(peak, performance.memory.usedJSHeapSize));
        globalThis.gc?.();
        const baseline = performance.memory.usedJSHeapSize;
        const timer = setInterval(sample, 50);
        const root = await navigator.storage.getDirectory();
        const started = performance.now();
        let bytes = 0;
        try {
          if (direction === 'export') {
            const sink = new WritableStream({ write: (chunk) => void (bytes += chunk.byteLength) });
            if (!(await store.exportBackup({ sink }))) throw new Error(store.state.backupMessage?.text);
          } else if (direction === 'archive') {
            const handle = await root.getFileHandle('bench-backup.zip', { create: true });
            if (!(await store.exportBackup({ sink: await handle.createWritable() })))
              throw new Error(store.state.backupMessage?.text);
            bytes = (await handle.getFile()).size;
          } else {
            await store.deleteEverything();
            const file = await (await root.getFileHandle('bench-backup.zip')).getFile();
            bytes = file.size;
            const summary = await store.importBackup(file);
            if (!summary) throw new Error(store.state.backupMessage?.text);
            await root.removeEntry('bench-backup.zip');
          }
        } finally {
          clearInterval(timer);
        }
        sample();
        const seconds = (performance.now() - started) / 1000;
        return { bytes, seconds, peakMb: peak / 1048576, baselineMb: baseline / 1048576 };
      }, direction);
    const exported = await measure('export');
    report('backup-export-1gb-throughput', exported.bytes / 1048576 / exported.seconds, 'MB/s', {
      target: 100,
      bytes: exported.bytes,
      seconds: Math.round(exported.seconds * 10) / 10,
      sink: 'discard',
    });
    report('backup-export-1gb-peak-heap', exported.peakMb, 'MB', {
      target: 200,
      baselineMb: Math.round(exported.baselineMb),
    });
    const archived = await measure('archive');
    report('backup-export-1gb-to-opfs-throughput', archived.bytes / 1048576 / archived.seconds, 'MB/s', {
      target: 100,
      bytes: archived.bytes,
      peakHeapMb: Math.round(archived.peakMb),
    });
    const imported = await measure('import');
    report('backup-import-1gb-throughput', imported.bytes / 1048576 / imported.seconds, 'MB/s', {
      target: 100,
      bytes: imported.bytes,
      seconds: Math.round(imported.seconds * 10) / 10,
    });
    report('backup-import-1gb-peak-heap', imported.peakMb, 'MB', {
      target: 200,
      baselineMb: Math.round(imported.baselineMb),
    });
    const restored = await page.evaluate(() => document.querySelector('rw-app-shell').store.state.assetCount);
    if (restored !== count) throw new Error(`backup bench: ${restored} of ${count} assets restored`);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  note('building…');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
  if (wanted('shell')) shellSize();

  const preview = start(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', '4183', '--strictPort'],
    'http://127.0.0.1:4183/',
  );
  const dev = start(
    'npx',
    ['vite', '--host', '127.0.0.1', '--port', '5184', '--strictPort'],
    'http://127.0.0.1:5184/tests/harness/index.html',
  );
  const browser = await chromium.launch({ executablePath, args, headless: true });
  try {
    await Promise.all([preview.ready, dev.ready]);
    const app = 'http://127.0.0.1:4183';
    const media = 'http://127.0.0.1:5184';
    if (wanted('library')) await libraryFirstPaint(browser, app);
    if (wanted('clip-library')) await clipLibraryBench(browser, app, { withPage, report });
    if (wanted('import')) await harness(browser, media, 'tests/harness/import-bench.html');
    if (wanted('preview')) await harness(browser, media, 'tests/harness/preview-bench.html');
    if (wanted('runner')) await runnerOverhead(browser, app);
    if (wanted('backup')) await backupBench(app);
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
