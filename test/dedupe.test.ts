import { describe, expect, it } from 'vitest';
import { approvedMerges } from '../src/core/decisions/export';
import { comparePreparedRaw, defaultMatchConfig, linkRecords, type MatchValues } from '../src/core/checks/dedupe/engine';
import { companyCore, companyTokens, domainLabel, email, givenName, phone, soundex } from '../src/core/checks/dedupe/normalize';
import { editDistance, jaroWinkler, tokenSimilarity } from '../src/core/checks/dedupe/similarity';
import { contact, teamRules } from './fixtures';
import { byCheck, reviewOf } from './helpers';

const person = defaultMatchConfig('person');
const groupsOf = (values: MatchValues[]) => linkRecords(values, person).groups.map((g) => g.members);

describe('normalisers and similarity', () => {
  it('normalise email, phone, names and companies the way CRMs collect them', () => {
    expect(email('  Jane.Doe+news@GoogleMail.com ')).toBe('janedoe@gmail.com');
    expect(email('jane.doe+x@acme.com')).toBe('jane.doe@acme.com');
    expect(phone('+44 20 7946 0018')).toBe(phone('020 7946 0018'));
    expect(givenName('Bob')).toBe('robert');
    expect(companyTokens('Acme, Inc.')).toEqual(['acme']);
    expect(companyTokens('Koninklijke Philips N.V.')).toEqual(['koninklijke', 'philips']);
    expect(companyCore(companyTokens('Philips Electronics GmbH'))).toEqual(['philips']);
    expect(domainLabel('https://www.acme-analytics.co.uk/about')).toBe('acmeanalytics');
    expect(soundex('Philips')).toBe(soundex('Phillips'));
  });

  it('measure similarity', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(tokenSimilarity(['brocades', 'gist'], ['gistbrocades'])).toBe(1);
    expect(tokenSimilarity(['unilever'], ['uniliver'])).toBeGreaterThan(0.9);
    expect(tokenSimilarity(['initech', 'energy'], ['wayne', 'energy'])).toBe(0.5);
  });
});

describe('known duplicates are grouped', () => {
  const base = { firstName: 'Katherine', lastName: 'Johnson', email: 'k.johnson@nasa.example', phone: '+1 757 555 0100', company: 'NASA Langley' };
  const stranger = { firstName: 'Dorothy', lastName: 'Vaughan', email: 'dvaughan@nasa.example', phone: '+1 757 555 0199', company: 'NASA Langley' };

  it.each<[string, MatchValues]>([
    ['case and white space in the email', { ...base, email: '  K.JOHNSON@NASA.EXAMPLE ', phone: '' }],
    ['a transposed letter in the name', { ...base, lastName: 'Jonhson', email: '' }],
    ['the same phone in another format', { ...base, email: '', phone: '7575550100' }],
    ['the same name and company with a missing email', { ...base, email: '', phone: '' }],
    ['a nickname', { ...base, firstName: 'Kate', email: '', phone: '' }],
    ['first and last name swapped', { ...base, firstName: 'Johnson', lastName: 'Katherine', email: '' }],
  ])('%s', (_kind, variant) => {
    expect(groupsOf([base, stranger, variant])).toEqual([[0, 2]]);
  });
});

describe('look-alikes are not grouped', () => {
  it('people with the same name at different companies', () => {
    const a = { firstName: 'John', lastName: 'Smith', email: 'john.smith@acme.example', phone: '+1 212 555 0101', company: 'Acme Analytics' };
    const b = { firstName: 'John', lastName: 'Smith', email: 'jsmith@globex.example', phone: '+1 415 555 0199', company: 'Globex Foods' };
    expect(groupsOf([a, b])).toEqual([]);
  });

  it('colleagues at one company', () => {
    const a = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@engines.example', phone: '+44 20 7946 0001', company: 'Analytical Engines' };
    const b = { firstName: 'Charles', lastName: 'Babbage', email: 'charles@engines.example', phone: '+44 20 7946 0002', company: 'Analytical Engines' };
    const c = { firstName: 'Mary', lastName: 'Somerville', email: 'mary@engines.example', phone: '', company: 'Analytical Engines' };
    expect(groupsOf([a, b, c])).toEqual([]);
  });

  it('one weak link does not merge two groups', () => {
    // John and Mary each appear twice; one record of each gives the family mailbox
    const john1 = { firstName: 'John', lastName: 'Smith', email: 'smiths@gmail.com', phone: '+1 212 555 0101' };
    const john2 = { firstName: 'John', lastName: 'Smith', email: 'john.smith@acme.example', phone: '+1 212 555 0101' };
    const mary1 = { firstName: 'Mary', lastName: 'Smith', email: 'smiths@gmail.com', phone: '+1 212 555 0202' };
    const mary2 = { firstName: 'Mary', lastName: 'Smith', email: 'mary.smith@globex.example', phone: '+1 212 555 0202' };
    const weak = comparePreparedRaw(john1, mary1, person);
    expect(weak.score).toBeGreaterThanOrEqual(person.threshold);
    const result = linkRecords([john1, john2, mary1, mary2], person);
    expect(result.groups.map((g) => g.members)).toEqual([[0, 1], [2, 3]]);
    expect(result.possible.some((p) => p.a === 0 && p.b === 2)).toBe(true);
  });
});

describe('duplicate_record in the review', () => {
  const a = contact({ 'Record ID': '701', 'First Name': 'Katherine', 'Last Name': 'Johnson', Email: 'k.johnson@nasa.example', 'Phone Number': '+1 757 555 0100', 'Company Name': 'NASA', 'Country/Region': '', 'Create Date': '2025-01-01 10:00' });
  const b = contact({ 'Record ID': '702', 'First Name': 'Katherine', 'Last Name': 'Johnson', Email: ' K.JOHNSON@NASA.EXAMPLE', 'Phone Number': '', 'Company Name': 'NASA', 'Country/Region': 'United Kingdom', 'Create Date': '2026-06-01 10:00' });

  it('flags every record of the group, names the survivor by the stated rule, and lists fields to keep', () => {
    const rows = byCheck(reviewOf([a, b, contact()]), 'duplicate_record');
    expect(rows.map((r) => [r.recordId, r.field, r.proposedValue, r.qa])).toEqual([
      ['701', 'Record ID', 'Keep as survivor', ''],
      ['702', 'Record ID', 'Merge into 701', ''],
    ]);
    expect(rows[1]!.evidence).toMatch(/^Duplicate group of 2: this record and 701\. Compared with 701: Email 1\.00 \(same address \(case, spaces and plus-tags ignored\), \+7\.0\); First Name 1\.00 \(Jaro-Winkler, \+3\.0\); Last Name 1\.00 \(Jaro-Winkler, \+4\.0\); Company Name 1\.00/);
    expect(rows[1]!.evidence).toContain('score 17.0 against the threshold 5 (Rules: duplicates, person defaults).');
    expect(rows[1]!.evidence).toContain('Survivor 701: as complete as the others (14 of 16 fields), and oldest (Create Date 2025-01-01 10:00).');
    expect(rows[1]!.evidence).toMatch(/Fields to keep from this record: Country\/Region\.$/);
    expect(rows[0]!.severity).toBe('Medium');
  });

  it('proposes a possible duplicate with lower severity', () => {
    const c = contact({ 'First Name': 'Katherine', 'Last Name': 'Johnson', Email: '', 'Phone Number': '', 'Company Name': '' });
    const d = contact({ 'First Name': 'Katherine', 'Last Name': 'Jonsen', Email: '', 'Phone Number': '', 'Company Name': '' });
    const rows = byCheck(reviewOf([c, d]), 'duplicate_record');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ severity: 'Low', reason: 'Possible duplicate (below the duplicate threshold)' });
  });

  it('takes its threshold from the Rules', () => {
    expect(byCheck(reviewOf([a, b], teamRules({ duplicates: { threshold: 40, possibleThreshold: 30 } })), 'duplicate_record')).toEqual([]);
  });

  it('exports approved merges apart from field updates', () => {
    const rows = reviewOf([a, b]).map((r) => ({ ...r, decision: 'Approve' as const }));
    expect(approvedMerges(rows)).toEqual([
      ['Survivor ID', 'Merged ID', 'Fields to keep from merged record', 'Issue ID'],
      ['701', '702', 'Country/Region', rows.find((r) => r.recordId === '702' && r.check === 'duplicate_record')!.issueId],
    ]);
    const survivorRejected = rows.map((r) => (r.recordId === '701' && r.check === 'duplicate_record' ? { ...r, decision: 'Reject' as const } : r));
    expect(approvedMerges(survivorRejected)).toHaveLength(1);
  });
});
