/**
 * Hand edits an adversarial evaluator found that let a decision outlive the facts it was made on, or lose
 * one: each is refused, or sent back to Pending, in the add-on and the CLI alike.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { runCli } from '../src/cli/run';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { LOG_COLUMNS, logRows, parseLog } from '../src/core/decisions/log';
import { REVIEW_COLUMNS, type ReviewRow, reviewRowsFromGrid, reviewRowsToGrid } from '../src/core/review/rows';
import { reconcile } from '../src/core/decisions/reconcile';
import type { LogEntry } from '../src/core/decisions/log';
import { reviewOf } from './helpers';
import { restoreFromCsv } from '../src/core/text/safeText';
import { BUNDLE_PATH, loadBundle } from '../src/local/bundle';
import type { LocalRuntime } from '../src/local/runtime';
import { Button } from '../src/local/runtime/types';
import { decide, reviewLines, workbookWithExport } from '../src/local/workbench';
import { contact, type Contact, exportCsv, HUBSPOT_HEADERS, teamRulesFile } from './fixtures';
import { memoryIo } from './memoryIo';

beforeAll(() => {
  if (!existsSync(BUNDLE_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

/** Two records of one person (601 and 602) and one other: a merge to decide. */
const twins = (phone2: string, first2: string): Contact[] => [
  contact({ 'Record ID': '601', Email: 'twin@x.example', 'First Name': 'Twin', 'Last Name': 'Sample', 'Phone Number': '+44 20 7946 9999' }),
  contact({ 'Record ID': '602', Email: 'twin@x.example', 'First Name': first2, 'Last Name': 'Sample', 'Phone Number': phone2 }),
  contact({ 'Record ID': '603' }),
];
const sameTwins = () => twins('+44 20 7946 9999', 'Twin');
/** Next week's export: 602 now has another person's phone and first name (not a cell of the merge rows). */
const changedTwins = () => twins('+1 415 555 0100', 'Tobias');

function tab(rt: LocalRuntime, name: string): string[][] {
  return (rt.spreadsheet.sheet(name)?.values() ?? []).map((r) => r.map((c) => String(c)));
}

/** A log entry for a Review row, as a person's decision logs it. */
const logEntry = (r: ReviewRow): LogEntry => ({
  loggedAt: '2026-11-20T09:05:00Z',
  batchId: 'B-1',
  issueId: r.issueId,
  recordId: r.recordId,
  check: r.check,
  field: r.field,
  currentValue: r.currentValue,
  proposedValue: r.proposedValue,
  decision: r.decision,
  previousDecision: 'Pending',
  reviewer: 'revops',
  reviewerNote: '',
  qa: r.qa,
  evidenceId: r.evidenceId,
  recorded: 'on edit',
});

/** Records 503 and 504 (each a routing exception) pulled and reviewed in the add-on. */
function reviewedPair() {
  const rt = workbookWithExport(exportCsv([contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' }), contact({ 'Record ID': '504', 'Contact owner': 'Ian Clarke' })]), {
    rules: teamRulesFile,
  });
  const a = loadBundle(rt);
  a.call('pullApprovedFields');
  a.call('runReview');
  const rowOf = (id: string) => reviewLines(rt).find((l) => l.cells['Record ID'] === id)!;
  return { rt, a, rowOf, decision: REVIEW_COLUMNS.indexOf('Decision') + 1 };
}

/** The add-on's steps that read the decisions, with their menu names. */
const DECISION_STEPS: [string, string][] = [
  ['runReview', 'Run review'],
  ['exportApprovedChanges', 'Export approved changes'],
  ['refreshSummary', 'Refresh summary'],
];

/** Each step stops with one alert: the message, after the step's name. */
function expectEveryStepStops(rt: LocalRuntime, a: ReturnType<typeof loadBundle>, steps: [string, string][], message: string): void {
  for (const [step, name] of steps) {
    const alerts = rt.alerts.length;
    a.call(step);
    expect(rt.alerts.slice(alerts)).toEqual([`CRM Review Gate: ${name} stopped: ${message}`]);
  }
}

/** The source tab as a new File > Import leaves it. */
function reimport(rt: LocalRuntime, contacts: Contact[]): void {
  const grid = parseCsv(exportCsv(contacts));
  const source = rt.spreadsheet.getSheetByName('contacts-export')!;
  source.clearContents();
  source.getRange(1, 1, grid.length, grid[0]!.length).setValues(grid);
}

describe('the Evidence ID column deleted or renamed', () => {
  function approvedMerge() {
    const rt = workbookWithExport(exportCsv(sameTwins()), { rules: teamRulesFile });
    const a = loadBundle(rt);
    a.call('pullApprovedFields');
    a.call('runReview');
    expect(decide(rt, (l) => (l.cells.Check === 'duplicate_record' ? 'Approve' : undefined))).toBeGreaterThan(0);
    a.call('refreshSummary');
    return { rt, a };
  }

  it('stops every decision step of the add-on with its own message, and nothing is changed (its merge decided on other facts was exported)', () => {
    for (const how of ['deleted', 'renamed'] as const) {
      const { rt, a } = approvedMerge();
      const review = rt.spreadsheet.getSheetByName('Review')!;
      const at = REVIEW_COLUMNS.indexOf('Evidence ID') + 1;
      if (how === 'deleted') review.deleteColumns(at, 1);
      else review.getRange(1, at).setValue('Evidence ID (hash)');
      reimport(rt, changedTwins());
      a.call('pullApprovedFields');
      const before = tab(rt, 'Review');
      expectEveryStepStops(
        rt,
        a,
        DECISION_STEPS,
        'Tab "Review" has no "Evidence ID" column (renamed or deleted?). Undo the change, or put the column back with its values, and run again; nothing was changed.',
      );
      expect(tab(rt, 'Review')).toEqual(before);
      expect(tab(rt, 'Approved Merges').slice(1)).toEqual([]);
    }
  });

  it('with the column in place the same change sends the merge back to Pending (the control)', () => {
    const { rt, a } = approvedMerge();
    reimport(rt, changedTwins());
    a.call('pullApprovedFields');
    a.call('runReview');
    a.call('exportApprovedChanges');
    const merges = reviewLines(rt).filter((l) => l.cells.Check === 'duplicate_record');
    expect(merges.map((l) => l.cells.Decision)).toEqual(merges.map(() => 'Pending'));
    expect(tab(rt, 'Approved Merges').slice(1)).toEqual([]);
  });

  it("in the CLI's review.csv, stops the run with the same message, changing nothing", () => {
    const args = ['review', 'e.csv', '--rules', 'r.json'];
    const m = memoryIo({ 'e.csv': exportCsv(sameTwins()), 'r.json': JSON.stringify(teamRulesFile) });
    expect(runCli(args, m.io)).toBe(0);
    const g = parseCsv(m.files['out/review.csv']!).map((r) => r.map(restoreFromCsv));
    const [check, decision, evidenceAt] = ['Check', 'Decision', 'Evidence ID'].map((h) => g[0]!.indexOf(h));
    for (const r of g.slice(1)) if (r[check!] === 'duplicate_record') r[decision!] = 'Approve';
    m.files['out/review.csv'] = toCsv(
      g.map((r) => r.filter((_, c) => c !== evidenceAt)),
      { raw: true },
    );
    m.files['e.csv'] = exportCsv(changedTwins());
    const before = { ...m.files };
    expect(runCli(args, m.io)).toBe(2);
    expect(m.err.at(-1)).toBe(
      'crm-review-gate: out/review.csv has no "Evidence ID" column (renamed or deleted?). Undo the change, or put the column back with its values, and run again; nothing was changed.',
    );
    expect(m.files).toEqual(before);
  });

  it('read without the column all the same, a decision the log holds on other facts goes back to Pending (the gate, whatever reads the Review)', () => {
    const fresh = reviewOf(changedTwins()).filter((r) => r.check === 'duplicate_record');
    const older = reviewOf(sameTwins()).filter((r) => r.check === 'duplicate_record');
    expect(fresh.map((r) => r.evidenceId)).not.toEqual(older.map((r) => r.evidenceId));
    const grid = reviewRowsToGrid(older.map((r) => ({ ...r, decision: 'Approve' as const })));
    const evidenceAt = grid[0]!.indexOf('Evidence ID');
    const sheet = reviewRowsFromGrid(
      grid.map((r) => r.filter((_, c) => c !== evidenceAt)),
      'review.csv',
      { partialRead: true },
    );
    const logged = older.map((r) => ({ ...logEntry(r), decision: 'Approve' as const }));
    const { rows, reset } = reconcile(fresh, sheet, logged, { batchId: 'B-2', loggedAt: '2026-11-27T10:00:00Z', reviewer: 'r' });
    expect(reset).toBe(fresh.length);
    expect(rows.map((r) => r.decision)).toEqual(fresh.map(() => 'Pending'));
    // on the facts the log holds, the decision stands
    expect(reconcile(older, sheet, logged, { batchId: 'B-2', loggedAt: '2026-11-27T10:00:00Z', reviewer: 'r' }).rows.map((r) => r.decision)).toEqual(older.map(() => 'Approve'));
  });
});

describe('a column the reviewer only reads, deleted (a spreadsheet user tidying review.csv or the Review tab)', () => {
  const READ_ONLY = ['Record ID', 'Check', 'Field', 'Current value', 'Proposed value'] as const;

  it.each(READ_ONLY)('"%s" deleted from review.csv stops the run naming it, and every decision stands once it is back', (column) => {
    const args = ['review', 'e.csv', '--rules', 'r.json'];
    const m = memoryIo({ 'e.csv': exportCsv(sameTwins()), 'r.json': JSON.stringify(teamRulesFile) });
    expect(runCli(args, m.io)).toBe(0);
    const g = parseCsv(m.files['out/review.csv']!);
    const decision = g[0]!.indexOf('Decision');
    for (const r of g.slice(1)) r[decision] = 'Reject';
    const decided = toCsv(g, { raw: true });
    const at = g[0]!.indexOf(column);
    m.files['out/review.csv'] = toCsv(
      g.map((r) => r.filter((_, c) => c !== at)),
      { raw: true },
    );
    const before = { ...m.files };
    expect(runCli(args, m.io)).toBe(2);
    expect(m.err.at(-1)).toBe(
      `crm-review-gate: out/review.csv has no "${column}" column (renamed or deleted?). Undo the change, or put the column back with its values, and run again; nothing was changed.`,
    );
    expect(m.files).toEqual(before);
    // put back: nothing was logged meanwhile, every Reject stands
    m.files['out/review.csv'] = decided;
    expect(runCli(args, m.io)).toBe(0);
    const again = parseCsv(m.files['out/review.csv']!);
    expect(again.slice(1).map((r) => r[decision])).toEqual(g.slice(1).map(() => 'Reject'));
  });

  it('"Current value" deleted from the Review tab stops every decision step, changing nothing', () => {
    const { rt, a } = reviewedPair();
    decide(rt, () => 'Approve');
    const review = rt.spreadsheet.getSheetByName('Review')!;
    review.deleteColumns(REVIEW_COLUMNS.indexOf('Current value') + 1, 1);
    const before = JSON.stringify(rt.spreadsheet.sheetList.map((t) => [t.name, t.values()]));
    expectEveryStepStops(
      rt,
      a,
      DECISION_STEPS,
      'Tab "Review" has no "Current value" column (renamed or deleted?). Undo the change, or put the column back with its values, and run again; nothing was changed.',
    );
    expect(JSON.stringify(rt.spreadsheet.sheetList.map((t) => [t.name, t.values()]))).toBe(before);
  });
});

describe('the Rules tab deleted or renamed after a pull', () => {
  it('stops every step with one message and changes nothing; restored, every decision stands (an Escalate was lost for good)', () => {
    const rt = workbookWithExport(exportCsv([contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' }), contact({ 'Record ID': '505', 'Lead Source': 'Other' })]), {
      rules: teamRulesFile,
    });
    const a = loadBundle(rt);
    a.call('pullApprovedFields');
    a.call('runReview');
    decide(rt, (l) => (l.cells['Record ID'] === '503' ? 'Approve' : 'Escalate'));
    a.call('refreshSummary');
    const decided = () => reviewLines(rt).map((l) => `${l.cells['Record ID']} ${l.cells.Decision}`);
    const before = decided();
    expect(before).toEqual(expect.arrayContaining(['503 Approve', '505 Escalate']));
    for (const how of ['deleted', 'renamed'] as const) {
      const grid = tab(rt, 'Rules');
      if (how === 'deleted') rt.spreadsheet.deleteSheet(rt.spreadsheet.getSheetByName('Rules')!);
      else rt.spreadsheet.getSheetByName('Rules')!.setName('Rules (old)');
      const tabs = rt.spreadsheet.getSheets().map((s) => [s.getName(), tab(rt, s.getName())]);
      expectEveryStepStops(
        rt,
        a,
        [...DECISION_STEPS, ['pullApprovedFields', 'Pull approved fields']],
        'The Rules tab is missing (deleted or renamed?). Restore it (Edit > Undo, or File > Version history) and run again; nothing was changed. To start from a preset\'s rules instead, use "Choose preset", then "Pull approved fields".',
      );
      expect(rt.spreadsheet.getSheets().map((s) => [s.getName(), tab(rt, s.getName())])).toEqual(tabs);
      // an upload is refused before any part is sent, and a pull before any question
      expect(() => a.call('uploadBegin', 'c.csv', [...HUBSPOT_HEADERS], 1)).toThrow('The Rules tab is missing (deleted or renamed?).');
      expect(rt.prompts).toEqual([]);
      // restored
      if (how === 'deleted') rt.spreadsheet.addSheetWithValues('Rules', grid);
      else rt.spreadsheet.getSheetByName('Rules (old)')!.setName('Rules');
      a.call('runReview');
      expect(decided()).toEqual(before);
    }
  });
});

describe('a Decision Log row deleted from the middle, with a row typed in to keep the count', () => {
  it('brings no older Approve back: nothing is restored from a log that may have lost a row, and the step says why', () => {
    const { rt, a, rowOf, decision } = reviewedPair();
    a.call('onEdit', rt.editEvent('Review', rowOf('503').row, decision, 'Approve', 'alice@example.com'));
    a.call('refreshSummary'); // pins the log with the Approve
    a.call('onEdit', rt.editEvent('Review', rowOf('503').row, decision, 'Reject', 'bob@example.com'));
    a.call('onEdit', rt.editEvent('Review', rowOf('504').row, decision, 'Escalate', 'bob@example.com'));
    a.call('refreshSummary'); // pins it again
    const log = rt.spreadsheet.getSheetByName('Decision Log')!;
    const rows = tab(rt, 'Decision Log');
    log.deleteRows(rows.findIndex((r) => r[3] === '503' && r[8] === 'Reject') + 1, 1);
    log.insertRowsBefore(2, 1);
    log.getRange(2, 1).setValue('note: cleaned up');
    rt.spreadsheet.getSheetByName('Review')!.deleteRows(rowOf('503').row, 1);
    a.call('exportApprovedChanges');
    expect(JSON.stringify(tab(rt, 'Approved Changes'))).not.toContain('503');
    expect(rowOf('503').cells.Decision).toBe('Pending');
    expect(rowOf('503').cells['Reviewer note']).toContain('[Was Approve; the Decision Log did not check out to restore it, so decide again.]');
    expect(rt.toasts.at(-1)).toContain(
      "1 decision the Decision Log holds for rows missing from the Review tab came back Pending, not restored: its row 4 does not check out (edited by hand, or a row above it deleted). Decide it again: each row's note says what it was.",
    );
    // the reset is the gate's, logged once: a later step finds Pending and logs nothing for 503
    const logged = () => tab(rt, 'Decision Log').filter((r) => r[3] === '503').length;
    const before = logged();
    a.call('runReview');
    expect(logged()).toBe(before);
    expect(rowOf('503').cells.Decision).toBe('Pending');
  });
});

describe('parseLog: where a log may have lost a row', () => {
  const entry = {
    loggedAt: '2026-11-20T09:06:00Z',
    batchId: 'B-x',
    issueId: 'RG-1',
    recordId: '601',
    check: 'missing_required_field',
    field: 'Email',
    currentValue: '',
    proposedValue: 'a@b.c',
    decision: 'Approve' as const,
    previousDecision: 'Pending' as const,
    reviewer: 'revops',
    reviewerNote: '',
    qa: 'Approvable',
    evidenceId: 'EV-1',
    recorded: 'on edit',
  };
  const header = [...LOG_COLUMNS];
  const rows = logRows([entry, { ...entry, decision: 'Reject', previousDecision: 'Approve' }, { ...entry, issueId: 'RG-2' }], 'crm-review-gate decision log v1');

  it('is the row after one deleted, or a row edited; a note typed without a hash is not one', () => {
    expect(parseLog([header, ...rows]).cutAt).toBeUndefined();
    expect(parseLog([header, rows[0]!, rows[2]!]).cutAt).toBe(3);
    const edited = rows.map((r) => [...r]);
    edited[1]![LOG_COLUMNS.indexOf('Reviewer note')] = 'typed';
    expect(parseLog([header, ...edited]).cutAt).toBe(3);
    const note = LOG_COLUMNS.map((c) => (c === 'Reviewer note' ? 'Bob: double-checked' : ''));
    const noted = parseLog([header, rows[0]!, note, rows[1]!, rows[2]!]);
    expect([noted.cutAt, noted.unverifiedRows]).toEqual([undefined, [3]]);
  });
});

describe('export-log.csv deleted or cut after an export (CLI)', () => {
  it('stops the run naming it, changing nothing, until restored or its pin is deleted from summary.json', () => {
    const args = ['review', 'e.csv', '--rules', 'r.json'];
    const m = memoryIo({
      'e.csv': exportCsv([contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' }), contact({ 'Record ID': '504', 'Contact owner': 'Dana Brooks' })]),
      'r.json': JSON.stringify(teamRulesFile),
    });
    expect(runCli(args, m.io)).toBe(0);
    const g = parseCsv(m.files['out/review.csv']!).map((r) => r.map(restoreFromCsv));
    const decision = g[0]!.indexOf('Decision');
    for (const r of g.slice(1)) r[decision] = 'Approve';
    m.files['out/review.csv'] = toCsv(g, { raw: true });
    expect(runCli(args, m.io)).toBe(0);
    const ledger = m.files['out/export-log.csv']!;
    expect(parseCsv(ledger)).toHaveLength(3);
    for (const cut of [undefined, toCsv(parseCsv(ledger).slice(0, 2))]) {
      if (cut === undefined) delete m.files['out/export-log.csv'];
      else m.files['out/export-log.csv'] = cut;
      const before = { ...m.files };
      expect(runCli(args, m.io)).toBe(2);
      expect(m.err.at(-1)).toBe(
        `crm-review-gate: out/export-log.csv ${cut === undefined ? 'is missing' : 'lists 1 change or merge, the last run left 2'}. It is the record of what left, and a change it no longer lists would be exported again: restore it from a backup and run again (to accept it as it is, delete "exportLog" from summary.json). This run changed nothing.`,
      );
      expect(m.files).toEqual(before);
    }
    // accepted on purpose: what it no longer lists leaves again
    const summary = JSON.parse(m.files['out/summary.json']!);
    delete summary.exportLog;
    m.files['out/summary.json'] = JSON.stringify(summary);
    expect(runCli(args, m.io)).toBe(0);
    expect(parseCsv(m.files['out/approved-changes.csv']!)).toHaveLength(2);
  });
});

describe("an earlier export's rollback", () => {
  it('is kept in its own tab when a later export takes the Rollback tab, and the message names it; an export with nothing new keeps the last tabs', () => {
    const { rt, a, rowOf, decision } = reviewedPair();
    a.call('onEdit', rt.editEvent('Review', rowOf('503').row, decision, 'Approve', 'x@example.com'));
    a.call('exportApprovedChanges');
    const first = tab(rt, 'Rollback');
    const firstId = first[1]![first[0]!.indexOf('Export ID')]!;
    expect(first.slice(1).map((r) => r[0])).toEqual(['503']);
    a.call('onEdit', rt.editEvent('Review', rowOf('504').row, decision, 'Approve', 'x@example.com'));
    a.call('exportApprovedChanges');
    expect(
      tab(rt, 'Rollback')
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['504']);
    // EX-1's rollback, as it was, in a tab of its own: importable on its own
    expect(tab(rt, `Rollback ${firstId}`)).toEqual(first);
    const second = { approved: tab(rt, 'Approved Changes'), rollback: tab(rt, 'Rollback') };
    // a change of EX-1 withdrawn after its import: the message says where its rollback is
    a.call('onEdit', rt.editEvent('Review', rowOf('503').row, decision, 'Reject', 'x@example.com'));
    a.call('exportApprovedChanges');
    expect(rt.toasts.at(-1)).toContain(`no longer approved but exported before: 1 in ${firstId} (undo with the "Rollback ${firstId}" tab)`);
    expect(rt.toasts.at(-1)).toContain(`Nothing new to export. The export tabs still hold export ${tab(rt, 'Rollback')[1]!.at(-2)}, which left before.`);
    // nothing new: EX-2's import table and rollback, not yet imported perhaps, are as they were
    expect({ approved: tab(rt, 'Approved Changes'), rollback: tab(rt, 'Rollback') }).toEqual(second);
    expect(tab(rt, `Rollback ${firstId}`)).toEqual(first);
  });

  it("is the add-on's own tab: the next pull never asks whether it is a newer export (its header looks like one)", () => {
    const rules = {
      ...teamRulesFile,
      recordRules: [
        { id: 'LC', header: 'Lifecycle Stage', aliases: { Lead: 'lead', SQL: 'salesqualifiedlead' } },
        { id: 'LS', header: 'Lead Status', aliases: { 'in prog': 'IN_PROGRESS' } },
      ],
    };
    const record = (id: string) => contact({ 'Record ID': id, 'Contact owner': 'Ian Clarke', 'Lifecycle Stage': 'SQL', 'Lead Status': 'in prog' });
    const rt = workbookWithExport(exportCsv([record('503'), record('504')]), { rules: rules as never });
    const a = loadBundle(rt);
    a.call('pullApprovedFields');
    a.call('runReview');
    const decision = REVIEW_COLUMNS.indexOf('Decision') + 1;
    for (const id of ['503', '504']) {
      for (const l of reviewLines(rt)) if (l.cells['Record ID'] === id) a.call('onEdit', rt.editEvent('Review', l.row, decision, 'Approve', 'x@example.com'));
      a.call('exportApprovedChanges');
    }
    const kept = rt.spreadsheet.getSheets().find((s) => s.getName().startsWith('Rollback EX-'))!;
    expect(kept).toBeDefined();
    rt.spreadsheet.setActiveSheet(kept);
    a.call('pullApprovedFields');
    expect(rt.prompts).toEqual([]);
    expect(rt.alerts).toEqual([]);
    expect(rt.toasts.at(-1)).toContain('from Tab "contacts-export"');
  });
});

describe('the Export Log deleted or cut after an export', () => {
  it('stops every step, as a cut Decision Log does, until it is restored or accepted; accepted, what it no longer lists leaves again', () => {
    const { rt, a } = reviewedPair();
    decide(rt, () => 'Approve');
    a.call('exportApprovedChanges');
    const ledger = tab(rt, 'Export Log');
    expect(ledger.length).toBeGreaterThan(2);
    for (const how of ['deleted', 'cut'] as const) {
      if (how === 'deleted') rt.spreadsheet.deleteSheet(rt.spreadsheet.getSheetByName('Export Log')!);
      else rt.spreadsheet.getSheetByName('Export Log')!.deleteRows(2, 1);
      const what =
        how === 'deleted'
          ? 'tab is missing (deleted or renamed?)'
          : `tab lists ${ledger.length - 2} ${ledger.length - 2 === 1 ? 'change or merge' : 'changes and merges'}, the last export left ${ledger.length - 1}`;
      for (const [step, name] of [
        ['exportApprovedChanges', 'Export approved changes'],
        ['runReview', 'Run review'],
      ]) {
        const alerts = rt.alerts.length;
        a.call(step!);
        expect(rt.alerts.slice(alerts)).toEqual([
          `CRM Review Gate: ${name} stopped: The Export Log ${what}. It is the record of what left, and a change it no longer lists would be exported again: undo the change (Edit > Undo, or File > Version history) and try again; nothing was changed. If an earlier version of the spreadsheet was restored on purpose, choose "Accept the logs as they are…" in the add-on's menu.`,
        ]);
      }
      expect(tab(rt, 'Approved Changes').length).toBe(3);
      // restored
      if (how === 'deleted') rt.spreadsheet.addSheetWithValues('Export Log', ledger);
      else rt.spreadsheet.getSheetByName('Export Log')!.getRange(1, 1, ledger.length, ledger[0]!.length).setValues(ledger);
      a.call('exportApprovedChanges');
      expect(rt.toasts.at(-1)).toContain('Nothing new to export.');
    }
    // accepted on purpose: the next export carries what the log no longer lists
    rt.spreadsheet.getSheetByName('Export Log')!.deleteRows(2, 1);
    rt.promptResponses.push({ button: Button.YES });
    a.call('acceptDecisionLog');
    expect(rt.toasts.at(-1)).toContain('Accepted the Export Log (1 change or merge) as it is.');
    a.call('exportApprovedChanges');
    expect(tab(rt, 'Approved Changes').length).toBe(2);
  });
});

describe('a decided row deleted from the Review', () => {
  it('comes back from the log with its decision, and the step says on what facts and why it was missing (add-on and CLI)', () => {
    const { rt, a } = reviewedPair();
    decide(rt, (l) => (l.cells['Record ID'] === '503' ? 'Approve' : undefined));
    a.call('refreshSummary');
    rt.spreadsheet.getSheetByName('Review')!.deleteRows(reviewLines(rt).find((l) => l.cells['Record ID'] === '503')!.row, 1);
    a.call('refreshSummary');
    expect(rt.toasts.at(-1)).toContain(
      'Restored 1 decision from the Decision Log, made on the same facts (rows not on the Review tab: deleted from it, or their records not in the batch it showed).',
    );
    expect(reviewLines(rt).find((l) => l.cells['Record ID'] === '503')!.cells.Decision).toBe('Approve');

    const args = ['review', 'e.csv', '--rules', 'r.json'];
    const m = memoryIo({
      'e.csv': exportCsv([contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' }), contact({ 'Record ID': '504' })]),
      'r.json': JSON.stringify(teamRulesFile),
    });
    expect(runCli(args, m.io)).toBe(0);
    const g = parseCsv(m.files['out/review.csv']!).map((r) => r.map(restoreFromCsv));
    const [record, decision] = [g[0]!.indexOf('Record ID'), g[0]!.indexOf('Decision')];
    g.find((r) => r[record] === '503')![decision] = 'Approve';
    m.files['out/review.csv'] = toCsv(g, { raw: true });
    expect(runCli(args, m.io)).toBe(0);
    m.files['out/review.csv'] = toCsv(
      g.filter((r) => r[record] !== '503'),
      { raw: true },
    );
    const said = m.out.length;
    expect(runCli(args, m.io)).toBe(0);
    // said once (it was twice: once for the review.csv cut short, once more)
    expect(m.out.slice(said).filter((l) => l.includes('restored 1 decision'))).toEqual([
      '  review.csv has 0 rows but the last run wrote 1 (cut short or rows deleted): restored 1 decision from decision-log.csv',
    ]);
    // a record out of one week's export and back the next: its decision returns on the same facts
    m.files['e.csv'] = exportCsv([contact({ 'Record ID': '504' })]);
    expect(runCli(args, m.io)).toBe(0);
    m.files['e.csv'] = exportCsv([contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' }), contact({ 'Record ID': '504' })]);
    const back = m.out.length;
    expect(runCli(args, m.io)).toBe(0);
    expect(m.out.slice(back).filter((l) => l.includes('restored'))).toEqual([
      '  restored 1 decision from decision-log.csv, made on the same facts (rows not in review.csv: deleted from it, or their records not in the batch it showed)',
    ]);
  });
});
