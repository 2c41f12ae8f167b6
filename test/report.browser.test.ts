/** report.html in a real browser (Debian's headless Chromium via playwright-core): renders, no errors, data stays text. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runCli } from '../src/cli/run';
import { memoryIo } from './memoryIo';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { launchChromium } from './browser/chromium';
import { contact, exportCsv, teamRulesFile } from './fixtures';

const HOSTILE = '<script>window.pwned = true; console.error("executed")</script>';

/** Three closed weekly batches and an open fourth, through the CLI, so the page has a trend to draw. */
function buildReport(): { html: string; summary: { routingExceptionRate: number; recordsReviewed: number; history: unknown[] } } {
  let now = new Date('2026-11-06T09:00:00Z');
  const m = memoryIo({ 'rules.json': JSON.stringify(teamRulesFile) }, { now: () => now });
  const { io, files } = m;
  const days = ['2026-11-06', '2026-11-13', '2026-11-20', '2026-11-27'];
  days.forEach((asOf, week) => {
    now = new Date(`${asOf}T09:00:00Z`);
    files['export.csv'] = exportCsv([
      contact({ 'Record ID': '1', 'Contact owner': 'Dana Brooks' }),
      contact({ 'Record ID': '2', 'Contact owner': 'Dana Brooks', 'Original Source Drill-Down 1': HOSTILE }),
      contact({ 'Record ID': '3', 'Lead Source': HOSTILE }),
      ...Array.from({ length: 3 + week }, () => contact()),
    ]);
    const args = ['review', 'export.csv', '--rules', 'rules.json', '--out', 'o', '--as-of', asOf];
    expect(runCli(args, io), m.err.join('\n')).toBe(0);
    const review = parseCsv(files['o/review.csv']!);
    const d = review[0]!.indexOf('Decision');
    review.slice(1, 1 + (week % 3) + 1).forEach((r) => {
      r[d] = 'Approve';
    });
    files['o/review.csv'] = toCsv(review);
    expect(runCli(week < 3 ? [...args, '--close'] : args, io)).toBe(0);
  });
  return { html: files['o/report.html']!, summary: JSON.parse(files['o/summary.json']!) };
}

describe('report.html in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the summary, breakdowns, findings and the trend without errors; data shows as text', async () => {
    const { html, summary } = buildReport();
    const dir = mkdtempSync(join(tmpdir(), 'crg-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, html);

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`);

    expect(problems).toEqual([]);
    expect(requests).toEqual([`file://${file}`]); // self-contained: nothing else is fetched
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(0);

    // the key figures render
    expect(await page.locator('#rate').textContent()).toBe(`${(summary.routingExceptionRate * 100).toFixed(1)}%`);
    expect(await page.locator('#summary tr', { hasText: 'Records reviewed' }).locator('td').nth(1).textContent()).toBe(String(summary.recordsReviewed));
    expect(await page.locator('#trend-text').textContent()).toBe(
      'Routing exception rate 33.3% on 2026-11-27, up 16.7 points from 16.7% on 2026-11-06 (4 batches in the last 30 days).',
    );
    expect(await page.locator('svg#trend circle.point').count()).toBe(summary.history.length + 1);
    const box = await page.locator('svg#trend').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    for (const id of ['byRule', 'byOwner', 'byTeam', 'bySource', 'byStage', 'findings', 'history'])
      expect(await page.locator(`table#${id} tbody tr`).count(), id).toBeGreaterThan(0);
    // a record value like <script> is shown as text, never run
    expect(await page.locator('#findings').textContent()).toContain(HOSTILE);
    expect(await page.locator('#bySource').textContent()).toContain(`Campaign source: ${HOSTILE}`);

    mkdirSync(join(process.cwd(), 'build/screenshots'), { recursive: true });
    await page.screenshot({ path: join(process.cwd(), 'build/screenshots/report.png'), fullPage: true });
    await page.close();

    // on a phone's width the wide tables scroll in place: the page itself does not scroll sideways
    const narrow = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await narrow.goto(`file://${file}`);
    expect(
      await narrow.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390);
    await narrow.screenshot({ path: join(process.cwd(), 'build/screenshots/report-narrow.png'), fullPage: true });
    await narrow.close();
  });
});
