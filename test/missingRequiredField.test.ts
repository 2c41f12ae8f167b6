import { describe, expect, it } from 'vitest';
import { resolveRules } from '../src/core/intake/config';
import { pullSnapshot } from '../src/core/intake/pull';
import { readSourceGrid } from '../src/core/intake/source';
import { reviewSnapshot } from '../src/core/review/workflow';
import { byCheck, reviewOf } from './helpers';
import { contact, teamRules } from './fixtures';

const check = 'missing_required_field';

describe('missing_required_field', () => {
  it('flags an empty required field with its evidence', () => {
    const c = contact({ Email: '' });
    const [row, ...rest] = byCheck(reviewOf([c]), check);
    expect(rest).toHaveLength(0);
    expect(row).toMatchObject({ recordId: c['Record ID'], field: 'Email', currentValue: '', proposedValue: '', severity: 'Medium' });
    expect(row!.evidence).toBe('"Email" is empty; it is required (Rules: requiredFields "Email"). No other approved field determines its value: needs evidence.');
    expect(row!.qa).toBe('Not approvable: no proposed value: needs evidence');
  });

  it('treats white space only as empty', () => {
    expect(byCheck(reviewOf([contact({ 'Lifecycle Stage': '   ', 'Lead Status': '' })]), check).map((r) => r.field)).toEqual(['Lifecycle Stage']);
  });

  it('treats a placeholder for none as missing ("[not provided]", "N/A", "-"), naming it; a lead source that says nothing is left to source_mismatch, an owner to inactive_owner', () => {
    const rows = byCheck(
      reviewOf([
        contact({ 'Lifecycle Stage': '[not provided]', 'Lead Status': '' }),
        contact({ 'Lifecycle Stage': 'N/A', 'Lead Status': '' }),
        contact({ 'Lifecycle Stage': ' - ', 'Lead Status': '' }),
        contact({ 'Lead Source': 'Unknown', 'Original Source Drill-Down 1': '' }),
        contact({ 'Contact owner': '-' }),
      ]),
      check,
    );
    expect(rows.map((r) => [r.field, r.currentValue])).toEqual([
      ['Lifecycle Stage', '[not provided]'],
      ['Lifecycle Stage', 'N/A'],
      ['Lifecycle Stage', '-'], // (the pull trims it)
    ]);
    expect(rows[0]!.evidence).toBe(
      '"Lifecycle Stage" holds "[not provided]", a placeholder for no value; it is required (Rules: requiredFields "Lifecycle Stage"). No other approved field determines its value: needs evidence.',
    );
  });

  it('does not take a real value for a placeholder: a name like Na, an email, a long value', () => {
    expect(byCheck(reviewOf([contact({ Email: 'na@example.com' }), contact({ 'Lifecycle Stage': 'Lead' }), contact({ 'Contact owner': 'Na Li' })]), check)).toEqual([]);
  });

  it('gives one proposal per missing field', () => {
    const rows = byCheck(reviewOf([contact({ Email: '', 'Lead Source': '', 'Original Source Drill-Down 1': '' })]), check);
    expect(rows.map((r) => r.field).sort()).toEqual(['Email', 'Lead Source']);
  });

  it('does not flag a record whose required fields are filled', () => {
    expect(byCheck(reviewOf([contact(), contact({ 'Company Name': '' })]), check)).toEqual([]);
  });

  it('derives the lead source from the campaign mapping', () => {
    const [row] = byCheck(reviewOf([contact({ 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' })]), check);
    expect(row!.proposedValue).toBe('Event');
    expect(row!.evidence).toContain('Original Source Drill-Down 1 "webinar-q3" maps to lead source "Event" (Rules: sources mapping).');
    expect(row!.qa).toBe('');
  });

  it('derives the stage the lead status allows', () => {
    const [row] = byCheck(reviewOf([contact({ 'Lifecycle Stage': '', 'Lead Status': 'Open Deal' })]), check);
    expect(row!.proposedValue).toBe('Sales Qualified Lead');
    expect(row!.evidence).toContain('(Rules: statusStages)');
    // HubSpot's internal value reads as its label
    const [internal] = byCheck(reviewOf([contact({ 'Lifecycle Stage': '', 'Lead Status': 'OPEN_DEAL' })]), check);
    expect(internal!.proposedValue).toBe('Sales Qualified Lead');
  });

  it('derives an owner from the routing rule, spread by record and explained', () => {
    const rows = byCheck(
      reviewOf([contact(), contact(), contact({ 'Contact owner': '' }), contact({ 'Contact owner': '' }), contact({ 'Contact owner': '', 'Country/Region': 'Canada' })]),
      check,
    );
    expect(rows.map((r) => r.proposedValue.split('@')[1])).toEqual(['example.com', 'example.com', 'example.com']);
    expect(['alice@example.com', 'bruno@example.com']).toContain(rows[0]!.proposedValue);
    expect(rows[2]!.proposedValue).toBe('dana@example.com');
    expect(rows[0]!.evidence).toMatch(
      /Country\/Region "United Kingdom" matches routing rule R-EMEA \(team EMEA\); proposed (Alice Martin|Bruno Keller): one of 2 active owners of team EMEA, picked by a stable hash of the record id/,
    );
    expect(rows[2]!.qa).toBe('');
  });

  it('does not derive an owner when no rule matches', () => {
    const [row] = byCheck(reviewOf([contact({ 'Contact owner': '', 'Country/Region': 'Brazil' })]), check);
    expect(row!.proposedValue).toBe('');
  });

  it("skips a required field that is not in the rules' approved columns", () => {
    const resolved = teamRules({ requiredFields: ['Email', 'Job Title'] });
    expect(byCheck(reviewOf([contact()], resolved), check)).toEqual([]);
  });
});

describe('a blank Salesforce owner', () => {
  it('is proposed only an owner with a user id, which the import of OwnerId takes', () => {
    const headers = ['Id', 'LastName', 'Company', 'OwnerId', 'Status', 'LeadSource', 'Country'];
    const rows = Array.from({ length: 6 }, (_, i) => [`00Q5g00000AbCd${i}AAV`, `L${i}`, 'Acme', '', 'Open - Not Contacted', 'Web', 'US']);
    const resolved = resolveRules(
      {
        preset: 'salesforce-leads',
        owners: [
          { name: 'Ada Id', email: '', id: '0055g00000AdAiDAAV', active: true, team: 'NA' },
          { name: 'Cy NoId', email: '', active: true, team: 'NA' },
        ],
        routing: [{ id: 'R-US', when: { Country: ['US'] }, team: 'NA' }],
      },
      headers,
    );
    const snapshot = pullSnapshot(readSourceGrid([headers, ...rows], { sourceName: 'e.csv' }), resolved.rules, new Date('2026-11-27T00:00:00Z'), 'e.csv');
    const owners = reviewSnapshot(snapshot, resolved, '2026-11-27').filter((r) => r.check === 'missing_required_field' && r.field === 'OwnerId');
    expect(owners).toHaveLength(6);
    expect(new Set(owners.map((r) => r.proposedValue))).toEqual(new Set(['0055g00000AdAiDAAV']));
  });
});
