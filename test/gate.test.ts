/**
 * The approval gate, finding by finding (issue 8): each test reproduces a way the gate used to break
 * and shows it holds now. Property-based runs over random operation sequences live in gate.property.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { runCli } from '../src/cli/run';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { LOG_COLUMNS, verifyLogChain } from '../src/core/decisions/log';
import { issueIdFor, REVIEW_COLUMNS } from '../src/core/review/rows';
import { BUNDLE_PATH, loadBundle } from '../src/local/bundle';
import { decide, reviewLines, workbookWithExport } from '../src/local/workbench';
import { REVIEW_FROZEN_COLUMNS, REVIEW_WIDTHS, todayIn } from '../src/addon/workbook';
import { contact, type Contact, exportCsv, HUBSPOT_HEADERS, teamRules, teamRulesFile } from './fixtures';
import { generateContacts, sampleRules } from '../src/sample/generator';
import { resolveRules } from '../src/core/intake/config';
import { pullSnapshot } from '../src/core/intake/pull';
import { readSourceGrid } from '../src/core/intake/source';
import { reviewSnapshot } from '../src/core/review/workflow';
import { reviewOf } from './helpers';
import { memoryIo } from './memoryIo';
import { neutraliseForCsv, restoreFromCsv } from '../src/core/text/safeText';

beforeAll(() => {
  if (!existsSync(BUNDLE_PATH)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

const RULES = JSON.stringify(teamRulesFile);

/** A small batch with one proposal of each simple kind. */
function batch(): Contact[] {
  return [
    contact({ 'Record ID': '501', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }), // missing lead source → Event
    contact({ 'Record ID': '502', Email: '' }), // missing email, needs evidence
    contact({ 'Record ID': '503', 'Contact owner': 'Dana Brooks' }), // routing exception
    contact({ 'Record ID': '504' }),
  ];
}

function addon(contacts: Contact[] = batch()) {
  const rt = workbookWithExport(exportCsv(contacts), { rules: teamRulesFile });
  const a = loadBundle(rt);
  a.call('pullApprovedFields');
  a.call('runReview');
  return { rt, a };
}

function col(name: (typeof REVIEW_COLUMNS)[number]): number {
  return REVIEW_COLUMNS.indexOf(name) + 1;
}

function tab(rt: ReturnType<typeof addon>['rt'], name: string): string[][] {
  return (rt.spreadsheet.sheet(name)?.values() ?? []).map((r) => r.map((c) => String(c)));
}

/** Review files in the CLI, read as the tool reads them. */
function csvRows(text: string | undefined): string[][] {
  return text ? parseCsv(text).map((r) => r.map(restoreFromCsv)) : [];
}

function setDecisions(files: Record<string, string>, path: string, choose: (row: Record<string, string>, i: number) => string | undefined): void {
  const g = parseCsv(files[path]!);
  const d = g[0]!.indexOf('Decision');
  g.slice(1).forEach((r, i) => {
    const v = choose(Object.fromEntries(g[0]!.map((h, j) => [h, restoreFromCsv(r[j] ?? '')])), i);
    if (v !== undefined) r[d] = v;
  });
  files[path] = toCsv(g, { raw: true });
}

const decided = (files: Record<string, string>, path = 'out/review.csv') =>
  csvRows(files[path])
    .slice(1)
    .filter((r) => {
      const d = csvRows(files[path])[0]!.indexOf('Decision');
      return r[d] !== 'Pending';
    }).length;

describe('1. hand-typed values are never exported', () => {
  it('refuses a row whose Proposed value was typed over, in the add-on, and names it', () => {
    const { rt, a } = addon();
    const review = rt.spreadsheet.sheet('Review')!;
    const line = reviewLines(rt).find((l) => l.cells['Record ID'] === '502')!;
    review.store(line.row, col('Proposed value'), 'attacker@evil.example');
    review.store(line.row, col('QA'), 'Approvable');
    review.store(line.row, col('Decision'), 'Approve');
    a.call('exportApprovedChanges');
    expect(rt.alerts).toEqual([]);
    const approved = JSON.stringify(tab(rt, 'Approved Changes'));
    expect(approved).not.toContain('attacker@evil.example');
    expect(rt.toasts.at(-1)).toContain(`row ${line.row} (${line.cells['Issue ID']}: Proposed value)`);
    const after = reviewLines(rt).find((l) => l.cells['Record ID'] === '502')!;
    expect(after.cells['Proposed value']).toBe('');
    expect(after.cells.Decision).toBe('Pending');
    expect(after.cells['Reviewer note']).toContain('[Was Approve; cells edited by hand (Proposed value), so decide again.]');
  });

  it('refuses the same hand edit in review.csv (one code path)', () => {
    const m = memoryIo({ 'e.csv': exportCsv(batch()), 'r.json': RULES });
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    const g = parseCsv(m.files['out/review.csv']!);
    const h = g[0]!;
    const row = g.find((r) => r[h.indexOf('Record ID')] === '502')!;
    row[h.indexOf('Proposed value')] = 'attacker@evil.example';
    row[h.indexOf('QA')] = 'Approvable';
    row[h.indexOf('Decision')] = 'Approve';
    m.files['out/review.csv'] = toCsv(g);
    expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(0);
    expect(m.files['out/approved-changes.csv']).not.toContain('attacker');
    expect(m.out.join('\n')).toContain('cells edited by hand in review.csv and was not taken: row 3');
  });
});

describe('2. the import files always equal what the decisions imply', () => {
  it('leaves header-only import files after every approval is rejected (CLI)', () => {
    const m = memoryIo({
      'e.csv': exportCsv([
        ...batch(),
        contact({ 'Record ID': '600', Email: 'twin@x.example', 'First Name': 'Twin', 'Last Name': 'Sample' }),
        contact({ 'Record ID': '601', Email: 'twin@x.example', 'First Name': 'Twin', 'Last Name': 'Sample' }),
      ]),
      'r.json': RULES,
    });
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    setDecisions(m.files, 'out/review.csv', () => 'Approve');
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    expect(csvRows(m.files['out/approved-changes.csv']).length).toBeGreaterThan(1);
    expect(csvRows(m.files['out/approved-merges.csv']).length).toBeGreaterThan(1);
    setDecisions(m.files, 'out/review.csv', () => 'Reject');
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    expect(csvRows(m.files['out/approved-changes.csv'])).toHaveLength(1);
    expect(csvRows(m.files['out/approved-merges.csv'])).toHaveLength(1);
    expect(m.out.join('\n')).toMatch(/no longer approved but exported before: \d+ in (EX-[-\w]+) \(undo with out\/exports\/\1\/rollback\.csv\)/);
    // the merge apart: no rollback undoes what the CRM merged
    expect(m.out.join('\n')).toMatch(/merges no longer approved but exported before: \d+ in EX-[-\w]+ \(no import undoes a merge the CRM made: check the merged records there\)/);
  });

  it('marks the Approved Changes tab stale when a review withdraws one of its changes (add-on)', () => {
    const { rt, a } = addon();
    decide(rt, (l) => (l.cells['Record ID'] === '501' ? 'Approve' : undefined));
    a.call('exportApprovedChanges');
    expect(tab(rt, 'Approved Changes')).toHaveLength(2);
    decide(rt, (l) => (l.cells['Record ID'] === '501' ? 'Reject' : undefined));
    a.call('runReview');
    expect(rt.spreadsheet.sheet('Approved Changes')).toBeUndefined();
    expect(rt.spreadsheet.sheet('Approved Changes (stale)')).toBeDefined();
    expect(rt.toasts.at(-1)).toContain('"Approved Changes" is now "Approved Changes (stale)"');
    // an export with nothing new leaves the last export's tabs as they are: still stale
    a.call('exportApprovedChanges');
    expect(rt.toasts.at(-1)).toContain('Nothing new to export.');
    expect(rt.spreadsheet.sheet('Approved Changes (stale)')).toBeDefined();
    expect(rt.spreadsheet.sheet('Approved Changes')).toBeUndefined();
    // an export that writes a table takes its place
    decide(rt, (l) => (l.cells['Record ID'] === '501' ? 'Approve' : undefined));
    a.call('exportApprovedAgain');
    expect(rt.spreadsheet.sheet('Approved Changes (stale)')).toBeUndefined();
    expect(tab(rt, 'Approved Changes')).toHaveLength(2);
  });

  it('does not repeat a change an earlier export carried, unless asked', () => {
    const m = memoryIo({ 'e.csv': exportCsv(batch()), 'r.json': RULES });
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    setDecisions(m.files, 'out/review.csv', (r) => (r['Record ID'] === '501' ? 'Approve' : undefined));
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    const first = csvRows(m.files['out/approved-changes.csv']);
    expect(first).toHaveLength(2);
    const exportId = first[1]![first[0]!.indexOf('Export ID')]!;
    expect(m.files[`out/exports/${exportId}/approved-changes.csv`]).toBe(m.files['out/approved-changes.csv']);
    expect(csvRows(m.files[`out/exports/${exportId}/rollback.csv`])[1]!.slice(0, 2)).toEqual(['501', '']);
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    expect(csvRows(m.files['out/approved-changes.csv'])).toHaveLength(1);
    expect(m.out.join('\n')).toContain('1 approved change was exported before and is not repeated');
    runCli(['review', 'e.csv', '--rules', 'r.json', '--include-exported'], m.io);
    expect(csvRows(m.files['out/approved-changes.csv'])).toHaveLength(2);
    expect(csvRows(m.files['out/export-log.csv'])).toHaveLength(3);
  });
});

describe('3. a failed write loses nothing (add-on)', () => {
  /** Each service call of the step, in turn, fails; the next step must find every decision and whole tabs. */
  it.each(['runReview', 'exportApprovedChanges', 'refreshSummary'])('%s interrupted at any service call', (step) => {
    const probe = addon();
    decide(probe.rt, (_l, i) => ['Approve', 'Reject', 'Escalate'][i % 3] as 'Approve');
    probe.rt.resetCalls();
    probe.a.call(step);
    const calls = probe.rt.totalCalls();
    expect(calls).toBeGreaterThan(10);
    for (let k = 1; k <= calls; k += 1) {
      const { rt, a } = addon();
      decide(rt, (_l, i) => ['Approve', 'Reject', 'Escalate'][i % 3] as 'Approve');
      const wanted = reviewLines(rt)
        .map((l) => `${l.cells['Issue ID']}=${l.cells.Decision}`)
        .sort();
      rt.failAt(k);
      a.call(step);
      rt.failAt(undefined);
      // never an empty or partial tab: the Review is whole (old or new); a new tab in sight means the
      // commit was recorded (it is complete) and the next step finishes the swap
      const visibleNew = rt.spreadsheet.sheetList.filter((x) => !x.hidden && x.name.endsWith(' ~new')).length;
      expect({ k, committed: visibleNew > 0 ? rt.documentProperties.store.has('crg.commit') : true }).toEqual({ k, committed: true });
      for (const name of ['Review', 'Review ~new']) {
        const lines = tab(rt, name);
        if (lines.length) expect({ k, name, rows: lines.length - 1 }).toEqual({ k, name, rows: wanted.length });
      }
      a.call('refreshSummary');
      expect({ k, alerts: rt.alerts.slice(1) }).toEqual({ k, alerts: [] });
      expect(
        reviewLines(rt)
          .map((l) => `${l.cells['Issue ID']}=${l.cells.Decision}`)
          .sort(),
      ).toEqual(wanted);
      const log = tab(rt, 'Decision Log');
      expect(log[0]).toEqual([...LOG_COLUMNS]);
      expect(log.length - 1).toBe(wanted.length); // each decision logged once, never twice
      expect(verifyLogChain(log).intact).toBe(true);
      expect(rt.spreadsheet.sheetList.some((s) => s.name.endsWith(' ~new'))).toBe(false);
    }
  });

  it('never appends the log twice when its first write failed', () => {
    const { rt, a } = addon();
    decide(rt, () => 'Approve');
    // fail the Decision Log's first write: the call that sets its values
    const probe = addon();
    decide(probe.rt, () => 'Approve');
    probe.rt.resetCalls();
    for (let k = 1; k < 200; k++) {
      const t = addon();
      decide(t.rt, () => 'Approve');
      t.rt.failAt(k);
      t.a.call('refreshSummary');
      t.rt.failAt(undefined);
      for (let again = 0; again < 3; again++) t.a.call('refreshSummary');
      const log = tab(t.rt, 'Decision Log');
      expect(log.length - 1).toBe(3);
      if (t.rt.alerts.length === 0) break;
    }
    expect(rt.spreadsheet.sheet('Review')).toBeDefined();
    a.call('refreshSummary');
    expect(tab(rt, 'Decision Log')).toHaveLength(4);
  });
});

describe('4. review.csv is not the only copy of decisions', () => {
  function decidedRun() {
    const m = memoryIo({ 'e.csv': exportCsv(batch()), 'r.json': RULES });
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    setDecisions(m.files, 'out/review.csv', (_r, i) => ['Approve', 'Reject', 'Escalate'][i % 3]);
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    return m;
  }

  it('restores every decision when review.csv is cut at a row boundary, and says so', () => {
    const m = decidedRun();
    const before = decided(m.files);
    const text = m.files['out/review.csv']!;
    m.files['out/review.csv'] = text.slice(0, text.indexOf('\r\nRG-', text.indexOf('\r\nRG-') + 1) + 2);
    expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(0);
    expect(decided(m.files)).toBe(before);
    expect(m.out.join('\n')).toMatch(/review.csv has 1 rows but the last run wrote 3 \(cut short or rows deleted\): restored 2 decisions from decision-log.csv/);
  });

  it('restores every decision when review.csv is deleted or cut inside a quoted value', () => {
    const m = decidedRun();
    const before = decided(m.files);
    delete m.files['out/review.csv'];
    expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(0);
    expect(decided(m.files)).toBe(before);
    expect(m.out.join('\n')).toContain('review.csv is missing: restored 3 decisions');
    const text = m.files['out/review.csv']!;
    m.files['out/review.csv'] = text.slice(0, text.lastIndexOf('"') - 3);
    expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(0);
    expect(decided(m.files)).toBe(before);
    expect(m.out.join('\n')).toContain('review.csv is damaged');
  });

  it('writes every file atomically: a failure at any write leaves the files of the last run', () => {
    const probe = decidedRun();
    probe.failAt(undefined);
    const w0 = probe.writes();
    runCli(['review', 'e.csv', '--rules', 'r.json'], probe.io);
    const writes = probe.writes() - w0;
    expect(writes).toBeGreaterThan(5);
    for (let k = 1; k <= writes; k++) {
      const m = decidedRun();
      const snapshot = JSON.stringify(
        Object.entries(m.files)
          .filter(([p]) => !p.endsWith('.tmp'))
          .sort(),
      );
      const before = decided(m.files);
      m.failAt(k, 'ENOSPC');
      const code = runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
      if (code === 0) {
        // only the export marker's removal, after summary.json committed the run, may fail without failing
        // it: the next run finds the export committed and removes the marker
        expect(m.files['out/export-pending.json']).toBeDefined();
        expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(0);
        expect(m.files['out/export-pending.json']).toBeUndefined();
        expect(m.out.join('\n')).not.toContain('the last run stopped');
        continue;
      }
      expect(code).toBe(2);
      expect(m.err.at(-1)).toMatch(
        /^crm-review-gate: (cannot (write|replace|remove) out\/\S+: the disk is full\. Nothing in the output folder was changed\.|could not finish writing out)/,
      );
      if (m.err.at(-1)!.includes('Nothing in the output folder was changed')) {
        expect(
          JSON.stringify(
            Object.entries(m.files)
              .filter(([p]) => !p.endsWith('.tmp'))
              .sort(),
          ),
        ).toBe(snapshot);
      }
      expect(Object.keys(m.files).filter((p) => p.endsWith('.tmp'))).toEqual([]);
      expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(0);
      expect(decided(m.files)).toBe(before);
      const log = csvRows(m.files['out/decision-log.csv']);
      expect(log.length - 1).toBe(before);
      expect(verifyLogChain(log).intact).toBe(true);
    }
  });
});

describe('5. one run per output folder', () => {
  it('stops a second run with one line while the first holds the folder', () => {
    const locks = new Set<string>(['out']);
    const m = memoryIo({ 'e.csv': exportCsv(batch()), 'r.json': RULES }, { locks });
    expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(2);
    expect(m.err).toEqual(['crm-review-gate: another crm-review-gate run is using out. Wait for it to finish, then run again; this run changed nothing.']);
    expect(Object.keys(m.files).sort()).toEqual(['e.csv', 'r.json']);
  });
});

describe('6. proposals depend on the set of records, not their order', () => {
  const people = Array.from({ length: 40 }, (_, i) =>
    contact({
      'Record ID': String(700 + i),
      'Contact owner': ['Dana Brooks', 'Ian Clarke', '', 'Alice Martin'][i % 4]!,
      'Last Activity Date': i % 5 === 0 ? '2026-01-01' : '2026-11-15 10:00',
    }),
  );
  const key = (rows: ReturnType<typeof reviewOf>) => Object.fromEntries(rows.map((r) => [r.issueId, `${r.proposedValue}|${r.evidenceId}`]));

  it('gives the same proposals for the same records in another order', () => {
    const shuffled = [...people].sort((a, b) => (a['Last Name']! < b['Last Name']! ? -1 : 1));
    expect(key(reviewOf(shuffled))).toEqual(key(reviewOf(people)));
  });

  it("changes no other record's proposal when one record is added or removed (the bound is 0 for field checks)", () => {
    const base = key(reviewOf(people));
    const extra = contact({ 'Record ID': '799', 'Contact owner': '' });
    const more = key(reviewOf([...people, extra]));
    const changed = Object.keys(more).filter((id) => base[id] !== undefined && base[id] !== more[id]);
    expect(changed).toEqual([]);
    const fewer = key(reviewOf(people.slice(1)));
    expect(Object.keys(fewer).filter((id) => base[id] !== fewer[id])).toEqual([]);
  });

  it('bounds what one more record changes in a batch large enough to learn duplicate weights', () => {
    const data = generateContacts(700, 5);
    const resolved = resolveRules(sampleRules(), data.headers);
    const review = (rows: string[][]) => {
      const snap = pullSnapshot(readSourceGrid([data.headers, ...rows], { sourceName: 'x' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'x');
      return Object.fromEntries(reviewSnapshot(snap, resolved, '2026-11-20').map((r) => [r.issueId, r]));
    };
    const base = review(data.rows);
    const idAt = data.headers.indexOf(resolved.rules.fields.id!);
    const extra = [...data.rows[3]!];
    extra[idAt] = 'NEW-1';
    const more = review([...data.rows, extra]);
    const group = new Set(
      Object.values(more)
        .filter((r) => r.check === 'duplicate_record' && r.evidence.includes('NEW-1'))
        .map((r) => r.recordId),
    );
    group.add('NEW-1');
    // field proposals: none of another record changes. Duplicates: the model is re-learned from the
    // batch, so beyond the group the record joins only a possible duplicate near its threshold may
    // change (the stated bound: possible duplicates only, and a handful at most); a duplicate never does
    const outside = [...Object.keys(base).filter((id) => !more[id] || more[id]!.evidenceId !== base[id]!.evidenceId), ...Object.keys(more).filter((id) => !base[id])]
      .map((id) => base[id] ?? more[id]!)
      .filter((r) => !group.has(r.recordId));
    expect(outside.filter((r) => r.check !== 'duplicate_record' || r.severity !== 'Low')).toEqual([]);
    expect(outside.length).toBeLessThanOrEqual(3);
  });

  it('keeps every decision when the export comes in another order (CLI)', () => {
    const m = memoryIo({ 'e.csv': exportCsv(people), 'r.json': RULES });
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    setDecisions(m.files, 'out/review.csv', (_r, i) => ['Approve', 'Reject', 'Escalate', 'Pending'][i % 4]);
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    const before = decided(m.files);
    m.files['e.csv'] = exportCsv([...people].reverse());
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    expect(decided(m.files)).toBe(before);
  });
});

describe('7. values that begin with = + - @ round-trip exactly', () => {
  it('keeps a decision on a row whose values begin with + or -', () => {
    const odd = [
      contact({ 'Record ID': '801', 'Lead Source': '-', 'Original Source Drill-Down 1': 'webinar-q3' }),
      contact({ 'Record ID': '802', 'Lead Source': '+44 campaign', 'Original Source Drill-Down 1': 'webinar-q3' }),
    ];
    const m = memoryIo({ 'e.csv': exportCsv(odd), 'r.json': RULES });
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    expect(m.files['out/review.csv']).toContain(",'+44 campaign,");
    setDecisions(m.files, 'out/review.csv', () => 'Approve');
    for (let i = 0; i < 3; i++) runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    expect(decided(m.files)).toBe(2);
    expect(m.out.join('\n')).not.toContain('went back to Pending');
  });

  it('is exact for every string, apostrophes included', () => {
    for (const v of ['=1+1', '+44', '-', '-5', "'=x", "''+y", "'plain", '@home', '\tTab', 'plain']) expect(restoreFromCsv(neutraliseForCsv(v))).toBe(v);
  });
});

describe('8. approved merges do not outlive their evidence', () => {
  it('sends a merge back to Pending when a compared field of its pair changes', () => {
    const twins = [
      contact({ 'Record ID': '901', Email: 'sam@twin.example', 'First Name': 'Sam', 'Last Name': 'Twin' }),
      contact({ 'Record ID': '902', Email: 'sam@twin.example', 'First Name': 'Sam', 'Last Name': 'Twin' }),
    ];
    const m = memoryIo({ 'e.csv': exportCsv(twins), 'r.json': RULES });
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    setDecisions(m.files, 'out/review.csv', (r) => (r.Check === 'duplicate_record' ? 'Approve' : undefined));
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    expect(csvRows(m.files['out/approved-merges.csv'])).toHaveLength(2);
    m.files['e.csv'] = exportCsv([twins[0]!, { ...twins[1]!, 'Phone Number': '+1 555 0100' }]);
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    const rows = csvRows(m.files['out/review.csv']);
    const h = rows[0]!;
    const dup = rows.slice(1).filter((r) => r[h.indexOf('Check')] === 'duplicate_record');
    expect(dup.length).toBe(2);
    expect(dup.every((r) => r[h.indexOf('Decision')] === 'Pending')).toBe(true);
    expect(dup[0]![h.indexOf('Reviewer note')]).toContain('[Was Approve; the values behind it changed, so decide again.]');
    expect(csvRows(m.files['out/approved-merges.csv'])).toHaveLength(1);
  });
});

describe('9. the log names who decided, when they decided', () => {
  it("records Alice's edit at once (onEdit), so Bob's refresh does not claim it", () => {
    const { rt, a } = addon();
    const line = reviewLines(rt)[0]!;
    a.call('onEdit', rt.editEvent('Review', line.row, col('Decision'), 'Reject', 'alice@example.com'));
    let log = tab(rt, 'Decision Log');
    expect(log).toHaveLength(2);
    const at = (name: string) => LOG_COLUMNS.indexOf(name as (typeof LOG_COLUMNS)[number]);
    expect([log[1]![at('Issue ID')], log[1]![at('Decision')], log[1]![at('Previous decision')], log[1]![at('Reviewer')], log[1]![at('Recorded')]]).toEqual([
      line.cells['Issue ID'],
      'Reject',
      'Pending',
      'alice@example.com',
      'on edit',
    ]);
    rt.activeUserEmail = 'bob@example.com';
    a.call('refreshSummary');
    log = tab(rt, 'Decision Log');
    expect(log).toHaveLength(2);
    expect(verifyLogChain(log).intact).toBe(true);
  });

  it('leaves a paste over many rows to the step, which records it as such', () => {
    const { rt, a } = addon();
    decide(rt, () => 'Approve'); // set without an edit event, as a paste that the trigger cannot attribute
    rt.activeUserEmail = 'bob@example.com';
    a.call('refreshSummary');
    const log = tab(rt, 'Decision Log');
    expect(log.slice(1).map((r) => [r[LOG_COLUMNS.indexOf('Reviewer')], r[LOG_COLUMNS.indexOf('Recorded')]])).toEqual(Array(3).fill(['bob@example.com', 'at step']));
  });

  it('ignores edits outside Decision and Reviewer note, and never throws', () => {
    const { rt, a } = addon();
    const line = reviewLines(rt)[0]!;
    a.call('onEdit', rt.editEvent('Review', line.row, col('Evidence'), 'x'));
    a.call('onEdit', rt.editEvent('Records', 2, 3, 'x'));
    a.call('onEdit', undefined);
    expect(rt.spreadsheet.sheet('Decision Log')).toBeUndefined();
    expect(rt.logs).toEqual([]);
  });
});

describe('10. degradations are loud', () => {
  it('lists checks skipped for want of an owner roster and marks the rate partial', () => {
    const m = memoryIo({ 'e.csv': exportCsv(batch()), 'r.json': JSON.stringify({ ...teamRulesFile, owners: [] }) });
    expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(0);
    const summary = JSON.parse(m.files['out/summary.json']!);
    expect(summary.checksSkipped.map((k: { check: string }) => k.check)).toEqual(['inactive_owner', 'stale_owner', 'routing_exception']);
    expect(summary.checksSkipped[0].reason).toBe('no owner roster in the Rules (owners): every owner would look unknown');
    expect(summary.routingExceptionRatePartial).toBe(true);
    expect(m.out.join('\n')).toContain('(partial: checks skipped)');
    expect(m.out.join('\n')).toContain('skipped routing_exception: no owner roster in the Rules (owners)');
    const { rt } = addon();
    expect(JSON.parse(JSON.stringify(tab(rt, 'Summary')))).not.toContainEqual(expect.arrayContaining(['Checks skipped']));
  });

  it('shows skipped checks on the Summary tab', () => {
    const rt = workbookWithExport(exportCsv(batch()), { rules: { ...teamRulesFile, owners: [] } });
    const a = loadBundle(rt);
    a.call('pullApprovedFields');
    a.call('runReview');
    const summary = tab(rt, 'Summary');
    expect(summary.find((r) => r[0] === 'Routing exception rate')![1]).toMatch(/\(partial: 3 checks skipped\)$/);
    expect(summary.find((r) => r[0] === 'stale_owner' && r[1]!.startsWith('no owner roster'))).toBeDefined();
  });

  it.each([
    [
      { duplicates: { match: { dob: ['Date of Birth'] } } },
      ['Date of Birth'],
      // (no advice to approve it: a blocked column never crosses)
      'key "duplicates.match.dob[0]": the column "Date of Birth" cannot be used because it is blocked: date of birth, and a blocked column never crosses; remove it from this setting.',
    ],
    [
      { fields: { phone: 'Phone Number' }, approvedFields: ['Record ID', 'Email', 'Country/Region'] },
      [],
      'key "fields.phone": the column "Phone Number" cannot be used because it is not in approvedFields; approve it, or remove it from this setting.',
    ],
    [{ asOf: '2026-02-31' }, [], 'key "asOf": expected a real calendar date (this day does not exist)'],
    [{ staleAfterDays: -3 }, [], 'key "staleAfterDays": expected a number of days above 0'],
    [{ duplicates: { threshold: -1 } }, [], 'key "duplicates.threshold": expected a match probability above 0 and below 1'],
  ])('refuses %j naming the key', (rules, extraHeaders, message) => {
    const headers = [...HUBSPOT_HEADERS, ...extraHeaders];
    const m = memoryIo({ 'e.csv': exportCsv(batch(), headers), 'r.json': JSON.stringify({ ...teamRulesFile, ...rules }) });
    expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(2);
    expect(m.err).toHaveLength(1);
    expect(m.err[0]).toContain(message);
    expect(Object.keys(m.files).sort()).toEqual(['e.csv', 'r.json']);
  });
});

describe('12. file-system errors name the path and tell the truth', () => {
  it.each([
    ['EACCES', 'permission denied'],
    ['EROFS', 'the file system is read-only'],
    ['ENOSPC', 'the disk is full'],
    ['ENOTDIR', 'a part of the path is a file, not a folder'],
  ])('%s on the first write', (code, words) => {
    const m = memoryIo({ 'e.csv': exportCsv(batch()), 'r.json': RULES });
    m.failAt(1, code);
    expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(2);
    expect(m.err[0]).toMatch(new RegExp(`^crm-review-gate: cannot write out/\\S+\\.tmp: ${words}\\. Nothing in the output folder was changed\\.$`));
    expect(Object.keys(m.files).sort()).toEqual(['e.csv', 'r.json']);
  });
});

describe('13. Windows-1252 files are decoded, never garbled', () => {
  /** Bytes as Excel's "CSV" (Windows-1252) would save the text: Latin-1 range only, as here. */
  const cp1252 = (text: string) =>
    Uint8Array.from(
      [...text].map((ch) => {
        const code = ch.charCodeAt(0);
        if (code > 255) throw new Error("outside the test's range");
        return code;
      }),
    );

  it('reads an Excel-saved export as Windows-1252, says so, and keeps "José Müller" intact', () => {
    const people = [contact({ 'Record ID': '31', 'First Name': 'José', 'Last Name': 'Müller', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' })];
    const m = memoryIo({ 'r.json': RULES });
    m.binary['e.csv'] = cp1252(exportCsv(people));
    expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(0);
    expect(m.out.join('\n')).toContain('note: e.csv: The file is not UTF-8, so it was read as Windows-1252');
    // a note of the batch: summary.json keeps it beside the pull's other notes
    expect(JSON.parse(m.files['out/summary.json']!).input.warnings[0]).toMatch(/^e\.csv: The file is not UTF-8, so it was read as Windows-1252/);
    expect(m.files['out/review.csv']).not.toContain('\uFFFD');
    expect(m.files['out/review.csv']).toContain('31');
  });

  it('keeps decisions on accented values when Excel re-saves review.csv', () => {
    const people = [contact({ 'Record ID': '32', 'Lead Source': 'Événement', 'Original Source Drill-Down 1': 'webinar-q3' })];
    const m = memoryIo({ 'e.csv': exportCsv(people), 'r.json': RULES });
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    expect(m.files['out/review.csv']).toContain('Événement');
    setDecisions(m.files, 'out/review.csv', () => 'Approve');
    m.binary['out/review.csv'] = cp1252(m.files['out/review.csv']!);
    expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(0);
    delete m.binary['out/review.csv'];
    expect(m.out.join('\n')).not.toContain('went back to Pending');
    expect(decided(m.files)).toBe(1);
  });
});

describe('one record, one coherent set of proposals', () => {
  it('keeps the owner findings of a record proposed for merge, saying an approved merge makes them moot', () => {
    // a rejected merge keeps its decision batch after batch: the owner finding must not vanish with it
    const twins = [
      contact({ 'Record ID': '951', Email: 'kim@twin.example', 'First Name': 'Kim', 'Last Name': 'Twin', 'Contact owner': 'Dana Brooks' }),
      contact({ 'Record ID': '952', Email: 'kim@twin.example', 'First Name': 'Kim', 'Last Name': 'Twin', 'Contact owner': 'Dana Brooks', 'Last Modified Date': '' }),
    ];
    const rows = reviewOf(twins);
    const merged = rows.find((r) => r.check === 'duplicate_record' && r.proposedValue.startsWith('Merge into'))!;
    const survivor = rows.find((r) => r.check === 'duplicate_record' && r.proposedValue === 'Keep as survivor')!;
    const [own] = rows.filter((r) => r.recordId === merged.recordId && r.check === 'routing_exception');
    const [kept] = rows.filter((r) => r.recordId === survivor.recordId && r.check === 'routing_exception');
    // an EMEA owner for the UK record, approvable: the proposal is its own, not the survivor's
    expect(own!.qa).toBe('');
    expect(['alice@example.com', 'bruno@example.com']).toContain(own!.proposedValue);
    expect(own!.evidence).toContain(
      `This record is also proposed for merge into ${survivor.recordId}: if that merge is approved, the merge keeps the survivor's owner and this finding no longer matters; if it is rejected, this finding stands on its own.`,
    );
    expect(kept!.evidence).not.toContain('proposed for merge');
    // the note changes no value behind the proposal: its Evidence ID (and a decision made on it) stays
    const alone = reviewOf([twins[1]!]).find((r) => r.check === 'routing_exception')!;
    expect([own!.issueId, own!.evidenceId]).toEqual([alone.issueId, alone.evidenceId]);
  });

  it('never proposes two different owners for one record', () => {
    const rows = reviewOf(Array.from({ length: 30 }, (_, i) => contact({ 'Record ID': String(960 + i), 'Contact owner': 'Dana Brooks', 'Last Activity Date': '2026-01-01' })));
    const owners = new Map<string, Set<string>>();
    for (const r of rows.filter((x) => x.field === 'Contact owner' && x.proposedValue)) owners.set(r.recordId, (owners.get(r.recordId) ?? new Set()).add(r.proposedValue));
    expect(owners.size).toBeGreaterThan(0);
    for (const s of owners.values()) expect(s.size).toBe(1);
  });
});

describe('tamper evidence', () => {
  it('says "log intact", or names the first row of the Decision Log that does not match', () => {
    const { rt, a } = addon();
    decide(rt, () => 'Approve');
    a.call('refreshSummary');
    const summary = () => tab(rt, 'Summary').find((r) => r[0] === 'Decision Log')![1];
    expect(summary()).toBe('log intact');
    rt.spreadsheet.sheet('Decision Log')!.store(3, LOG_COLUMNS.indexOf('Decision') + 1, 'Reject');
    a.call('refreshSummary');
    expect(summary()).toBe('log changed by hand: row 3 does not match (its hash does not follow from the rows above)');
    expect(rt.spreadsheet.sheet('Decision Log')!.protections[0]!.warningOnly).toBe(true);
  });

  it('reports it in summary.json', () => {
    const m = memoryIo({ 'e.csv': exportCsv(batch()), 'r.json': RULES });
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    setDecisions(m.files, 'out/review.csv', () => 'Approve');
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    expect(JSON.parse(m.files['out/summary.json']!).logIntact).toBe(true);
    m.files['out/decision-log.csv'] = m.files['out/decision-log.csv']!.replace(',Approve,', ',Reject,');
    runCli(['review', 'e.csv', '--rules', 'r.json'], m.io);
    const s = JSON.parse(m.files['out/summary.json']!);
    expect(s.logIntact).toBe(false);
    expect(s.logProblem).toBe('log changed by hand: row 2 does not match (its hash does not follow from the rows above)');
  });
});

describe("the Review tab on a laptop, dates in the spreadsheet's zone, the source tab remembered", () => {
  it('puts Decision on the first screen of a 1366-pixel laptop, with the identifying columns frozen', () => {
    const before = REVIEW_COLUMNS.slice(0, REVIEW_COLUMNS.indexOf('Decision')).reduce((n, c) => n + REVIEW_WIDTHS[c], 0);
    const rowHeaderAndScrollbar = 46 + 20;
    expect(before + REVIEW_WIDTHS.Decision + rowHeaderAndScrollbar).toBeLessThanOrEqual(1366 - 200);
    const { rt } = addon();
    const review = rt.spreadsheet.sheet('Review')!;
    expect(review.frozenColumns).toBe(REVIEW_FROZEN_COLUMNS);
    expect(review.columnWidths.get(col('Decision'))).toBe(REVIEW_WIDTHS.Decision);
  });

  it("takes the review date in the spreadsheet's time zone, not UTC", () => {
    const rt = workbookWithExport(exportCsv(batch()), { rules: teamRulesFile });
    rt.timeZone = 'America/Los_Angeles';
    const undo = rt.install();
    try {
      // 20:30 on the 20th in California is already the 21st in UTC
      expect(todayIn(rt.spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet, new Date('2026-11-21T04:30:00Z'))).toBe('2026-11-20');
      rt.timeZone = 'Europe/Berlin';
      expect(todayIn(rt.spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet, new Date('2026-11-20T23:30:00Z'))).toBe('2026-11-21');
    } finally {
      undo();
    }
  });

  it("reads a Rules date that Sheets turned into a date in the spreadsheet's zone", () => {
    const rt = workbookWithExport(exportCsv(batch()), { rules: teamRulesFile });
    rt.timeZone = 'America/Los_Angeles';
    const rules = rt.spreadsheet.sheet('Rules')!;
    const row = rules.values().findIndex((r) => r[0] === 'asOf') + 1;
    rules.store(row, 2, new Date('2026-11-20T08:00:00Z')); // midnight of the 20th in California
    const a = loadBundle(rt);
    a.call('pullApprovedFields');
    a.call('runReview');
    expect(rt.alerts).toEqual([]);
    expect(rt.toasts.at(-1)).toContain('(review date 2026-11-20)');
    // Export rules as JSON and Choose preset read it so too (they stopped on "expected a date YYYY-MM-DD")
    a.call('exportRulesJson');
    expect(rt.alerts).toEqual([]);
    expect(rt.dialogs.at(-1)!.html).toContain('&quot;asOf&quot;: &quot;2026-11-20&quot;');
    rt.promptResponses.push({ button: 'OK' as never, text: 'hubspot-contacts' });
    a.call('choosePreset');
    expect(rt.alerts).toEqual([]);
    expect(
      rt.spreadsheet
        .sheet('Rules')!
        .values()
        .find((r) => r[0] === 'asOf')![1],
    ).toBe('2026-11-20');
  });

  it('asks when a different tab looks like a newer export than the one pulled last time', () => {
    const rt = workbookWithExport(exportCsv(batch()), { sourceTab: 'week-47', rules: teamRulesFile });
    const a = loadBundle(rt);
    a.call('pullApprovedFields');
    expect(rt.prompts).toEqual([]);
    rt.spreadsheet.addSheetWithValues('week-48', [HUBSPOT_HEADERS, HUBSPOT_HEADERS.map((h) => (h === 'Record ID' ? '4801' : 'x'))]);
    rt.spreadsheet.setActiveSheet(rt.spreadsheet.getSheetByName('Review') ?? rt.spreadsheet.getSheetByName('Rules')!);
    rt.promptResponses.push({ button: 'OK' as never, text: 'week-48' });
    a.call('pullApprovedFields');
    expect(rt.prompts.at(-1)).toContain('"week-48" looks like a newer export than "week-47"');
    expect(tab(rt, 'Records')[1]![2]).toBe('4801');
    a.call('pullApprovedFields'); // week-48 is remembered now: no question
    expect(rt.prompts).toHaveLength(1);
  });
});

describe('Issue IDs stay a contract', () => {
  it('are unchanged by the gate: record, check and field', () => {
    expect(issueIdFor('501', 'missing_required_field', 'Lead Source')).toBe(reviewOf(batch()).find((r) => r.recordId === '501')!.issueId);
    expect(teamRules().rules.fields.id).toBe('Record ID');
  });
});

describe('every entry point repairs an interrupted step before it writes', () => {
  it('an upload or a Rules import after an interrupted step does not trip over its leftover tabs', () => {
    const { rt, a } = addon();
    decide(rt, () => 'Approve');
    // interrupt a refresh after its new tabs exist but before the commit
    const probe = addon();
    probe.rt.resetCalls();
    probe.a.call('refreshSummary');
    let found = false;
    for (let k = 1; k < probe.rt.totalCalls(); k++) {
      const t = addon();
      t.rt.failAt(k);
      t.a.call('refreshSummary');
      t.rt.failAt(undefined);
      if (!t.rt.spreadsheet.sheetList.some((s) => s.name.endsWith(' ~new'))) continue;
      found = true;
      t.rt.promptResponses.push({ button: 'OK' as never, text: 'hubspot-contacts' });
      t.a.call('choosePreset');
      expect(t.rt.alerts.slice(1)).toEqual([]);
      expect(t.rt.spreadsheet.sheetList.some((s) => s.name.endsWith(' ~new'))).toBe(false);
      break;
    }
    expect(found).toBe(true);
    expect(rt.spreadsheet.sheet('Review')).toBeDefined();
    a.call('refreshSummary');
    expect(rt.alerts).toEqual([]);
  });
});
