// Launching Debian chromium through playwright-core (never a browser download), offline-minded
// flags: the executable and the flags are the exporter's (src/export/report.ts), declared once.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { ARGUMENTS_CHROMIUM, CHROMIUM } from '../../src/export/report.ts';

/** Launches headless chromium with the flags that keep it from calling home. */
export function lancerNavigateur(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGUMENTS_CHROMIUM });
}

/**
 * Whether the browser tests of `what` can run. Without /usr/bin/chromium they are skipped, and say
 * so loudly on stderr with the command that installs it; under CI (CI=true) a missing browser fails
 * the run instead, so that a green CI always means the site and the PDF were tested.
 */
export function chromiumDisponible(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `chromium introuvable (${CHROMIUM}) : ${what} NON TESTÉS. L'installer : sudo apt-get install -y chromium fonts-dejavu-core (ou npm run setup)`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(message);
  process.stderr.write(`\n⚠⚠⚠ ${message}\n\n`);
  return false;
}
