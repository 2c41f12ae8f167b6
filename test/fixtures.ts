import { resolveRules, type ResolvedRules } from '../src/core/intake/config';
import { toCsv } from '../src/core/intake/csv';
import type { RulesFile } from '../src/core/intake/rules';

export const HUBSPOT_HEADERS = [
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
  'Original Source Drill-Down 1',
  'Became a Customer Date',
  'Create Date',
  'Last Modified Date',
  'Last Activity Date',
  'Notes',
];

export type Contact = Partial<Record<(typeof HUBSPOT_HEADERS)[number], string>>;

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Niklaus', 'Radia', 'Tim', 'Margaret', 'Ken', 'Hedy', 'Linus', 'Sophie'];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Wirth',
  'Perlman',
  'Berners',
  'Hamilton',
  'Thompson',
  'Lamarr',
  'Torvalds',
  'Wilson',
  'Ritchie',
  'Kernighan',
];

let nextId = 1000;
/** A clean contact (no check fires on it under `teamRules`, and no two are alike), with overrides. */
export function contact(overrides: Contact = {}): Contact {
  nextId++;
  const first = FIRST[nextId % FIRST.length]!;
  const last = `${LAST[nextId % LAST.length]!}-${String.fromCharCode(97 + (nextId % 26))}${String.fromCharCode(97 + (Math.floor(nextId / 26) % 26))}${String.fromCharCode(97 + (Math.floor(nextId / 676) % 26))}`;
  return {
    'Record ID': String(nextId),
    'First Name': first,
    'Last Name': last,
    Email: `${first.toLowerCase()}.${nextId}@analytical.example`,
    'Phone Number': `+44 20 7946 ${String(nextId).padStart(4, '0')}`,
    'Company Name': 'Analytical Engines',
    'Country/Region': 'United Kingdom',
    'Contact owner': 'Alice Martin',
    'Lifecycle Stage': 'Lead',
    'Lead Status': 'Open',
    'Lead Source': 'Paid Search',
    'Original Source Drill-Down 1': 'google-ads-brand',
    'Became a Customer Date': '',
    'Create Date': '2026-01-10 09:00',
    'Last Modified Date': '2026-11-18 09:00',
    'Last Activity Date': '2026-11-15 10:00',
    Notes: '',
    ...overrides,
  };
}

export function grid(contacts: Contact[], headers: readonly string[] = HUBSPOT_HEADERS): string[][] {
  return [[...headers], ...contacts.map((c) => headers.map((h) => c[h as keyof Contact] ?? ''))];
}

export function exportCsv(contacts: Contact[], headers: readonly string[] = HUBSPOT_HEADERS): string {
  return toCsv(grid(contacts, headers), { raw: true });
}

export const teamRulesFile: RulesFile = {
  preset: 'hubspot-contacts',
  asOf: '2026-11-20',
  owners: [
    { name: 'Alice Martin', email: 'alice@example.com', active: true, team: 'EMEA' },
    { name: 'Bruno Keller', email: 'bruno@example.com', active: true, team: 'EMEA' },
    { name: 'Dana Brooks', email: 'dana@example.com', active: true, team: 'NA' },
    { name: 'Ian Clarke', email: 'ian@example.com', active: false, team: 'EMEA' },
  ],
  sources: {
    mapping: [
      { campaignSource: 'google-ads-brand', leadSource: 'Paid Search' },
      { campaignSource: 'webinar-q3', leadSource: 'Event' },
    ],
    unclear: ['Unknown', 'Other'],
  },
  routing: [
    { id: 'R-EMEA', when: { 'Country/Region': ['United Kingdom', 'Germany'] }, team: 'EMEA' },
    { id: 'R-NA', when: { 'Country/Region': ['United States', 'Canada'] }, team: 'NA' },
  ],
};

export function teamRules(overrides: RulesFile = {}): ResolvedRules {
  return resolveRules({ ...teamRulesFile, ...overrides }, HUBSPOT_HEADERS);
}

/** Eight records for figures computed by hand: two routing exceptions, an unclear source, a missing email, an inactive owner, a closed-stage record on the wrong team, and two clean records. */
export function smallBatch(): Contact[] {
  return [
    contact({ 'Record ID': '1', 'Contact owner': 'Dana Brooks' }),
    contact({ 'Record ID': '2', 'Contact owner': 'Dana Brooks' }),
    contact({ 'Record ID': '3', 'Lead Source': 'Other' }),
    contact({ 'Record ID': '4', Email: '' }),
    contact({ 'Record ID': '5', 'Contact owner': 'Ian Clarke' }),
    contact({ 'Record ID': '6', 'Contact owner': 'Dana Brooks', 'Lifecycle Stage': 'Customer', 'Lead Status': '', 'Became a Customer Date': '2026-01-01' }),
    contact({ 'Record ID': '7' }),
    contact({ 'Record ID': '8' }),
  ];
}
