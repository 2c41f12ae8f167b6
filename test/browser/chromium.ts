/**
 * Headless Chromium for the browser tests (the dialogs, report.html): Debian's chromium-headless-shell (installed by .ci/run),
 * driven by playwright-core, which never downloads a browser of its own. CHROMIUM_PATH overrides the
 * executable.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const DEBIAN_PATHS = [
  '/usr/bin/chromium-headless-shell',
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/lib/chromium/headless_shell',
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
];

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  const found = DEBIAN_PATHS.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `No headless Chromium found (looked in ${DEBIAN_PATHS.join(', ')}). Install it with "apt-get install -y chromium-headless-shell" (as .ci/run does), or set CHROMIUM_PATH.`,
    );
  return found;
}

export async function launchChromium(): Promise<import('playwright-core').Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // as root in CI there is no user namespace sandbox; the pages are our own files, served offline
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}
