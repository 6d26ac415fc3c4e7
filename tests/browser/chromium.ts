import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium (the `chromium` package), driven by playwright-core: never `npx playwright
 * install`, which downloads a browser and fails on these machines. CHROMIUM_PATH overrides the path.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}
