import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

export interface StaticServer {
  url: string;
  /** Serve different bytes for a path (e.g. a "new deployment" of sw.js). */
  override(path: string, transform: (body: Buffer) => Buffer): void;
  close(): Promise<void>;
}

/** A tiny static server for the production build, whose files a test can swap to simulate a deploy. */
export async function serveDist(
  root = resolve(import.meta.dirname, '..', '..', '..', process.env.RW_OUT_DIR ?? 'dist'),
): Promise<StaticServer> {
  const overrides = new Map<string, (body: Buffer) => Buffer>();
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    try {
      let body: Buffer = await readFile(file.startsWith(root) ? file : join(root, 'index.html'));
      const transform = overrides.get(path);
      if (transform) body = transform(body);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(body);
    } catch {
      const index = await readFile(join(root, 'index.html'));
      res.writeHead(200, { 'content-type': TYPES['.html']! });
      res.end(index);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    override: (path, transform) => overrides.set(path, transform),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
