import { describe, expect, it } from 'vitest';
import { resolveRules } from '../src/core/intake/config';
import { PRESETS, presetDefaults } from '../src/core/intake/presets';
import { pullSnapshot } from '../src/core/intake/pull';
import { validateRulesFile } from '../src/core/intake/rules';
import { RECORD_RULE_COLUMNS, rulesFromGrid, rulesToGrid } from '../src/core/intake/rulesSheet';
import { readSourceGrid } from '../src/core/intake/source';
import { reviewSnapshot } from '../src/core/review/workflow';
import { loadBundle } from '../src/local/bundle';
import { workbookWithExport } from '../src/local/workbench';
import { contact, exportCsv, HUBSPOT_HEADERS, teamRules, teamRulesFile } from './fixtures';
import { byCheck, reviewOf } from './helpers';

const HEADERS = [...HUBSPOT_HEADERS, 'Lead Type', 'Partner Name', 'State/Region', 'Renewal Date'];
const richFile = {
  ...teamRulesFile,
  approvedFields: [...resolveRules(teamRulesFile, HUBSPOT_HEADERS).rules.approvedFields, 'Lead Type', 'Partner Name', 'State/Region', 'Renewal Date'],
  recordRules: [
    {
      id: 'P-PARTNER',
      header: 'Partner Name',
      when: { 'Lead Type': ['Partner', 'Reseller'], 'Country/Region': ['*'] },
      require: true as const,
      severity: 'High' as const,
      message: 'A Partner lead needs a Partner Name',
    },
    { id: 'T-TYPE', header: 'Lead Type', oneOf: ['Partner', 'Customer'], aliases: { Prtnr: 'Partner', 'Cust.': 'Customer' } },
    { id: 'C-COUNTRY', header: 'Country/Region', format: 'country' as const },
    { id: 'D-RENEW', header: 'Renewal Date', format: 'isoDate' as const, notBefore: 'Create Date', notAfter: 'Last Activity Date', severity: 'Low' as const },
  ],
  standards: {
    country: { form: 'alpha2' as const, headers: ['Country/Region'] },
    usState: { form: 'name' as const, headers: ['State/Region'] },
    phone: { defaultCountry: 'GB' },
    email: {},
    legalForm: { headers: ['Company Name'] },
  },
};

const rowOf = (grid: string[][], key: string, id?: string): number => grid.findIndex((r) => r[0] === key && (id === undefined || r[1] === id));

describe('record rules in the Rules tab', () => {
  it('round-trips grid -> rules -> grid, conditions, lists, aliases and standards included', () => {
    const { rules } = resolveRules(richFile, HEADERS);
    const grid = rulesToGrid(rules);
    const parsed = rulesFromGrid(grid);
    const again = resolveRules(parsed.file, HEADERS, parsed.locate).rules;
    expect(again).toEqual(rules);
    expect(rulesToGrid(again)).toEqual(grid);
  });

  it('lays out one row per rule under named columns, a second when condition on its own row, and one line per standard', () => {
    const grid = rulesToGrid(resolveRules(richFile, HEADERS).rules);
    const header = grid[rowOf(grid, '# recordRule')]!;
    expect(header.slice(0, RECORD_RULE_COLUMNS.length + 1)).toEqual(['# recordRule', ...RECORD_RULE_COLUMNS]);
    const partner = grid.filter((r) => r[0] === 'recordRule' && r[1] === 'P-PARTNER').map((r) => r.slice(0, 13));
    expect(partner).toEqual([
      ['recordRule', 'P-PARTNER', 'Partner Name', 'Lead Type', 'Partner; Reseller', 'TRUE', '', '', '', '', '', 'High', 'A Partner lead needs a Partner Name'],
      ['recordRule', 'P-PARTNER', '', 'Country/Region', '*', '', '', '', '', '', '', '', ''],
    ]);
    expect(grid[rowOf(grid, 'recordRule', 'T-TYPE')]!.slice(6, 8)).toEqual(['Partner; Customer', 'Prtnr=Partner; Cust.=Customer']);
    expect(['standard.country', 'standard.usState', 'standard.phone', 'standard.email', 'standard.legalForm'].map((k) => grid[rowOf(grid, k)]!.slice(0, 3))).toEqual([
      ['standard.country', 'alpha2', 'Country/Region'],
      ['standard.usState', 'name', 'State/Region'],
      ['standard.phone', 'GB', ''],
      ['standard.email', 'on', ''],
      ['standard.legalForm', 'on', 'Company Name'],
    ]);
  });

  it("rules a person cannot see never run: a tab without record rule rows has none, not the preset's examples", () => {
    const grid = rulesToGrid(resolveRules(teamRulesFile, HUBSPOT_HEADERS).rules).filter((r) => r[0] !== 'recordRule' && !r[0]!.startsWith('standard.'));
    expect(resolveRules(teamRulesFile, HUBSPOT_HEADERS).rules.recordRules.length).toBeGreaterThan(0);
    const { rules } = resolveRules(rulesFromGrid(grid).file, HUBSPOT_HEADERS);
    expect(rules.recordRules).toEqual([]);
    expect(rules.standards).toEqual({});
  });

  it('standards left blank are off, and stay off through the tab', () => {
    const { rules } = resolveRules({ ...richFile, standards: {} }, HEADERS);
    const grid = rulesToGrid(rules);
    expect(grid[rowOf(grid, 'standard.email')]!.slice(0, 2)).toEqual(['standard.email', '']);
    expect(resolveRules(rulesFromGrid(grid).file, HEADERS).rules.standards).toEqual({});
  });

  const broken = (edit: (grid: string[][]) => number): { grid: string[][]; row: number } => {
    const grid = rulesToGrid(resolveRules(richFile, HEADERS).rules);
    return { grid, row: edit(grid) + 1 };
  };
  const set = (grid: string[][], row: number, col: number, value: string): number => {
    grid[row]![col] = value;
    return row;
  };

  it.each([
    ['a missing id', (g: string[][]) => set(g, rowOf(g, 'recordRule', 'T-TYPE'), 1, ''), (r: number) => `Invalid rules: Rules!B${r}: a record rule needs an id in column B.`],
    [
      'a when column without values',
      (g: string[][]) => set(g, rowOf(g, 'recordRule', 'C-COUNTRY'), 3, 'Lead Type'),
      (r: number) => `Invalid rules: Rules!E${r}: record rule C-COUNTRY: fill both the when column and its values (a; b, * = any), or neither.`,
    ],
    [
      'when values without a column',
      (g: string[][]) => set(g, rowOf(g, 'recordRule', 'C-COUNTRY'), 4, 'Partner'),
      (r: number) => `Invalid rules: Rules!D${r}: record rule C-COUNTRY: fill both`,
    ],
    [
      'an alias without "="',
      (g: string[][]) => set(g, rowOf(g, 'recordRule', 'T-TYPE'), 7, 'Prtnr'),
      (r: number) => `Invalid rules: Rules!H${r}: record rule T-TYPE: write each alias as variant=value, separated by ";".`,
    ],
    [
      'require that is not TRUE',
      (g: string[][]) => set(g, rowOf(g, 'recordRule', 'T-TYPE'), 5, 'maybe'),
      (r: number) => `Invalid rules: Rules!F${r}: record rule T-TYPE: require expects TRUE or a blank cell.`,
    ],
    [
      'a repeated id with other cells',
      (g: string[][]) => set(g, rowOf(g, 'recordRule', 'P-PARTNER') + 1, 2, 'Email'),
      (r: number) => `Invalid rules: Rules!B${r}: record rule P-PARTNER: this id is used twice`,
    ],
    [
      'an unknown format',
      (g: string[][]) => set(g, rowOf(g, 'recordRule', 'C-COUNTRY'), 8, 'regex'),
      (r: number) => `Invalid rules: Rules!I${r} (recordRules.2.format): expected a format: email, phone, url, website, domain, isoDate, integer, decimal, country, usState.`,
    ],
    [
      'a bad severity',
      (g: string[][]) => set(g, rowOf(g, 'recordRule', 'D-RENEW'), 11, 'Urgent'),
      (r: number) => `Invalid rules: Rules!L${r} (recordRules.3.severity): expected Low, Medium or High.`,
    ],
    [
      'a bad rule id',
      (g: string[][]) => set(g, rowOf(g, 'recordRule', 'C-COUNTRY'), 1, 'C COUNTRY'),
      (r: number) => `Invalid rules: Rules!B${r} (recordRules.2.id): a record rule id is one word`,
    ],
    [
      'a bad country form',
      (g: string[][]) => set(g, rowOf(g, 'standard.country'), 1, 'long'),
      (r: number) => `Invalid rules: Rules!B${r} (standards.country.form): expected name, alpha2.`,
    ],
    [
      'a bad email switch',
      (g: string[][]) => set(g, rowOf(g, 'standard.email'), 1, 'maybe'),
      (r: number) => `Invalid rules: Rules!B${r}: standard.email expects on or a blank cell (blank = off).`,
    ],
    [
      'columns on a standard that is off',
      (g: string[][]) => set(g, set(g, rowOf(g, 'standard.email'), 1, ''), 2, 'Email'),
      (r: number) => `Invalid rules: Rules!B${r}: standard.email names columns but is off`,
    ],
    [
      'a usState standard without columns',
      (g: string[][]) => set(g, rowOf(g, 'standard.usState'), 2, ''),
      (r: number) => `Invalid rules: Rules!A${r} (standards.usState.headers): name the columns that hold US states.`,
    ],
  ])('names the cell of %s', (_, edit, message) => {
    const { grid, row } = broken(edit);
    expect(() => rulesFromGrid(grid)).toThrow(message(row));
  });

  it('names the cell of a blocked or unapproved header (checked with the whole rules)', () => {
    const cases: [col: number, value: string, letter: string, key: string, why: string][] = [
      [2, 'Notes', 'C', 'recordRules.0.header', '"Notes" cannot be used in a rule: it is blocked: free-text notes'],
      [3, 'Fax', 'D', 'recordRules.0.when.Fax', '"Fax" cannot be used in a rule: it is not an approved field'],
      [9, 'Date of Birth', 'J', 'recordRules.0.notBefore', '"Date of Birth" cannot be used in a rule: it is blocked: date of birth'],
    ];
    for (const [col, value, letter, key, why] of cases) {
      const grid = rulesToGrid(resolveRules(richFile, HEADERS).rules);
      const row = rowOf(grid, 'recordRule', 'P-PARTNER');
      grid[row]![col] = value;
      const parsed = rulesFromGrid(grid);
      expect(() => resolveRules(parsed.file, HEADERS, parsed.locate)).toThrow(`Invalid rules: Rules!${letter}${row + 1} (${key}): ${why}.`);
    }
  });
});

describe('preset example rules', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('%s: examples validate, survive the Rules tab and are kept by resolveRules', (id, preset) => {
    const defaults = presetDefaults(preset, []);
    expect(defaults.recordRules.length).toBeGreaterThanOrEqual(2);
    expect(validateRulesFile({ recordRules: defaults.recordRules }).recordRules).toEqual(defaults.recordRules);
    const { rules } = resolveRules({ preset: id }, []);
    expect(rules.recordRules).toEqual(defaults.recordRules);
    expect(resolveRules(rulesFromGrid(rulesToGrid(rules)).file, []).rules.recordRules).toEqual(rules.recordRules);
  });

  it('an example naming a column the team un-approved gives way; a team rule naming it is refused', () => {
    const approved = resolveRules(teamRulesFile, HUBSPOT_HEADERS).rules.approvedFields.filter((h) => h !== 'Phone Number');
    const { rules } = resolveRules({ ...teamRulesFile, approvedFields: approved }, HUBSPOT_HEADERS);
    expect(rules.recordRules.map((r) => r.id)).toEqual(['C-EMAIL', 'C-COUNTRY', 'C-CUSTOMER-COMPANY']);
    expect(() => resolveRules({ ...teamRulesFile, approvedFields: approved, recordRules: [{ id: 'C-PHONE', header: 'Phone Number', format: 'phone' }] }, HUBSPOT_HEADERS)).toThrow(
      'rules key "recordRules[0].header": "Phone Number" cannot be used in a rule: it is not an approved field',
    );
  });

  it('HubSpot contacts: each example fires on the record that breaks it and on no clean record', () => {
    const badEmail = contact({ Email: 'ada@analytical' });
    const badCountry = contact({ 'Country/Region': 'Narnia' });
    const nationalPhone = contact({ 'Phone Number': '07700 900123' });
    const customer = contact({ 'Lifecycle Stage': 'Customer', 'Lead Status': 'Open Deal', 'Became a Customer Date': '2026-10-01', 'Company Name': '' });
    const clean = [contact(), contact({ 'Country/Region': 'usa', 'Phone Number': '+1 415 555 0132' })];
    const rows = byCheck(reviewOf([...clean, badEmail, badCountry, nationalPhone, customer], teamRules()), 'record_rule_violation');
    expect(rows.map((r) => [r.recordId, r.rule, r.proposedValue])).toEqual([
      [badEmail['Record ID'], 'recordRules C-EMAIL', ''],
      [badCountry['Record ID'], 'recordRules C-COUNTRY', ''],
      [nationalPhone['Record ID'], 'recordRules C-PHONE', '+447700900123'],
      [customer['Record ID'], 'recordRules C-CUSTOMER-COMPANY', ''],
    ]);
  });

  it('Salesforce leads: the US-state, email and working-phone examples fire exactly where they should', () => {
    const headers = ['Id', 'FirstName', 'LastName', 'Company', 'Email', 'Phone', 'Country', 'State', 'OwnerId', 'Status', 'LeadSource', 'IsConverted', 'CreatedDate'];
    const lead = (id: string, o: Record<string, string>): string[] =>
      headers.map(
        (h) =>
          o[h] ??
          (
            {
              Id: id,
              LastName: `L${id}`,
              Company: `Co ${id}`,
              Email: `l${id}@example.com`,
              Phone: '+1 415 555 0132',
              Country: 'United States',
              State: 'CA',
              OwnerId: '005A',
              Status: 'Open - Not Contacted',
              LeadSource: 'Web',
              IsConverted: 'false',
              CreatedDate: '2026-01-02',
            } as Record<string, string>
          )[h] ??
          '',
      );
    const grid = [
      headers,
      lead('00Q1', {}),
      lead('00Q2', { State: 'Calif.' }),
      lead('00Q3', { Country: 'Germany', State: 'Bayern' }),
      lead('00Q4', { Status: 'Working - Contacted', Phone: '' }),
      lead('00Q5', { Status: 'Working - Contacted' }),
      lead('00Q6', { Email: 'not-an-email' }),
    ];
    const resolved = resolveRules({ preset: 'salesforce-leads', asOf: '2026-11-20' }, headers);
    const snapshot = pullSnapshot(readSourceGrid(grid, { sourceName: 'test' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'test');
    const rows = byCheck(reviewSnapshot(snapshot, resolved, '2026-11-20'), 'record_rule_violation');
    expect(rows.map((r) => [r.recordId, r.rule])).toEqual([
      ['00Q2', 'recordRules L-US-STATE'],
      ['00Q4', 'recordRules L-WORKING-PHONE'],
      ['00Q6', 'recordRules L-EMAIL'],
    ]);
  });
});

describe('record rules in the add-on (built bundle, local runtime)', () => {
  it('the first pull writes the preset examples into the Rules tab; the review flags them; a bad cell is named', () => {
    const rt = workbookWithExport(exportCsv([contact(), contact({ Email: 'ada@analytical' }), contact({ 'Phone Number': '07700 900123' })]));
    const addon = loadBundle(rt);
    addon.call('pullApprovedFields');
    expect(rt.alerts).toEqual([]);
    const rules = rt.spreadsheet
      .sheet('Rules')!
      .values()
      .map((r) => r.map(String));
    expect(rules.filter((r) => r[0] === 'recordRule').map((r) => r[1])).toEqual(['C-EMAIL', 'C-COUNTRY', 'C-PHONE', 'C-CUSTOMER-COMPANY']);
    addon.call('runReview');
    expect(rt.alerts).toEqual([]);
    const [header, ...rows] = rt.spreadsheet
      .sheet('Review')!
      .values()
      .map((r) => r.map(String));
    const col = (name: string): number => header!.indexOf(name);
    const flagged = rows.filter((r) => r[col('Check')] === 'record_rule_violation').map((r) => [r[col('Field')], (r[col('Proposed value')] ?? '').replace(/^'/, '')]);
    expect(flagged).toEqual([
      ['Email', ''],
      ['Phone Number', '+447700900123'],
    ]);
    // a typo in a rule's format cell stops the next step, naming the cell, and changes nothing
    const sheet = rt.spreadsheet.sheet('Rules')!;
    const row = rules.findIndex((r) => r[0] === 'recordRule' && r[1] === 'C-PHONE');
    sheet.getRange(row + 1, 9).setValues([['telephone']]);
    const before = JSON.stringify(rt.spreadsheet.sheet('Review')!.values());
    addon.call('runReview');
    expect(rt.alerts.at(-1)).toContain(
      `Rules!I${row + 1} (recordRules.2.format): expected a format: email, phone, url, website, domain, isoDate, integer, decimal, country, usState.`,
    );
    expect(JSON.stringify(rt.spreadsheet.sheet('Review')!.values())).toBe(before);
  });
});
