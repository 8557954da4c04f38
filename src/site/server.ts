// A plain static file server for the built site, as an intranet web server serves it: files as
// they are, a folder's index.html, and nothing else (no `.html` added to an address, no fallback
// page), optionally under a sub-path (`/bilan-pdp/`). Used by `bilan serve` and by the browser
// tests. Node only (node:http, no dependency); listens on 127.0.0.1 unless told otherwise.
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** Content types of the files a built site holds. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.wasm': 'application/wasm',
};

/** Options of serveStatic. */
export interface OptionsServeur {
  /** Path prefix the site is served under, with leading and trailing « / » (default « / »). */
  base?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /** Interface (default 127.0.0.1: this machine only). */
  hote?: string;
}

/** A running server: the site's address (ending with « / ») and how to stop it. */
export interface ServeurStatique {
  url: string;
  fermer: () => Promise<void>;
}

/** Normalises a base path: « bilan-pdp » → « /bilan-pdp/ ». */
export function normaliserBase(base = '/'): string {
  const parties = base.split('/').filter(Boolean);
  return parties.length ? `/${parties.join('/')}/` : '/';
}

/**
 * Serves the folder `racine` at `base`: `GET base + path` returns the file `racine/path`, and
 * `racine/path/index.html` for a folder address ending with « / »; anything else (an address
 * without its `.html`, outside `base`, outside the folder) is a 404. `/base` without its final
 * slash redirects to `/base/`. Resolves once listening.
 */
export async function serveStatic(racine: string, o: OptionsServeur = {}): Promise<ServeurStatique> {
  const dossier = normalize(resolve(racine));
  const base = normaliserBase(o.base);
  const server: Server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const pathname = decodeURIComponent(url.pathname);
      if (`${pathname}/` === base) {
        res.writeHead(301, { location: base + url.search }).end();
        return;
      }
      if (!pathname.startsWith(base)) {
        introuvable(res);
        return;
      }
      let fichier = normalize(join(dossier, pathname.slice(base.length)));
      if (fichier !== dossier && !fichier.startsWith(dossier + sep)) {
        introuvable(res);
        return;
      }
      if (pathname.endsWith('/')) fichier = join(fichier, 'index.html');
      const s = await stat(fichier).catch(() => null);
      if (!s?.isFile()) {
        introuvable(res);
        return;
      }
      const corps = await readFile(fichier);
      res.writeHead(200, { 'content-type': TYPES[extname(fichier)] ?? 'application/octet-stream', 'content-length': corps.length });
      res.end(req.method === 'HEAD' ? undefined : corps);
    } catch {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  const hote = o.hote ?? '127.0.0.1';
  await new Promise<void>((accept, refuse) => {
    server.once('error', refuse);
    server.listen(o.port ?? 0, hote, () => accept());
  });
  const adresse = server.address();
  const port = typeof adresse === 'object' && adresse ? adresse.port : 0;
  const hoteUrl = hote.includes(':') ? `[${hote}]` : hote === '0.0.0.0' ? '127.0.0.1' : hote;
  return {
    url: `http://${hoteUrl}:${port}${base}`,
    fermer: () =>
      new Promise((accept) => {
        server.closeAllConnections();
        server.close(() => accept());
      }),
  };
}

function introuvable(res: import('node:http').ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('introuvable');
}
