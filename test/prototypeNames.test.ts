/**
 * Values that are the names of Object.prototype's properties ("constructor", "toString", "__proto__"):
 * data, never a lookup into a plain object. A first name "Constructor" once stopped the whole review
 * (the nickname table was an object, so it found Object.prototype.constructor).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { addressTokens, givenName, sameGivenName } from '../src/core/checks/dedupe/normalize';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { rulesKeyOfCheck } from '../src/core/report/patterns';
import { contact, exportCsv, teamRulesFile } from './fixtures';
import { memoryIo } from './memoryIo';

const NAMES = Object.getOwnPropertyNames(Object.prototype);
// every case a person may type them in
const SPELLINGS = NAMES.flatMap((n) => [n, n[0]!.toUpperCase() + n.slice(1), n.toUpperCase()]);

describe("Object.prototype's property names as values", () => {
  it('are names, words and checks like any other in the lookups that take them', () => {
    expect(NAMES).toContain('constructor');
    expect(NAMES).toContain('__proto__');
    for (const name of NAMES) {
      expect(rulesKeyOfCheck(name)).toBe(name);
      const plain = name.toLowerCase().replace(/[^a-z]/g, '');
      expect(givenName(name)).toBe(plain);
      expect(sameGivenName(givenName(name), givenName('Robert'))).toBe(false);
      expect(addressTokens(`12 ${name} Street`)).toEqual([
        '12',
        ...name
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .filter(Boolean),
        'st',
      ]);
    }
    expect(rulesKeyOfCheck('stale_owner')).toBe('staleAfterDays');
  });

  it('in every text column of an export: the review runs, decides, exports and runs again', () => {
    const records = SPELLINGS.map((name, i) =>
      contact({
        'Record ID': String(9000 + i),
        'First Name': name,
        'Last Name': name,
        'Company Name': name,
        'Job Title': name,
        'Lead Status': name,
        'Lifecycle Stage': name,
        'Lead Source': name,
        'Original Source': name,
        'Original Source Drill-Down 1': name,
        'Contact owner': name,
        'Country/Region': name,
      }),
    );
    // two records of one person named Constructor: found as duplicates, as any name would be
    const twin = { 'First Name': 'Constructor', 'Last Name': 'Prototype', Email: 'constructor@example.com', 'Company Name': 'Acme' };
    records.push(contact({ ...twin, 'Record ID': '8001' }), contact({ ...twin, 'Record ID': '8002' }));
    const m = memoryIo({ 'export.csv': exportCsv(records), 'rules.json': JSON.stringify(teamRulesFile) });
    expect(runCli(['review', 'export.csv', '--rules', 'rules.json', '--out', 'o'], m.io)).toBe(0);
    expect(m.err).toEqual([]);
    const review = parseCsv(m.files['o/review.csv']!);
    const col = (name: string): number => review[0]!.indexOf(name);
    const rows = review.slice(1);
    const duplicates = rows.filter((r) => r[col('Check')] === 'duplicate_record').map((r) => r[col('Record ID')]);
    expect(duplicates).toEqual(expect.arrayContaining(['8001', '8002']));
    // the values are quoted back as they are, in every check that reads them
    for (const check of ['lifecycle_mismatch', 'inactive_owner', 'record_rule_violation']) {
      expect(
        rows.some((r) => r[col('Check')] === check && r[col('Current value')] === 'constructor'),
        check,
      ).toBe(true);
    }
    // a person approves every proposal that has a value, and the run goes on: log, exports, report
    for (const r of rows) if (r[col('Proposed value')] !== '') r[col('Decision')] = 'Approve';
    m.files['o/review.csv'] = toCsv(review);
    expect(runCli(['review', 'export.csv', '--rules', 'rules.json', '--out', 'o'], m.io)).toBe(0);
    expect(m.err).toEqual([]);
    expect(parseCsv(m.files['o/decision-log.csv']!).length).toBeGreaterThan(1);
    expect(m.files['o/approved-changes.csv']).toBeDefined();
    expect(m.files['o/report.html']).toContain('constructor');
  });
});
