/**
 * The decision log edited by hand (adversarial review of 2026-11-26): a row typed in is never restored
 * or exported, and a log that lost rows since the last run is refused, not replayed.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { parseCsv, sniffDelimiter, toCsv } from '../src/core/intake/csv';
import { LOG_COLUMNS, logRows, parseLog } from '../src/core/decisions/log';
import { restoreFromCsv } from '../src/core/text/safeText';
import { contact, type Contact, exportCsv, teamRulesFile } from './fixtures';
import { memoryIo } from './memoryIo';

const RULES = JSON.stringify(teamRulesFile);
const ARGS = ['review', 'e.csv', '--rules', 'r.json'];
const grid = (text: string): string[][] => parseCsv(text).map((r) => r.map(restoreFromCsv));

function batch(): Contact[] {
  return [
    contact({ 'Record ID': '601', Email: 'Ada@Example.COM' }),
    contact({ 'Record ID': '602', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }),
    contact({ 'Record ID': '603' }),
  ];
}

/** A first run; returns the io and the approvable rows of review.csv (Issue ID, Evidence ID and the row). */
function firstRun() {
  const m = memoryIo({ 'e.csv': exportCsv(batch()), 'r.json': RULES });
  expect(runCli(ARGS, m.io)).toBe(0);
  const g = grid(m.files['out/review.csv']!);
  const h = g[0]!;
  const approvable = g.slice(1).filter((r) => r[h.indexOf('QA')] === 'Approvable');
  expect(approvable.length).toBeGreaterThan(0);
  return { m, h, approvable };
}

/** A log row for `row` (a Review row) with the given decision, hashed onto `previous` or given a junk hash. */
function forgedRow(h: string[], row: string[], decision: string, hash: string): string[] {
  const at = (c: string): string => row[h.indexOf(c)] ?? '';
  return [
    '2026-11-20T09:05:00Z',
    'B-x',
    at('Issue ID'),
    at('Record ID'),
    at('Check'),
    at('Field'),
    at('Current value'),
    at('Proposed value'),
    decision,
    'Pending',
    'mallory',
    '',
    'Approvable',
    at('Evidence ID'),
    'on edit',
    hash,
  ];
}

const base = () => ({
  loggedAt: '2026-11-20T09:06:00Z',
  batchId: 'B-x',
  issueId: 'RG-1',
  recordId: '601',
  check: 'missing_required_field',
  field: 'Email',
  currentValue: '',
  proposedValue: 'a@b.c',
  decision: 'Pending' as 'Pending' | 'Approve' | 'Reject' | 'Escalate',
  previousDecision: 'Pending' as 'Pending' | 'Approve' | 'Reject' | 'Escalate',
  reviewer: 'revops',
  reviewerNote: '',
  qa: 'Approvable',
  evidenceId: 'EV-1',
  recorded: 'on edit',
});

const exportedChanges = (files: Record<string, string>): number => grid(files['out/approved-changes.csv'] ?? '').length - 1;

describe('a decision typed into decision-log.csv by hand', () => {
  it('a row typed in for an issue does not make every later run log that issue again', () => {
    const { m, h, approvable } = firstRun();
    const g = grid(m.files['out/review.csv']!);
    g.find((r) => r[0] === approvable[0]![0])![h.indexOf('Decision')] = 'Approve';
    m.files['out/review.csv'] = toCsv(g);
    expect(runCli(ARGS, m.io)).toBe(0);
    const log = grid(m.files['out/decision-log.csv']!);
    const note = LOG_COLUMNS.map((c) => (c === 'Issue ID' ? approvable[0]![0]! : c === 'Reviewer note' ? 'Bob: double-checked' : ''));
    m.files['out/decision-log.csv'] = toCsv([...log, note]);
    const rows = (): number => grid(m.files['out/decision-log.csv']!).length;
    expect(runCli(ARGS, m.io)).toBe(0);
    const after = rows();
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(rows()).toBe(after);
    // and the Approve in review.csv still stands
    const now = grid(m.files['out/review.csv']!);
    expect(now.find((r) => r[0] === approvable[0]![0])![h.indexOf('Decision')]).toBe('Approve');
  });

  it('with a junk hash: not restored, not exported, and the run names the row', () => {
    const { m, h, approvable } = firstRun();
    const log = grid(m.files['out/decision-log.csv'] ?? toCsv([[...LOG_COLUMNS]]));
    m.files['out/decision-log.csv'] = toCsv([...log, forgedRow(h, approvable[0]!, 'Approve', 'deadbeefdeadbeefdeadbeef')]);
    delete m.files['out/review.csv']; // so that the log is all there is to restore from
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(exportedChanges(m.files)).toBe(0);
    const out = m.out.join('\n');
    expect(out).toContain(`decision-log.csv: row ${log.length + 1} does not follow from the row above (written by hand): its decision was not used`);
    expect(out).toContain('approved 0,');
  });

  it('the rows the tool appends after a forged one still count', () => {
    const header = [[...LOG_COLUMNS]];
    const entry = { ...base(), decision: 'Reject' as const };
    const forged = [...logRows([{ ...entry, decision: 'Approve' }], 'crm-review-gate decision log v1')[0]!.slice(0, -1), 'deadbeefdeadbeefdeadbeef'];
    // genuine entries, chained onto the forged row's stored hash, as the tool appends after it: another
    // issue's counts; the forged issue's own later Reject is not restored either (its log is in doubt)
    const genuine = logRows([{ ...entry, issueId: 'RG-2' }, entry], 'deadbeefdeadbeefdeadbeef');
    const parsed = parseLog([...header, forged, ...genuine]);
    expect(parsed.unverifiedRows).toEqual([2]);
    expect(parsed.entries.map((e) => `${e.issueId} ${e.decision}`)).toEqual(['RG-2 Reject', 'RG-1 Reject']);
    expect(parsed.doubtful).toEqual(['RG-1']);
  });

  it('a note typed into the log without a hash: the rows after it chain onto the last hash written and count', () => {
    const header = [[...LOG_COLUMNS]];
    const approve = logRows([{ ...base(), decision: 'Approve' }], 'crm-review-gate decision log v1');
    const note = ['', '', '', '', '', '', '', '', '', '', '', 'Bob: double-checked 601', '', '', '', ''];
    const reject = logRows([{ ...base(), decision: 'Reject', previousDecision: 'Approve' }], approve[0]!.at(-1)!);
    const parsed = parseLog([...header, ...approve, note, ...reject]);
    expect(parsed.unverifiedRows).toEqual([3]);
    expect(parsed.entries.map((e) => e.decision)).toEqual(['Approve', 'Reject']);
  });

  it('a log sorted by hand: no decision of a row that moved is restored, so no earlier Approve comes back', () => {
    const header = [[...LOG_COLUMNS]];
    const rows = logRows(
      [
        { ...base(), decision: 'Approve' },
        { ...base(), decision: 'Reject', previousDecision: 'Approve' },
      ],
      'crm-review-gate decision log v1',
    );
    const parsed = parseLog([...header, rows[1]!, rows[0]!]);
    expect(parsed.doubtful).toEqual(['RG-1']);
    expect(parsed.unverifiedRows.length).toBeGreaterThan(0);
  });

  it('a header that lost a column: no row is trusted', () => {
    const { h, approvable } = firstRun();
    const header = LOG_COLUMNS.map((c) => (c === 'Reviewer' ? 'Who' : c));
    const rows = logRows(parseLog([[...LOG_COLUMNS], forgedRow(h, approvable[0]!, 'Approve', 'x')]).entries, 'crm-review-gate decision log v1');
    expect(parseLog([[...header], ...rows]).entries).toEqual([]);
  });
});

describe('a decision log that lost rows since the last run', () => {
  function decided() {
    const { m, h } = firstRun();
    const g = grid(m.files['out/review.csv']!);
    const d = h.indexOf('Decision');
    for (const r of g.slice(1)) if (r[h.indexOf('QA')] === 'Approvable') r[d] = 'Approve';
    m.files['out/review.csv'] = toCsv(g);
    expect(runCli(ARGS, m.io)).toBe(0);
    // then a later Reject of the first of them
    const g2 = grid(m.files['out/review.csv']!);
    const first = g2.slice(1).find((r) => r[d] === 'Approve')!;
    first[d] = 'Reject';
    m.files['out/review.csv'] = toCsv(g2);
    expect(runCli(ARGS, m.io)).toBe(0);
    return m;
  }

  it('is refused when its last row (the later Reject) is deleted, naming why, and nothing changes', () => {
    const m = decided();
    const log = grid(m.files['out/decision-log.csv']!);
    m.files['out/decision-log.csv'] = toCsv(log.slice(0, -1));
    delete m.files['out/review.csv'];
    const before = { ...m.files };
    expect(runCli(ARGS, m.io)).toBe(2);
    expect(m.err.at(-1)).toBe(
      `crm-review-gate: out/decision-log.csv has lost or changed rows since the last run (it has ${log.length - 2} rows, the last run left ${log.length - 1}). It is the record of every decision, and a decision restored from a cut log may be an older one: restore it from a backup and run again (to accept the log as it is, delete "decisionLog" from summary.json). This run changed nothing.`,
    );
    expect(m.files).toEqual(before);
  });

  it('is refused when a row in the middle is deleted; an untouched log passes', () => {
    const m = decided();
    const text = m.files['out/decision-log.csv']!;
    const log = grid(text);
    m.files['out/decision-log.csv'] = toCsv([...log.slice(0, 2), ...log.slice(3)]);
    expect(runCli(ARGS, m.io)).toBe(2);
    expect(m.err.at(-1)).toContain('has lost or changed rows since the last run');
    m.files['out/decision-log.csv'] = text;
    expect(runCli(ARGS, m.io)).toBe(0);
  });

  it.each([
    ['cut short', (t: string) => t.slice(0, Math.floor(t.length / 2))],
    ['emptied', () => ''],
    ['not an object', () => '[]'],
  ])("with its summary.json %s (the logs' pins with it), is refused, and nothing changes; deleted, it is accepted", (_how, damage) => {
    const m = decided();
    const log = grid(m.files['out/decision-log.csv']!);
    m.files['out/decision-log.csv'] = toCsv(log.slice(0, -1));
    m.files['out/summary.json'] = damage(m.files['out/summary.json']!);
    const before = { ...m.files };
    expect(runCli(ARGS, m.io)).toBe(2);
    expect(m.err.at(-1)).toBe(
      'crm-review-gate: out/summary.json is damaged (it is not the JSON this tool wrote). It holds what the decision and export logs must list: restore it from a backup and run again (or delete it to accept the logs as they are). This run changed nothing.',
    );
    expect(m.files).toEqual(before);
    delete m.files['out/summary.json'];
    expect(runCli(ARGS, m.io)).toBe(0);
  });

  it('accepted as it is (its pin deleted from summary.json), restores nothing from it: the older Approve stays out of the import', () => {
    const m = decided();
    // a note on the rejected row after the Reject: the Reject is then a row in the middle
    const g = grid(m.files['out/review.csv']!);
    const h = g[0]!;
    g.find((r) => r[h.indexOf('Decision')] === 'Reject')![h.indexOf('Reviewer note')] = 'checked twice';
    m.files['out/review.csv'] = toCsv(g);
    expect(runCli(ARGS, m.io)).toBe(0);
    const log = grid(m.files['out/decision-log.csv']!);
    const reject = log.findIndex((r) => r[LOG_COLUMNS.indexOf('Decision')] === 'Reject');
    expect(reject).toBeLessThan(log.length - 1);
    const issue = log[reject]![LOG_COLUMNS.indexOf('Issue ID')]!;
    m.files['out/decision-log.csv'] = toCsv([...log.slice(0, reject), ...log.slice(reject + 1)]);
    delete m.files['out/review.csv'];
    const summary = JSON.parse(m.files['out/summary.json']!);
    delete summary.decisionLog;
    m.files['out/summary.json'] = JSON.stringify(summary);
    const code = runCli(ARGS, m.io);
    expect(m.err).toEqual([]);
    expect(code).toBe(0);
    const out = m.out.join('\n');
    expect(out).toMatch(
      /\d+ decisions? decision-log\.csv holds for rows missing from review\.csv came back Pending, not restored: its row \d+ does not check out \(edited by hand, or a row above it deleted\)\. Decide (it|them) again: each row's note says what it was\./,
    );
    const now = grid(m.files['out/review.csv']!);
    expect(now.find((r) => r[h.indexOf('Issue ID')] === issue)![h.indexOf('Decision')]).toBe('Pending');
    expect(out).toContain('approved 0,');
  });
});

describe('formula-guarded values in the import files', () => {
  it('are counted, and the run says the CRM would keep the apostrophe', () => {
    const rules = JSON.stringify({ ...teamRulesFile, recordRules: [{ id: 'C-COMPANY', header: 'Company Name', aliases: { '+Acme (old)': 'Acme' } }] });
    const m = memoryIo({ 'e.csv': exportCsv([contact({ 'Record ID': '701', 'Company Name': '+Acme (old)' }), contact({ 'Record ID': '702' })]), 'r.json': rules });
    expect(runCli(ARGS, m.io)).toBe(0);
    const g = grid(m.files['out/review.csv']!);
    const h = g[0]!;
    const row = g.find((r) => r[h.indexOf('Record ID')] === '701' && r[h.indexOf('Field')] === 'Company Name');
    expect(row?.[h.indexOf('QA')]).toBe('Approvable');
    row![h.indexOf('Decision')] = 'Approve';
    m.files['out/review.csv'] = toCsv(g);
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.files['out/rollback.csv']).toContain("'+Acme (old)");
    expect(m.out.join('\n')).toContain(
      "1 value in the import files begins with =, +, -, @ or a tab and carries a leading ' so that no spreadsheet runs it; a CRM imports that ' as typed: remove it there after importing",
    );
  });
});

describe('logs a spreadsheet saved again (second adversarial round)', () => {
  const twoChanges = () => exportCsv([602, 606, 607].map((id) => contact({ 'Record ID': String(id), 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' })));
  function approvedOnce(csv?: string) {
    const m = memoryIo({ 'e.csv': csv ?? exportCsv(batch()), 'r.json': RULES });
    expect(runCli(ARGS, m.io)).toBe(0);
    const g = grid(m.files['out/review.csv']!);
    const h = g[0]!;
    const d = h.indexOf('Decision');
    g.find((r) => r[h.indexOf('QA')] === 'Approvable')![d] = 'Approve';
    m.files['out/review.csv'] = toCsv(g);
    expect(runCli(ARGS, m.io)).toBe(0);
    return { m, h, d };
  }
  const semicolons = (g: string[][]): string => `${g.map((r) => r.map((v) => (/[";\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(';')).join('\r\n')}\r\n`;
  const sniffed = (text: string): string[][] => parseCsv(text, { delimiter: sniffDelimiter(text) }).map((r) => r.map(restoreFromCsv));

  it('decision-log.csv with semicolons: rewritten whole with commas when appended to, and later runs go on', () => {
    const { m, h, d } = approvedOnce(twoChanges());
    m.files['out/decision-log.csv'] = semicolons(grid(m.files['out/decision-log.csv']!));
    const g = grid(m.files['out/review.csv']!);
    g.find((r) => r[d] === 'Pending' && r[h.indexOf('QA')] === 'Approvable')![d] = 'Reject';
    m.files['out/review.csv'] = toCsv(g);
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(m.files['out/decision-log.csv']!.split('\r\n')[0]).toBe(LOG_COLUMNS.join(','));
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(parseLog(grid(m.files['out/decision-log.csv']!)).unverifiedRows).toEqual([]);
  });

  it('export-log.csv with semicolons: what it lists is not exported again, and the next export is appended with commas', () => {
    const { m, h, d } = approvedOnce(twoChanges());
    const first = grid(m.files['out/export-log.csv']!);
    m.files['out/export-log.csv'] = semicolons(first);
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(exportedChanges(m.files)).toBe(0);
    const g = grid(m.files['out/review.csv']!);
    g.find((r) => r[d] === 'Pending' && r[h.indexOf('QA')] === 'Approvable')![d] = 'Approve';
    m.files['out/review.csv'] = toCsv(g);
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(exportedChanges(m.files)).toBe(1);
    const now = sniffed(m.files['out/export-log.csv']!);
    expect(m.files['out/export-log.csv']!.split('\r\n')[0]).toBe(first[0]!.join(','));
    expect(now.slice(0, first.length)).toEqual(first);
    expect(now).toHaveLength(first.length + 1);
  });

  it('a log row with an empty hash cell does not get the next run refused', () => {
    const { m } = approvedOnce();
    const log = grid(m.files['out/decision-log.csv']!);
    m.files['out/decision-log.csv'] = toCsv([...log, [...log[log.length - 1]!.slice(0, -1), '']]);
    expect(runCli(ARGS, m.io)).toBe(0);
    expect(runCli(ARGS, m.io)).toBe(0);
  });

  it('a renamed column in the log header stops the run (every decision would be logged again at every run)', () => {
    const { m } = approvedOnce();
    const log = grid(m.files['out/decision-log.csv']!);
    log[0] = log[0]!.map((c) => (c === 'QA' ? 'Qa' : c));
    m.files['out/decision-log.csv'] = toCsv(log);
    const before = { ...m.files };
    expect(runCli(ARGS, m.io)).toBe(2);
    expect(m.err.at(-1)).toBe(
      'crm-review-gate: out/decision-log.csv\'s header row is not the one this tool wrote (column 13 should be "QA" and is "Qa"). It is the record of every decision: put the header back as it was written (from a backup) and run again; this run changed nothing.',
    );
    expect(m.files).toEqual(before);
  });
});

describe('a log header changed by hand (third adversarial round)', () => {
  it.each([
    ['a column inserted', (h: string[]) => [...h.slice(0, 12), 'Comment', ...h.slice(12)], 'column 13 should be "QA" and is "Comment"'],
    ['the first column renamed', (h: string[]) => ['When', ...h.slice(1)], 'column 1 should be "Logged at" and is "When"'],
    ['a column added after Row hash', (h: string[]) => [...h, 'Checked by'], 'column 17, "Checked by", was added after "Row hash"'],
  ])('%s: refused with what differs, nothing changed', (_name, change, what) => {
    const m = memoryIo({ 'e.csv': exportCsv(batch()), 'r.json': RULES });
    expect(runCli(ARGS, m.io)).toBe(0);
    const g = grid(m.files['out/review.csv']!);
    g[1]![g[0]!.indexOf('Decision')] = 'Reject';
    m.files['out/review.csv'] = toCsv(g);
    expect(runCli(ARGS, m.io)).toBe(0);
    const log = grid(m.files['out/decision-log.csv']!);
    const width = change([...LOG_COLUMNS]).length;
    m.files['out/decision-log.csv'] = toCsv([change(log[0]!), ...log.slice(1).map((r) => (width > r.length ? [...r, ...Array(width - r.length).fill('')] : r))]);
    const before = { ...m.files };
    expect(runCli(ARGS, m.io)).toBe(2);
    expect(m.err.at(-1)).toContain(`out/decision-log.csv's header row is not the one this tool wrote (${what})`);
    expect(m.files).toEqual(before);
  });
});
