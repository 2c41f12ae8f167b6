/**
 * Runs a dialog page in real headless Chromium the way Apps Script shows it: inside a sandboxed
 * iframe, with google.script.run wired to the built add-on (dist/Code.js in the local runtime) in
 * this Node process. Pages are served from memory on a made-up origin; nothing goes to the network.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import type { LoadedBundle } from '../../src/local/bundle';

/** What Apps Script's dialog iframe allows (HtmlService IFRAME sandbox mode), downloads included. */
export const APPS_SCRIPT_SANDBOX = 'allow-downloads allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-same-origin allow-scripts';

const ORIGIN = 'http://dialog.test';

/** google.script.run, as the page sees it: chainable handlers, arguments passed as JSON, one server call each. */
const SHIM = `(() => {
  const runner = (ok, fail) => new Proxy({}, { get(_t, prop) {
    if (prop === 'withSuccessHandler') return (f) => runner(f, fail);
    if (prop === 'withFailureHandler') return (f) => runner(ok, f);
    return (...args) => { window.__gasCall(String(prop), JSON.parse(JSON.stringify(args))).then((r) => {
      if (r && 'error' in r) { if (fail) fail(new Error(r.error)); } else if (ok) ok(r.ok);
    }); };
  } });
  window.google = { script: { run: runner() } };
})();`;

export interface OpenDialog {
  context: BrowserContext;
  page: Page;
  frame: Frame;
  /** Server functions the page called, in order. */
  calls: string[];
  close(): Promise<void>;
}

export async function openDialog(browser: Browser, html: string, addon: LoadedBundle, options: { sandbox?: string; width?: number; height?: number } = {}): Promise<OpenDialog> {
  const width = options.width ?? 560;
  const height = options.height ?? 420;
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: width + 20, height: height + 20 } });
  const page = await context.newPage();
  const calls: string[] = [];
  await page.exposeFunction('__gasCall', (name: string, args: unknown[]) => {
    calls.push(name);
    try {
      return { ok: addon.call(name, ...args) ?? null };
    } catch (e) {
      // the bundle runs in its own realm: its Errors are not instances of this realm's Error
      return { error: e !== null && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e) };
    }
  });
  await page.addInitScript(SHIM);
  const host = `<!DOCTYPE html><html><body style="margin:10px;background:#e8eaed"><iframe id="dialog" sandbox="${options.sandbox ?? APPS_SCRIPT_SANDBOX}" src="${ORIGIN}/dialog" style="width:${width}px;height:${height}px;border:0;background:#fff"></iframe></body></html>`;
  await page.route(`${ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: route.request().url().endsWith('/dialog') ? html : host }));
  await page.goto(`${ORIGIN}/host`);
  const handle = await page.waitForSelector('#dialog');
  const frame = (await handle.contentFrame())!;
  await frame.waitForLoadState('load');
  return { context, page, frame, calls, close: () => context.close() };
}

/** The status line once it stops changing to a progress message. */
export async function finalStatus(frame: Frame, timeout = 120_000): Promise<string> {
  // a string, so this file needs no DOM types: the status is set, is not a progress line, and the button is free
  await frame.waitForFunction(
    `(() => { const t = document.getElementById('status')?.textContent ?? ''; const b = document.getElementById('go'); return t !== '' && !/…$/.test(t) && (!b || !b.disabled); })()`,
    undefined,
    { timeout },
  );
  return (await frame.textContent('#status')) ?? '';
}

export const SCREENSHOTS = join(process.cwd(), 'build', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
