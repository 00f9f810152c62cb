import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';
import { tempDir } from './temp-dir';

/** Debian's Chromium (`.ci/run` installs it with apt-get when missing). */
export const CHROMIUM = '/usr/bin/chromium';

/** The flags every browser test launches Chromium with (issue 16). */
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/**
 * Launches headless Chromium through playwright-core with a new, empty profile (a fresh
 * `--user-data-dir` under the OS temp dir). Never downloads a browser.
 * @throws Error naming the missing binary and how to install it
 */
export async function launchBrowser(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium), as .ci/run does`);
  return chromium.launchPersistentContext(tempDir('relayflow-chromium-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 860 },
  });
}
