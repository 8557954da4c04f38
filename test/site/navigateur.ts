// Launching Debian chromium through playwright-core (never a browser download), offline-minded flags.
import { chromium, type Browser } from 'playwright-core';

/** The system chromium the tests drive. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless chromium with the flags that keep it from calling home. */
export function lancerNavigateur(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
