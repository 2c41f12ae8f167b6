/**
 * The record shape of the duplicate engine follows the preset (adversarial review of 2026-11-26): a
 * contacts export whose name columns are not approved is still people, so two colleagues who share a
 * company name are not one record.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run';
import { parseCsv } from '../src/core/intake/csv';
import { memoryIo } from './memoryIo';

const RULES = JSON.stringify({
  preset: 'hubspot-contacts',
  asOf: '2026-03-31',
  owners: [{ name: 'Ann Lee', email: 'ann@example.com', active: true, team: 'EMEA' }],
  routing: [{ id: 'R-EMEA', when: { 'Country/Region': ['Germany'] }, team: 'EMEA' }],
});
const HEADER = 'Record ID,Email,Company Name,Country/Region,Contact owner,Lifecycle Stage';

function duplicateRows(csv: string, rules = RULES): string[][] {
  const m = memoryIo({ 'e.csv': csv, 'r.json': rules });
  expect(runCli(['review', 'e.csv', '--rules', 'r.json'], m.io)).toBe(0);
  const g = parseCsv(m.files['out/review.csv']!);
  return g.slice(1).filter((r) => r[g[0]!.indexOf('Check')] === 'duplicate_record');
}

describe('duplicate matching on a contacts export without name columns', () => {
  it('two colleagues at one company, with their own addresses, are two people', () => {
    expect(duplicateRows(`${HEADER}\n3001,a@example.com,Acme,Germany,Ann Lee,Lead\n3002,b@example.com,Acme 2,Germany,Ann Lee,Lead\n`)).toEqual([]);
  });

  it('the same address twice is still one person', () => {
    const rows = duplicateRows(`${HEADER}\n3001,a@example.com,Acme,Germany,Ann Lee,Lead\n3002,a@example.com,Acme,Germany,Ann Lee,Lead\n`);
    expect(rows.map((r) => r[1])).toEqual(['3001', '3002']);
  });

  it('the Rules can still say organization', () => {
    const rules = JSON.stringify({ ...JSON.parse(RULES), duplicates: { shape: 'organization' } });
    const rows = duplicateRows(`${HEADER}\n3001,a@example.com,Acme,Germany,Ann Lee,Lead\n3002,b@example.com,Acme,Germany,Ann Lee,Lead\n`, rules);
    expect(rows.length).toBeGreaterThan(0);
  });
});
