// Knip: dead files, exports and dependencies (`npx knip`). The Observable Framework pages
// (src/**/*.md) import modules inside ```js blocks, which knip does not read on its own: the md
// compiler hands it those imports, so a module used only by a page is not reported as dead.
import type { KnipConfig } from 'knip';

const IMPORT = /^\s*import\s[^'"]*['"][^'"]+['"]/gm;

const config: KnipConfig = {
  entry: [
    'src/cli/commands/*.ts',
    'src/data/*.json.ts',
    'src/data/site.tar.ts',
    'src/export/worker.mjs',
    'src/export/worker.ts',
    'src/**/*.md',
    'src/ingest/contract-doc.ts',
    // scripts run by hand (their usage is in their first lines)
    'src/publication/summary.ts',
    'bench/*.ts',
    'scripts/*.ts',
    // a child process of test/ingest/timezones.test.ts
    'test/ingest/timezone-probe.ts',
    'observablehq.config.ts',
  ],
  project: ['src/**/*.{ts,mjs,md}', 'bench/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'bin/*.mjs'],
  // resolved at run time (createRequire in src/export/fonts.ts), which knip does not follow
  ignoreDependencies: ['@expo-google-fonts/inter'],
  // Debian's poppler-utils, used by one export test when present; coreutils' mkfifo, by an ingest test
  ignoreBinaries: ['pdftotext', 'mkfifo'],
  compilers: {
    md: (text: string) => [...text.matchAll(/```js[^\n]*\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.match(IMPORT) ?? []).join('\n'),
  },
};

export default config;
