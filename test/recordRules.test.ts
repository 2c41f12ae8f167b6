import { describe, expect, it } from 'vitest';
import { resolveRules, type ResolvedRules } from '../src/core/intake/config';
import { type RulesFile, validateRulesFile } from '../src/core/intake/rules';
import { summarise } from '../src/core/report/summary';
import { issueIdFor, type ReviewRow } from '../src/core/review/rows';
import { runChecks } from '../src/core/review/workflow';
import { shortHash } from '../src/core/text/hash';
import { type Contact, contact, HUBSPOT_HEADERS, teamRulesFile } from './fixtures';
import { byCheck, reviewOf } from './helpers';

const EXTRA = ['Lead Type', 'Partner Name', 'Employees', 'Amount', 'Website', 'Domain', 'State/Region', 'Renewal Date'];
const HEADERS = [...HUBSPOT_HEADERS, ...EXTRA];

function resolved(file: RulesFile): ResolvedRules {
  const base = resolveRules(teamRulesFile, HEADERS).rules;
  return resolveRules({ ...teamRulesFile, approvedFields: [...base.approvedFields, ...EXTRA], ...file }, HEADERS);
}

const c = (o: Record<string, string>): Contact => contact(o as Contact);

function violations(contacts: Contact[], file: RulesFile): ReviewRow[] {
  return byCheck(reviewOf(contacts, resolved(file), undefined, HEADERS), 'record_rule_violation');
}

/** Record ids of the violations, in batch order. */
const ids = (rows: ReviewRow[]): string[] => rows.map((r) => r.recordId);

describe('record_rule_violation: require and when', () => {
  const rule = {
    id: 'P-PARTNER',
    header: 'Partner Name',
    when: { 'Lead Type': ['Partner'] },
    require: true as const,
    severity: 'High' as const,
    message: 'A Partner lead needs a Partner Name',
  };

  it('flags exactly the records the rule applies to whose header is empty', () => {
    const blank = c({ 'Lead Type': 'Partner', 'Partner Name': '' });
    const spaces = c({ 'Lead Type': ' partner ', 'Partner Name': '   ' });
    const filled = c({ 'Lead Type': 'Partner', 'Partner Name': 'Acme' });
    const otherType = c({ 'Lead Type': 'Customer', 'Partner Name': '' });
    const noType = c({ 'Lead Type': '', 'Partner Name': '' });
    const rows = violations([blank, spaces, filled, otherType, noType], { recordRules: [rule] });
    expect(ids(rows)).toEqual([blank['Record ID'], spaces['Record ID']]);
    const row = rows[0]!;
    expect(row).toMatchObject({
      field: 'Partner Name',
      proposedValue: '',
      severity: 'High',
      rule: 'recordRules P-PARTNER',
      reason: 'Record rule P-PARTNER: required value is empty',
    });
    expect(row.evidence).toBe(
      '"Partner Name" is empty; the rule requires it (Rules: recordRules P-PARTNER, require). The rule applies because Lead Type is "Partner". Rule message: "A Partner lead needs a Partner Name" No value follows from the rule: needs evidence.',
    );
    expect(row.qa).toBe('Not approvable: no proposed value: needs evidence');
  });

  it('"*" in when matches any non-blank value; a when column missing from the export never matches', () => {
    const typed = c({ 'Lead Type': 'Reseller', 'Partner Name': '' });
    const untyped = c({ 'Lead Type': '', 'Partner Name': '' });
    expect(ids(violations([typed, untyped], { recordRules: [{ ...rule, when: { 'Lead Type': ['*'] } }] }))).toEqual([typed['Record ID']]);
    const file = { recordRules: [{ ...rule, when: { 'Job Title': ['CEO'] } }] };
    expect(violations([c({ 'Lead Type': 'Partner', 'Partner Name': '' })], file)).toEqual([]);
  });

  it('leaves a header the Rules already require to missing_required_field: one problem, one proposal', () => {
    const r = c({ Email: '' });
    const all = reviewOf([r], resolved({ recordRules: [{ id: 'E-REQ', header: 'Email', require: true }] }), undefined, HEADERS);
    expect(byCheck(all, 'missing_required_field').map((x) => x.field)).toEqual(['Email']);
    expect(byCheck(all, 'record_rule_violation')).toEqual([]);
  });

  it('a rule on a column the export lacks does not run; when no rule can, the check is listed as skipped', () => {
    const file = resolved({ recordRules: [rule] });
    expect(byCheck(reviewOf([c({})], file, undefined, HUBSPOT_HEADERS), 'record_rule_violation')).toEqual([]);
    const snapshot = { headers: HUBSPOT_HEADERS, rows: [HUBSPOT_HEADERS.map((h) => c({})[h as keyof Contact] ?? '')] };
    expect(runChecks(snapshot, file, '2026-11-20').skipped).toEqual([
      { check: 'record_rule_violation', reason: "none of the record rules' columns is in the export (recordRules)" },
    ]);
    expect(runChecks(snapshot, resolved({ recordRules: [] }), '2026-11-20').skipped.map((s) => s.check)).not.toContain('record_rule_violation');
  });
});

describe('record_rule_violation: oneOf and aliases', () => {
  const oneOf = ['Partner', 'Customer', 'Prospect'];

  it('oneOf ignores case and spacing and flags only values outside the list (blank is not judged)', () => {
    const ok1 = c({ 'Lead Type': 'partner' });
    const ok2 = c({ 'Lead Type': '  Customer ' });
    const bad1 = c({ 'Lead Type': 'Reseller' });
    const bad2 = c({ 'Lead Type': 'Partner Inc' });
    const blank = c({ 'Lead Type': '' });
    const rows = violations([ok1, bad1, ok2, bad2, blank], { recordRules: [{ id: 'T-TYPE', header: 'Lead Type', oneOf }] });
    expect(ids(rows)).toEqual([bad1['Record ID'], bad2['Record ID']]);
    expect(rows[0]!.evidence).toBe(
      'Lead Type "Reseller" is not one of "Partner", "Customer", "Prospect" (Rules: recordRules T-TYPE, oneOf). No value follows from the rule: needs evidence.',
    );
    expect(rows[0]!.proposedValue).toBe('');
  });

  it('quotes a long list in part', () => {
    const values = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10'];
    const rows = violations([c({ 'Lead Type': 'Z' })], { recordRules: [{ id: 'T-LONG', header: 'Lead Type', oneOf: values }] });
    expect(rows[0]!.evidence).toContain('is not one of "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8" and 2 more (Rules: recordRules T-LONG, oneOf)');
  });

  it('aliases propose the canonical value; the canonical value itself and unknown values are not aliased', () => {
    const prtnr = c({ 'Lead Type': 'prtnr' });
    const reseller = c({ 'Lead Type': ' RESELLER ' });
    const canonical = c({ 'Lead Type': 'Partner' });
    const unknown = c({ 'Lead Type': 'Other' });
    const rules = { recordRules: [{ id: 'T-TYPE', header: 'Lead Type', oneOf, aliases: { Prtnr: 'Partner', Reseller: 'Partner', cust: 'Customer' } }] };
    const rows = violations([prtnr, reseller, canonical, unknown], rules);
    expect(rows.map((r) => [r.recordId, r.proposedValue])).toEqual([
      [prtnr['Record ID'], 'Partner'],
      [reseller['Record ID'], 'Partner'],
      [unknown['Record ID'], ''],
    ]);
    expect(rows[0]!.evidence).toBe('Lead Type "prtnr" is a known variant of "Partner" (Rules: recordRules T-TYPE, aliases). Proposed "Partner": the value the rule determines.');
    expect(rows[0]!.qa).toBe('');
    // without oneOf, only the variants are flagged
    expect(ids(violations([prtnr, unknown], { recordRules: [{ id: 'T-ALIAS', header: 'Lead Type', aliases: { prtnr: 'Partner' } }] }))).toEqual([prtnr['Record ID']]);
  });
});

describe('record_rule_violation: formats', () => {
  // [format, header, value, flagged?, proposal]
  const cases: [string, string, string, boolean, string][] = [
    ['email', 'Email', 'ada@analytical.example', false, ''],
    ['email', 'Email', 'Ada@Analytical.Example', false, ''],
    ['email', 'Email', 'mailto:Ada@x.io', true, 'ada@x.io'],
    ['email', 'Email', 'ada@analytical', true, ''],
    ['email', 'Email', 'ada.analytical.example', true, ''],
    ['phone', 'Phone Number', '+44 20 7946 0958', false, ''],
    ['phone', 'Phone Number', '+442079460958', false, ''],
    ['phone', 'Phone Number', '020 7946 0958', true, '+442079460958'],
    ['phone', 'Phone Number', '+44 20 7946 0958 ext 3', true, ''],
    ['phone', 'Phone Number', 'call reception', true, ''],
    ['url', 'Website', 'https://acme.example/about', false, ''],
    ['url', 'Website', 'https://acme', true, ''],
    ['url', 'Website', 'www.acme.example', true, ''],
    // a CRM's Website field as typed: the scheme is optional, the host must still be a domain
    ['website', 'Website', 'www.burlington.com', false, ''],
    ['website', 'Website', 'dickenson-consulting.com/about?x=1', false, ''],
    ['website', 'Website', 'https://acme.example:8443/', false, ''],
    ['website', 'Website', 'www.expressl&t.net', true, ''],
    ['website', 'Website', 'acme', true, ''],
    ['website', 'Website', 'see LinkedIn', true, ''],
    ['website', 'Website', 'ftp://acme.example', true, ''],
    ['website', 'Website', 'bücher.de', false, ''],
    ['website', 'Website', 'https://www.müller.de/kontakt', false, ''],
    ['website', 'Website', 'example.com:99999', true, ''],
    ['url', 'Website', 'https://acme.example:99999', true, ''],
    ['website', 'Website', 'हिन्दी.com', false, ''],
    ['website', 'Website', 'เว็บ.ไทย', false, ''],
    ['url', 'Website', 'https://भारत.भारत/', false, ''],
    ['website', 'Website', 'example.com:0', true, ''],
    ['domain', 'Domain', 'acme.example', false, ''],
    ['domain', 'Domain', 'https://www.Acme.example/about', true, 'acme.example'],
    ['domain', 'Domain', 'www.acme.example', true, 'acme.example'],
    ['domain', 'Domain', 'acme', true, ''],
    ['isoDate', 'Renewal Date', '2026-12-01', false, ''],
    ['isoDate', 'Renewal Date', '2026-12-01T10:00:00Z', false, ''],
    ['isoDate', 'Renewal Date', '12/31/2026', true, '2026-12-31'],
    ['isoDate', 'Renewal Date', 'next spring', true, ''],
    ['integer', 'Employees', '120', false, ''],
    ['integer', 'Employees', '1,200', true, '1200'],
    ['integer', 'Employees', '12.5', true, ''],
    ['decimal', 'Amount', '1234.50', false, ''],
    ['decimal', 'Amount', '$1,234.50', true, '1234.50'],
    ['decimal', 'Amount', 'a lot', true, ''],
    ['country', 'Country/Region', 'Germany', false, ''],
    ['country', 'Country/Region', 'usa', false, ''],
    ['country', 'Country/Region', 'Untied States', true, ''],
    ['country', 'Country/Region', 'Narnia', true, ''],
    ['usState', 'State/Region', 'CA', false, ''],
    ['usState', 'State/Region', 'California', false, ''],
    ['usState', 'State/Region', 'Calif.', true, ''],
  ];

  it.each(cases)('%s on %s: %j flagged=%s proposal=%j', (format, header, value, flagged, proposal) => {
    const good = c({});
    const r = c({ [header]: value });
    const rows = violations([good, r], { recordRules: [{ id: 'F-1', header, format: format as 'email' }] });
    expect(ids(rows)).toEqual(flagged ? [r['Record ID']] : []);
    if (flagged) {
      expect(rows[0]!.proposedValue).toBe(proposal);
      expect(rows[0]!.evidence).toContain(`(Rules: recordRules F-1, format ${format})`);
      expect(rows[0]!.evidence).toContain(proposal ? `Proposed "${proposal}"` : 'needs evidence');
    }
  });

  it("a national phone number is made international with the record's country, else the standard's default country", () => {
    const us = c({ 'Country/Region': 'United States', 'Phone Number': '(415) 555-0132' });
    const unknownCountry = c({ 'Country/Region': '', 'Phone Number': '(415) 555-0132' });
    const rule = { id: 'C-PHONE', header: 'Phone Number', format: 'phone' as const };
    const without = violations([us, unknownCountry], { recordRules: [rule] });
    expect(without.map((r) => r.proposedValue)).toEqual(['+14155550132', '']);
    expect(without[1]!.evidence).toContain('is not an international phone number (+ country code): it is a national number and no country is known to make it international');
    const withDefault = violations([unknownCountry], { recordRules: [rule], standards: { phone: { defaultCountry: 'US' } } });
    expect(withDefault.map((r) => r.proposedValue)).toEqual(['+14155550132']);
  });

  it('surrounding spaces never reach the rules: the pull trims every value', () => {
    const r = c({ 'Country/Region': ' Germany ', Email: ' ada@analytical.example ' });
    expect(
      violations([r], {
        recordRules: [
          { id: 'C', header: 'Country/Region', format: 'country' },
          { id: 'E', header: 'Email', format: 'email' },
        ],
      }),
    ).toEqual([]);
  });

  it('skips masked values: a mask says nothing a rule can judge', () => {
    const r = c({ Employees: '4111 1111 1111 1111' });
    expect(violations([r], { recordRules: [{ id: 'N', header: 'Employees', format: 'integer' }] })).toEqual([]);
  });
});

describe('record_rule_violation: date order', () => {
  it("notBefore flags a date before the other header's date, and an unreadable date; the same day is fine", () => {
    const before = c({ 'Create Date': '2026-01-10 09:00', 'Renewal Date': '2025-12-31' });
    const sameDay = c({ 'Create Date': '2026-01-10 09:00', 'Renewal Date': '2026-01-10' });
    const after = c({ 'Create Date': '2026-01-10 09:00', 'Renewal Date': '2027-01-01' });
    const blank = c({ 'Create Date': '2026-01-10 09:00', 'Renewal Date': '' });
    const unreadable = c({ 'Create Date': '2026-01-10 09:00', 'Renewal Date': 'soon' });
    const otherBlank = c({ 'Create Date': '', 'Renewal Date': '2020-01-01' });
    const rows = violations([before, sameDay, after, blank, unreadable, otherBlank], { recordRules: [{ id: 'D-RENEW', header: 'Renewal Date', notBefore: 'Create Date' }] });
    expect(ids(rows)).toEqual([before['Record ID'], unreadable['Record ID']]);
    expect(rows[0]!.evidence).toBe(
      'Renewal Date "2025-12-31" is before Create Date "2026-01-10 09:00" (Rules: recordRules D-RENEW, notBefore Create Date). No value follows from the rule: needs evidence.',
    );
    expect(rows[1]!.reason).toBe('Record rule D-RENEW: date cannot be read');
  });

  it("reads a two-way date by its column's proof, else by the export's dates; a column proven both ways leaves it ambiguous", () => {
    const rule = { recordRules: [{ id: 'D', header: 'Renewal Date', notBefore: 'Create Date' }] };
    // Create Date's 20/01 proves the export writes day first: Renewal Date's 03/04 is 3 April, after 10 March
    const created = { 'Create Date': '20/01/2026' };
    const twoWay = c({ 'Create Date': '10/03/2026', 'Renewal Date': '03/04/2026' });
    expect(violations([c(created), twoWay], rule)).toEqual([]);
    // read month first (4 March, 3 October) the renewal would be before its creation
    const monthFirst = c({ 'Create Date': '10/13/2026', 'Renewal Date': '03/04/2026' });
    expect(ids(violations([c({ 'Create Date': '12/25/2026' }), monthFirst], rule))).toEqual([monthFirst['Record ID']]);
    // Renewal Date's own values read both ways (25/12 and 12/25): its 03/04 has no one reading, whatever Create Date says
    const mixed = [c({ ...created, 'Renewal Date': '25/12/2026' }), c({ ...created, 'Renewal Date': '12/25/2026' }), twoWay];
    const rows = violations(mixed, rule);
    expect(ids(rows)).toEqual([twoWay['Record ID']]);
    expect(rows[0]!.evidence).toContain('Renewal Date "03/04/2026" is an ambiguous date (day and month could be swapped)');
  });

  it("notAfter flags a date after the other header's date", () => {
    const late = c({ 'Create Date': '2026-12-01', 'Last Modified Date': '2026-11-18 09:00' });
    const fine = c({});
    const rows = violations([late, fine], { recordRules: [{ id: 'D-CREATE', header: 'Create Date', notAfter: 'Last Modified Date' }] });
    expect(ids(rows)).toEqual([late['Record ID']]);
    expect(rows[0]!.evidence).toContain('is after Last Modified Date "2026-11-18 09:00"');
  });
});

describe('record_rule_violation: Issue IDs and one proposal per record, rule and header', () => {
  it('two rules on one header of one record give two rows with distinct, stable Issue IDs', () => {
    const r = c({ 'Lead Type': 'Reseller' });
    const file = {
      recordRules: [
        { id: 'T-ONE', header: 'Lead Type', oneOf: ['Partner'] },
        { id: 'T-TWO', header: 'Lead Type', oneOf: ['Customer'] },
      ],
    };
    const first = violations([r], file);
    expect(first.map((x) => x.rule)).toEqual(['recordRules T-ONE', 'recordRules T-TWO']);
    expect(new Set(first.map((x) => x.issueId)).size).toBe(2);
    expect(violations([r], file).map((x) => x.issueId)).toEqual(first.map((x) => x.issueId));
    expect(first[0]!.issueId).toBe(issueIdFor(r['Record ID']!, 'record_rule_violation', 'Lead Type', 'recordRules T-ONE'));
    expect(new Set(first.map((x) => x.evidenceId)).size).toBe(2);
  });

  it('a date-order decision rests on the other date too: its Evidence ID changes with it', () => {
    const rule = { recordRules: [{ id: 'D', header: 'Renewal Date', notBefore: 'Create Date' }] };
    const before = violations([c({ 'Record ID': '77', 'Create Date': '2026-01-10', 'Renewal Date': '2025-12-31' })], rule)[0]!;
    const after = violations([c({ 'Record ID': '77', 'Create Date': '2026-01-11', 'Renewal Date': '2025-12-31' })], rule)[0]!;
    expect(after.issueId).toBe(before.issueId);
    expect(after.evidenceId).not.toBe(before.evidenceId);
  });

  it("keeps every other check's Issue ID formula unchanged, even when its finding names a rule", () => {
    const old = `RG-${shortHash('42\u0000routing_exception\u0000contact owner')}`;
    expect(issueIdFor('42', 'routing_exception', 'Contact owner')).toBe(old);
    expect(issueIdFor('42', 'routing_exception', 'Contact owner', 'routing R-EMEA')).toBe(old);
  });

  it("adding record rules changes no other check's rows or Issue IDs", () => {
    const batch = [c({ Email: '' }), c({ 'Contact owner': 'Ian Clarke', 'Lead Type': 'Reseller' }), c({ 'Lead Source': 'Unknown', 'Country/Region': 'usa' })];
    const others = (rows: ReviewRow[]): string[] => rows.filter((r) => r.check !== 'record_rule_violation').map((r) => `${r.issueId} ${r.check} ${r.field} ${r.proposedValue}`);
    const without = reviewOf(batch, resolved({ recordRules: [] }), undefined, HEADERS);
    const withRules = reviewOf(
      batch,
      resolved({ recordRules: [{ id: 'T', header: 'Lead Type', oneOf: ['Partner'] }], standards: { country: { form: 'name' } } }),
      undefined,
      HEADERS,
    );
    expect(withRules.length).toBeGreaterThan(without.length);
    expect(others(withRules)).toEqual(others(without));
  });

  it('a rule breaking several requirements gives one proposal (the first it breaks)', () => {
    const r = c({ 'Lead Type': 'prtnr' });
    const rows = violations([r], { recordRules: [{ id: 'T', header: 'Lead Type', oneOf: ['Partner'], aliases: { prtnr: 'Partner' }, format: 'integer' }] });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.proposedValue).toBe('Partner');
  });
});

describe('standards', () => {
  it('country: rewrites recognised variants to the chosen form; leaves unknown values and the standard spelling alone', () => {
    const usa = c({ 'Country/Region': 'usa' });
    const uk = c({ 'Country/Region': 'UK' });
    const fine = c({ 'Country/Region': 'United Kingdom' });
    const unknown = c({ 'Country/Region': 'Narnia' });
    const rows = violations([usa, uk, fine, unknown], { recordRules: [], standards: { country: { form: 'name' } } });
    expect(rows.map((r) => [r.recordId, r.proposedValue])).toEqual([
      [usa['Record ID'], 'United States'],
      [uk['Record ID'], 'United Kingdom'],
    ]);
    expect(rows[0]).toMatchObject({ field: 'Country/Region', severity: 'Low', rule: 'standards country', reason: 'Standard spelling: country' });
    expect(rows[0]!.evidence).toBe('Country/Region "usa" is written "United States" in the standard form (Rules: standards country, name). Proposed "United States".');
    const alpha2 = violations([fine], { recordRules: [], standards: { country: { form: 'alpha2' } } });
    expect(alpha2.map((r) => r.proposedValue)).toEqual(['GB']);
  });

  it('phone, email, legal form and US state standards on their columns', () => {
    const r = c({
      'Country/Region': 'United States',
      'Phone Number': '(415) 555-0132',
      Email: ' Ada@Analytical.Example',
      'Company Name': 'Analytical Engines incorporated',
      'State/Region': 'California',
    });
    const clean = c({ 'Country/Region': 'United States', 'Phone Number': '+14155550132', Email: 'ada@x.example', 'Company Name': 'Analytical Engines Inc.', 'State/Region': 'CA' });
    const rows = violations([r, clean], { recordRules: [], standards: { phone: {}, email: {}, legalForm: {}, usState: { form: 'code', headers: ['State/Region'] } } });
    expect(rows.map((x) => [x.recordId, x.field, x.proposedValue]).sort()).toEqual([
      [r['Record ID'], 'Company Name', 'Analytical Engines Inc.'],
      [r['Record ID'], 'Email', 'ada@analytical.example'],
      [r['Record ID'], 'Phone Number', '+14155550132'],
      [r['Record ID'], 'State/Region', 'CA'],
    ]);
  });

  it('email: wrappers and capitals are rewritten; a lower-case bare address, valid or not, is left alone', () => {
    const mailto = c({ Email: 'mailto:ada@x.example' });
    const named = c({ Email: 'Ada <ada@x.example>' });
    const accented = c({ Email: 'ÉMILE@x.example' });
    const fine = c({ Email: 'ada.b@x.example' });
    const broken = c({ Email: 'ada@' });
    const rows = violations([mailto, named, accented, fine, broken], { recordRules: [], standards: { email: {} } });
    expect(rows.map((x) => [x.recordId, x.proposedValue])).toEqual([
      [mailto['Record ID'], 'ada@x.example'],
      [named['Record ID'], 'ada@x.example'],
      [accented['Record ID'], 'émile@x.example'],
    ]);
  });

  it('a value a rule already flagged keeps that single proposal', () => {
    const r = c({ 'Country/Region': 'usa' });
    const rows = violations([r], { recordRules: [{ id: 'C', header: 'Country/Region', aliases: { usa: 'United States of America' } }], standards: { country: { form: 'name' } } });
    expect(rows.map((x) => [x.rule, x.proposedValue])).toEqual([['recordRules C', 'United States of America']]);
  });
});

describe('recordRules and standards validation', () => {
  it.each([
    [{ recordRules: [{ id: 'N', header: 'Notes', require: true }] }, 'rules key "recordRules[0].header": "Notes" cannot be used in a rule: it is blocked: free-text notes'],
    [
      { recordRules: [{ id: 'N', header: 'Secret Score', require: true }] },
      'rules key "recordRules[0].header": "Secret Score" cannot be used in a rule: it is blocked: secret or credential',
    ],
    [{ recordRules: [{ id: 'N', header: 'Fax', require: true }] }, 'rules key "recordRules[0].header": "Fax" cannot be used in a rule: it is not an approved field'],
    [
      { recordRules: [{ id: 'N', header: 'Email', when: { 'Date of Birth': ['*'] }, require: true }] },
      'rules key "recordRules[0].when.Date of Birth": "Date of Birth" cannot be used in a rule: it is blocked: date of birth',
    ],
    [{ recordRules: [{ id: 'N', header: 'Renewal Date', notBefore: 'Fax' }] }, 'rules key "recordRules[0].notBefore": "Fax" cannot be used in a rule: it is not an approved field'],
    [{ recordRules: [{ id: 'N', header: 'Renewal Date', notAfter: 'Renewal Date' }] }, 'rules key "recordRules[0].notAfter": record rule N compares "Renewal Date" with itself'],
    [
      { blockedFields: ['partner*'], recordRules: [{ id: 'N', header: 'Partner Name', require: true }] },
      'rules key "recordRules[0].header": "Partner Name" cannot be used in a rule: it is blocked by the team\'s pattern "partner*"',
    ],
    [{ standards: { email: { headers: ['Notes'] } } }, 'rules key "standards.email.headers[0]": "Notes" cannot be used in a rule: it is blocked: free-text notes'],
    [{ standards: { phone: { defaultCountry: 'Atlantis' } } }, 'rules key "standards.phone.defaultCountry": "Atlantis" is not a known country'],
    [
      {
        recordRules: [
          { id: 'A', header: 'Email', require: true },
          { id: 'a', header: 'Lead Type', require: true },
        ],
      },
      'rules key "recordRules[1].id": record rule id "a" is used twice',
    ],
    [{ recordRules: [{ id: 'A', header: 'Email' }] }, 'rules key "recordRules[0]": record rule A requires nothing'],
    [
      { recordRules: [{ id: 'A', header: 'Lead Type', oneOf: ['Partner'], aliases: { cust: 'Customer' } }] },
      'rules key "recordRules[0].aliases.cust": alias "cust" means "Customer", which is not one of the rule\'s oneOf values',
    ],
    [{ recordRules: [{ id: 'A', header: 'Lead Type', oneOf: ['Partner; Customer'] }] }, 'rules key "recordRules[0].oneOf[0]": value "Partner; Customer" contains ";"'],
    [{ recordRules: [{ id: 'A', header: 'Lead Type', aliases: { 'a=b': 'Partner' } }] }, 'rules key "recordRules[0].aliases.a=b": alias "a=b" contains "="'],
  ])('refuses a rule naming the key: %j', (file, message) => {
    expect(() => resolved(file as RulesFile)).toThrow(message);
  });

  it.each([
    [{ recordRules: [{ id: 'P PARTNER', header: 'Email', require: true }] }, 'rules key "recordRules[0].id": a record rule id is one word'],
    [{ recordRules: [{ id: 'P', header: 'Email', format: 'regex' }] }, 'rules key "recordRules[0].format": expected a format: email, phone, url'],
    [{ recordRules: [{ id: 'P', header: 'Email', pattern: '^a.*$' }] }, 'rules key "recordRules[0]": unknown key "pattern"'],
    [{ recordRules: [{ id: 'P', header: 'Email', require: false }] }, 'rules key "recordRules[0].require": expected true'],
    [{ recordRules: [{ id: 'P', header: 'Email', format: 'email', severity: 'Urgent' }] }, 'rules key "recordRules[0].severity": expected Low, Medium or High'],
    [{ recordRules: [{ id: 'P', header: 'Email', oneOf: [] }] }, 'rules key "recordRules[0].oneOf": expected at least one value'],
    [{ standards: { country: { form: 'long' } } }, 'rules key "standards.country.form": expected name, alpha2'],
    [{ standards: { usState: { form: 'code' } } }, 'rules key "standards.usState.headers"'],
    [{ standards: { fax: {} } }, 'rules key "standards": unknown key "fax"'],
  ])('schema names the key: %j', (file, message) => {
    expect(() => validateRulesFile(file)).toThrow(message);
  });
});

describe('summary: per record rule', () => {
  it('counts proposals and decisions per rule, with decisions joined through the gate', () => {
    const a = c({ 'Lead Type': 'Reseller', 'Country/Region': 'usa' });
    const b = c({ 'Lead Type': 'Other' });
    const r = resolved({ recordRules: [{ id: 'T-TYPE', header: 'Lead Type', oneOf: ['Partner'] }], standards: { country: { form: 'name' } } });
    const fresh = reviewOf([a, b], r, undefined, HEADERS);
    const decided = fresh.map((x) => (x.recordId === b['Record ID'] && x.check === 'record_rule_violation' ? { ...x, decision: 'Reject' as const } : x));
    const rows = reviewOf([a, b], r, decided, HEADERS);
    const batch = { batchId: 'b', pulledAt: 'p', asOf: '2026-11-20', recordsReviewed: 2 };
    expect(summarise(rows, batch).perRecordRule).toEqual({
      'recordRules T-TYPE': { proposals: 2, approved: 0, rejected: 1, escalated: 0, pending: 1, rejectionShare: 1 },
      'standards country': { proposals: 1, approved: 0, rejected: 0, escalated: 0, pending: 1, rejectionShare: 0 },
    });
    expect(summarise(rows, batch).perCheck.record_rule_violation.proposals).toBe(3);
    expect(
      summarise(
        rows.filter((x) => x.check !== 'record_rule_violation'),
        batch,
      ).perRecordRule,
    ).toEqual({});
  });
});

describe('record_rule_violation: when on the country column', () => {
  const rule = { id: 'US-PARTNER', header: 'Partner Name', when: { 'Country/Region': ['United States'] }, require: true as const };

  it('applies to a country however it is written, as routing reads it', () => {
    const written = ['United States', 'US', 'USA', 'U.S.A.', 'united states of america'].map((country) => c({ 'Country/Region': country, 'Partner Name': '' }));
    const elsewhere = ['Canada', 'GB', '', 'Atlantis'].map((country) => c({ 'Country/Region': country, 'Partner Name': '' }));
    expect(ids(violations([...written, ...elsewhere], { recordRules: [rule] }))).toEqual(written.map((x) => x['Record ID']));
  });

  it('reads a rule naming part of a country as that part: Northern Ireland is not all of the UK, the UK holds England', () => {
    const ni = { ...rule, when: { 'Country/Region': ['Northern Ireland'] } };
    const uk = { ...rule, when: { 'Country/Region': ['United Kingdom'] } };
    const records = ['England', 'Scotland', 'Northern Ireland', 'United Kingdom', 'UK', 'Wales', 'Ireland'].map((country) => c({ 'Country/Region': country, 'Partner Name': '' }));
    expect(ids(violations(records, { recordRules: [ni] }))).toEqual([records[2]!['Record ID']]);
    expect(ids(violations(records, { recordRules: [uk] }))).toEqual(records.slice(0, 6).map((x) => x['Record ID']));
  });

  it('compares text on any other column: "US" there is not "United States"', () => {
    const other = { ...rule, when: { 'Lead Type': ['United States'] } };
    const us = c({ 'Lead Type': 'US', 'Partner Name': '' });
    const spelled = c({ 'Lead Type': 'united states', 'Partner Name': '' });
    expect(ids(violations([us, spelled], { recordRules: [other] }))).toEqual([spelled['Record ID']]);
  });
});
