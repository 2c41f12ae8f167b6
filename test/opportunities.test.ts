import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { resolveRules } from '../src/core/intake/config';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { pullSnapshot } from '../src/core/intake/pull';
import type { RulesFile } from '../src/core/intake/rules';
import { readSourceGrid } from '../src/core/intake/source';
import { runChecks } from '../src/core/review/workflow';
import { memoryIo } from './memoryIo';

// Salesforce opportunities: a Data Loader export (API names), reviewed as HubSpot deals are
const HEADERS = ['Id', 'Name', 'AccountId', 'StageName', 'Amount', 'CloseDate', 'OwnerId', 'LeadSource', 'Type', 'CreatedDate', 'LastActivityDate'];
const ACTIVE = '005000000000001AAA';
const GONE = '005000000000002AAA';
const rulesFile: RulesFile = {
  asOf: '2026-11-20',
  owners: [
    { name: 'Ana Lima', email: 'ana@acme.example', active: true, team: 'Sales', id: ACTIVE },
    { name: 'Bo Stein', email: 'bo@acme.example', active: false, team: 'Sales', id: GONE },
  ],
};
type Opp = Partial<Record<(typeof HEADERS)[number], string>>;
const opp = (n: number, over: Opp = {}): string[] => {
  const base: Opp = {
    Id: `006000000000${String(n).padStart(3, '0')}AAA`,
    Name: `Deal ${n}`,
    AccountId: '001000000000001AAA',
    StageName: 'Qualification',
    Amount: '1000',
    CloseDate: '2026-12-15',
    OwnerId: ACTIVE,
    LeadSource: 'Web',
    Type: 'New Customer',
    CreatedDate: '2026-09-01T10:00:00.000Z',
    LastActivityDate: '2026-11-10',
    ...over,
  };
  return HEADERS.map((h) => base[h] ?? '');
};
const run = (rows: string[][], file: RulesFile = rulesFile) => {
  const resolved = resolveRules(file, HEADERS);
  const snapshot = pullSnapshot(readSourceGrid([HEADERS, ...rows], { sourceName: 'opps.csv' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'opps.csv');
  return { resolved, ...runChecks(snapshot, resolved, '2026-11-20') };
};

describe('Salesforce opportunities', () => {
  it('is detected from its headers, and by its ids (006…)', () => {
    const { resolved } = run([opp(1)]);
    expect(resolved.rules.preset).toBe('salesforce-opportunities');
    expect(resolved.rules.fields).toMatchObject({ id: 'Id', owner: 'OwnerId', lifecycleStage: 'StageName', company: 'AccountId', leadSource: 'LeadSource' });
    expect(resolved.rules.requiredFields).toEqual(['Name', 'StageName', 'CloseDate', 'OwnerId']);
  });

  it("flags what a pipeline review looks for: no close date, a won deal without an amount, an inactive owner, a close before the creation, an amount's format", () => {
    const { rows } = run([
      opp(1, { CloseDate: '' }),
      opp(2, { StageName: 'Closed Won', Amount: '' }),
      opp(3, { OwnerId: GONE }),
      opp(4, { CloseDate: '2026-08-01' }),
      opp(5, { Amount: '$12,500.00' }),
      opp(6),
    ]);
    const got = rows.map((r) => [r.recordId.slice(14, 15), r.check, r.field, r.proposedValue]);
    expect(got).toEqual([
      ['1', 'missing_required_field', 'CloseDate', ''],
      ['2', 'lifecycle_mismatch', 'Amount', ''],
      ['3', 'inactive_owner', 'OwnerId', ACTIVE],
      ['4', 'record_rule_violation', 'CloseDate', ''],
      ['5', 'record_rule_violation', 'Amount', '12500.00'],
    ]);
    expect(rows.find((r) => r.recordId.endsWith('4AAA'))!.evidence).toContain('An opportunity cannot close before it was created.');
  });

  it('an inactive owner of a closed opportunity is still shown, Low: a new owner is credited with it', () => {
    const { rows } = run([opp(1, { OwnerId: GONE, StageName: 'Closed Won' }), opp(2, { OwnerId: GONE })]);
    const owners = rows.filter((r) => r.check === 'inactive_owner');
    expect(owners.map((r) => [r.recordId.slice(14, 15), r.severity, r.proposedValue])).toEqual([
      ['1', 'Low', ACTIVE],
      ['2', 'High', ACTIVE],
    ]);
    expect(owners[0]!.evidence).toContain('The deal is closed (StageName "Closed Won"): a new owner is credited with it.');
    expect(owners[1]!.evidence).not.toContain('closed');
  });

  it('compares no two opportunities as duplicates unless the Rules name their columns (an account has many)', () => {
    const twins = [opp(1, { Name: 'Acme renewal' }), opp(2, { Name: 'Acme renewal' })];
    const { rows, skipped } = run(twins);
    expect(rows.filter((r) => r.check === 'duplicate_record')).toEqual([]);
    // (no columns are suggested: an account and a name made nearly every deal of an evaluator's export one)
    expect(skipped.find((s) => s.check === 'duplicate_record')?.reason).toBe(
      'deals have no identity to match by default (a company has many deals; matched on it, every two would be one): to compare deals, name in the Rules (duplicates.match) the columns that make two of yours one',
    );
    const named = run(twins, { ...rulesFile, duplicates: { match: { company: ['Name'], domain: ['AccountId'] } } });
    // shown, but Salesforce has no merge for opportunities: QA says so, and none is exported
    expect(named.rows.filter((r) => r.check === 'duplicate_record').map((r) => [r.proposedValue, r.qa])).toEqual([
      ['Keep as survivor', 'Not approvable: Salesforce cannot merge opportunities: close or delete the duplicate by hand'],
      ['Merge into 006000000000001AAA', 'Not approvable: Salesforce cannot merge opportunities: close or delete the duplicate by hand'],
    ]);
  });

  it('says when a duplicates.match column is not in the data: it is not compared', () => {
    const resolved = resolveRules({ ...rulesFile, duplicates: { match: { company: ['Opportunity Name'], domain: ['AccountId'] } } }, HEADERS);
    const snapshot = pullSnapshot(readSourceGrid([HEADERS, opp(1)], { sourceName: 'opps.csv' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'opps.csv');
    expect(snapshot.report.warnings).toEqual([
      'Duplicate match column "Opportunity Name" (Rules: duplicates.match.company) is not among the approved columns of this export, so it is not compared.',
    ]);
  });

  it('the CLI reviews an opportunities export end to end, and its Account Name (the account, another record) is read-only', () => {
    const report = ['Opportunity ID', 'Opportunity Name', 'Account Name', 'Stage', 'Amount', 'Close Date', 'Opportunity Owner', 'Lead Source', 'Created Date'];
    const csv = toCsv([report, ['006000000000001AAA', 'Deal', 'acme inc', 'Prospecting', '10', '12/15/2026', ACTIVE, 'Web', '9/1/2026, 10:00 AM']]);
    const m = memoryIo({ 'opps.csv': csv, 'rules.json': JSON.stringify({ ...rulesFile, standards: { legalForm: {} } }) });
    expect(runCli(['review', 'opps.csv', '--rules', 'rules.json', '--out', 'o'], m.io)).toBe(0);
    expect(m.out[0]).toMatch(/^opps\.csv: Salesforce opportunities \(from the rules\)|^opps\.csv: Salesforce opportunities \(detected/);
    const review = m.files['o/review.csv']!;
    expect(review).toContain('Not approvable: field ""Account Name"" is read-only in Salesforce opportunities');
  });
});

describe("a team's own sales process", () => {
  it("read with the preset's stages is said aloud, naming the Rules to set; a few odd stages are not", () => {
    const own = ['Discovery', 'Demo', 'Verbal Commit', 'Closed - Churned'];
    const rows = own.flatMap((stage, k) => [opp(k * 3 + 1, { StageName: stage }), opp(k * 3 + 2, { StageName: stage }), opp(k * 3 + 3, { StageName: stage })]);
    const resolved = resolveRules(rulesFile, HEADERS);
    const snap = pullSnapshot(readSourceGrid([HEADERS, ...rows, opp(99)], { sourceName: 'opps.csv' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'opps.csv');
    expect(snap.report.warnings).toEqual([
      '12 of 13 records have a StageName that is not one of the Rules\' lifecycleStages ("Discovery", "Demo", "Verbal Commit", …): if that is your own process, set lifecycleStages, openStages and stageRequiredFields to its stages; until then lifecycle_mismatch flags those records, and stale_owner and routing_exception pass them by.',
    ]);
    // with the team's stages in the Rules, nothing to say
    const theirs = resolveRules({ ...rulesFile, lifecycleStages: own, openStages: own.slice(0, 3), stageRequiredFields: {} }, HEADERS);
    expect(pullSnapshot(readSourceGrid([HEADERS, ...rows], { sourceName: 'opps.csv' }), theirs.rules, new Date(), 'opps.csv').report.warnings).toEqual([]);
    // one odd stage in twenty-one records is a record to fix, not a process to configure
    const many = [...Array.from({ length: 20 }, (_, k) => opp(k + 1)), opp(50, { StageName: 'Demo' })];
    expect(pullSnapshot(readSourceGrid([HEADERS, ...many], { sourceName: 'opps.csv' }), resolved.rules, new Date(), 'opps.csv').report.warnings).toEqual([]);
  });
});

describe('a date alone beside a zoned instant', () => {
  it("is not out of order a day apart: the instant's day where the team is may be the other's", () => {
    // CloseDate 31 May, CreatedDate 1 June 02:30 UTC: 31 May, 7:30 PM in California
    const { rows } = run([
      opp(1, { CloseDate: '2026-05-31', CreatedDate: '2026-06-01T02:30:00.000Z' }),
      opp(2, { CloseDate: '2026-05-30', CreatedDate: '2026-06-01T02:30:00.000Z' }),
      opp(3, { CloseDate: '2026-05-31', CreatedDate: '2026-06-01' }),
      // 23:59 UTC on 1 June is 1 June or 2 June everywhere: 31 May is before it
      opp(4, { CloseDate: '2026-05-31', CreatedDate: '2026-06-01T23:59:00.000Z' }),
      // an offset is read as the instant it names: 1 June 01:30 +02:00 is 31 May 23:30 UTC, 30 May nowhere
      opp(5, { CloseDate: '2026-05-30', CreatedDate: '2026-06-01T01:30:00+02:00' }),
      // and 1 June 09:00 +02:00 (07:00 UTC) is still 31 May in the Americas
      opp(6, { CloseDate: '2026-05-31', CreatedDate: '2026-06-01T09:00:00+02:00' }),
    ]);
    expect(rows.filter((r) => r.check === 'record_rule_violation').map((r) => r.recordId.slice(14, 15))).toEqual(['2', '3', '4', '5']);
  });
});

describe('a report saved with its totals', () => {
  it("is refused at its total row, saying what it looks like and how to export it, without the row's values", () => {
    const report = ['Opportunity ID', 'Opportunity Name', 'Stage', 'Amount', 'Close Date', 'Opportunity Owner'];
    const rows = [report, ['006000000000001AAA', 'Deal', 'Prospecting', '10', '2026-12-15', ACTIVE], ['', 'Total', '', '1,234,567', '', '']];
    const resolved = resolveRules(rulesFile, report);
    expect(() => pullSnapshot(readSourceGrid(rows, { sourceName: 'opps.csv' }), resolved.rules, new Date(), 'opps.csv')).toThrow(
      'opps.csv: row 3 has no record id in "Opportunity ID". It looks like a report\'s total row: export the report with its details only, without totals.',
    );
    // a blank id on an ordinary row says only that, even one whose name starts with "Total"
    const blank = [report, ['', 'Total Gym Supplies renewal', 'Prospecting', '10', '2026-12-15', ACTIVE]];
    expect(() => pullSnapshot(readSourceGrid(blank, { sourceName: 'opps.csv' }), resolved.rules, new Date(), 'opps.csv')).toThrow(
      /^opps\.csv: row 2 has no record id in "Opportunity ID"\.$/,
    );
  });
});

describe('the rollback of a date whose form was rewritten', () => {
  it('keeps the value before as the export showed it, and says which form an import reads', () => {
    const report = ['Opportunity ID', 'Opportunity Name', 'Stage', 'Amount', 'Close Date', 'Opportunity Owner', 'Demo Scheduled'];
    const csv = toCsv([report, ['006000000000001AAA', 'Deal', 'Prospecting', '10', '2026-12-15', ACTIVE, '10/20/2026, 4:05 PM']]);
    const rules = { ...rulesFile, approvedFields: report, recordRules: [{ id: 'O-DEMO', header: 'Demo Scheduled', format: 'isoDate' as const }] };
    const m = memoryIo({ 'opps.csv': csv, 'rules.json': JSON.stringify(rules) });
    expect(runCli(['review', 'opps.csv', '--rules', 'rules.json', '--out', 'o'], m.io)).toBe(0);
    const review = parseCsv(m.files['o/review.csv']!);
    const d = review[0]!.indexOf('Decision');
    const k = review.findIndex((r) => r.includes('Demo Scheduled'));
    expect(review[k]![review[0]!.indexOf('Proposed value')]).toBe('2026-10-20T16:05:00');
    review[k]![d] = 'Approve';
    m.files['o/review.csv'] = toCsv(review);
    expect(runCli(['review', 'opps.csv', '--rules', 'rules.json', '--out', 'o'], m.io)).toBe(0);
    const rollback = parseCsv(m.files['o/rollback.csv']!);
    const row = rollback[1]!;
    expect(row[rollback[0]!.indexOf('Demo Scheduled')]).toBe('10/20/2026, 4:05 PM');
    expect(row.at(-1)).toBe(
      'Demo Scheduled "10/20/2026, 4:05 PM" is the value before as the export showed it: if the import refuses that form, write 2026-10-20T16:05:00, the same date',
    );
  });
});

describe('a Salesforce sample-data file (sf data import tree)', () => {
  it('is reviewed with its referenceId as the record id when it has no Id, and the pull says what that means', () => {
    const headers = ['referenceId', 'Name', 'StageName', 'Amount', 'CloseDate', 'LeadSource', 'Type'];
    const grid = [headers, ['OpportunityRef1', 'Big deal', 'Closed Won', '', '2018-09-06', 'Web', 'New Customer']];
    const resolved = resolveRules(undefined, headers);
    expect(resolved.rules.preset).toBe('salesforce-opportunities');
    expect(resolved.rules.fields.id).toBe('referenceId');
    const snapshot = pullSnapshot(readSourceGrid(grid, { sourceName: 'Opportunity.csv' }), resolved.rules, new Date(), 'Opportunity.csv');
    expect(snapshot.report.warnings).toContain(
      'The record ids are this file\'s "referenceId" (a Salesforce sample-data file has no Id): the import files are keyed by it, which an org\'s import cannot match; export the records with their Id to import the changes.',
    );
    // an export with Id reads Id, whatever else it has
    expect(resolveRules(undefined, ['Id', ...headers]).rules.fields.id).toBe('Id');
  });
});
