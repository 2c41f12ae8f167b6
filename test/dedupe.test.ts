import { describe, expect, it } from 'vitest';
import { approvedMerges } from '../src/core/decisions/export';
import { encode, rolesOf, columnsOf, wordsLevel } from '../src/core/checks/dedupe/comparisons';
import { blocking, compareRaw, defaultMatchConfig, linkRecords, type MatchValues } from '../src/core/checks/dedupe/engine';
import { companyCore, companyTokens, domainLabel, email, generation, givenName, phone, registrableDomain, soundex, surname } from '../src/core/checks/dedupe/normalize';
import { editDistance, jaroWinkler } from '../src/core/checks/dedupe/similarity';
import { contact, teamRules } from './fixtures';
import { byCheck, reviewOf } from './helpers';

const person = defaultMatchConfig('person');
const groupsOf = (values: MatchValues[]) => linkRecords(values, person).groups.map((g) => g.members);
const words = (a: string, b: string): number => {
  const x = companyCore(companyTokens(a)).sort();
  const y = companyCore(companyTokens(b)).sort();
  return wordsLevel(x, y, x.join(''), y.join(''));
};

describe('normalisers and similarity', () => {
  it('normalise email, phone, names and companies the way CRMs collect them', () => {
    expect(email('  Jane.Doe+news@GoogleMail.com ')).toBe('janedoe@gmail.com');
    expect(email('jane.doe+x@acme.com')).toBe('jane.doe@acme.com');
    expect(email('not an address')).toBe('');
    expect(phone('+44 20 7946 0018')).toBe(phone('020 7946 0018'));
    expect(phone('12 34')).toBe('');
    expect(givenName('Bob')).toBe('robert');
    expect(companyTokens('Acme, Inc.')).toEqual(['acme']);
    expect(companyTokens('Koninklijke Philips N.V.')).toEqual(['koninklijke', 'philips']);
    expect(companyCore(companyTokens('Philips Electronics GmbH'))).toEqual(['philips']);
    expect(domainLabel('https://www.acme-analytics.co.uk/about')).toBe('acmeanalytics');
    // a website as the organisation's domain: its ending kept, a personal provider's none
    expect(registrableDomain('https://www.acme-analytics.co.uk/about')).toBe('acmeanalytics.co.uk');
    expect(registrableDomain('WWW.Globex.de')).toBe('globex.de');
    expect(registrableDomain('globex.fr/kontakt')).toBe('globex.fr');
    expect(registrableDomain('gmail.com')).toBe('');
    expect(registrableDomain('')).toBe('');
    expect(soundex('Philips')).toBe(soundex('Phillips'));
    // a surname's generational suffix: weighed apart, not compared as letters
    expect([generation('Smith Jr.'), generation('Doe, II'), generation('Lee Sr'), generation('King III'), generation('Ford 4th')]).toEqual([1, 1, 2, 3, 4]);
    expect([surname('Smith Jr.'), surname('SMITH, junior'), surname('Van der Berg III')]).toEqual(['smith', 'smith', 'vanderberg']);
    expect([generation('Ii'), generation('Sr-Lopez'), generation('Smith'), generation('Jr Smith')]).toEqual([0, 0, 0, 0]);
    // any white space sets a suffix off (a non-breaking space from a spreadsheet, a tab)
    expect([generation('Smith\u00a0Jr'), generation('Smith\tIII'), surname('Smith\u00a0Jr')]).toEqual([1, 3, 'smith']);
    expect(surname('Ii')).toBe('ii');
  });

  it('measure similarity', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });

  it('compares company names by words: the same words, one name inside the other, a word in common, none', () => {
    expect(words('Gist-Brocades', 'Brocades Gist')).toBe(1);
    expect(words('Unilever', 'Uniliver N.V.')).toBe(1);
    // containment is not identity: "Tidal" inside "Tidal Foods" is its own, weaker level
    expect(words('Tidal GmbH', 'Tidal Foods')).toBe(2);
    expect(words('Initech Energy', 'Wayne Energy')).toBe(3);
    expect(words('Initech', 'Globex')).toBe(4);
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

/**
 * Without an email, a phone or a date of birth (what crosses the boundary by default for a form's
 * leads, or Febrl's people), only the name keys and the postcode find a pair to compare. Febrl's
 * default-mode misses were 99% pairs never compared, not pairs scored too low.
 */
describe('blocking on names and postcode alone', () => {
  const where = { city: 'Flemington', postcode: '2477', state: 'QLD' };
  // unrelated records, so the pair is not compared merely because the batch is small
  const fillers: MatchValues[] = ['Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Wirth'].map((last, i) => ({
    firstName: ['Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Niklaus'][i],
    lastName: last,
    city: 'Leeds',
    postcode: `LS${i} 4AP`,
    state: 'West Yorkshire',
  }));
  const compared = (values: MatchValues[]): string[] => {
    const enc = encode(values, rolesOf(columnsOf(values)));
    const { a, b, count } = blocking(enc, 'person');
    return Array.from({ length: count }, (_, p) => `${a[p]},${b[p]}`);
  };
  it.each<[string, MatchValues, MatchValues]>([
    [
      "first and last name swapped at one postcode (the postcode with each name's initial)",
      { firstName: 'Anthony', lastName: 'Beazley', ...where },
      { firstName: 'Beazley', lastName: 'Anthony', ...where },
    ],
    [
      "a first name's initial mistyped (the postcode with the last initial)",
      { firstName: 'Kristen', lastName: 'Lombardi', ...where },
      { firstName: 'Cristen', lastName: 'Lombardi', ...where },
    ],
    ['a first name missing on one side (the postcode with the last initial)', { firstName: 'Rosa', lastName: 'Lombardi', ...where }, { lastName: 'Lombardi', ...where }],
  ])('%s: compared', (_kind, x, y) => {
    expect(compared([...fillers, x, y])).toContain(`${fillers.length},${fillers.length + 1}`);
  });
  it('a swapped name or a mistyped initial at one address is grouped; two first names at one address with nothing else agreeing are at most a possible duplicate (a household)', () => {
    const anthony = { firstName: 'Anthony', lastName: 'Beazley', ...where };
    expect(groupsOf([...fillers, anthony, { firstName: 'Beazley', lastName: 'Anthony', ...where }])).toEqual([[6, 7]]);
    const kristen = { firstName: 'Kristen', lastName: 'Lombardi', ...where };
    expect(groupsOf([...fillers, kristen, { firstName: 'Cristen', lastName: 'Lombardi', ...where }])).toEqual([[6, 7]]);
    // compared now (one postcode, one last initial), and still two people: the first names differ
    expect(compared([...fillers, kristen, { firstName: 'Mia', lastName: 'Lombardi', ...where }])).toContain('6,7');
    const household = linkRecords([...fillers, kristen, { firstName: 'Mia', lastName: 'Lombardi', ...where }], person);
    expect(household.groups).toEqual([]);
    expect(household.possible).toMatchObject([{ a: 6, b: 7, household: true }]);
    // ...unless something beyond the names and the address agrees: one email is one person
    const mailed = { ...kristen, email: 'k.lombardi@example.org' };
    expect(groupsOf([...fillers, mailed, { firstName: 'Kirsty', lastName: 'Lombardi', ...where, email: 'k.lombardi@example.org' }])).toEqual([[6, 7]]);
  });
});

describe('look-alikes are not grouped', () => {
  it('namesakes: the same name with a different email, phone and company are not even a possible duplicate', () => {
    const a = { firstName: 'John', lastName: 'Smith', email: 'john.smith@tidal.example', phone: '+1 212 555 0101', company: 'Tidal GmbH' };
    const b = { firstName: 'John', lastName: 'Smith', email: 'jsmith@tidalfoods.example', phone: '+1 415 555 0199', company: 'Tidal Foods' };
    const result = linkRecords([a, b], person);
    expect(result.groups).toEqual([]);
    expect(result.possible).toEqual([]);
    const pair = compareRaw(a, b, person);
    expect(pair.fields.find((f) => f.role === 'email')).toMatchObject({ level: 'different' });
    expect(pair.fields.find((f) => f.role === 'email')!.weight).toBeLessThan(0);
    expect(pair.fields.find((f) => f.role === 'phone')!.weight).toBeLessThan(0);
    // the same two with one matching email are a duplicate: the disagreement was the evidence
    expect(linkRecords([a, { ...b, email: a.email }], person).groups).toHaveLength(1);
  });

  it('colleagues at one company', () => {
    const a = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@engines.example', phone: '+44 20 7946 0001', company: 'Analytical Engines' };
    const b = { firstName: 'Charles', lastName: 'Babbage', email: 'charles@engines.example', phone: '+44 20 7946 0002', company: 'Analytical Engines' };
    const c = { firstName: 'Mary', lastName: 'Somerville', email: 'mary@engines.example', phone: '', company: 'Analytical Engines' };
    expect(groupsOf([a, b, c])).toEqual([]);
  });

  it('namesakes told apart by a numbered mailbox (jane.doe and jane.doe2) are two people', () => {
    const a = { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@acme.example', phone: '+1 212 555 0101', company: 'Acme' };
    const b = { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe2@acme.example', phone: '+1 212 555 0177', company: 'Acme' };
    expect(compareRaw(a, b, person).fields.find((f) => f.role === 'email')!.level).toBe('different');
    expect(groupsOf([a, b])).toEqual([]);
  });

  describe('a father and son of one name (Jr., Sr., II, III)', () => {
    const family = { firstName: 'Robert', phone: '+1 415 555 0101', company: 'Smith Plumbing' };
    const junior = { ...family, lastName: 'Smith Jr.', email: 'rsmithjr@smithplumbing.example' };
    const senior = { ...family, lastName: 'Smith Sr.', email: '' };
    const plain = { ...family, lastName: 'Smith', email: 'rsmith@smithplumbing.example' };

    it('two different generations are two people, whatever else they share', () => {
      expect(linkRecords([junior, senior], person)).toMatchObject({ groups: [], possible: [] });
      expect(linkRecords([junior, { ...senior, email: junior.email }], person)).toMatchObject({ groups: [], possible: [] });
      expect(
        groupsOf([
          { ...junior, lastName: 'Doe III' },
          { ...junior, lastName: 'Doe IV', email: '' },
        ]),
      ).toEqual([]);
    });

    it('a suffix on one name only, with two addresses, is two people; a third record does not chain them', () => {
      expect(linkRecords([junior, plain], person)).toMatchObject({ groups: [], possible: [] });
      // the same people as Sr. and no suffix
      expect(
        groupsOf([
          { ...plain, lastName: 'Smith Sr.' },
          { ...junior, lastName: 'Smith' },
        ]),
      ).toEqual([]);
      const third = { ...family, lastName: 'Smith', email: '' };
      for (const g of groupsOf([junior, plain, third])) expect(g).not.toEqual(expect.arrayContaining([0, 1]));
    });

    it('one person entered with and without the suffix is still one: the surname is compared without it', () => {
      const once = { ...junior };
      const again = { ...junior, lastName: 'Smith', email: '' };
      expect(groupsOf([once, again])).toEqual([[0, 1]]);
      expect(compareRaw(once, again, person).fields.find((f) => f.role === 'lastName')!.level).toBe('exact');
      // the same mailbox: one person, whether the suffix is written or not
      expect(groupsOf([junior, { ...junior, lastName: 'Smith' }])).toEqual([[0, 1]]);
      // Jr. and II are one generation written two ways; a comma and case change nothing
      expect(groupsOf([junior, { ...junior, lastName: 'SMITH, II', email: '' }])).toEqual([[0, 1]]);
      expect(groupsOf([junior, { ...junior, lastName: 'Smith Junior', email: '' }])).toEqual([[0, 1]]);
    });

    it('a surname that only looks like a suffix is kept whole (Ii, Sr-Lopez)', () => {
      const a = { firstName: 'Naomi', lastName: 'Ii', email: 'naomi.ii@acme.example', phone: '+1 212 555 0101', company: 'Acme' };
      expect(groupsOf([a, { ...a, email: '' }])).toEqual([[0, 1]]);
      // (compared as "ii", not stripped to nothing and so missing)
      expect(compareRaw(a, { ...a }, person).fields.find((f) => f.role === 'lastName')).toMatchObject({ level: 'exact', a: 'Ii' });
    });
  });

  it('a record with an equal date of birth and nothing else in common is not a duplicate', () => {
    const a: MatchValues = { dob: '1984-03-07' };
    const b: MatchValues = { firstName: 'Grace', lastName: 'Hopper', dob: '1984-03-07' };
    const result = linkRecords([a, b, { firstName: 'Alan', lastName: 'Turing', dob: '1954-06-23' }], person);
    expect(result.groups).toEqual([]);
    expect(result.possible).toEqual([]);
    // the date alone weighs a lot; it is the missing corroboration (a second agreeing field) that keeps the pair out
    expect(compareRaw(a, b, person).fields).toEqual([expect.objectContaining({ role: 'dob', level: 'exact' })]);
    expect(compareRaw(a, b, person).fields[0]!.weight).toBeGreaterThan(8);
  });

  it('one weak link does not merge two groups', () => {
    // John and Mary each appear twice; one record of each gives the family mailbox
    const john1 = { firstName: 'John', lastName: 'Smith', email: 'smiths@gmail.com', phone: '+1 212 555 0101' };
    const john2 = { firstName: 'John', lastName: 'Smith', email: 'john.smith@acme.example', phone: '+1 212 555 0101' };
    const mary1 = { firstName: 'Mary', lastName: 'Smith', email: 'smiths@gmail.com', phone: '+1 212 555 0202' };
    const mary2 = { firstName: 'Mary', lastName: 'Smith', email: 'mary.smith@globex.example', phone: '+1 212 555 0202' };
    const result = linkRecords([john1, john2, mary1, mary2], person);
    expect(result.groups.map((g) => g.members)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    // the shared mailbox is weighed against the different first names and phones
    expect(compareRaw(john1, mary1, person).fields.map((f) => [f.role, f.level])).toEqual([
      ['firstName', 'different'],
      ['lastName', 'exact'],
      ['email', 'exact'],
      ['phone', 'different'],
    ]);
  });
});

describe('duplicate_record in the review', () => {
  const a = contact({
    'Record ID': '701',
    'First Name': 'Katherine',
    'Last Name': 'Johnson',
    Email: 'k.johnson@nasa.example',
    'Phone Number': '+1 757 555 0100',
    'Company Name': 'NASA',
    'Country/Region': '',
    'Create Date': '2025-01-01 10:00',
  });
  const b = contact({
    'Record ID': '702',
    'First Name': 'Katherine',
    'Last Name': 'Johnson',
    Email: ' K.JOHNSON@NASA.EXAMPLE',
    'Phone Number': '',
    'Company Name': 'NASA',
    'Country/Region': 'United Kingdom',
    'Create Date': '2026-06-01 10:00',
  });

  it('flags every record of the group, explains the pair as a waterfall, names the survivor and the fields to keep', () => {
    const rows = byCheck(reviewOf([a, b, contact()]), 'duplicate_record');
    expect(rows.map((r) => [r.recordId, r.field, r.proposedValue, r.qa])).toEqual([
      ['701', 'Record ID', 'Keep as survivor', ''],
      ['702', 'Record ID', 'Merge into 701', ''],
    ]);
    const evidence = rows[1]!.evidence;
    expect(evidence).toMatch(
      /^Duplicate group of 2: this record and 701\. Compared with 701: prior −\d+\.\d \(1 in [\d,]+ pairs of records match, default: 0\.1 duplicates per record, batch too small to learn from\); /,
    );
    expect(evidence).toMatch(
      /First Name "Katherine" vs "Katherine": exact, \+\d+\.\d; Last Name "Johnson" vs "Johnson": exact, \+\d+\.\d; Email "K\.JOHNSON@NASA\.EXAMPLE" vs "k\.johnson@nasa\.example": exact, \+\d+\.\d; Company Name "NASA" vs "NASA": exact, \+\d+\.\d; total \+\d+\.\d, match probability 1\.000 against the threshold 0\.5 \(Rules: duplicates, person defaults\)\./,
    );
    expect(evidence).toContain('Survivor 701: as complete as the others (14 of 16 fields), and oldest (Create Date 2025-01-01 10:00).');
    expect(evidence).toMatch(/Fields to keep from this record: Country\/Region\.$/);
    expect(rows[0]!.severity).toBe('Medium');
  });

  it('proposes a possible duplicate with lower severity', () => {
    // the same name at the same company, but another mailbox and phone: worth a look, not a merge
    const c = contact({ 'First Name': 'Katherine', 'Last Name': 'Johnson', Email: 'kj@nasa.example', 'Phone Number': '+1 757 555 0100', 'Company Name': 'NASA' });
    const d = contact({ 'First Name': 'Katherine', 'Last Name': 'Johnson', Email: 'katherine@nasa.example', 'Phone Number': '+1 757 555 0199', 'Company Name': 'NASA' });
    const rows = byCheck(reviewOf([c, d]), 'duplicate_record');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ severity: 'Low', reason: 'Possible duplicate (below the duplicate threshold)' });
    expect(rows[0]!.evidence).toMatch(/^Possible duplicate: this record and \d+\. .* below the threshold 0\.5, at or above the possible-duplicate threshold 0\.2/);
  });

  it('a name alone is at most a possible duplicate, however well it agrees', () => {
    const c = contact({ 'First Name': 'Katherine', 'Last Name': 'Johnson', Email: '', 'Phone Number': '', 'Company Name': '' });
    const d = contact({ 'First Name': 'Katherine', 'Last Name': 'Johnson', Email: '', 'Phone Number': '', 'Company Name': '' });
    const rows = byCheck(reviewOf([c, d]), 'duplicate_record');
    expect(rows.map((r) => [r.severity, r.reason])).toEqual([
      ['Low', 'Possible duplicate (only the names agree)'],
      ['Low', 'Possible duplicate (only the names agree)'],
    ]);
    expect(rows[0]!.evidence).toContain('but only the names agree: a possible duplicate until another field agrees');
  });

  it('takes its thresholds from the Rules', () => {
    expect(byCheck(reviewOf([a, b], teamRules({ duplicates: { threshold: 0.99999999, possibleThreshold: 0.9999999 } })), 'duplicate_record')).toEqual([]);
    expect(byCheck(reviewOf([a, b], teamRules({ duplicates: { threshold: 0.6 } })), 'duplicate_record')[0]!.evidence).toContain(
      'against the threshold 0.6 (Rules: duplicates, person defaults, thresholds from the Rules)',
    );
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

describe('a household: two first names at one phone', () => {
  it('are at most a possible duplicate when an email is missing, though they share a surname and the number (a person tells)', () => {
    const a = { firstName: 'Jarosh', lastName: 'Smith', email: '', phone: '+1 256 638 9406' };
    const b = { firstName: 'Yalessa', lastName: 'Smith', email: 'yalessa.smith@gmail.com', phone: '(256) 638-9406' };
    const result = linkRecords([a, b], person);
    expect(result.groups).toEqual([]);
    expect(result.possible).toMatchObject([{ household: true, namesOnly: false, heldOut: false }]);
    // one person under a nickname the table lacks is not lost either: a possible duplicate too
    expect(
      linkRecords(
        [
          { ...a, firstName: 'Giuseppe' },
          { ...b, firstName: 'Joe' },
        ],
        person,
      ).possible,
    ).toHaveLength(1);
    // one person with a nickname, or a typo in the first name, at that number is still one
    expect(groupsOf([a, { ...b, firstName: 'Jarosh' }])).toEqual([[0, 1]]);
    expect(groupsOf([a, { ...b, firstName: 'Jarosch' }])).toEqual([[0, 1]]);
  });
});
