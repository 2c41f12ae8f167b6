/**
 * One Salesforce record, one id, whichever way it was exported: a report's 15 characters, a Data Loader's
 * 18, or an 18 a spreadsheet put in capitals (adversarial evaluation of the CLI's weekly flow,
 * 2026-11-27, findings F2 and F4).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { OwnerRoster } from '../src/core/checks/owners';
import { parseCsv, toCsv } from '../src/core/intake/csv';
import { salesforceId18 } from '../src/core/intake/salesforceIds';
import { restoreFromCsv } from '../src/core/text/safeText';
import { memoryIo } from './memoryIo';

describe('salesforceId18', () => {
  it('adds the suffix to a 15-character id, as Salesforce computes it', () => {
    // (Salesforce's own example: 001D000000IRt53 is 001D000000IRt53IAD)
    expect(salesforceId18('001D000000IRt53')).toBe('001D000000IRt53IAD');
    expect(salesforceId18(' 001D000000IRt53 ')).toBe('001D000000IRt53IAD');
    expect(salesforceId18('001D000000IRt53IAD')).toBe('001D000000IRt53IAD');
  });

  it("restores an id flattened to one case from its suffix, and leaves a mixed-case id's case alone", () => {
    expect(salesforceId18('001D000000IRT53IAD')).toBe('001D000000IRt53IAD');
    expect(salesforceId18('001d000000irt53iad')).toBe('001D000000IRt53IAD');
    // a 15-character id has no suffix to restore from: its case is all it has
    expect(salesforceId18('001D000000IRT53')).toBe('001D000000IRT53IAH');
    expect(salesforceId18('001D000000IrT53IAD')).toBe('001D000000IrT53IAD');
    for (const v of ['hello', '51200025', '001D000000IRt5', '001D000000IRt53IA!']) expect(salesforceId18(v)).toBe(v);
  });

  it('finds an owner whose 18-character id a spreadsheet put in capitals (its case is in the suffix)', () => {
    const roster = new OwnerRoster([
      { name: 'Ann', email: 'ann@example.com', active: true, team: 'NA', id: '005D000000IRt53' },
      { name: 'Ben', email: 'ben@example.com', active: false, team: 'NA', id: '005D000000IRT53' },
    ]);
    expect(roster.find('005D000000IRT53IAD')?.name).toBe('Ann');
    expect(roster.find('005d000000irt53iad')?.name).toBe('Ann');
    expect(roster.find('005D000000IRt53IAD')?.name).toBe('Ann');
    expect(roster.find('005D000000IRT53IAH')?.name).toBe('Ben');
    expect(roster.find('005D000000IRT53')?.name).toBe('Ben');
  });

  it('finds a queue by its id in any form, as a user (00G in small letters too)', () => {
    const roster = new OwnerRoster([{ name: 'Inbound Queue', email: '', active: false, team: 'NA', id: '00GD000000Q0001', queue: true }]);
    const full = salesforceId18('00GD000000Q0001');
    for (const form of ['00GD000000Q0001', full, full.toUpperCase(), full.toLowerCase()]) expect(roster.find(form)?.name).toBe('Inbound Queue');
  });
});

describe('a Salesforce export whose ids change form from one week to the next', () => {
  const HEADERS = ['Id', 'FirstName', 'LastName', 'Company', 'Email', 'OwnerId', 'Status', 'LeadSource', 'IsConverted'];
  const ACTIVE = '005D000000Act01';
  const GONE = '005D000000Gon01';
  const rules = {
    preset: 'salesforce-leads',
    asOf: '2026-11-20',
    owners: [
      { name: 'Ann Active', email: 'ann@example.com', active: true, team: 'NA', id: ACTIVE },
      { name: 'Gus Gone', email: 'gus@example.com', active: false, team: 'NA', id: GONE },
    ],
  };
  const ids15 = ['00QD000000aBc01', '00QD000000aBc02', '00QD000000aBc03'];
  const leads = (form: (id: string) => string): string =>
    toCsv([HEADERS, ...ids15.map((id, i) => [form(id), `First${i}`, `Last${i}`, `Company ${i}`, `lead${i}@example.com`, form(GONE), 'Working - Contacted', 'Web', 'false'])]);
  const own = (text: string): string[][] => parseCsv(text).map((r) => r.map(restoreFromCsv));
  const ARGS = ['review', 'leads.csv', '--rules', 'rules.json'];

  it('keeps every Issue ID and decision, exports nothing twice, and says which form the review shows', () => {
    const m = memoryIo({ 'leads.csv': leads(salesforceId18), 'rules.json': JSON.stringify(rules) });
    expect(runCli(ARGS, m.io)).toBe(0);
    const first = own(m.files['out/review.csv']!);
    const [d, check] = ['Decision', 'Check'].map((h) => first[0]!.indexOf(h));
    expect(first.slice(1).filter((r) => r[check!] === 'inactive_owner')).toHaveLength(3);
    // one approved, one rejected, one escalated; the approval exported
    first.slice(1).forEach((r, i) => {
      if (r[check!] === 'inactive_owner') r[d!] = ['Approve', 'Reject', 'Escalate'][i % 3]!;
    });
    m.files['out/review.csv'] = toCsv(first, { raw: true });
    expect(runCli(ARGS, m.io)).toBe(0);
    const decided = own(m.files['out/review.csv']!);
    const exported = own(m.files['out/export-log.csv']!).length;
    expect(exported).toBeGreaterThan(1);
    // next week: a report's 15-character ids, and another week the 18 in capitals
    for (const form of [(id: string) => id, (id: string) => salesforceId18(id).toUpperCase(), (id: string) => salesforceId18(id).toLowerCase()]) {
      m.files['leads.csv'] = leads(form);
      expect(runCli(ARGS, m.io)).toBe(0);
      const again = own(m.files['out/review.csv']!);
      expect(again.slice(1).map((r) => [r[0], r[d!]])).toEqual(decided.slice(1).map((r) => [r[0], r[d!]]));
      expect(m.out.join('\n')).toContain('record ids were read in their 18-character Salesforce form ("Id"');
      expect(m.out.join('\n')).toContain('export (nothing new)');
      expect(own(m.files['out/export-log.csv']!)).toHaveLength(exported);
      // the import file keys records by the 18-character id, which Salesforce imports
      expect(own(m.files['out/review.csv']!)[1]![again[0]!.indexOf('Record ID')]).toBe(salesforceId18(ids15[0]!));
    }
  });

  it("reads in the 18-character form only what has a standard object's key prefix: a name or a sample file's key is no id", () => {
    const csv = toCsv([
      HEADERS,
      ['OpportunityRef1', 'A', 'B', 'C', 'a@example.com', 'IntegrationUser', 'Working - Contacted', 'Web', 'false'],
      [ids15[0]!, 'D', 'E', 'F', 'd@example.com', ACTIVE, 'Working - Contacted', 'Web', 'false'],
    ]);
    const m = memoryIo({
      'leads.csv': csv,
      'rules.json': JSON.stringify({ ...rules, owners: [...rules.owners, { name: 'IntegrationUser', email: 'int@example.com', active: true, team: 'NA' }] }),
    });
    expect(runCli(ARGS, m.io)).toBe(0);
    const review = own(m.files['out/review.csv']!);
    const [id, check] = ['Record ID', 'Check'].map((h) => review[0]!.indexOf(h));
    expect(
      review
        .slice(1)
        .filter((r) => r[check!] === 'inactive_owner')
        .map((r) => r[id!]),
    ).toEqual([]);
    expect(m.out.join('\n')).toContain('1 record id was read in its 18-character Salesforce form');
  });

  it('the same record twice, once in each form, is a repeated id', () => {
    const csv = toCsv([
      HEADERS,
      [ids15[0]!, 'A', 'B', 'C', 'a@example.com', ACTIVE, 'Working - Contacted', 'Web', 'false'],
      [salesforceId18(ids15[0]!), 'A', 'B', 'C', 'a@example.com', ACTIVE, 'Working - Contacted', 'Web', 'false'],
    ]);
    const m = memoryIo({ 'leads.csv': csv, 'rules.json': JSON.stringify(rules) });
    expect(runCli(ARGS, m.io)).toBe(2);
    expect(m.err.at(-1)).toContain('leads.csv: 1 record id appears more than once (rows 2 and 3)');
  });
});
