import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { resolveRules } from '../src/core/intake/config';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { pullSnapshot } from '../src/core/intake/pull';
import { type RulesFile, validateRulesFile } from '../src/core/intake/rules';
import { rulesFromGrid, rulesToGrid } from '../src/core/intake/rulesSheet';
import { readSourceGrid } from '../src/core/intake/source';
import { reviewSnapshot } from '../src/core/review/workflow';
import { memoryIo } from './memoryIo';

// Salesforce refuses any change to a converted lead (CANNOT_UPDATE_CONVERTED_LEAD) and keeps no converted
// lead as a merge's master: the leads preset marks them (Rules: readOnlyRecords) and QA refuses such proposals
const HEADERS = ['Id', 'FirstName', 'LastName', 'Company', 'Email', 'Phone', 'OwnerId', 'Status', 'LeadSource', 'IsConverted'];
const ACTIVE = '005000000000001AAA';
const GONE = '005000000000002AAA';
const rulesFile: RulesFile = {
  preset: 'salesforce-leads',
  asOf: '2026-11-20',
  owners: [
    { name: 'Ana Lima', email: 'ana@acme.example', active: true, team: 'Sales', id: ACTIVE },
    { name: 'Bo Stein', email: 'bo@acme.example', active: false, team: 'Sales', id: GONE },
  ],
};
type Lead = Partial<Record<(typeof HEADERS)[number], string>>;
const lead = (id: string, over: Lead = {}): string[] => {
  const base: Lead = {
    Id: id,
    FirstName: `First${id.slice(13, 15)}`,
    LastName: `Last${id.slice(13, 15)}`,
    Company: `Company ${id.slice(13, 15)}`,
    Email: `lead${id.slice(13, 15)}@example.com`,
    Phone: '',
    OwnerId: ACTIVE,
    Status: 'Working - Contacted',
    LeadSource: 'Web',
    IsConverted: 'false',
    ...over,
  };
  return HEADERS.map((h) => base[h] ?? '');
};
const review = (rows: string[][], file: RulesFile = rulesFile, headers = HEADERS) => {
  const resolved = resolveRules(file, headers);
  const snapshot = pullSnapshot(readSourceGrid([headers, ...rows], { sourceName: 'leads.csv' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'leads.csv');
  return reviewSnapshot(snapshot, resolved, '2026-11-20');
};
const CONVERTED = 'Not approvable: the record is read-only in Salesforce leads (IsConverted "true"; Rules: readOnlyRecords)';

describe('read-only records: Salesforce converted leads', () => {
  it('refuses a field change on a converted lead, and only there', () => {
    const rows = review([
      lead('00Q000000000001EAA', { OwnerId: GONE, IsConverted: 'true', Phone: '+1 415 555 0101' }),
      lead('00Q000000000002EAA', { OwnerId: GONE, Phone: '+1 415 555 0102' }),
    ]).filter((r) => r.check === 'inactive_owner');
    expect(rows.map((r) => [r.recordId, r.proposedValue, r.qa])).toEqual([
      ['00Q000000000001EAA', ACTIVE, CONVERTED],
      ['00Q000000000002EAA', ACTIVE, ''],
    ]);
    // the finding is still shown, with its evidence: the owner is inactive, whatever the CRM lets change
    expect(rows[0]!.evidence).toContain('Bo Stein');
  });

  it('reads a report export too: the "Converted" column, 1 and TRUE in any case', () => {
    const headers = HEADERS.map((h) => (h === 'IsConverted' ? 'Converted' : h));
    const rows = review(
      [
        lead('00Q000000000001EAA', { OwnerId: GONE, IsConverted: '1', Phone: '1' }),
        lead('00Q000000000002EAA', { OwnerId: GONE, IsConverted: 'TRUE', Phone: '2' }),
        lead('00Q000000000003EAA', { OwnerId: GONE, IsConverted: '0', Phone: '3' }),
      ],
      rulesFile,
      headers,
    ).filter((r) => r.check === 'inactive_owner');
    expect(rows.map((r) => r.qa)).toEqual([
      'Not approvable: the record is read-only in Salesforce leads (Converted "1"; Rules: readOnlyRecords)',
      'Not approvable: the record is read-only in Salesforce leads (Converted "TRUE"; Rules: readOnlyRecords)',
      '',
    ]);
  });

  it('keeps an unconverted lead as the survivor of a merge, even a less complete one', () => {
    const person = { FirstName: 'Maria', LastName: 'Garcia', Company: 'Initech', Email: 'maria.garcia@initech.example', Phone: '+1 415 555 0199' };
    const rows = review([
      lead('00Q000000000001EAA', { ...person, IsConverted: 'true', Status: 'Closed - Converted' }),
      lead('00Q000000000002EAA', { ...person, Phone: '' }),
    ]).filter((r) => r.check === 'duplicate_record');
    expect(rows.map((r) => [r.recordId, r.proposedValue, r.qa])).toEqual([
      ['00Q000000000001EAA', 'Merge into 00Q000000000002EAA', ''],
      ['00Q000000000002EAA', 'Keep as survivor', ''],
    ]);
    expect(rows[1]!.evidence).toContain(
      'Survivor 00Q000000000002EAA: the only one the CRM lets change; the CRM refuses changes to 00Q000000000001EAA (IsConverted "true") (Rules: readOnlyRecords).',
    );
    // without the Rules row, the more complete converted lead would be kept
    const open = review([lead('00Q000000000001EAA', { ...person, IsConverted: 'true', Status: 'Closed - Converted' }), lead('00Q000000000002EAA', { ...person, Phone: '' })], {
      ...rulesFile,
      readOnlyRecords: {},
    }).filter((r) => r.check === 'duplicate_record');
    expect(open.map((r) => r.proposedValue)).toEqual(['Keep as survivor', 'Merge into 00Q000000000001EAA']);
  });

  it('refuses every merge of a group of converted leads: none can take it', () => {
    const person = { FirstName: 'Maria', LastName: 'Garcia', Company: 'Initech', Email: 'maria.garcia@initech.example', IsConverted: 'true', Status: 'Closed - Converted' };
    const rows = review([lead('00Q000000000001EAA', { ...person, Phone: '+1 415 555 0199' }), lead('00Q000000000002EAA', person)]).filter((r) => r.check === 'duplicate_record');
    expect(rows.map((r) => [r.proposedValue, r.qa])).toEqual([
      ['Keep as survivor', 'Not approvable: the record is read-only in Salesforce leads (IsConverted "true"; Rules: readOnlyRecords), so it cannot take a merge'],
      [
        'Merge into 00Q000000000001EAA',
        'Not approvable: survivor 00Q000000000001EAA is read-only in Salesforce leads (IsConverted "true"; Rules: readOnlyRecords), so it cannot take a merge',
      ],
    ]);
  });

  it('is a Rules tab row a team can edit or delete (a user who may edit converted leads deletes it)', () => {
    const resolved = resolveRules(rulesFile, HEADERS);
    expect(resolved.rules.readOnlyRecords).toEqual({ IsConverted: ['true', '1'] });
    const grid = rulesToGrid(resolved.rules);
    expect(grid.map((r) => r.filter((c) => c !== ''))).toContainEqual(['readOnlyRecords', 'IsConverted', 'true', '1']);
    expect(rulesFromGrid(grid).file.readOnlyRecords).toEqual({ IsConverted: ['true', '1'] });
    // the tab states them in full: without the row, no record is read-only
    const without = rulesFromGrid(grid.filter((r) => r[0] !== 'readOnlyRecords')).file;
    expect(without.readOnlyRecords).toEqual({});
    const rows = review([lead('00Q000000000001EAA', { OwnerId: GONE, IsConverted: 'true' })], { ...rulesFile, ...without, owners: rulesFile.owners }).filter(
      (r) => r.check === 'inactive_owner',
    );
    expect(rows.map((r) => r.qa)).toEqual(['']);
    // a row without its column says which cell to fill
    const broken = grid.map((r) => (r[0] === 'readOnlyRecords' ? ['readOnlyRecords', '', 'true'] : r));
    const at = broken.findIndex((r) => r[0] === 'readOnlyRecords') + 1;
    expect(() => rulesFromGrid(broken)).toThrow(`Invalid rules: Rules!B${at}: readOnlyRecords needs a column in column B.`);
  });

  it('other presets mark no record read-only, and a rules file is checked for the shape', () => {
    expect(resolveRules({ preset: 'salesforce-contacts' }, ['Id', 'LastName', 'OwnerId']).rules.readOnlyRecords).toEqual({});
    expect(() => validateRulesFile({ readOnlyRecords: { IsConverted: 'true' } })).toThrow('Invalid rules: rules key "readOnlyRecords.IsConverted": expected a list of values.');
    expect(() => validateRulesFile({ readOnlyRecords: ['IsConverted'] })).toThrow('Invalid rules: rules key "readOnlyRecords": expected { header: [values] }.');
  });

  it('the CLI never exports an approved change or merge on a converted lead', () => {
    const person = { FirstName: 'Maria', LastName: 'Garcia', Company: 'Initech', Email: 'maria.garcia@initech.example' };
    const csv = toCsv([
      HEADERS,
      lead('00Q000000000001EAA', { OwnerId: GONE, IsConverted: 'true' }),
      lead('00Q000000000002EAA', { OwnerId: GONE }),
      lead('00Q000000000003EAA', { ...person, IsConverted: 'true', Status: 'Closed - Converted', Phone: '+1 415 555 0199' }),
      lead('00Q000000000004EAA', person),
    ]);
    const m = memoryIo({ 'leads.csv': csv, 'rules.json': JSON.stringify(rulesFile) });
    expect(runCli(['review', 'leads.csv', '--rules', 'rules.json', '--out', 'o'], m.io)).toBe(0);
    const grid = parseCsv(m.files['o/review.csv']!);
    const d = grid[0]!.indexOf('Decision');
    for (const row of grid.slice(1)) row[d] = 'Approve';
    m.files['o/review.csv'] = toCsv(grid);
    runCli(['review', 'leads.csv', '--rules', 'rules.json', '--out', 'o'], m.io);
    const changes = parseCsv(m.files['o/approved-changes.csv']!).slice(1);
    expect(changes.map((r) => r[0])).toEqual(['00Q000000000002EAA']);
    const merges = parseCsv(m.files['o/approved-merges.csv']!);
    expect(merges.slice(1).map((r) => r.slice(0, 2))).toEqual([['00Q000000000004EAA', '00Q000000000003EAA']]);
  });
});

describe('read-only records: a lead export without IsConverted', () => {
  it('marks a converted lead by its converted status, and only when the export lacks IsConverted', () => {
    const headers = HEADERS.filter((h) => h !== 'IsConverted');
    const drop = (row: string[]): string[] => row.filter((_, i) => HEADERS[i] !== 'IsConverted');
    expect(resolveRules(rulesFile, headers).rules.readOnlyRecords).toEqual({ Status: ['Closed - Converted'] });
    const rows = review(
      [drop(lead('00Q000000000001EAA', { OwnerId: GONE, Status: 'Closed - Converted' })), drop(lead('00Q000000000002EAA', { OwnerId: GONE }))],
      rulesFile,
      headers,
    ).filter((r) => r.check === 'inactive_owner');
    expect(rows.map((r) => r.qa)).toEqual(['Not approvable: the record is read-only in Salesforce leads (Status "Closed - Converted"; Rules: readOnlyRecords)', '']);
    // with IsConverted in the export, it alone decides: a "Closed - Converted" lead it says is not converted can change
    expect(resolveRules(rulesFile, HEADERS).rules.readOnlyRecords).toEqual({ IsConverted: ['true', '1'] });
    const both = review([lead('00Q000000000001EAA', { OwnerId: GONE, Status: 'Closed - Converted' })]).filter((r) => r.check === 'inactive_owner');
    expect(both.map((r) => r.qa)).toEqual(['']);
  });
});

describe('read-only fields: a related record shown in the export', () => {
  it("refuses a change to a Salesforce contact's Account Name, its account's name: no contact field takes it", () => {
    const headers = ['Id', 'FirstName', 'LastName', 'Email', 'Account Name', 'OwnerId'];
    const file: RulesFile = { preset: 'salesforce-contacts', asOf: '2026-11-20', owners: rulesFile.owners, standards: { legalForm: {} } };
    const rows = review([['003000000000001AAA', 'Ada', 'Byron', 'ada@acme.example', 'acme inc', ACTIVE]], file, headers).filter((r) => r.field === 'Account Name');
    expect(rows.map((r) => [r.proposedValue, r.qa])).toEqual([['acme Inc.', 'Not approvable: field "Account Name" is read-only in Salesforce contacts']]);
    // an account's own Account Name is its Name, and can change
    const accounts = ['Id', 'Account Name', 'OwnerId', 'Type'];
    const own = review([['001000000000001AAA', 'acme inc', ACTIVE, 'Customer']], { ...file, preset: 'salesforce-accounts' }, accounts).filter((r) => r.field === 'Account Name');
    expect(own.map((r) => [r.proposedValue, r.qa])).toEqual([['acme Inc.', '']]);
  });

  it("HubSpot's Associated Company, an association, is read-only on contacts and deals; Company Name is a contact's own", () => {
    expect(resolveRules({ preset: 'hubspot-contacts' }, ['Record ID', 'Email', 'Associated Company']).rules.readOnlyFields).toContain('Associated Company');
    expect(resolveRules({ preset: 'hubspot-deals' }, ['Record ID', 'Deal Name', 'Associated Company']).rules.readOnlyFields).toContain('Associated Company');
    expect(resolveRules({ preset: 'hubspot-contacts' }, ['Record ID', 'Email', 'Company Name']).rules.readOnlyFields).not.toContain('Company Name');
  });
});

describe("read-only records: what a hand edit or another week's export must not switch off unseen", () => {
  it("reads a report's Converted for Rules written from Data Loader's IsConverted, and back", () => {
    const report = HEADERS.map((h) => (h === 'IsConverted' ? 'Converted' : h));
    const fromDataLoader = { ...rulesFile, readOnlyRecords: { IsConverted: ['true', '1'] } };
    const rows = review([lead('00Q000000000001EAA', { OwnerId: GONE, IsConverted: '1' })], fromDataLoader, report).filter((r) => r.check === 'inactive_owner');
    expect(rows.map((r) => r.qa)).toEqual(['Not approvable: the record is read-only in Salesforce leads (Converted "1"; Rules: readOnlyRecords)']);
    const back = review([lead('00Q000000000001EAA', { OwnerId: GONE, IsConverted: 'true' })], { ...rulesFile, readOnlyRecords: { Converted: ['true', '1'] } }).filter(
      (r) => r.check === 'inactive_owner',
    );
    expect(back.map((r) => r.qa)).toEqual(['Not approvable: the record is read-only in Salesforce leads (IsConverted "true"; Rules: readOnlyRecords)']);
  });

  it('says so when the column is not in the data (mistyped, blocked, not exported): nothing is read-only then', () => {
    const snapshotOf = (file: RulesFile) => {
      const resolved = resolveRules(file, HEADERS);
      return pullSnapshot(readSourceGrid([HEADERS, lead('00Q000000000001EAA')], { sourceName: 'leads.csv' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'leads.csv');
    };
    const note = (h: string) => `Read-only records column "${h}" (Rules: readOnlyRecords) is not among the approved columns of this export, so it marks no record read-only.`;
    expect(snapshotOf({ ...rulesFile, readOnlyRecords: { IsConvertd: ['true'] } }).report.warnings).toContain(note('IsConvertd'));
    expect(snapshotOf({ ...rulesFile, blockedFields: ['IsConverted'] }).report.warnings).toContain(note('IsConverted'));
    expect(snapshotOf(rulesFile).report.warnings).toEqual([]);
    // and the CLI prints it
    const m = memoryIo({ 'leads.csv': toCsv([HEADERS, lead('00Q000000000001EAA')]), 'rules.json': JSON.stringify({ ...rulesFile, readOnlyRecords: { IsConvertd: ['true'] } }) });
    expect(runCli(['review', 'leads.csv', '--rules', 'rules.json', '--out', 'o'], m.io)).toBe(0);
    expect(m.out).toContain(`  note: ${note('IsConvertd')}`);
  });

  it('a second Rules row for one column adds its values; blank cells are no value; an empty list is refused', () => {
    const grid = rulesToGrid(resolveRules(rulesFile, HEADERS).rules);
    const at = grid.findIndex((r) => r[0] === 'readOnlyRecords');
    const twice = [...grid.slice(0, at + 1), ['readOnlyRecords', 'IsConverted', 'yes'], ...grid.slice(at + 1)];
    expect(rulesFromGrid(twice).file.readOnlyRecords).toEqual({ IsConverted: ['true', '1', 'yes'] });
    const gap = grid.map((r, i) => (i === at ? ['readOnlyRecords', 'IsConverted', 'true', '', '1'] : r));
    expect(rulesFromGrid(gap).file.readOnlyRecords).toEqual({ IsConverted: ['true', '1'] });
    const none = grid.map((r, i) => (i === at ? ['readOnlyRecords', 'IsConverted'] : r));
    expect(() => rulesFromGrid(none)).toThrow(`Invalid rules: Rules!B${at + 1} (readOnlyRecords.IsConverted): expected at least one value (delete the row to mark none).`);
    expect(() => validateRulesFile({ readOnlyRecords: { IsConverted: [''] } })).toThrow(
      'Invalid rules: rules key "readOnlyRecords.IsConverted[0]": expected a value, got an empty one.',
    );
    // (statusStages rows add up the same way; a value written again is one value, not a repeated proposal)
    const status = grid.findIndex((r) => r[0] === 'statusStages' && r[1] === 'false');
    const more = [...grid.slice(0, status + 1), ['statusStages', 'false', 'closed - not converted', 'Closed - Converted'], ...grid.slice(status + 1)];
    expect(rulesFromGrid(more).file.statusStages!.false).toEqual(['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted', 'Closed - Converted']);
    const copied = [...grid.slice(0, at + 1), grid[at]!, ...grid.slice(at + 1)];
    expect(rulesFromGrid(copied).file.readOnlyRecords).toEqual({ IsConverted: ['true', '1'] });
  });

  it('a survivor chosen among those the CRM lets change says so, not that it is the most complete of all', () => {
    const person = { FirstName: 'Maria', LastName: 'Garcia', Company: 'Initech', Email: 'maria.garcia@initech.example' };
    const rows = review([
      lead('00Q000000000001EAA', { ...person, IsConverted: 'true', Status: 'Closed - Converted', Phone: '+1 415 555 0199' }),
      lead('00Q000000000002EAA', person),
      lead('00Q000000000003EAA', person),
    ]).filter((r) => r.check === 'duplicate_record');
    expect(rows.find((r) => r.proposedValue === 'Keep as survivor')!.evidence).toContain(
      'Survivor 00Q000000000002EAA: of those the CRM lets change, as complete and as old as the others; the lowest record id; the CRM refuses changes to 00Q000000000001EAA (IsConverted "true") (Rules: readOnlyRecords).',
    );
  });
});
