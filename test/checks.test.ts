import { describe, expect, it } from 'vitest';
import { resolveRules } from '../src/core/intake/config';
import { pullSnapshot } from '../src/core/intake/pull';
import { readSourceGrid } from '../src/core/intake/source';
import { reviewSnapshot, runChecks } from '../src/core/review/workflow';
import { contact, teamRules } from './fixtures';
import { byCheck, reviewOf } from './helpers';

const only = (check: string, ...contacts: Parameters<typeof contact>[0][]) => byCheck(reviewOf(contacts.map((c) => contact(c))), check);

describe('inactive_owner', () => {
  it('flags an owner the roster marks inactive, proposing an active owner of the routed team', () => {
    const [f, ...rest] = only('inactive_owner', { 'Contact owner': 'Ian Clarke' });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ field: 'Contact owner', currentValue: 'Ian Clarke', proposedValue: 'bruno@example.com', severity: 'High', reason: 'Owner is inactive' });
    expect(f!.evidence).toBe(
      'Contact owner "Ian Clarke" is marked inactive in the owner roster (Rules: owners "Ian Clarke"). Country/Region "United Kingdom" matches routing rule R-EMEA (team EMEA) (Rules: routing R-EMEA). Proposed Bruno Keller: one of 2 active owners of team EMEA, picked by a stable hash of the record id (the same record always gets the same pick; work spreads evenly).',
    );
    expect(f!.qa).toBe('');
  });

  it('flags an owner who is not in the roster', () => {
    const [f] = only('inactive_owner', { 'Contact owner': 'Zoe Former', 'Country/Region': 'Canada' });
    expect(f!.evidence).toContain('Contact owner "Zoe Former" is not in the owner roster (Rules: owners, 4 listed).');
    expect(f!.proposedValue).toBe('dana@example.com');
  });

  it('matches the roster by name, email or id, ignoring case and white space', () => {
    expect(only('inactive_owner', { 'Contact owner': ' alice martin ' }, { 'Contact owner': 'BRUNO@example.com' })).toEqual([]);
  });

  it('does not flag an active owner, a blank owner, or any owner when there is no roster', () => {
    expect(only('inactive_owner', { 'Contact owner': 'Alice Martin' }, { 'Contact owner': '' })).toEqual([]);
    expect(byCheck(reviewOf([contact({ 'Contact owner': 'Zoe Former' })], teamRules({ owners: [] })), 'inactive_owner')).toEqual([]);
  });

  it('says so when no active owner can be proposed', () => {
    const [f] = only('inactive_owner', { 'Contact owner': 'Zoe Former', 'Country/Region': 'Brazil' });
    expect(f!.proposedValue).toBe('');
    expect(f!.evidence).toContain('No team is known for this record, so no owner can be proposed: needs evidence.');
    expect(f!.qa).toBe('Not approvable: no proposed value: needs evidence');
  });
});

describe('stale_owner', () => {
  it('flags an active owner of an open record with no activity past the threshold, as of the review date', () => {
    const [f] = only('stale_owner', { 'Last Activity Date': '2026-09-01 10:00', 'Lifecycle Stage': 'Sales Qualified Lead', 'Lead Status': 'Connected' });
    expect(f).toMatchObject({ field: 'Contact owner', currentValue: 'Alice Martin', proposedValue: 'bruno@example.com', severity: 'Medium' });
    expect(f!.evidence).toBe(
      'Last Activity Date 2026-09-01 is 80 days before the review date 2026-11-20, over the 30-day limit for open stage "Sales Qualified Lead" (Rules: staleAfterDays 30, openStages). Owner Alice Martin is active in team EMEA. Proposed Bruno Keller: the other active owner of team EMEA.',
    );
  });

  it('falls back to the last modification date when there is no activity', () => {
    const [f] = only('stale_owner', { 'Last Activity Date': '', 'Last Modified Date': '2026-08-01T10:00:00Z' });
    expect(f!.evidence).toMatch(/^Last Modified Date \(no last activity date\) 2026-08-01 is 111 days before/);
  });

  it('does not flag a closed-stage record with old activity, a recent one, or the threshold day itself', () => {
    expect(
      only(
        'stale_owner',
        { 'Last Activity Date': '2025-01-01', 'Lifecycle Stage': 'Customer', 'Lead Status': '', 'Became a Customer Date': '2025-01-01' },
        { 'Last Activity Date': '2026-11-19' },
        { 'Last Activity Date': '2026-10-21' },
      ),
    ).toEqual([]);
  });

  it('does not flag an inactive owner (inactive_owner does)', () => {
    expect(only('stale_owner', { 'Contact owner': 'Ian Clarke', 'Last Activity Date': '2025-01-01' })).toEqual([]);
  });

  it("reads a column whose days are all 12 or less as the export's other date columns prove (US exports), or by its dots", () => {
    // Last Activity alone cannot say; Create Date's 11/20 can: month first
    const byCreate = only('stale_owner', { 'Last Activity Date': '5/2/2026', 'Create Date': '11/20/2025 10:00' });
    expect(byCreate.map((f) => f.reason)).toEqual(['Open record with no recent activity']);
    expect(byCreate[0]!.evidence).toMatch(/^Last Activity Date 2026-05-02 is 202 days before/);
    // a 12-hour clock proves nothing (Australia writes 25/10/2026 10:00 AM): the export's proof decides, else nothing does
    const dayFirst = only('stale_owner', { 'Last Activity Date': '01/11/2026 9:00 AM', 'Create Date': '25/10/2026 10:00 AM' });
    expect(dayFirst).toEqual([]); // 1 November: 19 days before the review date, not stale
    const byClock = only('stale_owner', { 'Last Activity Date': '5/2/2026 2:05 PM', 'Create Date': '2025-01-05 10:00' });
    expect(byClock.map((f) => [f.reason, f.proposedValue])).toEqual([['Unreadable date', '']]);
    // dots: day first
    const byDots = only('stale_owner', { 'Last Activity Date': '5.2.2026', 'Create Date': '2025-01-05 10:00' });
    expect(byDots[0]!.evidence).toMatch(/^Last Activity Date 2026-02-05 is 288 days before/);
  });

  it('reads day-first dates when the column proves it, and reports an unreadable date instead of crashing', () => {
    const rows = reviewOf([contact({ 'Last Activity Date': '25/08/2026' }), contact({ 'Last Activity Date': '03/09/2026' }), contact({ 'Last Activity Date': 'last week' })]);
    const stale = byCheck(rows, 'stale_owner');
    expect(stale[0]!.evidence).toMatch(/^Last Activity Date 2026-08-25 is 87 days before/);
    expect(stale[1]!.evidence).toMatch(/^Last Activity Date 2026-09-03 is 78 days before/);
    expect(stale[2]!.evidence).toMatch(/^Last Activity Date "last week" is not a date this review can read \(unrecognised form\)/);
    expect(stale[2]).toMatchObject({ field: 'Last Activity Date', proposedValue: '', severity: 'Low', reason: 'Unreadable date' });
  });
});

describe('lifecycle_mismatch', () => {
  it('flags a stage that is not defined, proposing the stage the status allows when it allows one', () => {
    const defined =
      'Lifecycle Stage "Prospect" is not one of the defined stages (Rules: lifecycleStages "Subscriber", "Lead", "Marketing Qualified Lead", "Sales Qualified Lead", "Opportunity", "Customer", "Evangelist", "Other").';
    // a status that allows several stages decides none: a guess could reopen a closed record
    const [f] = only('lifecycle_mismatch', { 'Lifecycle Stage': 'Prospect', 'Lead Status': 'Open Deal' });
    expect(f).toMatchObject({ field: 'Lifecycle Stage', currentValue: 'Prospect', proposedValue: '', qa: 'Not approvable: no proposed value: needs evidence' });
    expect(f!.evidence).toBe(
      `${defined} Lead Status "Open Deal" allows "Sales Qualified Lead", "Opportunity", "Customer": which of them is right needs evidence (Rules: statusStages "Open Deal").`,
    );
    const [g] = byCheck(
      reviewOf([contact({ 'Lifecycle Stage': 'Prospect', 'Lead Status': 'Open Deal' })], teamRules({ statusStages: { 'Open Deal': ['Opportunity'] } })),
      'lifecycle_mismatch',
    );
    expect(g).toMatchObject({ proposedValue: 'Opportunity', qa: '' });
    expect(g!.evidence).toBe(`${defined} Lead Status "Open Deal" allows "Opportunity", so it is proposed (Rules: statusStages "Open Deal").`);
  });

  it('accepts a lower-case label or an internal value that names a defined stage', () => {
    expect(only('lifecycle_mismatch', { 'Lifecycle Stage': 'lead', 'Lead Status': 'open' }, { 'Lifecycle Stage': 'marketingqualifiedlead', 'Lead Status': 'Open' })).toEqual([]);
  });

  it('flags a stage the lead status does not allow, proposing the nearest allowed stage forward', () => {
    const [f] = only('lifecycle_mismatch', { 'Lifecycle Stage': 'Subscriber', 'Lead Status': 'Open Deal' });
    expect(f).toMatchObject({ proposedValue: 'Sales Qualified Lead', qa: '' });
    expect(f!.evidence).toBe(
      'Lead Status "Open Deal" does not allow Lifecycle Stage "Subscriber"; it allows "Sales Qualified Lead", "Opportunity", "Customer" (Rules: statusStages "Open Deal"). The nearest allowed stage forward: "Sales Qualified Lead".',
    );
  });

  it("reads HubSpot's internal lead status values (IN_PROGRESS, OPEN_DEAL) as their labels", () => {
    const f = only('lifecycle_mismatch', { 'Lifecycle Stage': 'customer', 'Lead Status': 'IN_PROGRESS', 'Became a Customer Date': '2026-01-05' })[0];
    expect(f).toMatchObject({ proposedValue: 'Opportunity', reason: 'Stage not allowed by the lead status' });
    expect(f!.evidence).toContain('Lead Status "IN_PROGRESS" does not allow Lifecycle Stage "customer"');
    const [g] = only('lifecycle_mismatch', { 'Lifecycle Stage': 'subscriber', 'Lead Status': 'OPEN_DEAL' });
    expect(g).toMatchObject({ proposedValue: 'Sales Qualified Lead', qa: '' });
    expect(only('lifecycle_mismatch', { 'Lifecycle Stage': 'opportunity', 'Lead Status': 'OPEN_DEAL' })).toEqual([]);
  });

  it('leaves a backward move written with internal names to QA too, which refuses it', () => {
    const [f] = only('lifecycle_mismatch', { 'Lifecycle Stage': 'salesqualifiedlead', 'Lead Status': 'NEW' });
    expect(f!.proposedValue).toBe('Marketing Qualified Lead');
    expect(f!.qa).toBe('Not approvable: moves the stage backwards (HubSpot contacts stages only move forward)');
  });

  it('proposes no stage when the nearest allowed one is another closed stage: a change of outcome needs evidence', () => {
    // HubSpot: a Customer whose status says Unqualified is not made "Other" by the machine
    const f = only('lifecycle_mismatch', { 'Lifecycle Stage': 'Customer', 'Lead Status': 'Unqualified', 'Became a Customer Date': '2026-01-05' })[0];
    expect(f).toMatchObject({ proposedValue: '', qa: 'Not approvable: no proposed value: needs evidence' });
    expect(f!.evidence).toBe(
      'Lead Status "Unqualified" does not allow Lifecycle Stage "Customer"; it allows "Subscriber", "Lead", "Other" (Rules: statusStages "Unqualified"). The nearest allowed stage, "Other", is closed like "Customer": changing one for the other changes the record\'s outcome, so it needs evidence (correct Lead Status or Lifecycle Stage in the CRM).',
    );
    // Salesforce leads: "Closed - Converted" on a lead that is not converted is not proposed "Closed - Not Converted";
    // a converted lead still open is proposed "Closed - Converted" (an open stage to the one closed stage allowed)
    const headers = ['Id', 'LastName', 'Company', 'OwnerId', 'Status', 'LeadSource', 'IsConverted'];
    const grid = [headers, ['00Q1', 'Ada', 'Acme', '005A', 'Closed - Converted', 'Web', 'false'], ['00Q2', 'Bo', 'Beta', '005A', 'Working - Contacted', 'Web', 'true']];
    const resolved = resolveRules({ preset: 'salesforce-leads', asOf: '2026-11-20' }, headers);
    const snapshot = pullSnapshot(readSourceGrid(grid, { sourceName: 'test' }), resolved.rules, new Date('2026-11-20T09:00:00Z'), 'test');
    const rows = reviewSnapshot(snapshot, resolved, '2026-11-20').filter((r) => r.check === 'lifecycle_mismatch');
    expect(rows.map((r) => [r.recordId, r.currentValue, r.proposedValue])).toEqual([
      ['00Q1', 'Closed - Converted', ''],
      ['00Q2', 'Working - Contacted', 'Closed - Converted'],
    ]);
  });

  it('proposes no closed stage for an open one when the status allows several: a live Opportunity is not closed as "Other" by the machine', () => {
    const f = only('lifecycle_mismatch', { 'Lifecycle Stage': 'Opportunity', 'Lead Status': 'Unqualified' })[0];
    expect(f).toMatchObject({ proposedValue: '', qa: 'Not approvable: no proposed value: needs evidence' });
    expect(f!.evidence).toContain(
      'The nearest allowed stage, "Other", is closed and "Opportunity" open: changing one for the other changes the record\'s outcome, so it needs evidence (correct Lead Status or Lifecycle Stage in the CRM).',
    );
    // an open stage the status allows is still proposed
    expect(only('lifecycle_mismatch', { 'Lifecycle Stage': 'Subscriber', 'Lead Status': 'Open Deal' })[0]!.proposedValue).not.toBe('');
  });

  it('with no open stages in the Rules (openStages empty), no stage counts as closed: the nearest allowed stage is proposed', () => {
    // an empty openStages means "not configured" (stale_owner and routing skip it), not "every stage is closed"
    const rows = byCheck(
      reviewOf([contact({ 'Lifecycle Stage': 'Customer', 'Lead Status': 'Unqualified', 'Became a Customer Date': '2026-01-05' })], teamRules({ openStages: [] })),
      'lifecycle_mismatch',
    );
    expect(rows.map((r) => [r.currentValue, r.proposedValue])).toEqual([['Customer', 'Other']]);
    expect(rows[0]!.evidence).toContain('The nearest allowed stage forward: "Other".');
    expect(rows[0]!.evidence).not.toContain('closed like');
  });

  it('duplicate_record: colleagues sharing info@ and a switchboard, names not alike, are two people: no row at all', () => {
    // evaluators' B2B exports had hundreds of such colleagues flagged as possible duplicates, none a duplicate
    const shared = { Email: 'info@initrode.example', 'Phone Number': '+1 415 555 0100', 'Company Name': 'Initrode' };
    const rows = (a: [string, string], b: [string, string]) =>
      byCheck(reviewOf([contact({ 'First Name': a[0], 'Last Name': a[1], ...shared }), contact({ 'First Name': b[0], 'Last Name': b[1], ...shared })]), 'duplicate_record');
    expect(rows(['Peter', 'Gibbons'], ['Samir', 'Nagheenanajar'])).toEqual([]);
    // names only far apart, not different, are not alike either
    expect(rows(['Lukas', 'Schmidt'], ['Klaus', 'Schneider'])).toEqual([]);
    // but one name alike is one person at the team's inbox: J. Smith is John Smith, Gray is Grey
    expect(rows(['J', 'Smith'], ['John', 'Smith']).map((r) => r.proposedValue)).toEqual(['Keep as survivor', expect.stringMatching(/^Merge into/)]);
    expect(rows(['Emma', 'Gray'], ['Emma', 'Grey']).map((r) => r.proposedValue)).toEqual(['Keep as survivor', expect.stringMatching(/^Merge into/)]);
  });

  it('duplicate_record: colleagues whose first names are close but whose last names and emails differ are two people: no row', () => {
    // Léa Kowalczyk and Lena Müller at one switchboard: "close" first names used to slip past the rule
    const shared = { 'Phone Number': '+31 26 2704 200', 'Company Name': 'Kesmaron N.V.', 'Country/Region': 'Netherlands' };
    const pair = [
      contact({ 'Record ID': '501', 'First Name': 'Léa', 'Last Name': 'Kowalczyk', Email: 'lea.kowalczyk@kesmaron.example', ...shared }),
      contact({ 'Record ID': '502', 'First Name': 'Lena', 'Last Name': 'Müller', Email: 'lena.muller@kesmaron.example', ...shared }),
    ];
    expect(byCheck(reviewOf(pair), 'duplicate_record')).toEqual([]);
    // one person's two addresses with one name still merge
    const same = byCheck(reviewOf([pair[0]!, { ...pair[0]!, 'Record ID': '503', Email: 'lea.k@kesmaron.example' }]), 'duplicate_record');
    expect(same.map((r) => r.proposedValue)).toEqual(['Keep as survivor', 'Merge into 501']);
  });

  it("duplicate_record: two addresses a letter apart that carry each record's own first name are two people (amoore@, rmoore@)", () => {
    const shared = { 'Last Name': 'Moore', 'Phone Number': '+1 720 492 8775', 'Company Name': 'Prime Wren Freight', 'Country/Region': 'United States' };
    const pair = (a: [string, string], b: [string, string]) =>
      byCheck(
        reviewOf([contact({ 'Record ID': '601', 'First Name': a[0], Email: a[1], ...shared }), contact({ 'Record ID': '602', 'First Name': b[0], Email: b[1], ...shared })]),
        'duplicate_record',
      ).map((r) => r.proposedValue);
    // each mailbox begins with its own initial, or holds its own first name: colleagues, not a typo
    expect(pair(['Anthony', 'amoore@primewren.example'], ['Richard', 'rmoore@primewren.example'])).toEqual([]);
    expect(pair(['Ji-ho', 'ji-ho.moore@primewren.example'], ['Ji-woo', 'ji-woo.moore@primewren.example'])).toEqual([]);
    // one person: the address mistyped elsewhere, and a nickname, still merge
    expect(pair(['Anthony', 'amoore@primewren.example'], ['Tony', 'amoure@primewren.example'])).toEqual(['Keep as survivor', 'Merge into 601']);
    // one person whose first name is mistyped into the address too
    expect(pair(['Michael', 'michael@primewren.example'], ['Mochael', 'mochael@primewren.example'])).toEqual(['Keep as survivor', 'Merge into 601']);
    // nor does a third record, with no first name and Anthony's address, join Richard to Anthony
    const third = byCheck(
      reviewOf([
        contact({ 'Record ID': '601', 'First Name': 'Anthony', Email: 'amoore@primewren.example', ...shared }),
        contact({ 'Record ID': '602', 'First Name': 'Richard', Email: 'rmoore@primewren.example', ...shared }),
        contact({ 'Record ID': '603', 'First Name': '', Email: 'amoore@primewren.example', ...shared }),
      ]),
      'duplicate_record',
    );
    const richard = third.find((r) => r.recordId === '602');
    expect(richard?.proposedValue ?? '').not.toMatch(/^Merge into/);
    expect(third.filter((r) => r.proposedValue.startsWith('Merge into 602'))).toEqual([]);
    expect(richard!.evidence).toContain("kept out of 603's group because someone in it is another person than this record");
    expect(richard!.evidence).toContain('with 601, whom the names and email addresses show to be another person than this record: no merge into it is proposed.');
  });

  it("duplicate_record: mailboxes a letter apart that end in each record's own last initial are two people (lukass@, lukasw@)", () => {
    const shared = { 'Phone Number': '+49 30 1234 5600', 'Company Name': 'Nordwerk GmbH', 'Country/Region': 'Germany' };
    const rows = byCheck(
      reviewOf([
        contact({ 'First Name': 'Lukas', 'Last Name': 'Schmidt', Email: 'lukass@nordwerk.example', ...shared }),
        contact({ 'First Name': 'Lukas', 'Last Name': 'Weber', Email: 'lukasw@nordwerk.example', ...shared }),
      ]),
      'duplicate_record',
    );
    expect(rows).toEqual([]);
  });

  it('duplicate_record: short forms other languages use are one given name (Kasia is Katarzyna, Sasha is Alexander)', () => {
    const rows = byCheck(
      reviewOf([
        contact({ 'First Name': 'Katarzyna', 'Last Name': 'Nowak', Email: 'katarzyna.nowak@polar.example', 'Phone Number': '+48 22 555 0101' }),
        contact({ 'First Name': 'Kasia', 'Last Name': 'Nowak', Email: 'kasia.nowak@polar.example', 'Phone Number': '+48 22 555 0101' }),
      ]),
      'duplicate_record',
    );
    expect(rows.map((r) => r.proposedValue).sort()).toEqual(['Keep as survivor', expect.stringMatching(/^Merge into/)].sort());
  });

  it('duplicate_record: colleagues at one company with different first names and an email missing are two people, no merge', () => {
    // Sneha and Kavya Reddy at one switchboard, one of them with no email in the CRM
    const shared = { 'Last Name': 'Reddy', 'Phone Number': '+91 22 7511 4243', 'Company Name': 'Foxglove Telecom', 'Country/Region': 'India' };
    const rows = byCheck(
      reviewOf([contact({ 'First Name': 'Sneha', Email: 'sneha.reddy@foxglove.example', ...shared }), contact({ 'First Name': 'Kavya', Email: '', ...shared })]),
      'duplicate_record',
    );
    expect(rows).toEqual([]);
  });

  it('leaves a backward move to QA, which refuses it', () => {
    const [f] = only('lifecycle_mismatch', { 'Lifecycle Stage': 'Opportunity', 'Lead Status': 'New' });
    expect(f!.proposedValue).toBe('Marketing Qualified Lead');
    expect(f!.qa).toBe('Not approvable: moves the stage backwards (HubSpot contacts stages only move forward)');
  });

  it('flags a stage that lacks a field it requires', () => {
    const [f] = only('lifecycle_mismatch', { 'Lifecycle Stage': 'Customer', 'Lead Status': '', 'Became a Customer Date': '' });
    expect(f).toMatchObject({ field: 'Became a Customer Date', proposedValue: '', reason: 'Stage lacks a required field' });
    expect(f!.evidence).toBe(
      'Lifecycle Stage "Customer" requires "Became a Customer Date", which is empty (Rules: stageRequiredFields "Customer"). No approved field gives its value: needs evidence.',
    );
  });

  it('does not flag an allowed stage, a status without a rule, or a customer with its date', () => {
    expect(
      only(
        'lifecycle_mismatch',
        { 'Lifecycle Stage': 'Lead', 'Lead Status': 'New' },
        { 'Lifecycle Stage': 'Lead', 'Lead Status': 'Custom Status' },
        { 'Lifecycle Stage': 'Customer', 'Lead Status': '', 'Became a Customer Date': '2026-01-01' },
      ),
    ).toEqual([]);
  });
});

describe('source_mismatch', () => {
  it('flags an unclear lead source, proposing what the campaign maps to', () => {
    const [f] = only('source_mismatch', { 'Lead Source': 'unknown ', 'Original Source Drill-Down 1': 'webinar-q3' });
    expect(f).toMatchObject({ currentValue: 'unknown', proposedValue: 'Event', severity: 'Low' });
    expect(f!.evidence).toBe(
      'Lead Source "unknown" is an unclear value (Rules: sources unclear). Original Source Drill-Down 1 "webinar-q3" maps to "Event" (Rules: sources mapping "webinar-q3").',
    );
  });

  it('flags a lead source that contradicts its campaign', () => {
    const [f] = only('source_mismatch', { 'Lead Source': 'Event', 'Original Source Drill-Down 1': 'google-ads-brand' });
    expect(f!.proposedValue).toBe('Paid Search');
    expect(f!.evidence).toBe(
      'Original Source Drill-Down 1 "google-ads-brand" maps to lead source "Paid Search", but Lead Source is "Event" (Rules: sources mapping "google-ads-brand").',
    );
  });

  it('does not flag an organic source with no campaign, an unmapped campaign, or a matching source in another case', () => {
    expect(
      only(
        'source_mismatch',
        { 'Lead Source': 'Organic Search', 'Original Source Drill-Down 1': '' },
        { 'Lead Source': 'Referral', 'Original Source Drill-Down 1': 'partner-x' },
        { 'Lead Source': 'paid search', 'Original Source Drill-Down 1': 'GOOGLE-ADS-BRAND' },
      ),
    ).toEqual([]);
  });

  it('says when an unclear source cannot be derived', () => {
    const [f] = only('source_mismatch', { 'Lead Source': 'Other', 'Original Source Drill-Down 1': '' });
    expect(f!.evidence).toContain('There is no campaign source to derive it from: needs evidence.');
  });
});

describe('routing_exception', () => {
  it('flags an owner outside the team the first matching rule expects', () => {
    // the record id is pinned: the proposed owner is a stable hash of it
    const [f] = only('routing_exception', { 'Record ID': '1044', 'Contact owner': 'Dana Brooks' });
    expect(f).toMatchObject({ currentValue: 'Dana Brooks', proposedValue: 'alice@example.com', severity: 'High' });
    expect(f!.evidence).toBe(
      'Country/Region "United Kingdom" matches routing rule R-EMEA (team EMEA) (Rules: routing R-EMEA), but Dana Brooks is in team NA (Rules: owners). Proposed Alice Martin: one of 2 active owners of team EMEA, picked by a stable hash of the record id (the same record always gets the same pick; work spreads evenly).',
    );
  });

  it('flags a routable record that no rule matches', () => {
    const [f] = only('routing_exception', { 'Country/Region': 'Brazil' });
    expect(f!.evidence).toBe('No routing rule matches this record (Country/Region "Brazil"; Rules: routing, 2 rules), so no team can be expected: needs evidence.');
    expect(f!.qa).toBe('Not approvable: no proposed value: needs evidence');
  });

  it('does not flag an active owner in the right team, or an owner left to other checks (closed stages: test/report.test.ts)', () => {
    expect(only('routing_exception', { 'Contact owner': 'Bruno Keller', 'Country/Region': 'germany' }, { 'Contact owner': 'Ian Clarke' }, { 'Contact owner': '' })).toEqual([]);
  });

  it("spreads proposals across the team's owners, by record, whatever the row order", () => {
    // distinct people (no duplicates among them), all owned by someone outside the routed team
    const many = Array.from({ length: 60 }, (_, i) => ({
      'Record ID': String(500 + i),
      'Contact owner': 'Dana Brooks',
      'First Name': `Person${i}`,
      'Last Name': `Family${i * 7}`,
      Email: `p${i}@company${i}.example`,
      'Phone Number': `+44 20 7946 ${String(1000 + i * 13)}`,
      'Company Name': `Firm ${i}`,
    }));
    const rows = only('routing_exception', ...many);
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.proposedValue, (counts.get(r.proposedValue) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['alice@example.com', 'bruno@example.com']);
    expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(12); // 60 records, 2 owners: a fair split, not a perfect one
    const reversed = only('routing_exception', ...[...many].reverse());
    const byId = (rs: typeof rows) => Object.fromEntries(rs.map((r) => [r.recordId, r.proposedValue]));
    expect(byId(reversed)).toEqual(byId(rows));
  });

  it('reads a country however it is written: a UK record owned by EMEA is routed, a USA record owned by EMEA is an exception to NA', () => {
    expect(only('routing_exception', { 'Country/Region': 'UK', 'Contact owner': 'Alice Martin' }, { 'Country/Region': 'Deutschland', 'Contact owner': 'Bruno Keller' })).toEqual(
      [],
    );
    const [f] = only('routing_exception', { 'Country/Region': 'USA', 'Contact owner': 'Alice Martin' });
    expect(f).toMatchObject({ proposedValue: 'dana@example.com' });
    expect(f!.evidence).toContain('Country/Region "USA" matches routing rule R-NA (team NA)');
  });
});

describe('routing by a part of a country', () => {
  it('matches a rule naming part of a country on that part only, and a rule naming the country on all of it', () => {
    const rules = teamRules({
      routing: [
        { id: 'R-SCOT', when: { 'Country/Region': ['Scotland'] }, team: 'NA' },
        { id: 'R-UK', when: { 'Country/Region': ['United Kingdom'] }, team: 'EMEA' },
      ],
    });
    const rows = reviewOf(
      [
        contact({ 'Record ID': '1', 'Country/Region': 'England', 'Contact owner': 'Alice Martin' }),
        contact({ 'Record ID': '2', 'Country/Region': 'Scotland', 'Contact owner': 'Dana Brooks' }),
        contact({ 'Record ID': '3', 'Country/Region': 'Scotland', 'Contact owner': 'Alice Martin' }),
      ],
      rules,
    );
    // England is routed by R-UK (EMEA: Alice is right); Scotland by R-SCOT (NA: Dana is right, Alice is not)
    expect(rows.filter((r) => r.check === 'routing_exception').map((r) => [r.recordId, r.rule])).toEqual([['3', 'routing R-SCOT']]);
  });
});

describe('the review as a whole', () => {
  it('gives a clean record no proposal at all', () => {
    expect(reviewOf([contact(), contact()])).toEqual([]);
  });

  it("groups a record's proposals together in check order", () => {
    const rows = reviewOf([contact({ 'Record ID': '1', 'Contact owner': 'Dana Brooks', 'Lead Source': 'Other' }), contact({ 'Record ID': '2', Email: '' })]);
    expect(rows.map((r) => [r.recordId, r.check])).toEqual([
      ['1', 'source_mismatch'],
      ['1', 'routing_exception'],
      ['2', 'missing_required_field'],
    ]);
  });
});

describe('duplicate_record on deals', () => {
  // two deals of each of 160 companies: the company is no deal's identity (an evaluator's deals export had every pair proposed as a merge)
  const headers = ['Record ID', 'Deal Name', 'Deal Stage', 'Pipeline', 'Amount', 'Close Date', 'Deal owner', 'Associated Company', 'Create Date'];
  const grid = [
    headers,
    ...Array.from({ length: 160 }, (_, k) => [
      [`${2000 + 2 * k}`, `Company ${k} - New licence`, 'Closed Won', 'Sales Pipeline', '10000', '2025-06-30', 'Dana Brooks', `Company ${k} Ltd`, '2025-03-01 10:00'],
      [`${2001 + 2 * k}`, `Company ${k} - Expansion`, 'Contract Sent', 'Sales Pipeline', '5000', '2026-05-30', 'Dana Brooks', `Company ${k} Ltd`, '2026-02-01 10:00'],
    ]).flat(),
  ];
  const run = (file: Parameters<typeof resolveRules>[0]) => {
    const resolved = resolveRules({ preset: 'hubspot-deals', asOf: '2026-03-31', ...file }, headers);
    const snapshot = pullSnapshot(readSourceGrid(grid, { sourceName: 'test' }), resolved.rules, new Date('2026-03-31T09:00:00Z'), 'test');
    return runChecks(snapshot, resolved, '2026-03-31');
  };

  it('does not run by default, and says why and how to turn it on', () => {
    const { rows, skipped } = run({});
    expect(rows.filter((r) => r.check === 'duplicate_record')).toEqual([]);
    expect(skipped.find((s) => s.check === 'duplicate_record')?.reason).toBe(
      'deals have no identity to match by default (a company has many deals; matched on it, every two would be one): to compare deals, name in the Rules (duplicates.match) the columns that make two of yours one',
    );
  });

  it('runs on the columns the Rules name', () => {
    grid.push(['9999', 'Company 7 - Expansion', 'Contract Sent', 'Sales Pipeline', '5000', '2026-05-30', 'Dana Brooks', 'Company 7 Ltd', '2026-02-03 10:00']);
    const { rows, skipped } = run({ duplicates: { match: { company: ['Deal Name'] } } });
    grid.pop();
    expect(skipped.map((s) => s.check)).not.toContain('duplicate_record');
    const twice = rows.filter((r) => r.check === 'duplicate_record' && (r.recordId === '9999' || r.recordId === '2015'));
    // (the made-up names all look alike, so how they are grouped is not the point here: that they are compared is)
    expect(twice.map((r) => r.recordId)).toEqual(['2015', '9999']);
  });
});

describe('duplicate_record: one person whose mailboxes carry a short surname mistyped, or a nickname', () => {
  const pair = (a: Record<string, string>, b: Record<string, string>) =>
    byCheck(
      reviewOf([
        contact({ 'Record ID': '701', 'Phone Number': '+1 312 555 0188', 'Company Name': 'Lakeview Partners', ...a }),
        contact({ 'Record ID': '702', 'Phone Number': '+1 312 555 0188', 'Company Name': 'Lakeview Partners', ...b }),
      ]),
      'duplicate_record',
    ).map((r) => r.proposedValue);

  it('Emma Gray (egray@) and Emma Grey (egrey@) are one person, a surname one typo apart', () => {
    expect(
      pair({ 'First Name': 'Emma', 'Last Name': 'Gray', Email: 'egray@lakeview.example' }, { 'First Name': 'Emma', 'Last Name': 'Grey', Email: 'egrey@lakeview.example' }),
    ).toEqual(['Keep as survivor', 'Merge into 701']);
  });

  it('Bob Garcia-Lopez (bgarcia@) and Robert Garcia (rgarcia@): the first names are one given name, so the initials do not tell two people', () => {
    expect(
      pair(
        { 'First Name': 'Bob', 'Last Name': 'Garcia-Lopez', Email: 'bgarcia@lakeview.example' },
        { 'First Name': 'Robert', 'Last Name': 'Garcia', Email: 'rgarcia@lakeview.example' },
      ),
    ).toContain('Keep as survivor');
  });
});
