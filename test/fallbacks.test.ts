/** Fallbacks with no other test: the export's date proof for the survivor, countries in breakdowns, record ids in blocking, the shared-inbox rule without an email. */
import { describe, expect, it } from 'vitest';
import { defaultMatchConfig, linkRecords, type MatchValues } from '../src/core/checks/dedupe/engine';
import { pullSnapshot } from '../src/core/intake/pull';
import { readSourceGrid } from '../src/core/intake/source';
import { buildReport } from '../src/core/report/report';
import { summarise } from '../src/core/report/summary';
import { reviewSnapshot } from '../src/core/review/workflow';
import { type Contact, contact, grid, teamRules } from './fixtures';
import { byCheck, reviewOf } from './helpers';

/** Record id, proposed value and the survivor sentence of each duplicate_record row. */
const survivors = (contacts: Contact[]) =>
  byCheck(reviewOf(contacts), 'duplicate_record').map((r) => [r.recordId, r.proposedValue, r.evidence.slice(r.evidence.indexOf('Survivor'))]);

describe('duplicate survivor: a created date read in the day order the export proves', () => {
  // Katherine Johnson twice, equally complete: only the create date can rank them, and its own dates read both ways
  const twins = (lastModified: string): Contact[] => {
    const same = { 'First Name': 'Katherine', 'Last Name': 'Johnson', Email: 'k.johnson@nasa.example', 'Phone Number': '+1 757 555 0100', 'Last Modified Date': lastModified };
    return [contact({ ...same, 'Record ID': '701', 'Create Date': '03/04/2026' }), contact({ ...same, 'Record ID': '702', 'Create Date': '04/03/2026' })];
  };

  it('a day-first Last Modified Date makes 04/03/2026 (4 March) the older record, so 702 survives over the lower id', () => {
    // a US-or-EU export's Create Date may hold only days of 12 or less; its other date columns still prove the order
    expect(survivors(twins('25/10/2026'))).toEqual([
      ['701', 'Merge into 702', 'Survivor 702: as complete as the others (15 of 16 fields), and oldest (Create Date 04/03/2026). Fields to keep from this record: none.'],
      ['702', 'Keep as survivor', 'Survivor 702: as complete as the others (15 of 16 fields), and oldest (Create Date 04/03/2026).'],
    ]);
  });

  it('a month-first Last Modified Date makes 03/04/2026 (March 4) the older record', () => {
    expect(survivors(twins('10/25/2026'))).toEqual([
      ['701', 'Keep as survivor', 'Survivor 701: as complete as the others (15 of 16 fields), and oldest (Create Date 03/04/2026).'],
      ['702', 'Merge into 701', 'Survivor 701: as complete as the others (15 of 16 fields), and oldest (Create Date 03/04/2026). Fields to keep from this record: none.'],
    ]);
  });

  it('with no proof anywhere in the export the dates are not guessed: the lowest id survives', () => {
    expect(survivors(twins('2026-10-25 09:00')).map(([id, , why]) => [id, why])).toEqual([
      ['701', 'Survivor 701: as complete and as old as the others; the lowest record id.'],
      ['702', 'Survivor 701: as complete and as old as the others; the lowest record id. Fields to keep from this record: none.'],
    ]);
  });
});

describe('breakdowns: a routing rule counts its country however the export writes it', () => {
  it('R-NA ("United States") routes records written USA, U.S. and United States in the By Rules entry breakdown', () => {
    // the breakdowns compile routes apart from the checks: without the country column's role, "USA" would not be the United States there
    const resolved = teamRules();
    const contacts = [
      contact({ 'Record ID': '1', 'Country/Region': 'USA', 'Contact owner': 'Dana Brooks' }),
      contact({ 'Record ID': '2', 'Country/Region': 'U.S.', 'Contact owner': 'Dana Brooks' }),
      contact({ 'Record ID': '3', 'Country/Region': 'United States', 'Contact owner': 'Dana Brooks' }),
      contact({ 'Record ID': '4', 'Country/Region': 'USA', 'Contact owner': 'Alice Martin' }), // an EMEA owner: a routing exception of R-NA
      contact({ 'Record ID': '5', 'Country/Region': 'United Kingdom' }),
    ];
    const snapshot = pullSnapshot(readSourceGrid(grid(contacts), { sourceName: 'test' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'test');
    const rows = reviewSnapshot(snapshot, resolved, '2026-11-20');
    expect(rows.map((r) => [r.recordId, r.check, r.rule])).toEqual([['4', 'routing_exception', 'routing R-NA']]);
    const figures = summarise(rows, { batchId: 'B-test', pulledAt: '2026-11-20T09:00:00Z', asOf: '2026-11-20', recordsReviewed: snapshot.rows.length });
    const report = buildReport({ rows, records: snapshot, rules: resolved.rules, figures, history: [] });
    expect(report.routeMatches).toEqual({ 'R-EMEA': 1, 'R-NA': 4 });
    const line = (key: string) => report.breakdowns.byRule.find((l) => l.key === key);
    expect(line('routing R-NA')).toMatchObject({ records: 4, recordsShare: 0.8, recordsFlagged: 1, proposals: 1, checks: { routing_exception: 1 } });
    expect(line('routing R-EMEA')).toMatchObject({ records: 1, recordsShare: 0.2, proposals: 0 });
  });
});

describe('duplicate blocking: a record id in the company column is no blocking key', () => {
  const organization = defaultMatchConfig('organization');

  it('twelve accounts written as Salesforce ids sharing their first characters are never compared; twelve names sharing words are, all with all', () => {
    // every id of one org starts 0015g00000: blocking on its words or first five characters would compare every account with every other
    const ids: MatchValues[] = Array.from({ length: 12 }, (_, i) => ({ company: `0015g00000${String(i).padStart(2, '0')}QAQ` }));
    expect(ids.every((v) => v.company!.length === 15)).toBe(true);
    expect(linkRecords(ids, organization)).toMatchObject({ compared: 0, totalPairs: 66, groups: [], possible: [] });
    const names: MatchValues[] = Array.from({ length: 12 }, (_, i) => ({ company: `Acme Holdings ${i}` }));
    expect(linkRecords(names, organization).compared).toBe(66);
  });

  it('two ids of one account meet through another key (the domain) and compare exact there', () => {
    const others: MatchValues[] = Array.from({ length: 12 }, (_, i) => ({ company: `0015g00000${String(i).padStart(2, '0')}QAQ` }));
    const result = linkRecords([{ company: '0015g00000rUQAQ', domain: 'acme.example' }, { company: '0015g00000rUQAQAAB', domain: 'acme.example' }, ...others], organization);
    expect(result.compared).toBe(1);
    expect(result.groups.map((g) => g.members)).toEqual([[0, 1]]);
    expect(result.groups[0]!.links[0]!.fields.find((f) => f.role === 'company')?.level).toBe('exact');
  });
});

describe('the two-people rule (names and emails differ) when an email is missing', () => {
  // Peter and Samir Gibbons at one switchboard: two people by their names and emails, so no row
  const gibbons = (peter: string, samir: string): Contact[] => {
    const shared = { 'Last Name': 'Gibbons', 'Phone Number': '+1 415 555 0100', 'Company Name': 'Initrode', 'Country/Region': 'United States', 'Contact owner': 'Dana Brooks' };
    return [contact({ ...shared, 'Record ID': '801', 'First Name': 'Peter', Email: peter }), contact({ ...shared, 'Record ID': '802', 'First Name': 'Samir', Email: samir })];
  };

  it('both emails present (an info@ inbox on both, or two addresses), or one or both missing at one company: two people, no row', () => {
    for (const [peter, samir] of [
      ['info@initrode.example', 'info@initrode.example'],
      ['peter@initrode.example', 'samir@initrode.example'],
      ['info@initrode.example', ''],
      ['', 'samir@initrode.example'],
      ['', ''],
    ]) {
      expect(byCheck(reviewOf(gibbons(peter!, samir!)), 'duplicate_record'), `${peter} ${samir}`).toEqual([]);
    }
  });

  it('without a company, two first names at one phone look like a household: a possible duplicate, no merge; a typo in one first name is still one person', () => {
    // (the cap stays out of pairs without a shared phone: Febrl, which has neither company nor phone, lost
    // a tenth of its recall when every pair with two first names was capped; README, Duplicates)
    const noCompany = gibbons('info@initrode.example', '').map((c) => ({ ...c, 'Company Name': '' }));
    const household = byCheck(reviewOf(noCompany), 'duplicate_record');
    expect(household.map((r) => [r.recordId, r.severity, r.reason])).toEqual([
      ['801', 'Low', 'Possible duplicate (two first names at one phone)'],
      ['802', 'Low', 'Possible duplicate (two first names at one phone)'],
    ]);
    expect(household[0]!.evidence).toContain("but two first names share one phone with an email missing, as a household's do");
    const typo = noCompany.map((c, k) => ({ ...c, 'First Name': k === 1 ? 'Petr' : 'Peter' }));
    const rows = byCheck(reviewOf(typo), 'duplicate_record');
    expect(rows.map((r) => [r.recordId, r.proposedValue])).toEqual([
      ['801', 'Keep as survivor'],
      ['802', 'Merge into 801'],
    ]);
    const evidence = rows[0]!.evidence;
    expect(evidence).toContain('First Name "Peter" vs "Petr": close');
    expect(evidence).not.toContain('Email "'); // a missing value counts nothing and is not shown
  });
});
