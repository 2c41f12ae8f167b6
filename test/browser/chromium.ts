/**
 * A real browser for tests: Debian's headless Chromium (or CHROMIUM_PATH), driven by playwright-core,
 * which never downloads a browser.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const DEBIAN_PATHS = ['/usr/bin/chromium-headless-shell', '/usr/lib/chromium/headless_shell', '/usr/bin/chromium', '/usr/lib/chromium/chromium'];

export async function launchChromium(): Promise<import('playwright-core').Browser> {
  const executablePath = process.env.CHROMIUM_PATH || DEBIAN_PATHS.find((p) => existsSync(p));
  if (!executablePath) throw new Error(`No Chromium found: set CHROMIUM_PATH, or install Debian's chromium-headless-shell (looked in ${DEBIAN_PATHS.join(', ')}).`);
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
}
