import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { memoryIo } from './memoryIo';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { contact, exportCsv, teamRulesFile } from './fixtures';

const contacts = [
  contact({ 'Record ID': '1', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }),
  contact({ 'Record ID': '2', Email: '' }),
  contact({ 'Record ID': '3' }),
];

describe('crm-review-gate review', () => {
  it('writes review.csv and summary.json and prints a short summary', () => {
    const m = memoryIo({ 'export.csv': exportCsv(contacts), 'rules.json': JSON.stringify(teamRulesFile) });
    expect(runCli(['review', 'export.csv', '--rules', 'rules.json', '--out', 'o'], m.io)).toBe(0);
    const review = parseCsv(m.files['o/review.csv']!);
    for (const name of ['Issue ID', 'Record ID', 'Check', 'Field', 'Current value', 'Proposed value', 'Evidence', 'Decision']) expect(review[0]).toContain(name);
    expect(review).toHaveLength(3);
    const summary = JSON.parse(m.files['o/summary.json']!);
    expect(summary).toMatchObject({ preset: 'hubspot-contacts', recordsReviewed: 3, recordsFlagged: 2, proposals: 2, pending: 2, routingExceptionRate: 0 });
    expect(m.out[0]).toBe('export.csv: HubSpot contacts (from the rules); review date 2026-11-20');
    expect(m.err).toEqual([]);
  });

  it('two exports in one second get two Export IDs, and each keeps its own saved copy', () => {
    // (memoryIo's clock stands still: every run is in the same second)
    const two = ['1', '2'].map((id) => contact({ 'Record ID': id, 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }));
    const m = memoryIo({ 'export.csv': exportCsv(two), 'rules.json': JSON.stringify(teamRulesFile) });
    const run = () => expect(runCli(['review', 'export.csv', '--rules', 'rules.json', '--out', 'o'], m.io)).toBe(0);
    run();
    const approve = (k: number) => {
      const review = parseCsv(m.files['o/review.csv']!);
      review[k]![review[0]!.indexOf('Decision')] = 'Approve';
      m.files['o/review.csv'] = toCsv(review);
      run();
    };
    approve(1);
    approve(2);
    const log = parseCsv(m.files['o/export-log.csv']!);
    const ids = [...new Set(log.slice(1).map((r) => r[0]!))];
    expect(ids).toHaveLength(2);
    const saved = ids.map((id) =>
      parseCsv(m.files[`o/exports/${id}/approved-changes.csv`]!)
        .slice(1)
        .map((r) => r[0]),
    );
    expect(saved).toEqual([['1'], ['2']]);
  });

  it('takes the preset from --preset when the headers are ambiguous', () => {
    const m = memoryIo({ 'e.csv': 'Id,First Name,Last Name,Email,Contact owner\n1,a,b,c@d.e,f\n' });
    expect(runCli(['review', 'e.csv', '--preset', 'salesforce-contacts'], m.io)).toBe(0);
    expect(m.out[0]).toBe('e.csv: Salesforce contacts (from --preset); review date 2026-11-20');
  });

  it('detects the preset without --rules', () => {
    const m = memoryIo({ 'export.csv': exportCsv(contacts) });
    expect(runCli(['review', 'export.csv'], m.io)).toBe(0);
    expect(m.out[0]).toMatch(/^export.csv: HubSpot contacts \(detected, \d+% of its headers\)/);
    expect(m.files['out/review.csv']).toBeDefined();
  });

  it('keeps decisions made in review.csv, logs them and exports the approved rows', () => {
    const m = memoryIo({ 'export.csv': exportCsv(contacts), 'rules.json': JSON.stringify(teamRulesFile) });
    runCli(['review', 'export.csv', '--rules', 'rules.json'], m.io);
    const review = parseCsv(m.files['out/review.csv']!);
    const d = review[0]!.indexOf('Decision');
    review[1]![d] = 'Approve';
    review[2]![d] = 'Reject';
    m.files['out/review.csv'] = toCsv(review);
    expect(runCli(['review', 'export.csv', '--rules', 'rules.json'], m.io)).toBe(0);
    expect(
      parseCsv(m.files['out/review.csv']!)
        .slice(1)
        .map((r) => r[d]),
    ).toEqual(['Approve', 'Reject']);
    expect(parseCsv(m.files['out/decision-log.csv']!)).toHaveLength(3);
    const changes = parseCsv(m.files['out/approved-changes.csv']!);
    expect(changes[0]).toEqual(['Record ID', 'Lead Source', 'Export ID', 'Exported at']);
    expect(changes.slice(1).map((r) => r.slice(0, 2))).toEqual([['1', 'Event']]);
    expect(changes[1]![2]).toMatch(/^EX-20261120-090000-[0-9A-Z]{4}$/);
    expect(parseCsv(m.files['out/rollback.csv']!)).toEqual([
      ['Record ID', 'Lead Source', 'Export ID', 'Rollback note'],
      ['1', '', changes[1]![2], 'Lead Source was blank before: an import leaves blank cells unchanged, so clear it by hand'],
    ]);
  });

  it("rolls an owner back to the value the import takes (the roster's email), not the name the export shows", () => {
    const m = memoryIo({ 'export.csv': exportCsv([contact({ 'Record ID': '7', 'Contact owner': 'Ian Clarke' })]), 'rules.json': JSON.stringify(teamRulesFile) });
    runCli(['review', 'export.csv', '--rules', 'rules.json'], m.io);
    const review = parseCsv(m.files['out/review.csv']!);
    const h = review[0]!;
    const row = review.find((r) => r[h.indexOf('Check')] === 'inactive_owner')!;
    expect(row[h.indexOf('Current value')]).toBe('Ian Clarke');
    row[h.indexOf('Decision')] = 'Approve';
    m.files['out/review.csv'] = toCsv(review);
    expect(runCli(['review', 'export.csv', '--rules', 'rules.json'], m.io)).toBe(0);
    const changes = parseCsv(m.files['out/approved-changes.csv']!);
    expect(changes.slice(1).map((r) => r.slice(0, 2))).toEqual([['7', row[h.indexOf('Proposed value')]!]]);
    expect(parseCsv(m.files['out/rollback.csv']!)).toEqual([
      ['Record ID', 'Contact owner', 'Export ID', 'Rollback note'],
      [
        '7',
        'ian@example.com',
        changes[1]![2],
        'Contact owner is the owner before as the import takes it (the export showed "Ian Clarke"); Contact owner: the owner before is inactive, and an import restores them only where the CRM lets records be assigned to inactive users',
      ],
    ]);
    // the decision log keeps what the export showed
    expect(m.files['out/decision-log.csv']).toContain('Ian Clarke');
  });

  it("rolls a HubSpot owner the roster does not know back as shown (HubSpot imports a user's name or email), unless the CRM labels them deactivated", () => {
    const m = memoryIo({
      'export.csv': exportCsv([
        contact({ 'Record ID': '8', 'Contact owner': 'Nobody Known' }),
        contact({ 'Record ID': '9', 'Contact owner': 'ann.old@x.example (Deactivated User)' }),
      ]),
      'rules.json': JSON.stringify(teamRulesFile),
    });
    runCli(['review', 'export.csv', '--rules', 'rules.json'], m.io);
    const review = parseCsv(m.files['out/review.csv']!);
    const h = review[0]!;
    for (const r of review) if (r[h.indexOf('Check')] === 'inactive_owner') r[h.indexOf('Decision')] = 'Approve';
    m.files['out/review.csv'] = toCsv(review);
    expect(runCli(['review', 'export.csv', '--rules', 'rules.json'], m.io)).toBe(0);
    expect(parseCsv(m.files['out/rollback.csv']!).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['Record ID', 'Contact owner', 'Rollback note'],
      ['8', 'Nobody Known', ''],
      [
        '9',
        'ann.old@x.example (Deactivated User)',
        'Contact owner "ann.old@x.example (Deactivated User)" is the owner before as the export showed it, and the roster gives no value an import takes for them: restore the owner by hand; Contact owner: the owner before is inactive, and an import restores them only where the CRM lets records be assigned to inactive users',
      ],
    ]);
  });

  it('rolls a Salesforce owner shown by name back to its user id, and says when no importable value is known', () => {
    const headers = ['Lead ID', 'Last Name', 'Company', 'Email', 'Lead Owner', 'Lead Status', 'Lead Source'];
    const rows = [
      ['00Q5g00000AbCdEAAV', 'Lee', 'Acme', 'ann@acme.example', 'Ian Clarke', 'Open - Not Contacted', 'Web'],
      ['00Q5g00000AbCdFAAV', 'Ng', 'Beta', 'bo@beta.example', 'Nobody Known', 'Open - Not Contacted', 'Web'],
      ['00Q5g00000AbCdGAAV', 'Oz', 'Gamma', 'oz@gamma.example', 'Dana Brooks', 'Open - Not Contacted', 'Web'],
    ];
    const rules = {
      preset: 'salesforce-leads',
      owners: [
        { name: 'Ian Clarke', id: '0055g00000IaNcLAAV', active: false, team: 'NA' },
        { name: 'Dana Brooks', id: '0055g00000DaNaBAAV', active: true, team: 'NA' },
      ],
      // every lead routes to NA, so an owner the roster does not know gets a proposal too
      routing: [{ id: 'R-ALL', when: { Company: ['*'] }, team: 'NA' }],
    };
    const m = memoryIo({ 'e.csv': toCsv([headers, ...rows], { raw: true }), 'rules.json': JSON.stringify(rules) });
    runCli(['review', 'e.csv', '--rules', 'rules.json', '--as-of', '2026-11-27'], m.io);
    const review = parseCsv(m.files['out/review.csv']!);
    const h = review[0]!;
    const owners = review.filter((r) => r[h.indexOf('Check')] === 'inactive_owner');
    expect(owners.map((r) => [r[h.indexOf('Record ID')], r[h.indexOf('Proposed value')]])).toEqual([
      ['00Q5g00000AbCdEAAV', '0055g00000DaNaBAAV'],
      ['00Q5g00000AbCdFAAV', '0055g00000DaNaBAAV'],
    ]);
    for (const r of owners) r[h.indexOf('Decision')] = 'Approve';
    m.files['out/review.csv'] = toCsv(review);
    expect(runCli(['review', 'e.csv', '--rules', 'rules.json', '--as-of', '2026-11-27'], m.io)).toBe(0);
    const rollback = parseCsv(m.files['out/rollback.csv']!);
    expect(rollback.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['Lead ID', 'Lead Owner', 'Rollback note'],
      [
        '00Q5g00000AbCdEAAV',
        '0055g00000IaNcLAAV',
        'Lead Owner is the owner before as the import takes it (the export showed "Ian Clarke"); Lead Owner: the owner before is inactive, and an import restores them only where the CRM lets records be assigned to inactive users',
      ],
      [
        '00Q5g00000AbCdFAAV',
        'Nobody Known',
        'Lead Owner "Nobody Known" is the owner before as the export showed it, and the roster gives no value an import takes for them: restore the owner by hand',
      ],
    ]);
  });

  it.each([
    [['review', 'missing.csv'], {}, 'crm-review-gate: cannot read missing.csv: no such file.'],
    [['review', 'e.csv'], { 'e.csv': '  \n' }, 'crm-review-gate: e.csv is empty: it has no header row and no records.'],
    [['review', 'e.csv'], { 'e.csv': '\n1,2\n' }, 'crm-review-gate: e.csv has no header row: its first line is blank. The first line must name the columns.'],
    [['review', 'e.csv'], { 'e.csv': 'Record ID,,Email\n1,2,3\n' }, 'crm-review-gate: e.csv: column 2 has no header name. Every column needs a name.'],
    [['review', 'e.csv'], { 'e.csv': 'Record ID,Email\n1,a@b.c\n2\n' }, 'crm-review-gate: e.csv: line 3 has 1 values but the header has 2. Check for a missing or extra comma.'],
    [['review', 'e.csv'], { 'e.csv': 'Record ID,Email\n' }, 'crm-review-gate: e.csv has a header row but no records.'],
    [
      ['review', 'e.csv'],
      { 'e.csv': 'First Name,Last Name,Email,Contact owner,Lifecycle Stage\nA,B,c@d.e,X,Lead\n' },
      'crm-review-gate: e.csv has no "Record ID" column, which holds the record id. Export it with the record id, or set fields.id in the Rules to the column that holds it and add that column to approvedFields.',
    ],
    [
      ['review', 'e.csv', '--rules', 'r.json'],
      { 'e.csv': exportCsv(contacts), 'r.json': '{"staleAfterDays": "soon"}' },
      'crm-review-gate: Invalid rules: r.json key "staleAfterDays": expected a whole number of days.',
    ],
    [['review', 'e.csv', '--rules', 'r.json'], { 'e.csv': exportCsv(contacts), 'r.json': '{oops' }, 'crm-review-gate: the rules file r.json is not valid JSON.'],
    [['review', 'e.csv', '--rules', 'nope.json'], { 'e.csv': exportCsv(contacts) }, 'crm-review-gate: cannot read the rules file nope.json: no such file.'],
    [['review', 'e.csv', '--as-of', 'soon'], { 'e.csv': exportCsv(contacts) }, 'crm-review-gate: --as-of expects a real date YYYY-MM-DD.'],
    [
      ['review', 'e.csv', '--preset', 'pipedrive'],
      { 'e.csv': exportCsv(contacts) },
      'crm-review-gate: --preset expects one of hubspot-contacts, hubspot-companies, hubspot-deals, salesforce-leads, salesforce-contacts, salesforce-accounts, salesforce-opportunities.',
    ],
    [
      ['review', 'e.csv'],
      { 'e.csv': 'Id,First Name,Last Name,Email,Contact owner\n1,a,b,c@d.e,f\n' },
      'crm-review-gate: Could not tell for sure which CRM export this is from its headers (best matches: hubspot-contacts (50%), salesforce-contacts (50%), salesforce-leads (38%)). Choose the preset (menu: Choose preset…; CLI: --preset; or "preset" in the rules), one of hubspot-contacts, hubspot-companies, hubspot-deals, salesforce-leads, salesforce-contacts, salesforce-accounts, salesforce-opportunities.',
    ],
    [['review'], {}, 'crm-review-gate: give the export file: crm-review-gate review <export.csv>.'],
    [
      ['reveiw', 'x.csv'],
      {},
      'crm-review-gate: unknown command "reveiw". Usage: crm-review-gate review <export.csv> [--rules rules.json] [--preset ID] [--out DIR] [--as-of YYYY-MM-DD] [--tz ZONE] [--include-exported] [--close]',
    ],
    [
      ['review', 'rollback.csv', '--out', '.'],
      { 'rollback.csv': exportCsv(contacts) },
      'crm-review-gate: rollback.csv is one of the files this run writes in ., so the export would be overwritten. Rename the export, or choose another folder with --out; this run changed nothing.',
    ],
    [
      ['review', 'x/../x/Review.csv', '--out', 'x'],
      { 'x/../x/Review.csv': exportCsv(contacts) },
      'crm-review-gate: x/../x/Review.csv is one of the files this run writes in x, so the export would be overwritten. Rename the export, or choose another folder with --out; this run changed nothing.',
    ],
    [
      ['review', 'e.csv'],
      { 'e.csv': 'PK\u0003\u0004\u0000' },
      'crm-review-gate: e.csv: this is not a CSV file (it contains binary data). Export the records as CSV and try again.',
    ],
  ])('exits 2 with one line for bad input: %j', (argv, files, message) => {
    const m = memoryIo(files as Record<string, string>);
    expect(runCli(argv as string[], m.io)).toBe(2);
    expect(m.err).toEqual([message]);
    expect(Object.keys(m.files).filter((f) => f.startsWith('out/'))).toEqual([]);
  });
});

describe('the installed bin', () => {
  const bin = join(process.cwd(), 'build/cli.cjs');
  beforeAll(() => {
    if (!existsSync(bin)) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  });

  it('runs end to end as a process and exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crg-'));
    writeFileSync(join(dir, 'export.csv'), exportCsv(contacts));
    const r = spawnSync(process.execPath, [bin, 'review', join(dir, 'export.csv'), '--out', join(dir, 'out')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('records reviewed 3');
    expect(readFileSync(join(dir, 'out/review.csv'), 'utf8')).toContain('missing_required_field');
    expect(JSON.parse(readFileSync(join(dir, 'out/summary.json'), 'utf8')).recordsReviewed).toBe(3);
  });

  it('exits 2 with a one-line error on bad input', () => {
    const r = spawnSync(process.execPath, [bin, 'review', '/nonexistent/export.csv'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['crm-review-gate: cannot read /nonexistent/export.csv: no such file.']);
  });
});
