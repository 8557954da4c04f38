// A tiny static file server for the built site (dist/), on 127.0.0.1, for the browser tests.
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2',
  '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.ico': 'image/x-icon',
};

/** A running server: its base URL and a function to stop it. */
export interface StaticServer { url: string; close: () => Promise<void> }

/** Serves `root` like a static host: `/a` → a.html, `/a/` → a/index.html. */
export async function serveStatic(root: string): Promise<StaticServer> {
  const base = normalize(root);
  const server: Server = createServer(async (req, res) => {
    try {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = normalize(join(base, pathname));
      if (file !== base && !file.startsWith(base + sep)) { res.writeHead(403).end(); return; }
      const candidates = pathname.endsWith('/') ? [join(file, 'index.html')] : [file, `${file}.html`];
      for (const c of candidates) {
        const s = await stat(c).catch(() => null);
        if (s?.isFile()) {
          const body = await readFile(c);
          res.writeHead(200, { 'content-type': TYPES[extname(c)] ?? 'application/octet-stream' }).end(body);
          return;
        }
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('introuvable');
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
