import { describe, expect, it } from 'vitest';
import { latestEntries, parseLog, logRows, LOG_COLUMNS } from '../src/core/decisions/log';
import { reconcile } from '../src/core/decisions/reconcile';
import { approvedChanges } from '../src/core/decisions/export';
import { getPreset } from '../src/core/intake/presets';
import { makeQa } from '../src/core/review/qa';
import { issueIdFor, parseDecision, type ReviewRow, reviewRowsFromGrid, reviewRowsToGrid } from '../src/core/review/rows';
import { OwnerRoster } from '../src/core/checks/owners';
import { summarise } from '../src/core/report/summary';
import { contact, teamRules } from './fixtures';
import { reviewOf } from './helpers';

describe('Issue IDs', () => {
  it('are stable for the same record, check and field, and differ otherwise', () => {
    expect(issueIdFor('1', 'missing_required_field', 'Email')).toBe(issueIdFor('1', 'missing_required_field', 'email'));
    expect(issueIdFor('1', 'missing_required_field', 'Email')).toMatch(/^RG-[0-9A-Z]{11}$/);
    const ids = new Set([
      issueIdFor('1', 'missing_required_field', 'Email'),
      issueIdFor('2', 'missing_required_field', 'Email'),
      issueIdFor('1', 'inactive_owner', 'Email'),
      issueIdFor('1', 'missing_required_field', 'Phone'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('come out the same on a second run', () => {
    const contacts = [contact({ Email: '' }), contact({ 'Lead Source': '' })];
    expect(reviewOf(contacts).map((r) => r.issueId)).toEqual(reviewOf(contacts).map((r) => r.issueId));
  });
});

describe('decisions across re-runs', () => {
  const contacts = [contact({ 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }), contact({ Email: '' })];

  it('keep a decision while the proposal is unchanged', () => {
    const first = reviewOf(contacts).map((r, i) => ({ ...r, decision: i === 0 ? ('Approve' as const) : ('Reject' as const), reviewerNote: `note ${i}` }));
    const second = reviewOf(contacts, undefined, first);
    expect(second.map((r) => [r.decision, r.reviewerNote])).toEqual([
      ['Approve', 'note 0'],
      ['Reject', 'note 1'],
    ]);
  });

  it('go back to Pending, saying why, when the values changed', () => {
    const first = reviewOf(contacts).map((r) => ({ ...r, decision: 'Approve' as const }));
    const changed = [{ ...contacts[0]!, 'Original Source Drill-Down 1': 'google-ads-brand' }, contacts[1]!];
    const second = reviewOf(changed, undefined, first);
    expect(second[0]).toMatchObject({ decision: 'Pending', proposedValue: 'Paid Search', reviewerNote: '[Was Approve; the values behind it changed, so decide again.]' });
    expect(second[1]!.decision).toBe('Approve');
  });

  it('survive a round trip through the Review grid', () => {
    const rows = reviewOf(contacts).map((r) => ({ ...r, decision: 'Escalate' as const, reviewerNote: 'ask Dana' }));
    const read = reviewRowsFromGrid(reviewRowsToGrid(rows), 'Review');
    expect(read.map((r) => [r.issueId, r.decision, r.reviewerNote, r.cells['Proposed value'], r.cells['Evidence ID']])).toEqual(
      rows.map((r) => [r.issueId, 'Escalate', 'ask Dana', r.proposedValue, r.evidenceId]),
    );
    expect(reviewOf(contacts, undefined, rows).every((r) => r.decision === 'Escalate')).toBe(true);
  });

  it('are read by column name: columns in another order, and a file from before the Evidence ID column', () => {
    const rows = reviewOf(contacts).map((r, i) => ({ ...r, decision: i % 2 ? ('Reject' as const) : ('Approve' as const), reviewerNote: `note ${i}` }));
    const grid = reviewRowsToGrid(rows);
    const straight = reviewRowsFromGrid(grid, 'Review');
    const reversed = grid.map((line) => [...line].reverse());
    expect(reviewRowsFromGrid(reversed, 'Review')).toEqual(straight);
    const evidenceAt = grid[0]!.indexOf('Evidence ID');
    const older = reviewRowsFromGrid(
      grid.map((line) => line.filter((_, c) => c !== evidenceAt)),
      'Review',
      { partialRead: true },
    );
    // (read so only when asked: a Review without the column is otherwise refused)
    expect(() =>
      reviewRowsFromGrid(
        grid.map((line) => line.filter((_, c) => c !== evidenceAt)),
        'Review',
      ),
    ).toThrow('Review has no "Evidence ID" column (renamed or deleted?)');
    expect(older).toEqual(straight.map((r) => ({ ...r, cells: { ...r.cells, 'Evidence ID': '' }, hasEvidenceId: false })));
    expect(straight.map((r) => [r.issueId, r.decision, r.reviewerNote, r.cells, r.hasEvidenceId])).toEqual(
      rows.map((r) => [
        r.issueId,
        r.decision,
        r.reviewerNote,
        { 'Record ID': r.recordId, Check: r.check, Field: r.field, 'Current value': r.currentValue, 'Proposed value': r.proposedValue, 'Evidence ID': r.evidenceId },
        true,
      ]),
    );
  });

  it('refuse an unknown decision, naming the row', () => {
    const g = reviewRowsToGrid(reviewOf(contacts));
    g[2]![g[0]!.indexOf('Decision')] = 'Maybe';
    expect(() => reviewRowsFromGrid(g, 'review.csv')).toThrow('review.csv row 3: the Decision must be one of Pending, Approve, Reject, Escalate.');
  });

  it('read decisions the way people type them', () => {
    expect(['approve', ' Approved ', 'REJECT', 'escalated', ''].map(parseDecision)).toEqual(['Approve', 'Approve', 'Reject', 'Escalate', 'Pending']);
    expect(parseDecision('yes')).toBeUndefined();
  });
});

describe('proposed change QA', () => {
  const { rules } = teamRules();
  const preset = getPreset('hubspot-contacts');
  const roster = new OwnerRoster(rules.owners);
  const base = { recordId: '1', check: 'routing_exception' as const, evidence: 'because', severity: 'Medium' as const, reason: 'r' };
  const check = makeQa(rules, preset, roster);
  const qa = (f: Partial<Parameters<typeof check>[0]>) => check({ ...base, field: 'Contact owner', currentValue: 'x', proposedValue: 'y', ...f });

  it('passes a well-formed proposal', () => {
    expect(qa({ proposedValue: 'alice@example.com' })).toEqual([]);
  });
  it('refuses an owner who is not active', () => {
    expect(qa({ proposedValue: 'Ian Clarke' })).toEqual(['proposed owner is not active']);
  });
  it('refuses a Salesforce owner the roster gives no user id (its import takes OwnerId, not a name)', () => {
    const sf = getPreset('salesforce-leads');
    const owners = [
      { name: 'Bob Active', email: 'bob@example.com', active: true, team: 'NA', id: '0054W00000AuCZZ' },
      { name: 'Cy NoId', email: 'cy@example.com', active: true, team: 'NA' },
    ];
    const check = makeQa({ ...rules, fields: { ...rules.fields, owner: 'OwnerId' }, approvedFields: [...rules.approvedFields, 'OwnerId'] }, sf, new OwnerRoster(owners));
    const qaSf = (proposedValue: string) => check({ ...base, field: 'OwnerId', currentValue: 'x', proposedValue });
    expect(qaSf('0054W00000AuCZZ')).toEqual([]);
    expect(qaSf('Cy NoId')).toEqual(['proposed owner "Cy NoId" has no CRM user id in the owner roster (Salesforce leads imports an owner by id)']);
  });
  it('refuses an owner not in the roster', () => {
    expect(qa({ proposedValue: 'nobody@example.com' })).toEqual(['proposed owner is not in the roster']);
  });
  it('refuses an undefined stage', () => {
    expect(qa({ field: 'Lifecycle Stage', currentValue: 'Lead', proposedValue: 'Prospect' })).toEqual(['proposed stage is not a defined stage']);
  });
  it('refuses to move a HubSpot stage backwards', () => {
    expect(qa({ field: 'Lifecycle Stage', currentValue: 'Customer', proposedValue: 'lead' })).toEqual(['moves the stage backwards (HubSpot contacts stages only move forward)']);
    expect(qa({ field: 'Lifecycle Stage', currentValue: 'Lead', proposedValue: 'Customer' })).toEqual([]);
  });
  it("refuses a backward move written with HubSpot's internal stage names, as the checks read them", () => {
    // (an export with "salesqualifiedlead" once let a move back to Marketing Qualified Lead through, to the import file)
    expect(qa({ field: 'Lifecycle Stage', currentValue: 'salesqualifiedlead', proposedValue: 'Marketing Qualified Lead' })).toEqual([
      'moves the stage backwards (HubSpot contacts stages only move forward)',
    ]);
    expect(qa({ field: 'Lifecycle Stage', currentValue: 'Sales_Qualified-Lead', proposedValue: 'marketingqualifiedlead' })).toEqual([
      'moves the stage backwards (HubSpot contacts stages only move forward)',
    ]);
    expect(qa({ field: 'Lifecycle Stage', currentValue: 'marketingqualifiedlead', proposedValue: 'salesqualifiedlead' })).toEqual([]);
  });
  it('refuses a blocked or unapproved field', () => {
    expect(qa({ field: 'Notes', proposedValue: 'hello' })).toEqual(['field "Notes" is blocked or not approved']);
    expect(qa({ field: 'Twitter Handle', proposedValue: '@ada' })).toEqual(['field "Twitter Handle" is blocked or not approved']);
  });
  it('refuses a read-only field', () => {
    expect(qa({ field: 'Create Date', proposedValue: '2026-01-01' })).toEqual(['field "Create Date" is read-only in HubSpot contacts']);
  });
  it('refuses to blank a filled value', () => {
    expect(qa({ currentValue: 'Alice Martin', proposedValue: ' ' })).toEqual(['would blank a filled value']);
  });
  it('refuses a proposal without evidence or value', () => {
    expect(qa({ evidence: '', proposedValue: 'alice@example.com' })).toEqual(['no evidence']);
    expect(qa({ currentValue: '', proposedValue: '' })).toEqual(['no proposed value: needs evidence']);
  });
});

function decided(rows: ReviewRow[], decisions: ReviewRow['decision'][]): ReviewRow[] {
  return rows.map((r, i) => ({ ...r, decision: decisions[i] ?? 'Pending' }));
}

describe('summary figures', () => {
  it('count proposals, decisions and the routing exception rate by PRODUCT.md definitions', () => {
    const a = contact({ 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3', Email: '' });
    const rows = decided(reviewOf([a, contact({ Email: '' }), contact(), contact()]), ['Approve', 'Reject', 'Escalate']);
    const s = summarise(rows, { batchId: 'B', pulledAt: 'p', asOf: '2026-11-20', recordsReviewed: 4 });
    expect(s).toMatchObject({
      recordsReviewed: 4,
      recordsFlagged: 2,
      proposals: 3,
      approved: 1,
      rejected: 1,
      escalated: 1,
      decided: 3,
      pending: 0,
      recordsCorrected: 1,
      routingExceptionRate: 0.25,
    });
    expect(s.perCheck.missing_required_field).toEqual({ proposals: 3, approved: 1, rejected: 1, escalated: 1, pending: 0, rejectionShare: 1 / 3 });
    expect(s.perCheck.routing_exception.proposals).toBe(0);
  });

  it('is zero, not NaN, for an empty batch', () => {
    expect(summarise([], { batchId: 'B', pulledAt: 'p', asOf: 'd', recordsReviewed: 0 }).routingExceptionRate).toBe(0);
  });
});

describe('export of approved changes', () => {
  const rows = reviewOf([
    contact({ 'Record ID': '11', 'Lead Source': '', 'Original Source Drill-Down 1': 'webinar-q3' }),
    contact({ 'Record ID': '12', 'Lifecycle Stage': '', 'Lead Status': 'Open Deal', 'Lead Source': '', 'Original Source Drill-Down 1': 'google-ads-brand' }),
    contact({ 'Record ID': '13', Email: '' }),
  ]);

  it('writes only approved, approvable rows, one row per record, id column first', () => {
    const table = approvedChanges(decided(rows, ['Approve', 'Reject', 'Approve', 'Approve']), teamRules().rules).table;
    expect(table).toEqual([
      ['Record ID', 'Lead Source', 'Lifecycle Stage'],
      ['11', 'Event', ''],
      ['12', '', 'Sales Qualified Lead'],
    ]);
  });

  it('never exports a row QA refused, even when approved', () => {
    const onlyMissingEmail = decided(rows, ['Pending', 'Pending', 'Pending', 'Approve']);
    expect(onlyMissingEmail[3]!.qa).not.toBe('');
    expect(approvedChanges(onlyMissingEmail, teamRules().rules).table).toEqual([['Record ID']]);
  });
});

describe('decision log', () => {
  const fresh = reviewOf([contact({ Email: '' }), contact({ Email: '' })]);
  const rows = decided(fresh, ['Approve', 'Pending']);
  const ctx = { batchId: 'B-1', loggedAt: '2026-11-20T10:00:00Z', reviewer: 'founder@example.com' };
  const sheet = (r: ReviewRow[]) => reviewRowsFromGrid(reviewRowsToGrid(r), 'Review');

  it('appends one entry per changed decision, and none for a first Pending', () => {
    const { entries } = reconcile(fresh, sheet(rows), [], ctx);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      loggedAt: '2026-11-20T10:00:00Z',
      batchId: 'B-1',
      issueId: rows[0]!.issueId,
      decision: 'Approve',
      previousDecision: 'Pending',
      reviewer: 'founder@example.com',
      recorded: 'at step',
    });
  });

  it('does not log the same decision twice, and logs a change with its previous decision', () => {
    const first = reconcile(fresh, sheet(rows), [], ctx).entries;
    const grid = [[...LOG_COLUMNS], ...logRows(first, parseLog([]).lastHash)];
    const logged = parseLog(grid).entries;
    expect(latestEntries(logged).get(rows[0]!.issueId)!.decision).toBe('Approve');
    expect(reconcile(fresh, sheet(rows), logged, ctx).entries).toEqual([]);
    const changed = reconcile(fresh, sheet(decided(rows, ['Reject', 'Pending'])), logged, ctx).entries;
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ decision: 'Reject', previousDecision: 'Approve' });
  });
});

describe('reconcile shares what it does not change (issue 12)', () => {
  const ctx = { batchId: 'B-1', loggedAt: '2026-11-20T10:00:00Z', reviewer: 'founder@example.com' };
  const fresh = reviewOf([contact({ Email: '' }), contact({ Email: '' }), contact({ Email: '' })]).map((r) => Object.freeze(r));
  const sheet = (r: ReviewRow[]) => reviewRowsFromGrid(reviewRowsToGrid(r), 'Review');

  it('returns an undecided proposal as it is, copies a decided one, and never changes the recomputed rows', () => {
    const first = reconcile(fresh, undefined, [], ctx).rows;
    expect(first.every((r, i) => r === fresh[i])).toBe(true);
    const withDecisions = sheet(decided([...fresh], ['Approve', 'Pending', 'Reject']));
    const { rows, entries } = reconcile(fresh, withDecisions, [], ctx);
    expect(rows.map((r) => r.decision)).toEqual(['Approve', 'Pending', 'Reject']);
    expect(rows[0]).not.toBe(fresh[0]);
    expect(rows[1]).toBe(fresh[1]);
    expect(fresh.map((r) => r.decision)).toEqual(['Pending', 'Pending', 'Pending']);
    // the log restores the decisions when the Review is gone: copies again, the frozen rows untouched
    const logged = parseLog([[...LOG_COLUMNS], ...logRows(entries, parseLog([]).lastHash)]).entries;
    const restored = reconcile(fresh, undefined, logged, ctx);
    expect(restored.rows.map((r) => r.decision)).toEqual(['Approve', 'Pending', 'Reject']);
    expect(restored.restored).toBe(2);
    expect(restored.rows[1]).toBe(fresh[1]);
  });
});

describe('conflicting approvals', () => {
  it('exports neither of two approved changes that set one field to different values, and says so', async () => {
    const { approvedChanges, describeLeftOut } = await import('../src/core/decisions/export');
    // stale and routed to another team: two owner proposals for one record, which the review makes agree
    const rows = reviewOf([contact({ 'Record ID': '21', 'Contact owner': 'Dana Brooks', 'Last Activity Date': '2026-01-01' })]);
    expect(rows.map((r) => r.check)).toEqual(['stale_owner', 'routing_exception']);
    expect(rows[0]!.proposedValue).toBe(rows[1]!.proposedValue);
    // were two approved rows to disagree (a hand-made table), neither would leave
    const approvedBoth = rows.map((r, i) => ({ ...r, decision: 'Approve' as const, proposedValue: i ? 'bruno@example.com' : 'alice@example.com' }));
    const result = approvedChanges(approvedBoth, teamRules().rules);
    expect(result.table).toEqual([['Record ID']]);
    expect(result.conflicts).toHaveLength(2);
    expect(describeLeftOut(result)).toContain('2 approved rows set the same field of a record to different values and were not exported');
    const approvedOne = approvedBoth.map((r, i) => ({ ...r, decision: i === 1 ? ('Approve' as const) : ('Reject' as const) }));
    expect(approvedChanges(approvedOne, teamRules().rules).table).toEqual([
      ['Record ID', 'Contact owner'],
      ['21', 'bruno@example.com'],
    ]);
  });
});
