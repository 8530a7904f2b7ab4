/**
 * The JS SHA-256 (used by backups for files over 64 MB, where WebCrypto would need the whole file in memory):
 * 32 MB fed in 1 MB chunks, best of 3, in MB/s. A bench figure, not a test: tests/unit/backup/sha256.test.ts
 * checks the digest. Result: window.__benchResult (and a console JSON line); errors in window.__benchError.
 */
import { Sha256 } from '../../src/state/backup/sha256.ts';

interface BenchWindow {
  __benchResult?: { bench: string; value: number; unit: string; [key: string]: unknown };
  __benchError?: string;
  __benchDone?: boolean;
}
const w = window as unknown as BenchWindow;

function run(): void {
  const size = 32 * 1024 * 1024;
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
  const rates: number[] = [];
  for (let r = 0; r < 3; r++) {
    const started = performance.now();
    const hasher = new Sha256();
    for (let at = 0; at < size; at += 1 << 20) hasher.update(bytes.subarray(at, at + (1 << 20)));
    hasher.hex();
    rates.push(32 / ((performance.now() - started) / 1000));
  }
  w.__benchResult = {
    bench: 'sha256-js-32mb',
    value: Math.round(Math.max(...rates) * 10) / 10,
    unit: 'MB/s',
    runsMBps: rates.map((x) => Math.round(x)),
  };
  console.log(JSON.stringify(w.__benchResult));
}

try {
  run();
} catch (error) {
  w.__benchError = String(error);
} finally {
  w.__benchDone = true;
  document.getElementById('status')!.textContent = w.__benchError ?? 'done';
}
