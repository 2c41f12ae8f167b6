/**
 * A realistic HubSpot contacts export with planted issues of every check, from a fixed seed, so
 * `npm start`, tests and benchmarks share data that anyone can regenerate. Not part of the add-on.
 */
import { mulberry32 } from '../core/checks/dedupe/em';
import type { RulesFile } from '../core/intake/rules';

export const SAMPLE_AS_OF = '2026-11-20';

export const SAMPLE_HEADERS = [
  'Record ID',
  'First Name',
  'Last Name',
  'Email',
  'Phone Number',
  'Company Name',
  'Country/Region',
  'Contact owner',
  'Lifecycle Stage',
  'Lead Status',
  'Lead Source',
  'Original Source',
  'Original Source Drill-Down 1',
  'Became a Customer Date',
  'Create Date',
  'Last Modified Date',
  'Last Activity Date',
  'Job Title',
  'Notes',
  'Date of Birth',
] as const;

/** Deterministic PRNG: the duplicate engine's mulberry32, so the sample and the engine share one. */
export const rng: (seed: number) => () => number = mulberry32;

const FIRST = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'Lucas',
  'Mia',
  'Mateo',
  'Amelia',
  'Leo',
  'Harper',
  'Ethan',
  'Aria',
  'James',
  'Chloe',
  'Hiro',
  'Priya',
  'Lars',
  'Ingrid',
  'Sofia',
  'Omar',
  'Fatima',
  'Chen',
  'Wei',
  'Aisha',
  'Diego',
  'Camille',
  'Jonas',
  'Greta',
  'Ravi',
  'Yuki',
  'Nora',
  'Felix',
  'Zara',
  'Robert',
  'William',
  'Katherine',
  'Elizabeth',
  'Michael',
  'Daniel',
  'Hannah',
  'Isaac',
  'Julia',
  'Kenji',
  'Laila',
  'Marco',
  'Nadia',
  'Oscar',
  'Paula',
  'Quentin',
  'Rosa',
  'Stefan',
  'Tariq',
  'Ursula',
  'Viktor',
  'Wanda',
  'Xavier',
  'Yara',
  'Zoltan',
  'Anika',
  'Bruno',
  'Clara',
  'Dmitri',
  'Elena',
  'Farid',
  'Gustav',
  'Helga',
  'Ilse',
  'Jorge',
  'Kofi',
  'Lucia',
  'Mehmet',
];
/** Surnames from common stems and endings: a few hundred, as a real CRM has. */
const LAST = [
  'Smith',
  'Johnson',
  'Garcia',
  'Müller',
  'Schmidt',
  'Dubois',
  'Martin',
  'Rossi',
  'Tanaka',
  'Sato',
  'Patel',
  'Singh',
  'Kowalski',
  'Nielsen',
  'Jansen',
  "O'Brien",
  'Nguyen',
  'Kim',
  'Silva',
  'Costa',
  'Fischer',
  'Weber',
  'Moreau',
  'Lopez',
  'Brown',
  'Wilson',
  'Taylor',
  'Anderson',
  'Ibrahim',
  ...[
    'Ander',
    'Berg',
    'Carl',
    'Dahl',
    'Eck',
    'Fitz',
    'Gold',
    'Hart',
    'Isen',
    'Jac',
    'Kess',
    'Lind',
    'Mor',
    'Nord',
    'Ost',
    'Pet',
    'Quin',
    'Ros',
    'Stein',
    'Thal',
    'Ulm',
    'Vogel',
    'Wald',
    'Yor',
    'Zim',
  ].flatMap((stem) => ['son', 'berg', 'man', 'ton', 'ley', 'ford', 'wood', 'field', 'er', 'sen', 'ini', 'ez', 'ski', 'ova'].map((end) => stem + end)),
];
const COMPANIES = [
  'Acme',
  'Northwind',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Tyrell',
  'Soylent',
  'Hooli',
  'Vandelay',
  'Pied Piper',
  'Aperture',
  'Cyberdyne',
  'Wonka',
  'Gringotts',
  'Oceanic',
  'Monarch',
  'Blue Sun',
  'Duff',
].flatMap((brand) => ['Analytics', 'Labs', 'Logistics', 'Foods', 'Health', 'Robotics', 'Media', 'Finance', 'Systems', 'Energy'].map((kind) => `${brand} ${kind}`));
const COUNTRIES: [string, string][] = [
  ['United Kingdom', 'EMEA'],
  ['Germany', 'EMEA'],
  ['France', 'EMEA'],
  ['Netherlands', 'EMEA'],
  ['Spain', 'EMEA'],
  ['United States', 'NA'],
  ['United States', 'NA'],
  ['United States', 'NA'],
  ['Canada', 'NA'],
  ['Australia', 'APAC'],
  ['Singapore', 'APAC'],
  ['Japan', 'APAC'],
];
const UNROUTED_COUNTRIES = ['Brazil', 'Mexico', 'South Africa'];

export const SAMPLE_OWNERS = [
  { name: 'Alice Martin', email: 'alice.martin@example.com', active: true, team: 'EMEA' },
  { name: 'Bruno Keller', email: 'bruno.keller@example.com', active: true, team: 'EMEA' },
  { name: 'Chloé Laurent', email: 'chloe.laurent@example.com', active: true, team: 'EMEA' },
  { name: 'Dana Brooks', email: 'dana.brooks@example.com', active: true, team: 'NA' },
  { name: 'Evan Price', email: 'evan.price@example.com', active: true, team: 'NA' },
  { name: 'Fiona Walsh', email: 'fiona.walsh@example.com', active: true, team: 'NA' },
  { name: 'Gen Watanabe', email: 'gen.watanabe@example.com', active: true, team: 'APAC' },
  { name: 'Hannah Lee', email: 'hannah.lee@example.com', active: true, team: 'APAC' },
  { name: 'Ian Clarke', email: 'ian.clarke@example.com', active: false, team: 'EMEA' },
];
/** Appears in the export but is not on the roster (a departed rep). */
const DEPARTED_OWNER = 'Zoe Former';

const CAMPAIGNS: [string, string][] = [
  ['google-ads-brand', 'Paid Search'],
  ['google-ads-generic', 'Paid Search'],
  ['linkedin-abm', 'Paid Social'],
  ['webinar-q3', 'Event'],
  ['newsletter', 'Email Marketing'],
  ['partner-portal', 'Partner'],
];
const STAGES_OPEN = ['Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity'];
const STATUS_FOR: Record<string, string[]> = {
  Subscriber: ['New'],
  Lead: ['New', 'Open', 'Attempted to Contact'],
  'Marketing Qualified Lead': ['Open', 'In Progress', 'Connected'],
  'Sales Qualified Lead': ['In Progress', 'Connected', 'Open Deal'],
  Opportunity: ['Open Deal', 'In Progress'],
  Customer: ['Open Deal', ''],
  Other: ['Unqualified', 'Bad Timing'],
};

export function sampleRules(): RulesFile {
  return {
    preset: 'hubspot-contacts',
    asOf: SAMPLE_AS_OF,
    owners: SAMPLE_OWNERS,
    staleAfterDays: 30,
    sources: { mapping: CAMPAIGNS.map(([campaignSource, leadSource]) => ({ campaignSource, leadSource })), unclear: ['Unknown', 'Other', 'N/A'] },
    routing: [
      { id: 'R-EMEA', when: { 'Country/Region': ['United Kingdom', 'Germany', 'France', 'Netherlands', 'Spain', 'Ireland'] }, team: 'EMEA' },
      { id: 'R-NA', when: { 'Country/Region': ['United States', 'Canada'] }, team: 'NA' },
      { id: 'R-APAC', when: { 'Country/Region': ['Australia', 'Singapore', 'Japan', 'India'] }, team: 'APAC' },
    ],
    recordUrlTemplate: 'https://app.hubspot.com/contacts/00000000/record/0-1/{id}',
    // system-of-record rules and standard spellings (README: System-of-record rules)
    recordRules: [
      { id: 'C-EMAIL', header: 'Email', format: 'email', severity: 'Low' },
      { id: 'C-COUNTRY', header: 'Country/Region', format: 'country' },
      { id: 'C-PHONE', header: 'Phone Number', format: 'phone', severity: 'Low' },
      { id: 'C-CUSTOMER-COMPANY', header: 'Company Name', when: { 'Lifecycle Stage': ['Customer'] }, require: true, message: 'A customer needs its company.' },
      { id: 'C-CUSTOMER-SINCE', header: 'Became a Customer Date', notBefore: 'Create Date', message: 'A contact cannot become a customer before it was created.' },
      { id: 'C-TITLE', header: 'Job Title', aliases: { 'VP of Sales': 'VP Sales', 'Head of Rev Ops': 'Head of RevOps' } },
    ],
    standards: { country: { form: 'name' }, email: {} },
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');
function dayString(base: Date, daysBefore: number, r: () => number): string {
  const d = new Date(base.getTime() - daysBefore * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(Math.floor(r() * 10) + 8)}:${pad(Math.floor(r() * 60))}`;
}

/** More given names, for the realistic-frequency mode: with FIRST, a few hundred. */
const MORE_FIRST = (
  'Mary Patricia Jennifer Linda Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra Margaret Ashley Kimberly Donna Carol Michelle Emily ' +
  'Amanda Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia Dorothy Amy Kathleen Angela Shirley Brenda Pamela Nicole Anna Samantha ' +
  'Christine Debra Rachel Carolyn Janet Maria Catherine Heather Diane Olivia Julie Joyce Victoria Ruth Virginia Lauren Kelly Christina Joan ' +
  'Evelyn Judith Andrea Cheryl Megan Alice Jacqueline Madison Teresa Gloria Sara Janice Ann Kathryn Abigail Sophie Frances Jean Alexis ' +
  'John David Richard Joseph Thomas Christopher Charles Matthew Anthony Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George ' +
  'Timothy Ronald Jason Edward Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory ' +
  'Alexander Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Zachary Douglas Peter Kyle Noel Walter Harold ' +
  'Jeremy Ethan Carl Keith Roger Gerald Christian Terry Sean Arthur Austin Lawrence Jesse Dylan Bryan Joe Jordan Billy Bruce Albert Willie ' +
  'Gabriel Logan Alan Juan Wayne Elijah Randy Roy Vincent Ralph Eugene Russell Bobby Mason Philip Louis Ahmed Yusuf Mohammed Ali Hassan ' +
  'Sven Anders Erik Nils Karin Astrid Pierre Jean-Luc Antoine Manon Chiara Giulia Luca Matteo Pablo Javier Lucia Carmen Akira Haruto Sakura'
).split(' ');

/**
 * Zipf-like weights (rank^-0.8): the commonest name is held by about 1 record in 20 and the rarest by a
 * handful, as in a real CRM, so namesakes (same first and last name, different people) are common.
 */
function zipfPicker(xs: readonly string[]): (u: number) => string {
  const cumulative: number[] = [];
  let total = 0;
  xs.forEach((_, k) => {
    total += (k + 1) ** -0.8;
    cumulative.push(total);
  });
  return (u) => {
    const target = u * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return xs[lo]!;
  };
}

export interface GenerateOptions {
  /** 'uniform' (the committed sample) or 'realistic': a few hundred first and last names with Zipf-like frequencies. */
  names?: 'uniform' | 'realistic';
}

/**
 * `count` contacts; about a third carry at least one planted issue. `entities[k]` is the person row k
 * is a record of (a planted duplicate shares its original's), the ground truth for the benchmarks.
 */
export function generateContacts(count: number, seed = 42, options: GenerateOptions = {}): { headers: string[]; rows: string[][]; entities: number[] } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const realistic = options.names === 'realistic';
  const firstNames = realistic ? zipfPicker([...FIRST, ...MORE_FIRST.filter((f) => !FIRST.includes(f))]) : null;
  const lastNames = realistic ? zipfPicker(LAST) : null;
  const entities: number[] = [];
  const asOf = new Date(`${SAMPLE_AS_OF}T00:00:00Z`);
  const rows: string[][] = [];
  const usedEmails = new Set<string>();
  const activeByTeam = (team: string) => SAMPLE_OWNERS.filter((o) => o.active && o.team === team);
  let id = 51_200_000;
  for (let i = 0; i < count; i++) {
    id += 1 + Math.floor(r() * 40);
    const [country, team] = pick(COUNTRIES);
    // one draw per name in both modes, so the uniform mode (the committed sample) is unchanged
    const first = firstNames ? firstNames(r()) : pick(FIRST);
    const last = lastNames ? lastNames(r()) : pick(LAST);
    const company = pick(COMPANIES);
    const domain = `${company.toLowerCase().replace(/[^a-z]+/g, '')}.com`;
    // one mailbox per person, as in a real CRM: a second Jane Doe at one company gets jane.doe2@
    const base = `${first.toLowerCase()}.${last
      .normalize('NFD')
      .toLowerCase()
      .replace(/[^a-z]/g, '')}`;
    let email = `${base}@${domain}`;
    for (let k = 2; usedEmails.has(email); k++) email = `${base}${k}@${domain}`;
    usedEmails.add(email);
    const phone = `+${team === 'NA' ? '1' : team === 'EMEA' ? '44' : '61'} ${200 + Math.floor(r() * 700)} ${200 + Math.floor(r() * 800)} ${1000 + Math.floor(r() * 9000)}`;
    const stage = pick(['Subscriber', 'Lead', 'Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity', 'Customer', 'Other']);
    const status = pick(STATUS_FOR[stage]!);
    const [campaign, source] = pick(CAMPAIGNS);
    const owner = pick(activeByTeam(team));
    const created = 60 + Math.floor(r() * 600);
    const lastActivity = Math.floor(r() * 25);
    const row: Record<(typeof SAMPLE_HEADERS)[number], string> = {
      'Record ID': String(id),
      'First Name': first,
      'Last Name': last,
      Email: email,
      'Phone Number': phone,
      'Company Name': company,
      'Country/Region': country,
      'Contact owner': owner.name,
      'Lifecycle Stage': stage,
      'Lead Status': status,
      'Lead Source': source,
      'Original Source': source === 'Paid Search' ? 'Paid Search' : source === 'Paid Social' ? 'Paid Social' : 'Other Campaigns',
      'Original Source Drill-Down 1': campaign,
      'Became a Customer Date': stage === 'Customer' ? dayString(asOf, created / 2, r) : '',
      'Create Date': dayString(asOf, created, r),
      'Last Modified Date': dayString(asOf, Math.floor(r() * 10), r),
      'Last Activity Date': dayString(asOf, lastActivity, r),
      'Job Title': pick(['VP Sales', 'Head of RevOps', 'CTO', 'Founder', 'Marketing Manager', 'Buyer']),
      Notes: pick(['Met at the booth', 'Asked for pricing', '', 'Call back in Q1', 'Prefers email']),
      'Date of Birth': `19${60 + Math.floor(r() * 40)}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`,
    };
    plant(row, i, r, pick, activeByTeam, team);
    rows.push(SAMPLE_HEADERS.map((h) => row[h]));
    entities.push(i);
    // duplicates: a second record for the same person, varied the way CRMs collect them
    if (i % 25 === 3 && i + 1 < count) {
      i++;
      id += 1 + Math.floor(r() * 40);
      const dup = { ...row, 'Record ID': String(id) };
      const variant = Math.floor(r() * 4);
      if (variant === 0) dup.Email = `  ${row.Email.toUpperCase()} `;
      else if (variant === 1)
        dup['First Name'] =
          row['First Name'].length > 3 ? row['First Name'].slice(0, 2) + row['First Name'][3] + row['First Name'][2] + row['First Name'].slice(4) : row['First Name'];
      else if (variant === 2) dup['Phone Number'] = row['Phone Number'].replace(/\D/g, '');
      else dup.Email = '';
      dup['Create Date'] = dayString(asOf, Math.floor(r() * 30), r);
      rows.push(SAMPLE_HEADERS.map((h) => dup[h]));
      entities.push(entities[entities.length - 1]!);
    }
  }
  return { headers: [...SAMPLE_HEADERS], rows, entities };
}

type Row = Record<(typeof SAMPLE_HEADERS)[number], string>;

/** Plants roughly one issue in three records, cycling through every check. */
function plant(row: Row, i: number, r: () => number, pick: <T>(xs: readonly T[]) => T, activeByTeam: (t: string) => typeof SAMPLE_OWNERS, team: string): void {
  const asOf = new Date(`${SAMPLE_AS_OF}T00:00:00Z`);
  switch (i % 30) {
    case 1:
      row.Email = '';
      break; // missing_required_field
    case 4:
      row['Lead Source'] = '';
      break; // missing, derivable from the campaign mapping
    case 7:
      row['Contact owner'] = '';
      break; // missing, derivable from routing
    case 10:
      row['Contact owner'] = pick(['Ian Clarke', DEPARTED_OWNER]);
      break; // inactive_owner
    case 13: // stale_owner: open stage, no activity for 45-200 days
      row['Lifecycle Stage'] = pick(STAGES_OPEN);
      row['Lead Status'] = pick(STATUS_FOR[row['Lifecycle Stage']]!);
      row['Last Activity Date'] = dayString(asOf, 45 + Math.floor(r() * 150), r);
      if (i % 60 === 13) row['Last Activity Date'] = '';
      break;
    case 16: // lifecycle_mismatch
      if (r() < 0.5) {
        row['Lifecycle Stage'] = 'Customer';
        row['Became a Customer Date'] = '';
        row['Lead Status'] = '';
      } else {
        row['Lifecycle Stage'] = 'Opportunity';
        row['Lead Status'] = 'Unqualified';
      }
      break;
    case 19:
      row['Lead Source'] = pick(['Unknown', 'Other']);
      break; // source_mismatch: unclear
    case 22:
      row['Lead Source'] = 'Event';
      row['Original Source Drill-Down 1'] = 'google-ads-brand';
      break; // maps to Paid Search
    case 25: {
      // routing_exception: owner from another team
      const other = team === 'EMEA' ? 'NA' : 'EMEA';
      row['Contact owner'] = pick(activeByTeam(other)).name;
      break;
    }
    case 28:
      row['Country/Region'] = pick(UNROUTED_COUNTRIES);
      break; // no routing rule matches
    case 29:
      row['Lifecycle Stage'] = 'lead';
      row['Lead Status'] = 'open ';
      break; // lower case: must NOT be flagged
    default:
      break;
  }
}
