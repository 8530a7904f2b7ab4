#!/usr/bin/env node
/**
 * `npm run bench`: measures the performance targets of the issues and prints one JSON object per
 * measurement on its own line:
 *   {"bench": name, "value": number, "unit": "ms|KB|MB|MB/s|s", "target": number, "ok": true|false, ...details}
 * `ok` says whether the value meets its target (lower is better, except rates such as MB/s); a bench that
 * fails, times out or has no page gives a line with "ok": false and the reason. Human-readable lines start
 * with "#"; the last one is `# total <seconds> s` (this run's own wall time).
 *
 *   npm run bench                 every bench
 *   npm run bench -- shell stitch only the benches whose name contains one of the words
 *
 * Builds the app, serves it (vite preview) and the media harness pages (vite dev), and drives system Chromium
 * through Playwright. Each bench has its own timeout and the whole run a budget (RW_BENCH_BUDGET_S, default
 * 570 s), so one stuck bench is reported and the rest still run, well within 10 minutes.
 *
 * Adding a bench that runs in a harness page: put the page in tests/harness/ and add a row to HARNESS_BENCHES
 * ({ name, page, targets }). The page publishes its rows ({bench, value, unit, target?, ok?, ...}) on
 * `window.__benchResults` (an array) or `window.__benchResult`, sets `window.__benchDone = true` when finished
 * and `window.__benchError` (a string) when it fails. Rows without a target take one from `targets` (by row
 * name, then by unit) or from TARGETS below.
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
const only = process.argv.slice(2).filter((word) => !word.startsWith('-'));
const startedAt = Date.now();
const BUDGET_S = Number(process.env.RW_BENCH_BUDGET_S ?? 570);
const APP_PORT = Number(process.env.RW_BENCH_APP_PORT ?? 4183);
const MEDIA_PORT = Number(process.env.RW_BENCH_MEDIA_PORT ?? 5183);
const results = [];

// ——— targets ———

/** The issues' targets, by row name (first match wins). A function gets the row (for size-dependent ones). */
const IN_MEMORY_STITCH_MS = (clips) => (clips > 30 ? 500 : 100);
const FILE_MBPS = 100; // issue 8: writing a real file at ≥ 100 MB/s
const msAtFileSpeed = (bytes) => (bytes / 2 ** 20 / FILE_MBPS) * 1000;
const TARGETS = [
  [/^shell-initial-js-gzip$/, 45],
  [/^library-first-paint-1000-assets$/, 100],
  [/^import-50-images(-analyze)?$/, 4000],
  [/^import-50-images(-analyze)?-max-main-thread-task$/, 100],
  [/^preview-render-8s-720x1280$/, 4000],
  [/^runner-50-fast-jobs-max-main-thread-task$/, 50],
  [/^clip-library-first-paint-1000-clips$/, 100],
  [/^clip-library-scroll-1000-max-main-thread-task$/, 50],
  [/^clip-library-search-1000-prompts$/, 30],
  // "Memory does not grow with stored bytes": 1,024× the bytes may cost at most a few MB of heap.
  [/^clip-library-heap-1000-clips-1MB-vs-1KB-blobs$/, 5],
  [/^backup-.*-throughput$/, 100],
  [/^backup-.*-peak-heap$/, 200],
  [/^stitch-(\d+)$/, (row) => IN_MEMORY_STITCH_MS(row.clips)],
  // Issue 6: 30 clips with ≤ 16 MB extra; the same per clip for larger counts.
  [/^stitch-(\d+)-peak-extra-memory$/, (row) => Math.max(16, (16 / 30) * row.clips)],
  // What a user waits for: the in-memory stitch plus its bytes written at file speed.
  [/^join-\d+-stitch-from-idb$/, (row) => IN_MEMORY_STITCH_MS(row.clips) + msAtFileSpeed(row.bytes)],
  [/^join-\d+-export-to-file$/, (row) => msAtFileSpeed(row.bytes)],
  [/^join-\d+-peak-extra-memory$/, 200],
  [/^sha256-js-32mb$/, 25],
];

const higherIsBetter = (unit) => /\/s$/.test(unit ?? '');

function targetFor(row, overrides) {
  if (typeof row.target === 'number') return row.target;
  const own = overrides?.[row.bench] ?? overrides?.[row.unit];
  if (own !== undefined) return typeof own === 'function' ? own(row) : own;
  for (const [pattern, target] of TARGETS) {
    if (pattern.test(row.bench)) return typeof target === 'function' ? target(row) : target;
  }
  return undefined;
}

/** Prints one bench line with its target and verdict. `row.ok` from a page (a tolerance check) is kept. */
function report(input, overrides) {
  const row = { ...input };
  if (typeof row.value === 'number') row.value = Math.round(row.value * 100) / 100;
  const target = targetFor(row, overrides);
  row.target = target === undefined ? null : Math.round(target * 100) / 100;
  if (typeof row.ok !== 'boolean') {
    if (typeof row.value !== 'number' || !Number.isFinite(row.value)) {
      row.ok = false;
      row.reason ??= 'no measured value';
    } else if (target === undefined) {
      row.ok = false;
      row.reason ??= 'no target given for this bench';
    } else {
      row.ok = higherIsBetter(row.unit) ? row.value >= target : row.value <= target;
    }
  }
  if (row.checks && Object.values(row.checks).some((check) => check === false)) row.ok = false;
  results.push(row);
  console.log(JSON.stringify(row));
}

/** A bench that could not give its numbers. */
function failed(bench, reason) {
  report({ bench, value: null, unit: null, ok: false, reason: String(reason).split('\n')[0].slice(0, 400) });
}
const note = (text) => console.log(`# ${text}`);

// ——— browser, servers, pages ———

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
  '--autoplay-policy=no-user-gesture-required',
];

/** Starts a server in its own process group (so it and its children are stopped together). */
function start(command, argv, url) {
  const child = spawn(command, argv, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const ready = (async () => {
    for (let i = 0; i < 120; i += 1) {
      if (child.exitCode !== null) throw new Error(`${command} ${argv.join(' ')} exited (${child.exitCode})`);
      try {
        if ((await fetch(url)).ok) return;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${url} did not come up`);
  })();
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  return { ready, stop };
}

/**
 * What every bench gets: the browser, the two servers, and page helpers whose contexts are closed when the
 * bench times out (which makes any pending page work reject, so the bench stops).
 */
function benchContext(browser, app, media) {
  const open = new Set();
  const track = (context) => {
    open.add(context);
    context.on('close', () => open.delete(context));
    return context;
  };
  const run = async (context, url, fn, before) => {
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      before?.(page);
      await page.goto(url);
      return await fn(page);
    } finally {
      await context.close().catch(() => undefined);
    }
  };
  return {
    browser,
    app,
    media,
    report,
    /** A fresh incognito context (storage in memory). */
    withPage: async (url, fn, before) => run(track(await browser.newContext()), url, fn, before),
    /** A real profile on disk: IndexedDB and OPFS on disk, with a disk-sized quota. */
    withPersistentPage: async (url, fn, before) => {
      const dir = mkdtempSync(join(tmpdir(), 'rw-bench-profile-'));
      try {
        const context = track(
          await chromium.launchPersistentContext(dir, { executablePath, args, headless: true }),
        );
        return await run(context, url, fn, before);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    abort: async () => {
      await Promise.all([...open].map((c) => c.close().catch(() => undefined)));
    },
  };
}

// ——— benches ———

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
  report({
    bench: 'shell-initial-js-gzip',
    value: gz / 1024,
    unit: 'KB',
    files: [...seen],
    lazyChunks: lazy,
  });
}

/** 1,000 assets stored; how long after the database opens is the first library screen painted? */
async function libraryFirstPaint(ctx) {
  await ctx.withPage(`${ctx.app}/?pace=fast`, async (page) => {
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
    report({
      bench: 'library-first-paint-1000-assets',
      value: samples[Math.floor(samples.length / 2)],
      unit: 'ms',
      samples: samples.map((s) => Math.round(s)),
    });
  });
}

/**
 * Import as a user waits for it: 50 JPEGs of ~5 MiB dropped on the asset library of the real app, until all
 * 50 are stored in IndexedDB (on disk: a persistent profile) and listed. Fails at once on the first error
 * notice, or when the import never starts.
 */
async function importBench(ctx) {
  await ctx.withPersistentPage(`${ctx.app}/?pace=fast`, async (page) => {
    await page.getByRole('heading', { name: 'Reelwright' }).waitFor();
    const pane = page.getByRole('complementary', { name: 'Asset library' });
    const outcome = await pane.evaluate(async (target) => {
      const COUNT = 50;
      const TARGET_BYTES = 5 * 1024 * 1024;
      const canvas = new OffscreenCanvas(2700, 2160);
      const g = canvas.getContext('2d');
      const image = g.createImageData(2700, 2160);
      const data = new Uint32Array(image.data.buffer);
      let seed = 0x2545f491;
      for (let i = 0; i < data.length; i++) {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        data[i] = 0xff000000 | ((seed & 0x3f3f3f) + 0x404040 + ((i % 2700) >> 4));
      }
      g.putImageData(image, 0, 0);
      let jpeg = null;
      for (const quality of [0.95, 0.96, 0.97, 0.9, 0.98]) {
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
        if (!jpeg || Math.abs(blob.size - TARGET_BYTES) < Math.abs(jpeg.size - TARGET_BYTES)) jpeg = blob;
        if (Math.abs(blob.size - TARGET_BYTES) < TARGET_BYTES * 0.05) break;
      }
      const bytes = new Uint8Array(await jpeg.arrayBuffer());
      // A distinct comment segment per file: 50 different files (no dedupe), each decoded in full.
      const files = Array.from({ length: COUNT }, (_, i) => {
        const text = new TextEncoder().encode(`reelwright bench image ${i}`);
        const segment = new Uint8Array(4 + text.length);
        segment.set([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]);
        segment.set(text, 4);
        return new File([bytes.subarray(0, 2), segment, bytes.subarray(2)], `noise-${i}.jpg`, {
          type: 'image/jpeg',
        });
      });
      await new Promise((resolve) => requestIdleCallback(resolve));
      const store = document.querySelector('rw-app-shell').store;
      const errorsBefore = store.state.notices.filter((n) => n.tone === 'error').length;
      const longTasks = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(entry.duration);
      });
      observer.observe({ type: 'longtask', buffered: false });
      const transfer = new DataTransfer();
      for (const file of files) transfer.items.add(file);
      const started = performance.now();
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true }),
        );
      }
      let sawImport = false;
      const ended = await new Promise((resolve) => {
        const check = () => {
          const state = store.state;
          if (state.importing) sawImport = true;
          const errors = state.notices.filter((n) => n.tone === 'error');
          if (errors.length > errorsBefore) return resolve({ error: errors.at(-1).message });
          if (sawImport && !state.importing && state.assetCount >= COUNT) return resolve({});
          if (!sawImport && performance.now() - started > 10_000)
            return resolve({ error: 'the drop did not start an import within 10 s' });
          setTimeout(check, 10);
        };
        check();
      });
      const ms = performance.now() - started;
      await new Promise((resolve) => requestIdleCallback(resolve));
      observer.takeRecords().forEach((entry) => longTasks.push(entry.duration));
      observer.disconnect();
      return {
        ...ended,
        ms,
        assets: store.state.assetCount,
        meanFileBytes: Math.round(files.reduce((s, f) => s + f.size, 0) / files.length),
        longTasks,
      };
    });
    if (outcome.error) throw new Error(outcome.error);
    // The truth of what was stored: 50 asset rows whose blobs hold the dropped bytes.
    const stored = await page.evaluate(async () => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('reelwright');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const get = (store, key) =>
        new Promise((resolve, reject) => {
          const req = key
            ? db.transaction(store).objectStore(store).get(key)
            : db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      const assets = await get('assets');
      let full = 0;
      for (const asset of assets)
        if ((await get('blobs', asset.blobId))?.blob.size === asset.bytes) full += 1;
      db.close();
      return { rows: assets.length, full };
    });
    const checks = { allStored: stored.rows === 50 && stored.full === 50 };
    report({
      bench: 'import-50-images',
      value: outcome.ms,
      unit: 'ms',
      files: 50,
      meanFileBytes: outcome.meanFileBytes,
      storedInIndexedDb: stored.full,
      checks,
    });
    report({
      bench: 'import-50-images-max-main-thread-task',
      value: Math.max(0, ...outcome.longTasks),
      unit: 'ms',
      longTasks: outcome.longTasks.length,
    });
  });
}

/** 50 fast-mode local-preview jobs through the real runner; the main thread must stay free. */
async function runnerOverhead(ctx) {
  await ctx.withPage(`${ctx.app}/?pace=fast`, async (page) => {
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
        const jobs = document.querySelector('rw-app-shell')?.store?.state.jobs ?? [];
        return jobs.length >= 50 && jobs.every((j) => ['done', 'failed', 'canceled'].includes(j.status));
      },
      null,
      { timeout: 0, polling: 250 },
    );
    const elapsed = Date.now() - started;
    const stats = await page.evaluate(() => {
      const jobs = document.querySelector('rw-app-shell').store.state.jobs;
      return { done: jobs.filter((j) => j.status === 'done').length, longTasks: window.__longTasks };
    });
    report({
      bench: 'runner-50-fast-jobs-max-main-thread-task',
      value: Math.max(0, ...stats.longTasks),
      unit: 'ms',
      jobsDone: stats.done,
      totalMs: elapsed,
      longTasksOver50ms: stats.longTasks.filter((d) => d > 50).length,
      checks: { allDone: stats.done === 50 },
    });
  });
}

/**
 * Backup: a 1 GB library (100 × 10 MB blobs written straight into IndexedDB) exported to a sink that only
 * counts bytes, then exported to an OPFS file and imported back into the wiped library. Throughput and the
 * peak JS heap (performance.memory, sampled every 50 ms during that same run) for both directions.
 */
async function backupBench(ctx) {
  // A real profile on disk: an incognito context's quota cannot hold 1 GB of library plus a 1 GB archive.
  await ctx.withPersistentPage(`${ctx.app}/?pace=fast`, async (page) => {
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
            if (!(await store.backup.exportBackup({ sink }))) throw new Error(store.state.backupMessage?.text);
          } else if (direction === 'archive') {
            const handle = await root.getFileHandle('bench-backup.zip', { create: true });
            if (!(await store.backup.exportBackup({ sink: await handle.createWritable() })))
              throw new Error(store.state.backupMessage?.text);
            bytes = (await handle.getFile()).size;
          } else {
            await store.backup.deleteEverything();
            const file = await (await root.getFileHandle('bench-backup.zip')).getFile();
            bytes = file.size;
            const summary = await store.backup.importBackup(file);
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
    report({
      bench: 'backup-export-1gb-throughput',
      value: exported.bytes / 1048576 / exported.seconds,
      unit: 'MB/s',
      bytes: exported.bytes,
      seconds: Math.round(exported.seconds * 10) / 10,
      sink: 'discard',
    });
    report({
      bench: 'backup-export-1gb-peak-heap',
      value: exported.peakMb,
      unit: 'MB',
      baselineMb: Math.round(exported.baselineMb),
    });
    const archived = await measure('archive');
    report({
      bench: 'backup-export-1gb-to-opfs-throughput',
      value: archived.bytes / 1048576 / archived.seconds,
      unit: 'MB/s',
      bytes: archived.bytes,
      peakHeapMb: Math.round(archived.peakMb),
    });
    const imported = await measure('import');
    const restored = await page.evaluate(() => document.querySelector('rw-app-shell').store.state.assetCount);
    report({
      bench: 'backup-import-1gb-throughput',
      value: imported.bytes / 1048576 / imported.seconds,
      unit: 'MB/s',
      bytes: imported.bytes,
      seconds: Math.round(imported.seconds * 10) / 10,
      restoredAssets: restored,
      checks: { allRestored: restored === count },
    });
    report({
      bench: 'backup-import-1gb-peak-heap',
      value: imported.peakMb,
      unit: 'MB',
      baselineMb: Math.round(imported.baselineMb),
    });
  });
}

let benchClips;
/** The 8 s 720x1280 clips the stitch and join benches use (made once, kept in bench-results/clips). */
function ensureBenchClips() {
  benchClips ??= new Promise((resolve, reject) => {
    const child = spawn('bash', ['scripts/make-bench-clips.sh'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`make-bench-clips.sh exited ${code}`)),
    );
  });
  return benchClips;
}

/**
 * Runs a harness page (tests/harness/*.html on the dev server) and reports its rows. A page that is absent is
 * a clear skip line (ok: false); a page error, a failed module load or `__benchError` ends it at once.
 */
async function harnessBench(ctx, spec) {
  const path = spec.page;
  if (!existsSync(join(root, path))) {
    note(`${spec.name}: ${path} is absent — skipped`);
    failed(spec.name, `skipped: ${path} is absent`);
    return;
  }
  const open = spec.persistent ? ctx.withPersistentPage : ctx.withPage;
  const consoleRows = [];
  let fatal;
  const fail = (why) => (fatal ??= why);
  // Listening from before the page loads, so a module that fails to load ends the bench at once.
  const listen = (page) => {
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith('{"bench"')) {
        try {
          consoleRows.push(JSON.parse(text));
        } catch {
          /* not a row */
        }
      }
      // A missing favicon is not news; a missing script is caught from its response below.
      if (msg.type() === 'error' && !text.startsWith('Failed to load resource')) {
        note(`${spec.name}: ${text.split('\n')[0]}`);
        if (/module script|dynamically imported module|Importing a module/i.test(text)) fail(text);
      }
    });
    page.on('pageerror', (error) => fail(`page error: ${error.message}`));
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (response.status() >= 400 && /\.(ts|js|mjs|html)$|html-proxy/.test(url.pathname + url.search))
        fail(`${response.url()} answered ${response.status()}`);
    });
  };
  await open(
    `${ctx.media}/${path}${spec.query ?? ''}`,
    async (page) => {
      for (;;) {
        const state = await page.evaluate(() => ({
          done: window.__benchDone === true || window.__benchResult !== undefined,
          error: window.__benchError,
        }));
        if (state.error || state.done || fatal) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const { rows, error } = await page.evaluate(() => ({
        rows: window.__benchResults ?? (window.__benchResult ? [window.__benchResult] : []),
        error: window.__benchError,
      }));
      const all = rows.length ? rows : consoleRows;
      for (const row of all.filter(Boolean)) report(row, spec.targets);
      if (error || fatal) failed(spec.name, error ?? fatal);
      else if (!all.length) failed(spec.name, 'the page finished without a result');
    },
    listen,
  );
}

/**
 * Benches that run in a harness page, by name: add a row here (the page publishes its rows; see the top of
 * this file). `targets` fills in rows without their own: by row name, then by unit.
 */
const HARNESS_BENCHES = [
  { name: 'import-analyze', page: 'tests/harness/import-bench.html', timeoutS: 120 },
  { name: 'preview', page: 'tests/harness/preview-bench.html', timeoutS: 90 },
  { name: 'sha256', page: 'tests/harness/sha256-bench.html', timeoutS: 60 },
  {
    name: 'stitch',
    page: 'tests/harness/stitch-bench.html',
    query: '?counts=3,10,30,240&runs=5',
    // On disk: 240-clip outputs read through Blob slices exhaust an incognito profile's in-memory blob store.
    persistent: true,
    setup: ensureBenchClips,
    timeoutS: 150,
  },
  {
    name: 'stitch-join',
    page: 'tests/harness/join-bench.html',
    query: '?counts=30,240&runs=3',
    persistent: true,
    setup: ensureBenchClips,
    timeoutS: 150,
  },
  // Issue 13 (render pipeline): audio-only render of a 75 s, 10-clip episode ≤ 3 s; full 720x1280 render
  // with captions ≤ 1× real time (75 s); peak extra memory of each ≤ 300 MB.
  { name: 'render', page: 'tests/harness/render-bench.html', targets: { ms: 3000, MB: 300 }, timeoutS: 90 },
  {
    name: 'render-video',
    page: 'tests/harness/render-video-bench.html',
    targets: { ms: 75_000, MB: 300 },
    timeoutS: 180,
  },
];

/** Every bench, in the order they run. `timeoutS` bounds each one; the run as a whole has BUDGET_S. */
const BENCHES = [
  { name: 'shell', timeoutS: 30, run: () => shellSize() },
  { name: 'library-first-paint', timeoutS: 90, run: libraryFirstPaint },
  { name: 'clip-library', timeoutS: 150, run: clipLibraryBench },
  { name: 'import', timeoutS: 120, run: importBench },
  ...HARNESS_BENCHES.map((spec) => ({ ...spec, run: (ctx) => harnessBench(ctx, spec) })),
  { name: 'runner', timeoutS: 150, run: runnerOverhead },
  { name: 'backup', timeoutS: 240, run: backupBench },
];

const wanted = (bench) => !only.length || only.some((word) => bench.name.includes(word));
const elapsedS = () => (Date.now() - startedAt) / 1000;

async function runBench(bench, ctx) {
  const remaining = BUDGET_S - elapsedS();
  if (remaining < 5) {
    failed(bench.name, `skipped: the ${BUDGET_S} s budget of the whole run is spent`);
    return;
  }
  const limit = Math.min(bench.timeoutS ?? 120, remaining);
  const t0 = Date.now();
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(limit)} s`)), limit * 1000);
  });
  try {
    await Promise.race([
      (async () => {
        await bench.setup?.();
        await bench.run(ctx);
      })(),
      timeout,
    ]);
  } catch (error) {
    failed(bench.name, error?.message ?? error);
  } finally {
    clearTimeout(timer);
    await ctx.abort();
  }
  note(`${bench.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function main() {
  const selected = BENCHES.filter(wanted);
  if (!selected.length) {
    note(`no bench matches ${only.join(' ')}; names: ${BENCHES.map((b) => b.name).join(', ')}`);
    return;
  }
  note(`building… (${selected.map((b) => b.name).join(', ')})`);
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
  const app = `http://127.0.0.1:${APP_PORT}`;
  const media = `http://127.0.0.1:${MEDIA_PORT}`;
  const needsServers = selected.some((b) => b.name !== 'shell');
  const preview = needsServers
    ? start(
        'npx',
        ['vite', 'preview', '--host', '127.0.0.1', '--port', String(APP_PORT), '--strictPort'],
        `${app}/`,
      )
    : undefined;
  const dev = needsServers
    ? start(
        'npx',
        ['vite', '--host', '127.0.0.1', '--port', String(MEDIA_PORT), '--strictPort'],
        `${media}/tests/harness/index.html`,
      )
    : undefined;
  const browser = await chromium.launch({ executablePath, args, headless: true });
  try {
    await Promise.all([preview?.ready, dev?.ready]);
    const ctx = benchContext(browser, app, media);
    for (const bench of selected) await runBench(bench, ctx);
  } finally {
    await browser.close();
    preview?.stop();
    dev?.stop();
  }
  const missed = results.filter((r) => !r.ok);
  note(
    `${results.length} lines, ${missed.length} not ok${missed.length ? `: ${missed.map((r) => r.bench).join(', ')}` : ''}`,
  );
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    note(`total ${elapsedS().toFixed(1)} s (wall time of this run; budget ${BUDGET_S} s)`);
    if (process.env.RW_BENCH_STRICT && results.some((r) => !r.ok)) process.exitCode = 1;
  });
