// The plain static server (src/site/server.ts) and `bilan serve`: files as they are, a folder's
// index.html, nothing else (no `.html` added, no fallback), optionally under a sub-path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normaliserBase, serveStatic } from '../../src/site/server.ts';
import { run } from '../../src/cli/commands/serve.ts';
import { main } from '../../src/cli/main.ts';

let dossier: string;

beforeAll(() => {
  dossier = mkdtempSync(join(tmpdir(), 'bilan-serve-'));
  writeFileSync(join(dossier, 'index.html'), '<p>accueil</p>');
  writeFileSync(join(dossier, 'pdp.html'), '<p>pdp</p>');
  mkdirSync(join(dossier, 'organismes'));
  writeFileSync(join(dossier, 'organismes', 'index.html'), '<p>organismes</p>');
  writeFileSync(join(dossier, 'style.css'), 'p{}');
});

afterAll(() => {
  if (dossier) rmSync(dossier, { recursive: true, force: true });
});

const statut = async (url: string) => (await fetch(url, { redirect: 'manual' })).status;

describe('the static server', () => {
  it('normalises the base path', () => {
    expect(normaliserBase()).toBe('/');
    expect(normaliserBase('bilan-pdp')).toBe('/bilan-pdp/');
    expect(normaliserBase('/intranet//bilan/')).toBe('/intranet/bilan/');
  });
  it('serves files and folder indexes under the sub-path, nothing else', async () => {
    const s = await serveStatic(dossier, { base: '/bilan-pdp/' });
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bilan-pdp\/$/);
      const r = await fetch(`${s.url}pdp.html`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await r.text()).toBe('<p>pdp</p>');
      expect(await (await fetch(s.url)).text()).toBe('<p>accueil</p>');
      expect(await (await fetch(`${s.url}organismes/`)).text()).toBe('<p>organismes</p>');
      expect((await fetch(`${s.url}style.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(await statut(`${s.url}pdp`)).toBe(404);
      expect(await statut(`${s.url}organismes`)).toBe(404);
      expect(await statut(`${s.url}absent.html`)).toBe(404);
      expect(await statut(`${s.url.replace('/bilan-pdp/', '/')}pdp.html`)).toBe(404);
      expect(await statut(`${s.url}..%2F..%2Fetc%2Fpasswd`)).toBe(404);
      expect(await statut(s.url.replace(/\/$/, ''))).toBe(301);
    } finally {
      await s.fermer();
    }
  });
});

describe('bilan serve', () => {
  it('prints the address, serves the folder, stops on demand', async () => {
    const arret = new AbortController();
    let err = '';
    const fin = run(
      [dossier, '--port', '0', '--base', '/bilan/'],
      {
        out: () => {},
        err: (t) => {
          err += t;
        },
      },
      arret.signal,
    );
    await expect.poll(() => err).toMatch(/http:\/\/127\.0\.0\.1:\d+\/bilan\//);
    const url = /(http:\/\/\S+\/bilan\/)/.exec(err)![1]!;
    expect(await statut(`${url}pdp.html`)).toBe(200);
    arret.abort();
    expect(await fin).toBe(0);
  });
  it('refuses a folder that is not a built site, and a bad port, with one French line and exit 2', async () => {
    let err = '';
    const io = {
      out: () => {},
      err: (t: string) => {
        err += t;
      },
    };
    expect(await main(['serve', join(dossier, 'absent')], io)).toBe(2);
    expect(err).toMatch(/^bilan serve : site introuvable : .*absent/);
    err = '';
    expect(await main(['serve', join(dossier, 'organismes'), '--port', '99999'], io)).toBe(2);
    expect(err).toMatch(/--port attend un numéro de port/);
  });
});
