import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium, driven by playwright-core (its own browser download cannot work here).
 * Playwright gives each launch a fresh temporary profile (the user-data-dir). The flags keep
 * Chromium off the network it would otherwise try to reach at every start.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PULSE_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    chromiumSandbox: false, // runs as root in CI: --no-sandbox
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
