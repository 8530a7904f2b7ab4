/**
 * Clip library benchmarks (issue 5), run by bench.mjs: first paint with 1,000 clips, long tasks while
 * scrolling the whole list, JS heap vs stored bytes (1 KB vs 1 MB clip blobs), and full-text search time.
 */

/** Seeds `count` clip rows (+ thumbnails and `blobBytes`-sized clip blobs) straight into IndexedDB. */
async function seedClips(page, count, blobBytes) {
  await page.evaluate(
    async ({ count, blobBytes }) => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('reelwright');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const canvas = new OffscreenCanvas(72, 128);
      const ctx = canvas.getContext('2d');
      const thumbs = [];
      for (let i = 0; i < 8; i += 1) {
        ctx.fillStyle = `hsl(${i * 45} 60% 50%)`;
        ctx.fillRect(0, 0, 72, 128);
        thumbs.push(await canvas.convertToBlob({ type: 'image/webp' }));
      }
      const words = [
        'harbour',
        'lighthouse',
        'storm',
        'dawn',
        'market',
        'rooftop',
        'train',
        'forest',
        'kitchen',
        'neon',
      ];
      const clip = new Blob([new Uint8Array(blobBytes)]);
      const now = Date.now();
      for (let batch = 0; batch < count; batch += 100) {
        const tx = db.transaction(['videos', 'blobs'], 'readwrite');
        for (let i = batch; i < Math.min(count, batch + 100); i += 1) {
          const id = `bench-clip-${i}`;
          const prompt = `Shot ${i}: a ${words[i % 10]} at ${words[(i * 7) % 10]}, slow push-in, ${words[(i * 3) % 10]} mood`;
          tx.objectStore('videos').put({
            id,
            jobId: `bench-job-${i}`,
            prompt,
            connectionId: 'local',
            providerKind: i % 3 ? 'local' : 'openai',
            model: i % 3 ? 'local-preview' : 'sora-2',
            size: '720x1280',
            seconds: 4,
            width: 720,
            height: 1280,
            duration: 4,
            codec: 'avc1.42001f',
            bytes: blobBytes,
            cost: (i % 5) * 0.4,
            created: now - i * 1000,
            completed: now - i * 1000,
            blobId: `clip-${id}`,
            thumbId: `clipthumb-${id}`,
            tags: [],
          });
          tx.objectStore('blobs').put({ id: `clip-${id}`, blob: clip.slice(0, blobBytes) });
          tx.objectStore('blobs').put({ id: `clipthumb-${id}`, blob: thumbs[i % thumbs.length] });
        }
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    },
    { count, blobBytes },
  );
}

const waitPainted = (page) =>
  page.waitForFunction(() => performance.getEntriesByName('rw:clip-library-painted').length > 0, null, {
    timeout: 30_000,
  });

/** `ctx` is bench.mjs's bench context: `withPage(url, fn)`, `report(row)`, `app` (the served build). */
export async function clipLibraryBench(ctx) {
  const { withPage, report, app: base } = ctx;
  await withPage(`${base}/?pace=fast&view=library`, async (page) => {
    await page.getByRole('heading', { name: 'Reelwright' }).waitFor();
    await seedClips(page, 1000, 1024);
    const samples = [];
    for (let run = 0; run < 5; run += 1) {
      await page.reload();
      await waitPainted(page);
      samples.push(
        await page.evaluate(
          () =>
            performance.getEntriesByName('rw:clip-library-painted')[0].startTime -
            performance.getEntriesByName('rw:db-open')[0].startTime,
        ),
      );
    }
    samples.sort((a, b) => a - b);
    report({
      bench: 'clip-library-first-paint-1000-clips',
      value: samples[2],
      unit: 'ms',
      samples: samples.map(Math.round),
    });

    // Scroll the whole list in steps of about a screen, two frames per step; collect long tasks.
    const scroll = await page.evaluate(async () => {
      const longTasks = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(entry.duration);
      });
      observer.observe({ type: 'longtask', buffered: false });
      const list = document
        .querySelector('rw-app-shell')
        .shadowRoot.querySelector('rw-clip-library')
        .shadowRoot.querySelector('rw-virtual-list');
      const scroller = list.scrollElement;
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      const started = performance.now();
      let steps = 0;
      while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
        scroller.scrollTop += scroller.clientHeight * 0.8;
        steps += 1;
        await frame();
        await frame();
      }
      // Long-task entries are queued as tasks end: once the thread is idle, takeRecords() has them all.
      await new Promise((r) => requestIdleCallback(r));
      observer.takeRecords().forEach((entry) => longTasks.push(entry.duration));
      observer.disconnect();
      const last = list.shadowRoot.querySelector('[aria-posinset="1000"]') !== null;
      return { longTasks, steps, ms: performance.now() - started, reachedEnd: last };
    });
    report({
      bench: 'clip-library-scroll-1000-max-main-thread-task',
      value: Math.max(0, ...scroll.longTasks),
      unit: 'ms',
      longTasksOver50ms: scroll.longTasks.filter((d) => d > 50).length,
      steps: scroll.steps,
      totalMs: Math.round(scroll.ms),
      reachedEnd: scroll.reachedEnd,
      checks: { reachedEnd: scroll.reachedEnd },
    });

    const search = await page.evaluate(() => {
      const store = document.querySelector('rw-app-shell').store;
      const times = [];
      let hits = 0;
      for (const query of [
        'lighthouse',
        'storm dawn',
        'Shot 99',
        'neon mood push',
        'nothing-matches',
        'kitchen',
      ]) {
        const t = performance.now();
        hits += store.library.setLibraryFilter({ query }).length;
        times.push(performance.now() - t);
      }
      store.library.setLibraryFilter({ query: '' });
      return { times: times.sort((a, b) => a - b), hits };
    });
    report({
      bench: 'clip-library-search-1000-prompts',
      value: search.times.at(-1),
      unit: 'ms',
      median: Math.round(search.times[3] * 100) / 100,
      queries: search.times.length,
    });
  });

  // JS heap after listing must not depend on how many bytes the clips hold.
  const heap = {};
  for (const [label, bytes] of [
    ['1KB', 1024],
    ['1MB', 1024 * 1024],
  ]) {
    await withPage(`${base}/?pace=fast&view=library`, async (page) => {
      await page.getByRole('heading', { name: 'Reelwright' }).waitFor();
      await seedClips(page, 1000, bytes);
      await page.reload();
      await waitPainted(page);
      await page.evaluate(() => new Promise((r) => requestIdleCallback(r)));
      heap[label] = await page.evaluate(() => {
        globalThis.gc?.();
        return performance.memory.usedJSHeapSize / 1048576;
      });
    });
  }
  report({
    bench: 'clip-library-heap-1000-clips-1MB-vs-1KB-blobs',
    value: heap['1MB'] - heap['1KB'],
    unit: 'MB',
    meaning: 'no growth with stored bytes',
    heap1KBMb: Math.round(heap['1KB'] * 10) / 10,
    heap1MBMb: Math.round(heap['1MB'] * 10) / 10,
    storedBytesRatio: 1024,
  });
}
