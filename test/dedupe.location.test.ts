/**
 * Where a person or company is (city, postcode, state) is approved by each preset and compared by
 * default: an export without emails or phones (Febrl-like, or leads from a form) had only its names to
 * go on, so every pair was at most a possible duplicate. The street stays behind the boundary.
 */
import { describe, expect, it } from 'vitest';
import { resolveRules } from '../src/core/intake/config';
import { pullSnapshot } from '../src/core/intake/pull';
import type { PresetId } from '../src/core/intake/rules';
import { readSourceGrid } from '../src/core/intake/source';
import type { ReviewRow } from '../src/core/review/rows';
import { reviewSnapshot } from '../src/core/review/workflow';

const AS_OF = '2026-11-20';
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Niklaus', 'Radia', 'Tim', 'Margaret', 'Ken'];
const LAST = ['Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Wirth', 'Perlman', 'Berners', 'Hamilton', 'Thompson', 'Ritchie'];
const CITIES: [string, string, string][] = [
  ['Leeds', 'LS1 4AP', 'West Yorkshire'],
  ['York', 'YO1 7HH', 'North Yorkshire'],
  ['Bath', 'BA1 1LZ', 'Somerset'],
];

interface Person {
  id: string;
  first: string;
  last: string;
  city: string;
  postcode: string;
  state: string;
}

/** Records of one shape (header per field), unrelated fillers first so the batch is not all look-alikes. */
function review(
  headers: Record<'id' | 'first' | 'last' | 'city' | 'postcode' | 'state' | 'street' | 'owner' | 'extra', string>,
  people: Person[],
  extra: string[] = [],
): { rows: ReviewRow[]; kept: readonly string[] } {
  const fillers: Person[] = FIRST.flatMap((f, i) =>
    LAST.slice(i, i + 3).map((l, k) => ({ id: `9${i}${k}`, first: f, last: l, city: CITIES[(i + k) % 3]![0], postcode: CITIES[(i + k) % 3]![1], state: CITIES[(i + k) % 3]![2] })),
  );
  const head = [headers.id, headers.first, headers.last, headers.street, headers.city, headers.postcode, headers.state, headers.owner, ...extra];
  const grid = [head, ...[...fillers, ...people].map((p) => [p.id, p.first, p.last, `${p.id} High Street`, p.city, p.postcode, p.state, 'Alice Martin', ...extra.map(() => 'x')])];
  return duplicatesOf(grid);
}

const strong = (rows: ReviewRow[]): string[] => rows.filter((r) => r.evidence.startsWith('Duplicate group of')).map((r) => r.recordId);

/** The duplicate_record rows of a review of `grid` (header row first) under its preset's defaults, and the columns the pull kept. */
function duplicatesOf(grid: string[][], preset?: PresetId): { rows: ReviewRow[]; kept: readonly string[] } {
  const resolved = resolveRules({ asOf: AS_OF, ...(preset ? { preset } : {}) }, grid[0]!);
  const snapshot = pullSnapshot(readSourceGrid(grid, { sourceName: 'test' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'test');
  return { rows: reviewSnapshot(snapshot, resolved, AS_OF).filter((r) => r.check === 'duplicate_record'), kept: snapshot.headers };
}

const ada: Person = { id: '1', first: 'Ada', last: 'Lovelace', city: 'London', postcode: 'NW1 2DB', state: 'Greater London' };
const adaAgain: Person = { ...ada, id: '2', last: 'Lovelase' };
const adaElsewhere: Person = { ...ada, id: '3', city: 'Manchester', postcode: 'M1 1AA', state: 'Greater Manchester' };

const HUBSPOT = {
  id: 'Record ID',
  first: 'First Name',
  last: 'Last Name',
  street: 'Street Address',
  city: 'City',
  postcode: 'Postal Code',
  state: 'State/Region',
  owner: 'Contact owner',
  extra: '',
};
const HUBSPOT_EXTRA = ['Email', 'Phone Number', 'Lifecycle Stage', 'Lead Status', 'Lead Source'];

describe('a person is compared by where they are, as well as by name', () => {
  it('HubSpot contacts: city, postcode and state are approved and compared; the street is not approved', () => {
    const { rows, kept } = review(HUBSPOT, [ada, adaAgain, adaElsewhere], HUBSPOT_EXTRA);
    expect(kept).toEqual(expect.arrayContaining(['City', 'Postal Code', 'State/Region']));
    expect(kept).not.toContain('Street Address');
    // Ada twice in London (a typo in her name) is one record; her namesake in Manchester is not
    expect(strong(rows).sort()).toEqual(['1', '2']);
    const evidence = rows.find((r) => r.recordId === '1')!.evidence;
    expect(evidence).toMatch(/City "London" vs "London": exact/);
    expect(evidence).toMatch(/Postal Code "NW1 2DB" vs "NW1 2DB": exact/);
    expect(rows.some((r) => r.recordId === '3' && r.proposedValue.startsWith('Merge into'))).toBe(false);
  });

  it('two first names at one address with nothing else agreeing look like a household: a possible duplicate, no merge', () => {
    const mia: Person = { ...ada, id: '4', first: 'Mia' };
    const { rows } = review(HUBSPOT, [ada, mia], HUBSPOT_EXTRA);
    expect(strong(rows)).toEqual([]);
    expect(rows.map((r) => [r.recordId, r.severity, r.reason])).toEqual([
      ['1', 'Low', 'Possible duplicate (two first names at one address)'],
      ['4', 'Low', 'Possible duplicate (two first names at one address)'],
    ]);
    expect(rows[0]!.evidence).toContain("but two first names share one address and nothing else, as a household's do");
  });

  it('without the location the same two are at most a possible duplicate (names alone never make a merge)', () => {
    const { rows } = review({ ...HUBSPOT, city: 'Town', postcode: 'Zip', state: 'Region' }, [ada, adaAgain, adaElsewhere], HUBSPOT_EXTRA);
    expect(strong(rows)).toEqual([]);
  });

  it.each([
    [
      'Salesforce contacts',
      {
        id: 'Id',
        first: 'FirstName',
        last: 'LastName',
        street: 'MailingStreet',
        city: 'MailingCity',
        postcode: 'MailingPostalCode',
        state: 'MailingState',
        owner: 'OwnerId',
        extra: '',
      },
      ['Email', 'AccountId', 'Title'],
    ],
    [
      'Salesforce leads',
      { id: 'Id', first: 'FirstName', last: 'LastName', street: 'Street', city: 'City', postcode: 'PostalCode', state: 'State', owner: 'OwnerId', extra: '' },
      ['Company', 'Status', 'LeadSource', 'IsConverted', 'Email'],
    ],
  ] as const)('%s: the same, with their own headers', (_name, headers, extra) => {
    const { rows, kept } = review(headers, [ada, adaAgain, adaElsewhere], [...extra]);
    expect(kept).toEqual(expect.arrayContaining([headers.city, headers.postcode, headers.state]));
    expect(kept).not.toContain(headers.street);
    expect(strong(rows).sort()).toEqual(['1', '2']);
  });
});

describe('an organisation entered many times is one organisation', () => {
  it('25 records of one company are proposed as one merge, each row naming the first 20 others', () => {
    const head = ['Record ID', 'Company name', 'Company Domain Name', 'Company owner', 'City', 'Lifecycle Stage', 'Industry', 'Phone Number', 'Country/Region'];
    const others = Array.from({ length: 60 }, (_, i) => [
      `5${String(i).padStart(3, '0')}`,
      `Company ${String.fromCharCode(65 + (i % 26))}${i} Holdings`,
      `c${i}.example`,
      'Alice Martin',
      'Leeds',
      'Lead',
      'Retail',
      `+44 113 496 ${String(1000 + i)}`,
      'United Kingdom',
    ]);
    const akzo = Array.from({ length: 25 }, (_, i) => [
      `7${String(i).padStart(3, '0')}`,
      i % 2 ? 'Akzo Nobel N.V.' : 'AKZO NOBEL',
      'akzonobel.com',
      'Alice Martin',
      'Amsterdam',
      'Lead',
      'Chemicals',
      '',
      'Netherlands',
    ]);
    const grid = [head, ...others, ...akzo];
    const rows = duplicatesOf(grid).rows.filter((r) => r.recordId.startsWith('7'));
    expect(rows).toHaveLength(25);
    expect(rows.filter((r) => r.proposedValue === 'Keep as survivor')).toHaveLength(1);
    expect(rows.filter((r) => r.proposedValue.startsWith('Merge into '))).toHaveLength(24);
    for (const r of rows) expect(r.evidence).toMatch(/^Duplicate group of 25: this record and (\d{4}, ){19}\d{4} and 4 more\./);
  });
});

describe('where a record is weighs only where who it is cannot be told (an evaluator of B2B exports, 2026-11-27)', () => {
  const head = [
    'Record ID',
    'First Name',
    'Last Name',
    'Email',
    'Phone Number',
    'Company Name',
    'City',
    'Postal Code',
    'State/Region',
    'Country/Region',
    'Contact owner',
    'Lifecycle Stage',
    'Lead Source',
  ];
  const run = (records: string[][]) => {
    const fillers = FIRST.flatMap((f, i) =>
      LAST.slice(i, i + 3).map((l, k) => [
        `9${i}${k}`,
        f,
        l,
        `${f}.${l}@c${i}${k}.example`.toLowerCase(),
        `+1 212 555 ${String(1000 + i * 10 + k)}`,
        `Company ${i}${k}`,
        'New York',
        '10038',
        'NY',
        'United States',
        'Alice Martin',
        'Lead',
        'Referrals',
      ]),
    );
    const grid = [head, ...fillers, ...records];
    return duplicatesOf(grid).rows;
  };

  it('two namesakes at two companies of one city, each with an email and a phone, are not one person, nor possibly one', () => {
    const rows = run([
      [
        '101',
        'Katherine',
        'Stanfield',
        'katherine@tailspin.example',
        '(518) 555-0101',
        'Tailspin Solutions',
        'Albany',
        '12207',
        'NY',
        'United States',
        'Alice Martin',
        'Lead',
        'Referrals',
      ],
      [
        '102',
        'Katherine',
        'Stanfield',
        'katherine.stanfield@stratushealth.example',
        '(518) 555-0199',
        'Stratus Health',
        'Albany',
        '12207',
        'NY',
        'United States',
        'Alice Martin',
        'Lead',
        'Referrals',
      ],
    ]);
    expect(rows.filter((r) => r.recordId === '101' || r.recordId === '102')).toEqual([]);
    // nor anyone else by where they sit: every record here has an email or a phone
    expect(rows.some((r) => /City "/.test(r.evidence))).toBe(false);
  });

  it('a record with no email or phone is still compared by where it is, with another such record', () => {
    const rows = run([
      ['201', 'Katherine', 'Stanfield', '', '', '', 'Boston', '02108', 'MA', 'United States', 'Alice Martin', 'Lead', 'Referrals'],
      ['202', 'Katharine', 'Stanfield', '', '', '', 'Boston', '02108', 'MA', 'United States', 'Alice Martin', 'Lead', 'Referrals'],
    ]);
    expect(strong(rows).sort()).toEqual(['201', '202']);
  });

  it('organisations are not compared by city by default: two companies sharing a word and a city are not one', () => {
    const orgHead = ['Record ID', 'Company name', 'Company Domain Name', 'Company owner', 'City', 'Postal Code', 'State/Region', 'Lifecycle Stage', 'Industry'];
    const orgs = Array.from({ length: 40 }, (_, i) => [
      `8${String(i).padStart(3, '0')}`,
      `${['Vertex', 'Summit', 'Harbor', 'Pioneer'][i % 4]} ${['Design', 'Realty', 'Foods', 'Systems', 'Financial'][i % 5]} ${i}`,
      `o${i}.example`,
      'Alice Martin',
      'Richmond',
      '23219',
      'VA',
      'Lead',
      'Services',
    ]);
    const twice = ['Acme Design Inc.', 'ACME Design'].map((name, i) => [`860${i}`, name, 'acmedesign.example', 'Alice Martin', 'Norfolk', '23510', 'VA', 'Lead', 'Services']);
    const grid = [orgHead, ...orgs, ...twice];
    const { rows, kept } = duplicatesOf(grid);
    // one company entered twice is found by its name and domain; where it is weighs nothing
    expect(strong(rows).sort()).toEqual(['8600', '8601']);
    expect(rows.some((r) => /City "|Postal Code "|State\/Region "/.test(r.evidence))).toBe(false);
    expect(kept).toEqual(expect.arrayContaining(['City', 'Postal Code', 'State/Region']));
  });
});

describe('a location that is not compared does not move the Evidence ID', () => {
  const head = ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'City', 'Postal Code', 'Contact owner', 'Lifecycle Stage', 'Lead Source'];
  const rowsWith = (city: string, noEmailCity: string) => {
    const grid = [
      head,
      ['1', 'Ada', 'Lovelace', 'ada@engines.example', '', city, 'NW1 2DB', 'Alice Martin', 'Lead', 'Referrals'],
      ['2', 'Ada', 'Lovelace', 'ADA@engines.example', '', 'London', 'NW1 2DB', 'Alice Martin', 'Lead', 'Referrals'],
      ['3', 'Grace', 'Hopper', '', '', noEmailCity, '02108', 'Alice Martin', 'Lead', 'Referrals'],
      ['4', 'Grace', 'Hoper', '', '', 'Boston', '02108', 'Alice Martin', 'Lead', 'Referrals'],
    ];
    return Object.fromEntries(duplicatesOf(grid).rows.map((r) => [r.recordId, r.evidenceId]));
  };

  it('an email-holder moving city keeps its merge decided; a record compared by its city does not', () => {
    const before = rowsWith('London', 'Boston');
    expect(Object.keys(before).sort()).toEqual(['1', '2', '3', '4']);
    const moved = rowsWith('Camden', 'Boston');
    expect([moved['1'], moved['2']]).toEqual([before['1'], before['2']]);
    const comparedMoved = rowsWith('London', 'Cambridge');
    expect(comparedMoved['3']).toBeDefined();
    expect(comparedMoved['3']).not.toBe(before['3']);
  });
});

describe("Salesforce's Suffix field", () => {
  it('is read after the last name: a father and son of one name, Jr. in Suffix, are two people', () => {
    const head = ['Id', 'FirstName', 'LastName', 'Suffix', 'Email', 'Phone', 'AccountId', 'OwnerId', 'MailingCity'];
    const grid = [
      head,
      ['0031', 'Robert', 'Smith', 'Jr.', 'rsmithjr@smithplumbing.example', '+1 415 555 0101', '0015g00000AbCdE', '0055g00000XyZ12', 'Fresno'],
      ['0032', 'Robert', 'Smith', '', 'rsmith@smithplumbing.example', '+1 415 555 0101', '0015g00000AbCdE', '0055g00000XyZ12', 'Fresno'],
      ['0033', 'Ada', 'Lovelace', '', 'ada@engines.example', '+44 20 7946 0001', '0015g00000AbCdF', '0055g00000XyZ12', 'London'],
      ['0034', 'Ada', 'Lovelace', '', 'ADA@engines.example', '', '0015g00000AbCdF', '0055g00000XyZ12', 'London'],
    ];
    const { rows, kept } = duplicatesOf(grid, 'salesforce-contacts');
    expect(kept).toContain('Suffix');
    expect(strong(rows).sort()).toEqual(['0033', '0034']);
    expect(rows.some((r) => r.recordId === '0031' || r.recordId === '0032')).toBe(false);
  });
});
