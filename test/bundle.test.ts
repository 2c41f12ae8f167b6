/**
 * The built add-on, dist/Code.js, run as Apps Script would run it: a fresh V8 context with no Node or
 * Web globals, the local runtime as its services, and the menu clicked in the order a founder would.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MENU_ITEMS, MENU_TITLE } from '../src/addon/menu';
import { REVIEW_COLUMNS } from '../src/core/review/rows';
import { BUNDLE_PATH, loadBundle } from '../src/local/bundle';
import type { LocalRuntime } from '../src/local/runtime';
import { decide, reviewLines, workbookWithExport } from '../src/local/workbench';
import { generateContacts, sampleRules } from '../src/sample/generator';
import { toCsv } from '../src/core/intake/csv';
import { contact, exportCsv, teamRulesFile } from './fixtures';

beforeAll(() => {
  if (!existsSync(BUNDLE_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

const STEPS = ['pullApprovedFields', 'runReview', 'exportApprovedChanges', 'refreshSummary'];

function open(csv: string, rules = teamRulesFile) {
  const rt = workbookWithExport(csv, { rules });
  const addon = loadBundle(rt);
  return { rt, addon };
}

const tabNames = (rt: LocalRuntime) => rt.spreadsheet.sheetList.map((s) => s.name);

describe('dist/Code.js in a bare V8 context', () => {
  it('sees no Node or Web globals', () => {
    const { addon } = open(exportCsv([contact()]));
    for (const name of ['require', 'process', 'Buffer', 'URL', 'atob', 'TextEncoder', 'setTimeout', 'module', 'exports']) {
      expect(addon.context[name], name).toBeUndefined();
    }
    expect(addon.source).not.toMatch(/\brequire\(/);
  });

  it('exposes exactly the entry points of src/addon/main.ts as top-level function declarations', async () => {
    const { addon } = open(exportCsv([contact()]));
    const main = await import('../src/addon/main');
    const exported = Object.keys(main).sort();
    const globals = Object.keys(addon.context).filter((k) => typeof addon.context[k] === 'function' && !['SpreadsheetApp'].includes(k));
    const declared = [...addon.source.matchAll(/^function (\w+)\(\)\{return __crg\.\1\.apply/gm)].map((m) => m[1]).sort();
    expect(declared).toEqual(exported);
    for (const name of exported) expect(globals).toContain(name);
  });

  it.each(['NONE', 'LIMITED'])('builds the add-on menu on open with authMode %s and touches nothing else', (authMode) => {
    const { rt, addon } = open(exportCsv([contact()]));
    rt.resetCalls();
    addon.call('onOpen', { authMode });
    expect(rt.menus).toEqual([{ kind: 'addon', title: MENU_TITLE, items: MENU_ITEMS.map((m) => ({ caption: m.caption, functionName: m.functionName })) }]);
    const services = [...rt.calls.keys()];
    expect(services.every((s) => s.startsWith('Menu.') || s === 'SpreadsheetApp.getUi' || s === 'Ui.createAddonMenu')).toBe(true);
  });

  it('builds the same menu from onInstall', () => {
    const { rt, addon } = open(exportCsv([contact()]));
    addon.call('onInstall', { authMode: 'FULL' });
    expect(rt.menus[0]!.kind).toBe('addon');
  });

  it('binds every menu item to a callable top-level function', () => {
    const { rt, addon } = open(exportCsv([contact()]));
    addon.call('onOpen', { authMode: 'LIMITED' });
    for (const item of rt.menus[0]!.items.filter((i) => i.functionName !== '-')) {
      expect(typeof addon.context[item.functionName], item.caption).toBe('function');
      expect(addon.source).toContain(`\nfunction ${item.functionName}(`);
    }
  });
});

describe('the menu, clicked in order', () => {
  const contacts = [
    contact({ 'Record ID': '501', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }),
    contact({ 'Record ID': '502', Email: '', Notes: 'secret note' }),
    contact({ 'Record ID': '503', 'Contact owner': '' }),
    contact({ 'Record ID': '504' }),
  ];

  it('pulls, reviews, takes decisions, exports and summarises', () => {
    const { rt, addon } = open(exportCsv(contacts));
    addon.call('onOpen', { authMode: 'LIMITED' });
    for (const step of ['pullApprovedFields', 'runReview']) addon.call(step);
    expect(rt.alerts).toEqual([]);
    expect(tabNames(rt)).toEqual(['contacts-export', 'Rules', 'Records', 'Review', 'Summary']);
    expect(rt.dialogs.map((d) => [d.kind, d.title])).toEqual([['sidebar', 'Input safety report']]);
    expect(rt.dialogs[0]!.html).toContain('<td>Notes</td><td>blocked: free-text notes</td>');

    // what the cell holds: the text marker is hidden, or kept as a character (CRG_APOSTROPHE=literal)
    const records = rt.spreadsheet
      .sheet('Records')!
      .values()
      .map((r) => r.map((v) => (rt.apostrophe === 'literal' && typeof v === 'string' ? v.replace(/^'(?=[=+\-@])/, '') : v)));
    expect(records[0]!.slice(0, 3)).toEqual(['Batch ID', 'Pulled at', 'Record ID']);
    expect(records[0]).not.toContain('Notes');
    expect(records).toHaveLength(5);

    const review = rt.spreadsheet.sheet('Review')!;
    const header = review.values()[0]!;
    for (const col of ['Issue ID', 'Record ID', 'Check', 'Field', 'Current value', 'Proposed value', 'Evidence', 'Decision']) expect(header).toContain(col);
    const lines = reviewLines(rt);
    expect(lines.map((l) => [l.cells['Record ID'], l.cells.Field, l.cells['Proposed value'], l.cells.Decision])).toEqual([
      ['501', 'Lead Source', 'Event', 'Pending'],
      ['502', 'Email', '', 'Pending'],
      ['503', 'Contact owner', 'alice@example.com', 'Pending'],
    ]);
    const decisionCol = REVIEW_COLUMNS.indexOf('Decision') + 1;
    const dropdown = review.validationAt(2, decisionCol)!;
    expect(dropdown.values).toEqual(['Pending', 'Approve', 'Reject', 'Escalate']);
    expect(dropdown.allowInvalid).toBe(false);
    expect(review.frozenRows).toBe(1);
    // rows coloured by decision, a filter over the table, readable widths
    expect(review.conditionalRules.map((r) => [r.formula, r.background])).toEqual([
      ['=$D2="Approve"', '#e6f4ea'],
      ['=$D2="Reject"', '#fce8e6'],
      ['=$D2="Escalate"', '#fef7e0'],
    ]);
    expect(review.conditionalRules[0]!.ranges).toEqual([{ r1: 2, c1: 1, r2: 4, c2: REVIEW_COLUMNS.length }]);
    expect(review.filter).toEqual({ r1: 1, c1: 1, r2: 4, c2: REVIEW_COLUMNS.length });
    expect(review.columnWidths.get(REVIEW_COLUMNS.indexOf('Evidence') + 1)).toBe(460);
    expect(REVIEW_COLUMNS[decisionCol - 1]).toBe('Decision');
    const protection = review.protections[0]!;
    expect(protection.warningOnly).toBe(true);
    expect(protection.covers(2, decisionCol)).toBe(false);
    expect(protection.covers(2, decisionCol + 1)).toBe(false);
    expect(protection.covers(2, 1)).toBe(true);

    decide(rt, (l) => (l.cells['Record ID'] === '501' ? 'Approve' : l.cells['Record ID'] === '502' ? 'Approve' : 'Reject'));
    addon.call('runReview'); // a re-run keeps decisions
    expect(reviewLines(rt).map((l) => l.cells.Decision)).toEqual(['Approve', 'Approve', 'Reject']);
    addon.call('exportApprovedChanges');
    addon.call('refreshSummary');
    expect(rt.alerts).toEqual([]);

    // 502 was approved but QA refused it (no proposed value): no evidence, no write-back
    const approved = rt.spreadsheet.sheet('Approved Changes')!.values();
    expect(approved.map((r) => r.slice(0, 2))).toEqual([
      ['Record ID', 'Lead Source'],
      ['501', 'Event'],
    ]);
    expect(approved[0]!.slice(2)).toEqual(['Export ID', 'Exported at']);
    expect(
      rt.spreadsheet
        .sheet('Rollback')!
        .values()
        .map((r) => r.slice(0, 2)),
    ).toEqual([
      ['Record ID', 'Lead Source'],
      ['501', ''],
    ]);
    const log = rt.spreadsheet.sheet('Decision Log')!.values();
    expect(log).toHaveLength(4);
    expect(log.slice(1).map((r) => r[8])).toEqual(['Approve', 'Approve', 'Reject']);
    expect(log[1]![10]).toBe('founder@example.com');

    const summary = new Map(
      rt.spreadsheet
        .sheet('Summary')!
        .values()
        .map((r) => [r[0], r[1]]),
    );
    expect(summary.get('Records reviewed')).toBe(4);
    expect(summary.get('Records flagged')).toBe(3);
    expect(summary.get('Approved')).toBe(2);
    expect(summary.get('Rejected')).toBe(1);
    expect(summary.get('Pending')).toBe(0);
    expect(summary.get('Routing exception rate')).toBe('50.0%');
    expect(rt.toasts.at(-1)).toContain('Summary refreshed');
  });

  it('records who decided even when Google hides the email', () => {
    const { rt, addon } = open(exportCsv(contacts));
    rt.activeUserEmail = '';
    addon.call('pullApprovedFields');
    addon.call('runReview');
    decide(rt, () => 'Reject');
    addon.call('refreshSummary');
    expect(rt.spreadsheet.sheet('Decision Log')!.values()[1]![10]).toBe('unknown reviewer (key temp-key-1)');
  });

  it('never writes a data value as a formula', () => {
    const evil = [
      contact({ 'Record ID': '601', 'First Name': '=HYPERLINK("http://evil.example","click")', 'Company Name': '+cmd|" /C calc"!A0', Email: '' }),
      contact({ 'Record ID': '602', 'Last Name': '@SUM(1+1)', 'Lead Source': '', 'Original Source Drill-Down 1': '-2+3' }),
    ];
    const { rt, addon } = open(exportCsv(evil));
    for (const step of STEPS) addon.call(step);
    decide(rt, () => 'Approve');
    for (const step of STEPS) addon.call(step);
    expect(rt.alerts).toEqual([]);
    expect(rt.formulaWrites).toEqual([]);
    // what the cell holds: the text marker is hidden, or kept as a character (CRG_APOSTROPHE=literal)
    const records = rt.spreadsheet
      .sheet('Records')!
      .values()
      .map((r) => r.map((v) => (rt.apostrophe === 'literal' && typeof v === 'string' ? v.replace(/^'(?=[=+\-@])/, '') : v)));
    expect(records.flat()).toContain('=HYPERLINK("http://evil.example","click")');
    expect(records.flat()).toContain('@SUM(1+1)');
    expect(records.flat()).toContain('-2+3');
    expect(rt.spreadsheet.sheet('Decision Log')!.values().length).toBeGreaterThan(1);
  });

  it('never modifies the source tab', () => {
    const { rt, addon } = open(exportCsv(contacts));
    const before = rt.spreadsheet.sheet('contacts-export')!.values();
    for (const step of STEPS) addon.call(step);
    decide(rt, () => 'Approve');
    for (const step of STEPS) addon.call(step);
    expect(rt.spreadsheet.sheet('contacts-export')!.values()).toEqual(before);
  });

  it('makes the same number of service calls for 100 and 2,000 records', () => {
    const calls = (n: number) => {
      const data = generateContacts(n, 3);
      const { rt, addon } = open(toCsv([data.headers, ...data.rows], { raw: true }), sampleRules());
      return STEPS.map((step) => {
        rt.resetCalls();
        addon.call(step);
        expect(rt.alerts).toEqual([]);
        return rt.totalCalls();
      });
    };
    expect(calls(100)).toEqual(calls(2000));
  });
});

describe('a failed step writes nothing and says why', () => {
  function snapshot(rt: LocalRuntime) {
    return { tabs: rt.spreadsheet.sheetList.map((s) => [s.name, s.values()]), props: [...rt.documentProperties.store] };
  }

  it('on repeated record ids', () => {
    const a = contact({ 'Record ID': '9' });
    const { rt, addon } = open(exportCsv([a, contact(), { ...a }]));
    const before = snapshot(rt);
    addon.call('pullApprovedFields');
    expect(rt.alerts).toEqual([
      'CRM Review Gate: Pull approved fields stopped: Tab "contacts-export": 1 record id appears more than once (rows 2 and 4). Each row must be one record; remove the repeated rows and run again.',
    ]);
    expect(snapshot(rt)).toEqual(before);
  });

  it('on an invalid Rules tab, naming the cell', () => {
    const { rt, addon } = open(exportCsv([contact()]));
    const rules = rt.spreadsheet.sheet('Rules')!;
    const row = rules.values().findIndex((r) => r[0] === 'staleAfterDays') + 1;
    rules.store(row, 2, 'often');
    const before = snapshot(rt);
    addon.call('pullApprovedFields');
    expect(rt.alerts).toEqual([`CRM Review Gate: Pull approved fields stopped: Invalid rules: Rules!B${row} (staleAfterDays): expected a whole number of days.`]);
    expect(snapshot(rt)).toEqual(before);
  });

  it('when a step runs before its inputs exist', () => {
    const { rt, addon } = open(exportCsv([contact()]));
    addon.call('runReview');
    expect(rt.alerts).toEqual(['CRM Review Gate: Run review stopped: No batch has been pulled yet. Run "Pull approved fields" first.']);
  });

  it('when another step holds the document lock', () => {
    const { rt, addon } = open(exportCsv([contact()]));
    rt.lockHeldElsewhere = true;
    addon.call('pullApprovedFields');
    expect(rt.alerts).toEqual(['CRM Review Gate: another step is still running in this spreadsheet. Try again in a minute.']);
    expect(tabNames(rt)).toEqual(['contacts-export', 'Rules']);
  });

  it('hides the details of an unexpected error from the user and the log', () => {
    const { rt, addon } = open(exportCsv([contact({ 'First Name': 'CANARY-unexpected' })]));
    addon.call('pullApprovedFields');
    rt.spreadsheet.sheet('Records')!.store(1, 1, 'Batch ID');
    rt.documentProperties.store.set('crg.batch', '{not json CANARY-unexpected');
    addon.call('runReview');
    expect(rt.alerts).toEqual([
      'CRM Review Gate: Run review stopped: CRM Review Gate hit an unexpected error. Every decision is safe in the Decision Log, and each tab is in its old or its new version, never half-written; the next step finishes or undoes what this one left. Please report it with the step you ran.',
    ]);
    expect(rt.logs.join('\n')).not.toContain('CANARY');
    expect(rt.logs.join('\n')).toContain('SyntaxError');
  });
});
