import { describe, expect, it } from 'vitest';
import { resolveRules } from '../src/core/intake/config';
import { pullSnapshot } from '../src/core/intake/pull';
import type { RulesFile } from '../src/core/intake/rules';
import { readSourceGrid } from '../src/core/intake/source';
import { reviewSnapshot } from '../src/core/review/workflow';

// Salesforce accounts, from an evaluator of organisation exports
const HEADERS = ['Id', 'Name', 'Website', 'Phone', 'OwnerId', 'Type', 'BillingCountry', 'ParentId'];
const file: RulesFile = {
  asOf: '2026-11-20',
  owners: [{ name: 'Ana Lima', email: 'ana@acme.example', active: true, team: 'Sales', id: '005000000000001AAA' }],
};
const review = (rows: string[][], rules: RulesFile = file) => {
  const resolved = resolveRules(rules, HEADERS);
  const snapshot = pullSnapshot(readSourceGrid([HEADERS, ...rows], { sourceName: 'accounts.csv' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'accounts.csv');
  return reviewSnapshot(snapshot, resolved, '2026-11-20').filter((r) => r.check === 'duplicate_record');
};
const OWNER = '005000000000001AAA';

describe('duplicate accounts', () => {
  it("two offices on their countries' sites are two accounts, however alike their names", () => {
    const rows = [
      ['001000000000001AAA', 'Globex GmbH', 'www.globex.de', '+49 30 1234567', OWNER, 'Customer - Direct', 'Germany', ''],
      ['001000000000002AAA', 'Globex SAS', 'www.globex.fr', '+33 1 23456789', OWNER, 'Customer - Direct', 'France', ''],
    ];
    expect(review(rows)).toEqual([]);
    // the same site written two ways is one account's
    const same = review([rows[0]!, ['001000000000003AAA', 'Globex GmbH', 'https://globex.de/kontakt', '+49 30 1234567', OWNER, 'Customer - Direct', 'Germany', '']]);
    expect(same.map((r) => r.proposedValue)).toEqual(['Keep as survivor', 'Merge into 001000000000001AAA']);
  });

  it("a merged record never passes on a field that names the survivor itself (a child account's ParentId)", () => {
    const rows = [
      ['001000000000001AAA', 'Initech Inc', 'www.initech.example', '+1 415 555 0100', OWNER, 'Customer - Direct', 'United States', ''],
      // (less complete than its parent: the parent survives)
      ['001000000000002AAA', 'Initech, Inc.', 'initech.example', '+1 415 555 0100', OWNER, '', '', '001000000000001AAA'],
    ];
    const rows2 = review(rows, { ...file, approvedFields: HEADERS });
    const merged = rows2.find((r) => r.proposedValue.startsWith('Merge into'))!;
    expect(merged.proposedValue).toBe('Merge into 001000000000001AAA');
    expect(merged.evidence).toContain('Fields to keep from this record: none.');
    expect(merged.evidence).not.toContain('ParentId');
  });
});

describe('HubSpot companies: the website beside the domain', () => {
  const H = ['Record ID', 'Company name', 'Company Domain Name', 'Website URL', 'Phone Number', 'Company owner', 'Country/Region', 'Lifecycle Stage'];
  const run = (rows: string[][]) => {
    const resolved = resolveRules({ asOf: '2026-11-20', owners: [{ name: 'Ana Lima', email: 'ana@acme.example', active: true, team: 'Sales' }] }, H);
    const snapshot = pullSnapshot(readSourceGrid([H, ...rows], { sourceName: 'companies.csv' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'companies.csv');
    return { resolved, rows: reviewSnapshot(snapshot, resolved, '2026-11-20') };
  };

  it('is approved, gives a blank domain its proposal, and is compared where the domain is blank', () => {
    const { resolved, rows } = run([
      ['201', 'Northwind Traders', '', 'https://www.northwindtraders.com/', '+1 206 555 0101', 'ana@acme.example', 'United States', 'Customer'],
      ['202', 'Northwind Traders', 'northwindtraders.com', '', '+1 206 555 0101', 'ana@acme.example', 'United States', 'Customer'],
      ['203', 'Contoso', '', '', '+1 206 555 0199', 'ana@acme.example', 'United States', 'Customer'],
    ]);
    expect(resolved.rules.approvedFields).toContain('Website URL');
    const missing = rows.filter((r) => r.check === 'missing_required_field' && r.field === 'Company Domain Name');
    expect(missing.map((r) => [r.recordId, r.proposedValue, r.qa])).toEqual([
      ['201', 'northwindtraders.com', ''],
      ['203', '', 'Not approvable: no proposed value: needs evidence'],
    ]);
    expect(missing[0]!.evidence).toContain('Website URL "https://www.northwindtraders.com/" is the website of "northwindtraders.com".');
    expect(rows.filter((r) => r.check === 'duplicate_record').map((r) => r.recordId)).toEqual(['201', '202']);
  });
});
