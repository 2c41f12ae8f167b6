/**
 * Finding 3: the dialogs in real headless Chromium (Debian's chromium-headless-shell via
 * playwright-core), inside an Apps Script-like sandboxed iframe, with google.script.run wired to the
 * built bundle. A screenshot of each lands in build/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { toCsv } from '../../src/core/intake/csv';
import { validateRulesFile } from '../../src/core/intake/rules';
import { loadBundle } from '../../src/local/bundle';
import { LocalRuntime } from '../../src/local/runtime';
import { workbookWithExport } from '../../src/local/workbench';
import { generateContacts } from '../../src/sample/generator';
import { contact, exportCsv, HUBSPOT_HEADERS, teamRulesFile } from '../fixtures';
import { launchChromium } from './chromium';
import { APPS_SCRIPT_SANDBOX, finalStatus, openDialog, screenshot } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** A blank workbook with the upload dialog opened from the menu, as HtmlService serves it. */
function uploadWorkbook() {
  const rt = new LocalRuntime();
  const addon = loadBundle(rt);
  addon.call('showUploadDialog');
  const dialog = rt.dialogs.at(-1)!;
  expect(dialog.title).toBe('Upload a CRM export (CSV)');
  return { rt, addon, html: dialog.html };
}

const recordsColumn = (rt: LocalRuntime, header: string) => {
  const [head, ...rows] = rt.spreadsheet.sheet('Records')!.values();
  return rows.map((r) => r[head!.indexOf(header)]);
};

describe('Upload CSV in Chromium', () => {
  it('uploads a UTF-8 file', async () => {
    const { rt, addon, html } = uploadWorkbook();
    const d = await openDialog(browser, html, addon, { height: 280 });
    try {
      const csv = exportCsv([contact({ 'First Name': 'José', 'Last Name': 'Müller' }), contact({ 'Company Name': 'Zoë & Łukasz GmbH' })]);
      await d.frame.setInputFiles('#file', { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`, 'utf8') });
      await d.frame.click('#go');
      const status = await finalStatus(d.frame);
      expect(status).toMatch(/^Pulled 2 records from contacts\.csv: detected HubSpot contacts \(100% of its headers\)\. Kept \d+ approved columns, dropped 1,/);
      expect(status).not.toContain('Windows-1252');
      expect(recordsColumn(rt, 'First Name')).toContain('José');
      expect(recordsColumn(rt, 'Company Name')).toContain('Zoë & Łukasz GmbH');
      expect(d.calls).toEqual(['uploadBegin', 'uploadChunk', 'uploadFinish']);
      expect(await d.frame.getAttribute('#status', 'class')).toBe('muted');
      expect(await d.frame.getAttribute('#bar', 'value')).toBe('1');
      await screenshot(d.page, 'upload-utf8');
    } finally {
      await d.close();
    }
  });

  it('uploads a Windows-1252 file and says how it was read', async () => {
    const { rt, addon, html } = uploadWorkbook();
    const d = await openDialog(browser, html, addon, { height: 280 });
    try {
      // byte 0xE9 is é, 0xFC ü and 0x80 € in Windows-1252; none of them is valid UTF-8 on its own
      const csv = exportCsv([contact({ 'First Name': 'José', 'Last Name': 'Müller', 'Company Name': 'Café \u0080 Ltd' })]);
      await d.frame.setInputFiles('#file', { name: 'excel-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'latin1') });
      await d.frame.click('#go');
      const status = await finalStatus(d.frame);
      expect(status).toMatch(/^Pulled 1 records from excel-export\.csv: .* The file is not UTF-8, so it was read as Windows-1252/);
      expect(recordsColumn(rt, 'First Name')).toEqual(['José']);
      expect(recordsColumn(rt, 'Last Name')).toEqual(['Müller']);
      expect(recordsColumn(rt, 'Company Name')).toEqual(['Café € Ltd']);
      await screenshot(d.page, 'upload-windows-1252');
    } finally {
      await d.close();
    }
  });

  it('uploads a 20,000-row file in parts, with progress', async () => {
    const { rt, addon, html } = uploadWorkbook();
    const d = await openDialog(browser, html, addon, { height: 280 });
    try {
      const data = generateContacts(20_000, 5);
      const csv = toCsv([data.headers, ...data.rows], { raw: true });
      await d.frame.setInputFiles('#file', { name: 'contacts-20k.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      const started = Date.now();
      await d.frame.click('#go');
      const status = await finalStatus(d.frame);
      console.log(`20,000-row upload in Chromium: ${Date.now() - started} ms, ${d.calls.length} server calls`);
      expect(status).toMatch(/^Pulled 20000 records from contacts-20k\.csv/);
      expect(d.calls[0]).toBe('uploadBegin');
      expect(d.calls.at(-1)).toBe('uploadFinish');
      expect(d.calls.filter((c) => c === 'uploadChunk').length).toBeGreaterThan(1);
      expect(rt.spreadsheet.sheet('Records')!.lastRow()).toBe(20_001);
      expect(rt.userCache.store.size).toBe(0);
      await screenshot(d.page, 'upload-20000-rows');
    } finally {
      await d.close();
    }
  });

  it('refuses a bad file in the browser: nothing is sent, nothing changes', async () => {
    const { rt, addon, html } = uploadWorkbook();
    const before = JSON.stringify(rt.spreadsheet.sheetList.map((s) => s.values()));
    const d = await openDialog(browser, html, addon, { height: 280 });
    try {
      await d.frame.setInputFiles('#file', { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(`${exportCsv([contact()])}1,2,3\n`, 'utf8') });
      await d.frame.click('#go');
      expect(await finalStatus(d.frame)).toBe(`contacts.csv: line 3 has 3 values but the header has ${HUBSPOT_HEADERS.length}. Check for a missing or extra comma.`);
      expect(await d.frame.getAttribute('#status', 'class')).toBe('bad');
      await screenshot(d.page, 'upload-bad-file');
      await d.frame.setInputFiles('#file', { name: 'contacts.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]) });
      await d.frame.click('#go');
      expect(await finalStatus(d.frame)).toBe('That file is not a CSV file. Export the records as CSV and try again.');
      expect(d.calls).toEqual([]);
      expect(JSON.stringify(rt.spreadsheet.sheetList.map((s) => s.values()))).toBe(before);
    } finally {
      await d.close();
    }
  });
});

describe('Rules dialogs in Chromium', () => {
  it('exports the Rules as a rules.json download from a sandboxed frame that allows downloads', async () => {
    const rt = workbookWithExport(exportCsv([contact()]), { rules: teamRulesFile });
    const addon = loadBundle(rt);
    addon.call('exportRulesJson');
    const { html, title } = rt.dialogs.at(-1)!;
    expect(title).toBe('Rules as JSON');
    const d = await openDialog(browser, html, addon, { height: 520 });
    try {
      await screenshot(d.page, 'rules-export');
      const [download] = await Promise.all([d.page.waitForEvent('download', { timeout: 10_000 }), d.frame.click('#dl')]);
      expect(download.suggestedFilename()).toBe('rules.json');
      const saved = readFileSync((await download.path())!, 'utf8');
      expect(saved).toBe(await d.frame.inputValue('#json'));
      expect(validateRulesFile(JSON.parse(saved)).owners).toHaveLength(4);
    } finally {
      await d.close();
    }
  });

  it('gets no download where the frame does not allow downloads (so the check above can fail)', async () => {
    const rt = workbookWithExport(exportCsv([contact()]), { rules: teamRulesFile });
    const addon = loadBundle(rt);
    addon.call('exportRulesJson');
    const d = await openDialog(browser, rt.dialogs.at(-1)!.html, addon, { sandbox: APPS_SCRIPT_SANDBOX.replace('allow-downloads ', ''), height: 520 });
    try {
      let downloaded = false;
      d.page.on('download', () => {
        downloaded = true;
      });
      await d.frame.click('#dl');
      await d.page.waitForTimeout(1500);
      expect(downloaded).toBe(false);
    } finally {
      await d.close();
    }
  });

  it('imports a rules.json chosen from disk and refuses invalid JSON', async () => {
    const rt = workbookWithExport(exportCsv([contact()]), { rules: teamRulesFile });
    const addon = loadBundle(rt);
    addon.call('showImportRulesDialog');
    const d = await openDialog(browser, rt.dialogs.at(-1)!.html, addon, { height: 520 });
    try {
      await d.frame.fill('#json', '{not json');
      await d.frame.click('#go');
      expect(await finalStatus(d.frame)).toBe('The rules are not valid JSON. Check for a missing comma, quote or bracket.');
      const file = JSON.stringify({ ...teamRulesFile, staleAfterDays: 45 }, null, 2);
      await d.frame.setInputFiles('#file', { name: 'rules.json', mimeType: 'application/json', buffer: Buffer.from(file, 'utf8') });
      await d.frame.waitForFunction(`document.getElementById('json').value.includes('"staleAfterDays": 45')`);
      await d.frame.evaluate(`document.getElementById('status').textContent = ''`);
      await d.frame.click('#go');
      expect(await finalStatus(d.frame)).toBe('Imported the rules (HubSpot contacts) into the Rules tab. Run Pull approved fields or Run review to apply them.');
      expect(
        rt.spreadsheet
          .sheet('Rules')!
          .values()
          .find((r) => r[0] === 'staleAfterDays')![1],
      ).toBe('45');
      await screenshot(d.page, 'rules-import');
    } finally {
      await d.close();
    }
  });
});

describe('the input safety sidebar in Chromium', () => {
  it('shows the report, with header names as text, never as markup', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">Notes';
    const headers = [...HUBSPOT_HEADERS, evil];
    const rows = [contact(), contact()].map((c) => headers.map((h) => (h === evil ? 'x' : (c[h] ?? ''))));
    const rt = workbookWithExport(toCsv([headers, ...rows], { raw: true }));
    const addon = loadBundle(rt);
    addon.call('pullApprovedFields');
    const sidebar = rt.dialogs.find((x) => x.kind === 'sidebar')!;
    expect(sidebar.title).toBe('Input safety report');
    const d = await openDialog(browser, sidebar.html, addon, { width: 300, height: 640 });
    try {
      const text = (await d.frame.textContent('body')) ?? '';
      expect(text).toContain('Input safety report');
      expect(text).toContain('Rows read');
      expect(text).toContain(evil);
      expect(await d.frame.evaluate('window.__pwned')).toBeUndefined();
      expect(await d.frame.locator('img').count()).toBe(0);
      // the sidebar is 300 pixels wide: a long header wraps instead of pushing the reason off screen
      const overflow = await d.frame.evaluate(
        `[...document.querySelectorAll('td')].filter((td) => td.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length`,
      );
      expect(overflow).toBe(0);
      await screenshot(d.page, 'safety-sidebar');
    } finally {
      await d.close();
    }
  });
});
