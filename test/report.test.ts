/** Step 6 in the core: breakdowns, pattern findings and their thresholds, history, the 30-day trend, report.html. */
import { describe, expect, it } from 'vitest';
import { validateRulesFile } from '../src/core/intake/rules';
import { rulesFromGrid, rulesToGrid } from '../src/core/intake/rulesSheet';
import { resolveRules, type ResolvedRules } from '../src/core/intake/config';
import { pullSnapshot } from '../src/core/intake/pull';
import { readSourceGrid } from '../src/core/intake/source';
import {
  type ClosedBatch,
  closeBatch,
  describeTrend,
  historyEditedCells,
  historyFromGrid,
  historyFromJson,
  historyNotes,
  historyToGrid,
  historyToJson,
  trend30,
  withClosed,
} from '../src/core/report/history';
import { buildReport, reportJson } from '../src/core/report/report';
import { escapeHtml, reportHtml } from '../src/core/report/reportHtml';
import { summarise } from '../src/core/report/summary';
import { summaryToGrid } from '../src/core/report/summaryGrid';
import type { Decision, ReviewRow } from '../src/core/review/rows';
import { reviewSnapshot } from '../src/core/review/workflow';
import { type Contact, contact, grid, HUBSPOT_HEADERS, teamRules, teamRulesFile, smallBatch } from './fixtures';

/** One batch: pull, review (carrying `previous` decisions), decide, figures and report against `history`. */
function batch(
  contacts: Contact[],
  opts: { asOf?: string; resolved?: ResolvedRules; decide?: (r: ReviewRow, i: number) => Decision | undefined; history?: ClosedBatch[]; batchId?: string } = {},
) {
  const resolved = opts.resolved ?? teamRules(opts.asOf ? { asOf: opts.asOf } : {});
  const asOf = resolved.rules.asOf ?? '2026-11-20';
  const snapshot = pullSnapshot(readSourceGrid(grid(contacts), { sourceName: 'test' }), resolved.rules, new Date(`${asOf}T09:00:00Z`), 'test');
  const rows = reviewSnapshot(snapshot, resolved, asOf);
  rows.forEach((r, i) => {
    const d = opts.decide?.(r, i);
    if (d) r.decision = d;
  });
  const figures = summarise(rows, { batchId: opts.batchId ?? `B-${asOf}`, pulledAt: `${asOf}T09:00:00Z`, asOf, recordsReviewed: snapshot.rows.length });
  const report = buildReport({ rows, records: snapshot, rules: resolved.rules, figures, history: opts.history ?? [] });
  return { rows, snapshot, figures, report, rules: resolved.rules };
}

/** Closes a batch into a history. */
function close(b: ReturnType<typeof batch>, history: ClosedBatch[], closedAt = `${b.figures.asOf}T18:00:00Z`): ClosedBatch[] {
  const closed = closeBatch({ rows: b.rows, figures: b.figures, routeMatches: b.report.routeMatches, previous: history, closedAt });
  return withClosed(history, closed).history;
}

const SMALL_DECISIONS: Record<string, Decision> = { 1: 'Approve', 2: 'Reject', 3: 'Approve', 4: 'Escalate', 6: 'Approve' };

describe('figures of a small batch, computed by hand', () => {
  const b = batch(smallBatch(), { decide: (r) => SMALL_DECISIONS[r.recordId] });
  const g = summaryToGrid(b.figures, b.report);
  const value = (label: string) => g.find((r) => r[0] === label)?.[1];
  const section = (title: string) => {
    const start = g.findIndex((r) => r[0] === title);
    const end = g.findIndex((r, i) => i > start && r.every((c) => c === ''));
    return g.slice(start + 1, end < 0 ? g.length : end).map((r) => r.slice(0, 9));
  };

  it('match the headline of the Summary exactly', () => {
    // 8 records; proposals on 1, 2 (routing), 3 (source), 4 (missing email), 5 (inactive), 6 (closed-stage routing)
    expect(value('Records reviewed')).toBe(8);
    expect(value('Records flagged')).toBe(6);
    expect(value('Proposals')).toBe(6);
    expect([value('Approved'), value('Rejected'), value('Escalated'), value('Decided'), value('Pending')]).toEqual([3, 1, 1, 5, 1]);
    expect(value('Records corrected')).toBe(3); // 1, 3 and 6
    expect(value('Routing exception rate')).toBe('37.5%'); // 3 / 8
    expect(value('Closed-stage routing exceptions')).toBe(1); // record 6, a Customer
    expect(value('Closed-stage routing exceptions approved')).toBe(1);
    expect(value('Batch status')).toMatch(/^open/);
  });

  it('match each breakdown of the Summary exactly', () => {
    expect(section('By owner')).toEqual([
      ['Dana Brooks', 3, '37.5%', 3, '50.0%', 2, 1, 0, 0],
      ['Alice Martin', 4, '50.0%', 2, '33.3%', 1, 0, 1, 0],
      ['Ian Clarke', 1, '12.5%', 1, '16.7%', 0, 0, 0, 1],
    ]);
    expect(section('By team')).toEqual([
      ['EMEA', 5, '62.5%', 3, '50.0%', 1, 0, 1, 1],
      ['NA', 3, '37.5%', 3, '50.0%', 2, 1, 0, 0],
    ]);
    expect(section('By Rules entry')).toEqual([
      ['routing R-EMEA', 8, '100.0%', 4, '66.7%', 2, 1, 0, 1], // routes all 8 records; 1, 2, 6 routing and 5 inactive
      ['requiredFields', 1, '12.5%', 1, '16.7%', 0, 0, 1, 0],
      ['sources.unclear', 1, '12.5%', 1, '16.7%', 1, 0, 0, 0],
      ['routing R-NA', 0, '0.0%', 0, '0.0%', 0, 0, 0, 0],
    ]);
    expect(section('By lead source and campaign source')).toEqual([
      ['Campaign source: google-ads-brand', 8, '100.0%', 6, '100.0%', 3, 1, 1, 1],
      ['Lead source: Paid Search', 7, '87.5%', 5, '83.3%', 2, 1, 1, 1],
      ['Lead source: Other', 1, '12.5%', 1, '16.7%', 1, 0, 0, 0],
    ]);
    expect(section('By lifecycle stage')).toEqual([
      ['Lead', 7, '87.5%', 5, '83.3%', 2, 1, 1, 1],
      ['Customer', 1, '12.5%', 1, '16.7%', 1, 0, 0, 0],
    ]);
    expect(b.report.breakdowns.byCheck.find((l) => l.key === 'routing_exception')).toMatchObject({ records: 3, proposals: 3, approved: 2, rejected: 1, rejectionShare: 1 / 3 });
  });

  it('ends with the batch history, this open batch last, rate as a number for the chart', () => {
    expect(g.at(-1)!.slice(0, 8)).toEqual([b.figures.batchId, '2026-11-20', 'open (this batch)', 8, 6, 3, 0, 37.5]);
  });

  it('are the same in summary.json', () => {
    const json = JSON.parse(JSON.stringify({ ...b.figures, ...reportJson(b.report) }));
    expect(Object.keys(json.breakdowns)).toEqual(['byCheck', 'byRule', 'byOwner', 'byTeam', 'bySource', 'byStage']);
    expect(json.breakdowns.byOwner[0]).toEqual({
      key: 'Dana Brooks',
      records: 3,
      recordsFlagged: 3,
      proposals: 3,
      approved: 2,
      rejected: 1,
      escalated: 0,
      pending: 0,
      recordsShare: 0.375,
      exceptionShare: 0.5,
      rejectionShare: 1 / 3,
      checks: { routing_exception: 3 },
    });
    expect(json.closedStageRouting).toEqual({ proposals: 1, approved: 1, rejected: 0, escalated: 0, pending: 0 });
    expect(json).toMatchObject({ batchStatus: 'open', patterns: [], history: [], trend30: null, message: '' });
  });
});

describe('an empty batch', () => {
  it('shows zeros and a message when no record has an exception', () => {
    const b = batch([contact(), contact()]);
    const g = summaryToGrid(b.figures, b.report);
    expect(g.find((r) => r[0] === 'Proposals')![1]).toBe(0);
    expect(g.find((r) => r[0] === 'Routing exception rate')![1]).toBe('0.0%');
    expect(g.find((r) => r[0] === 'Note')![1]).toBe('No exceptions in this batch: all 2 records passed every check.');
    expect(b.report.patterns).toEqual([]);
    expect(reportHtml(b.figures, b.report)).toContain('No exceptions in this batch: all 2 records passed every check.');
  });

  it('shows zeros and a message when the batch has no records', () => {
    const figures = summarise([], { batchId: 'B-0', pulledAt: 'p', asOf: '2026-11-20', recordsReviewed: 0 });
    const report = buildReport({ rows: [], records: { headers: HUBSPOT_HEADERS, rows: [] }, rules: teamRules().rules, figures, history: [] });
    const g = summaryToGrid(figures, report);
    for (const label of ['Records reviewed', 'Records flagged', 'Proposals', 'Approved', 'Rejected', 'Escalated', 'Pending', 'Records corrected'])
      expect(g.find((r) => r[0] === label)![1], label).toBe(0);
    expect(g.find((r) => r[0] === 'Note')![1]).toBe('This batch has no records: there is nothing to review.');
    expect(report.patterns).toEqual([]);
    expect(report.breakdowns.byOwner).toEqual([]);
  });
});

describe('routing on closed records', () => {
  const customer = { 'Contact owner': 'Dana Brooks', 'Lifecycle Stage': 'Customer', 'Lead Status': '', 'Became a Customer Date': '2026-01-01' };

  it('flags a closed-stage record owned by the wrong team with Low severity, by default', () => {
    const [f, ...rest] = batch([contact(customer)]).rows;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      check: 'routing_exception',
      severity: 'Low',
      reason: 'Closed-stage record owned by a team the routing rule does not expect',
      rule: 'routing R-EMEA',
      proposedValue: 'alice@example.com',
    });
    expect(f!.evidence).toContain('The record is in closed stage "Customer": Low severity (Rules: routingClosedStages low).');
  });

  it('leaves closed stages out with routingClosedStages skip, and never flags a closed record no rule matches', () => {
    expect(batch([contact(customer)], { resolved: teamRules({ routingClosedStages: 'skip' }) }).rows).toEqual([]);
    expect(batch([contact({ ...customer, 'Country/Region': 'Brazil' })]).rows).toEqual([]);
  });

  it('counts them apart from the open-stage routing exceptions', () => {
    const b = batch([contact(customer), contact({ 'Contact owner': 'Dana Brooks' })]);
    expect(b.report.closedStageRouting.proposals).toBe(1);
    expect(b.figures.perCheck.routing_exception.proposals).toBe(2);
  });
});

describe('pattern findings appear exactly when their threshold is crossed', () => {
  const wrongTeam = (n: number) => Array.from({ length: n }, () => contact({ 'Contact owner': 'Dana Brooks' }));
  const rejectFirst =
    (k: number, rest?: Decision) =>
    (_r: ReviewRow, i: number): Decision | undefined =>
      i < k ? 'Reject' : rest;
  const rulePatterns = (b: ReturnType<typeof batch>) => b.report.patterns.filter((p) => p.kind === 'rule' && p.rulesKey === 'routing R-EMEA');

  it('a rule whose decided proposals are mostly rejected: not at 9 decisions, at the 10th', () => {
    expect(rulePatterns(batch(wrongTeam(12), { decide: rejectFirst(9) }))).toEqual([]);
    const [p, ...rest] = rulePatterns(batch(wrongTeam(12), { decide: rejectFirst(10) }));
    expect(rest).toEqual([]);
    expect(p).toEqual({
      kind: 'rule',
      text: 'routing R-EMEA (routing_exception): 10 of 10 decided proposals rejected; revisit the rule (Rules: routing R-EMEA).',
      rulesKey: 'routing R-EMEA',
      figures: { rejected: 10, decided: 10, rejectionShare: 1 },
    });
  });

  it('a rule whose rejection share reaches patterns.rejectionShare (0.6): not at 5 of 10, at 6 of 10', () => {
    expect(rulePatterns(batch(wrongTeam(10), { decide: rejectFirst(5, 'Approve') }))).toEqual([]);
    expect(rulePatterns(batch(wrongTeam(10), { decide: rejectFirst(6, 'Approve') }))[0]!.text).toBe(
      'routing R-EMEA (routing_exception): 6 of 10 decided proposals rejected; revisit the rule (Rules: routing R-EMEA).',
    );
  });

  it('a whole check when its findings name no Rules entry; thresholds come from the Rules', () => {
    const resolved = teamRules({ patterns: { minDecisions: 4 } });
    const a = contact();
    const b = contact();
    const twins = [a, { ...a, 'Record ID': '901' }, b, { ...b, 'Record ID': '902' }];
    const check = (k: number) => batch(twins, { resolved, decide: (r, i) => (r.check === 'duplicate_record' && i < k ? 'Reject' : undefined) }).report.patterns;
    expect(batch(twins, { resolved }).rows.filter((r) => r.check === 'duplicate_record')).toHaveLength(4);
    expect(check(3)).toEqual([]);
    expect(check(4).map((p) => [p.kind, p.text, p.rulesKey])).toEqual([
      ['rule', 'check duplicate_record: 4 of 4 decided proposals rejected; revisit its rules (Rules: duplicates).', 'duplicates'],
    ]);
  });

  it("an owner holding far more of a check's exceptions than of the records: not at 4 exceptions, at 5", () => {
    const stale = { 'Last Activity Date': '2026-01-05 10:00', 'Last Modified Date': '2026-01-05 10:00' };
    const set = (bruno: number) => [
      ...Array.from({ length: 5 }, (_, i) => contact({ 'Contact owner': 'Bruno Keller', ...(i < bruno ? stale : {}) })),
      ...Array.from({ length: 15 }, (_, i) => contact(i < 10 - bruno ? stale : {})),
    ];
    const owner = (b: ReturnType<typeof batch>) => b.report.patterns.filter((p) => p.rulesKey === 'owners Bruno Keller');
    expect(owner(batch(set(4)))).toEqual([]);
    const [p] = owner(batch(set(5)));
    expect(p).toEqual({
      kind: 'training',
      text: 'Bruno Keller holds 25% of records and 50% of stale_owner exceptions (5 of 10): coach the owner or rebalance their records (Rules: owners Bruno Keller).',
      rulesKey: 'owners Bruno Keller',
      figures: { records: 5, recordsShare: 0.25, exceptions: 5, checkExceptions: 10, exceptionShare: 0.5 },
    });
  });

  it('a queue concentrating exceptions is told to look at what fills it, not coached like a person', () => {
    const queue = { name: 'Web Leads', email: '', active: true, team: 'EMEA', queue: true };
    const resolved = teamRules({ owners: [...teamRulesFile.owners!, queue] });
    const set = (owner: string) => [
      ...Array.from({ length: 5 }, () => contact({ 'Contact owner': owner, Email: '' })),
      ...Array.from({ length: 15 }, (_, i) => contact(i < 5 ? { Email: '' } : {})),
    ];
    const advice = (b: ReturnType<typeof batch>, who: string) => b.report.patterns.filter((p) => p.text.startsWith(`${who} holds`)).map((p) => [p.kind, p.text, p.rulesKey]);
    expect(advice(batch(set('Web Leads'), { resolved }), 'Web Leads')).toEqual([
      [
        'process',
        'Web Leads holds 25% of records and 50% of missing_required_field exceptions (5 of 10): it is a queue; fix the form, integration or assignment rule that fills it, or have its records claimed sooner (Rules: routing).',
        'routing',
      ],
    ]);
    // a Salesforce queue id the roster does not name is a queue too; a person is still coached
    expect(advice(batch(set('00G5g000004AbCdEAK'), { resolved }), '00G5g000004AbCdEAK')[0]![1]).toContain('it is a queue;');
    expect(advice(batch(set('Bruno Keller'), { resolved }), 'Bruno Keller')[0]![1]).toContain('coach the owner');
  });

  it('a campaign source concentrating exceptions is a process finding', () => {
    const resolved = teamRules({
      sources: {
        mapping: [
          { campaignSource: 'google-ads-brand', leadSource: 'Paid Search' },
          { campaignSource: 'linkedin-ads', leadSource: 'Paid Social' },
        ],
        unclear: ['Unknown', 'Other'],
      },
    });
    const contacts = [
      ...Array.from({ length: 5 }, () => contact({ 'Original Source Drill-Down 1': 'linkedin-ads', 'Lead Source': 'Paid Search' })),
      ...Array.from({ length: 15 }, () => contact()),
    ];
    const p = batch(contacts, { resolved }).report.patterns.find((x) => x.rulesKey === 'sources.mapping linkedin-ads');
    expect(p).toMatchObject({
      kind: 'process',
      text: 'Campaign source "linkedin-ads" holds 25% of records and 100% of source_mismatch exceptions (5 of 5): fix the form or integration that writes these records (Rules: sources.mapping linkedin-ads).',
    });
  });

  it('a routing rule that matched no record: not after 2 batches, after the 3rd', () => {
    let history: ClosedBatch[] = [];
    const dead = (b: ReturnType<typeof batch>) => b.report.patterns.filter((p) => p.rulesKey === 'routing R-NA');
    for (const asOf of ['2026-11-06', '2026-11-13']) {
      const b = batch([contact(), contact()], { asOf, history });
      history = close(b, history);
    }
    const third = batch([contact()], { asOf: '2026-11-20', history });
    expect(dead(third)[0]!.text).toBe(
      'routing rule R-NA matched no record in the last 3 batches: remove it, or fix its conditions or its place in the order (Rules: routing R-NA).',
    );
    const second = batch([contact()], { asOf: '2026-11-20', history: history.slice(1) });
    expect(dead(second)).toEqual([]);
    expect(third.report.patterns.some((p) => p.text.startsWith('check duplicate_record found nothing in the last 3 batches'))).toBe(true);
  });
});

describe('recurrence across batches', () => {
  const flagged = () => [
    contact({ 'Record ID': '11', 'Contact owner': 'Dana Brooks' }),
    contact({ 'Record ID': '12', 'Contact owner': 'Dana Brooks' }),
    contact({ 'Record ID': '13', 'Contact owner': 'Dana Brooks' }),
    contact({ 'Record ID': '14', 'Lead Source': 'Other' }),
    contact({ 'Record ID': '15', 'Lead Source': 'Other' }),
    contact({ 'Record ID': '16', 'Lead Source': 'Other' }),
    contact({ 'Record ID': '17' }),
  ];

  it('finds issues open across three closed batches and records flagged again after a correction', () => {
    let history: ClosedBatch[] = [];
    // batch 1: routing issues left open; source issues corrected
    const b1 = batch(flagged(), { asOf: '2026-11-06', decide: (r) => (r.check === 'source_mismatch' ? 'Approve' : undefined) });
    history = close(b1, history);
    // batch 2: the same routing issues still open; the source issues are back (the integration rewrote them)
    const b2 = batch(flagged(), { asOf: '2026-11-13', history, decide: (r) => (r.check === 'source_mismatch' ? 'Approve' : undefined) });
    expect(b2.report.patterns.map((p) => p.text)).toEqual([
      '3 routing_exception issues (routing R-EMEA) stayed open for 2 or more batches in a row (up to 2): the process that produces them is not fixed upstream; decide them, or fix the source (Rules: routing R-EMEA).',
      '3 records corrected in an earlier batch were flagged again by source_mismatch (sources.unclear): an upstream form or integration keeps writing the wrong value (Rules: sources.unclear).',
    ]);
    history = close(b2, history);
    expect(history.map((h) => h.recordsFlaggedAgain)).toEqual([0, 3]);
    // batch 3, closed too: its Summary still reads the history up to itself
    const b3 = batch(flagged(), { asOf: '2026-11-20', history });
    history = close(b3, history);
    const closed3 = batch(flagged(), { asOf: '2026-11-20', history });
    expect(closed3.report.batchStatus).toBe('closed');
    const streak = closed3.report.patterns.find((p) => p.text.startsWith('4 routing_exception') || p.text.startsWith('3 routing_exception'))!;
    expect(streak.figures).toEqual({ issues: 3, batches: 2, longestStreak: 3 });
    expect(closed3.report.history.map((h) => h.asOf)).toEqual(['2026-11-06', '2026-11-13', '2026-11-20']);
    expect(closed3.report.recordsFlaggedAgain).toBe(3);
  });

  it('needs patterns.minRecurring issues: not at 2, at 3', () => {
    const two = () => flagged().filter((c) => c['Record ID'] !== '13');
    const h1 = close(batch(two(), { asOf: '2026-11-13' }), []);
    expect(batch(two(), { asOf: '2026-11-20', history: h1 }).report.patterns.filter((p) => p.kind === 'process' && p.rulesKey === 'routing R-EMEA')).toEqual([]);
    const h2 = close(batch(flagged(), { asOf: '2026-11-13' }), []);
    expect(batch(flagged(), { asOf: '2026-11-20', history: h2 }).report.patterns.filter((p) => p.kind === 'process' && p.rulesKey === 'routing R-EMEA')).toHaveLength(1);
  });

  it('needs patterns.recurrenceBatches batches in a row: with 3, not after 2 batches, after the 3rd', () => {
    const resolved = (asOf: string) => teamRules({ asOf, patterns: { recurrenceBatches: 3 } });
    const streak = (b: ReturnType<typeof batch>) => b.report.patterns.filter((p) => p.kind === 'process' && p.rulesKey === 'routing R-EMEA');
    const h1 = close(batch(flagged(), { resolved: resolved('2026-11-06') }), []);
    expect(streak(batch(flagged(), { resolved: resolved('2026-11-13'), history: h1 }))).toEqual([]);
    const h2 = close(batch(flagged(), { resolved: resolved('2026-11-13'), history: h1 }), h1);
    expect(streak(batch(flagged(), { resolved: resolved('2026-11-20'), history: h2 }))[0]!.figures).toEqual({ issues: 3, batches: 3, longestStreak: 3 });
  });

  it('records flagged again need patterns.minRecurring records: not at 2, at 3', () => {
    const approveSources = (r: ReviewRow): Decision | undefined => (r.check === 'source_mismatch' ? 'Approve' : undefined);
    const again = (b: ReturnType<typeof batch>) => b.report.patterns.filter((p) => p.rulesKey === 'sources.unclear');
    const two = () => flagged().filter((c) => c['Record ID'] !== '16');
    expect(again(batch(two(), { asOf: '2026-11-20', history: close(batch(two(), { asOf: '2026-11-13', decide: approveSources }), []) }))).toEqual([]);
    expect(again(batch(flagged(), { asOf: '2026-11-20', history: close(batch(flagged(), { asOf: '2026-11-13', decide: approveSources }), []) }))).toHaveLength(1);
  });

  it('does not count an issue rejected in this batch, nor one decided at the last close', () => {
    const h = close(batch(flagged(), { asOf: '2026-11-13', decide: (r) => (r.check === 'routing_exception' ? 'Reject' : undefined) }), []);
    expect(batch(flagged(), { asOf: '2026-11-20', history: h }).report.patterns.filter((p) => p.rulesKey === 'routing R-EMEA')).toEqual([]);
  });
});

describe('the 30-day trend', () => {
  const pts = [
    { batchId: 'A', asOf: '2026-10-01', routingExceptionRate: 0.4, closed: true },
    { batchId: 'B', asOf: '2026-10-25', routingExceptionRate: 0.3, closed: true },
    { batchId: 'C', asOf: '2026-11-20', routingExceptionRate: 0.2, closed: false },
  ];

  it('compares the latest batch with the earliest one within 30 days before it', () => {
    const t = trend30(pts)!;
    expect(t).toMatchObject({ fromBatchId: 'B', from: 0.3, to: 0.2, batches: 2 });
    expect(t.change).toBeCloseTo(-0.1);
    expect(describeTrend(t, { asOf: '2026-11-20', routingExceptionRate: 0.2 })).toBe(
      'Routing exception rate 20.0% on 2026-11-20, down 10.0 points from 30.0% on 2026-10-25 (2 batches in the last 30 days).',
    );
  });

  it('says so when no earlier batch lies within 30 days', () => {
    expect(trend30([pts[0]!, pts[2]!])).toBeUndefined();
    expect(describeTrend(undefined, { asOf: '2026-11-20', routingExceptionRate: 0.2 })).toBe(
      'Routing exception rate 20.0%; no earlier batch in the last 30 days to compare with (close batches to build the trend).',
    );
  });
});

describe('history storage', () => {
  const one = (): ClosedBatch => close(batch([contact({ 'Contact owner': 'Dana Brooks' }), contact()]), [])[0]!;

  it('round-trips through the History tab, splitting a large batch over cells of at most 50,000 characters', () => {
    const base = one();
    const big: ClosedBatch = { ...base, openIssues: Array.from({ length: 60_000 }, (_, i) => `RG-${String(i).padStart(11, '0')}`) };
    const next: ClosedBatch = { ...base, batchId: 'B-2', asOf: '2026-11-27' };
    const g = historyToGrid([next, big]);
    for (const row of g) for (const c of row) expect(String(c).length).toBeLessThanOrEqual(50_000);
    expect(g[1]!.length).toBeGreaterThan(20);
    const back = historyFromGrid(g.map((r) => r.map(String)));
    expect(back).toEqual([big, next]);
  });

  it('names the visible figures typed over by hand, and nothing else', () => {
    const g = historyToGrid([one(), { ...one(), batchId: 'B-2', asOf: '2026-11-27' }]).map((r) => r.map(String));
    const history = historyFromGrid(g);
    expect(historyEditedCells(g, history)).toEqual([]);
    // a note beside the Detail, a Batch ID no batch has and a trailing space are not edits of a figure
    const noted = g.map((r, i) => (i === 1 ? [...r, 'checked'] : [...r]));
    noted[2]![4] = `${noted[2]![4]} `;
    expect(historyEditedCells(noted, history)).toEqual([]);
    const edited = g.map((r) => [...r]);
    edited[1]![13] = String(Number(edited[1]![13]) + 1); // the rate
    edited[2]![4] = ''; // Records reviewed, cleared
    edited[2]![14] = 'n/a'; // closed-stage exceptions, text
    expect(historyEditedCells(edited, history, 'Archive')).toEqual(['Archive!N2', 'Archive!E3', 'Archive!O3']);
    expect(historyEditedCells([edited[0]!, ['B-unknown', ...edited[1]!.slice(1)]], history)).toEqual([]);
  });

  it('round-trips through history.json', () => {
    const h = [one()];
    expect(historyFromJson(historyToJson(h), 'out/history.json')).toEqual(h);
  });

  it('refuses damaged history, naming where', () => {
    const g = historyToGrid([one()]).map((r) => r.map(String));
    const edited = g.map((r) => [...r]);
    edited[1]![15] = 'oops';
    expect(() => historyFromGrid(edited)).toThrow('History!A2: the stored batch history is damaged (a Detail cell was edited).');
    const cut = g.map((r) => [...r]);
    cut[1]![15] = cut[1]![15]!.slice(0, 40);
    expect(() => historyFromGrid(cut)).toThrow('History!A2: the stored batch history is damaged (its Detail cells are not readable).');
    expect(() => historyFromGrid([['Batch ID', 'Closed at']])).toThrow('Tab "History" has no "Detail (kept for cross-batch findings; do not edit)" column');
    // a note typed in the first free cell beside the Detail is not a Detail cell: the row reads as it was
    const noted = g.map((r, i) => (i === 1 ? [...r, 'checked with Dana'] : [...r]));
    expect(historyFromGrid(noted)).toEqual(historyFromGrid(g));
    // and written back beside its row when the tab is written again
    expect(historyToGrid(historyFromGrid(noted), historyNotes(noted)).map((r) => r.map(String))).toEqual(noted);
    // a title typed above the notes is kept too
    const titled = noted.map((r, i) => (i === 0 ? [...r, ...Array<string>(noted[1]!.length - r.length - 1).fill(''), 'Notes'] : r));
    expect(historyToGrid(historyFromGrid(titled), historyNotes(titled)).map((r) => r.map(String))).toEqual(titled);
    // a part edited in the middle of a long Detail still is refused
    const big = historyToGrid([{ ...one(), openIssues: Array.from({ length: 6_000 }, (_, i) => `RG-${String(i).padStart(11, '0')}`) }]).map((r) => r.map(String));
    expect(big[1]!.length).toBeGreaterThan(17);
    big[1]![16] = 'oops';
    expect(() => historyFromGrid(big)).toThrow('History!A2: the stored batch history is damaged');
    expect(() => historyFromJson('{', 'out/history.json')).toThrow('out/history.json is not valid JSON, so the batch history cannot be read.');
    expect(() => historyFromJson('{"version":1,"batches":[{"batchId":"B"}]}', 'out/history.json')).toThrow(
      'out/history.json batches[0]: the stored batch history is damaged (pulledAt:',
    );
    expect(() => historyFromJson('[]', 'out/history.json')).toThrow('out/history.json is not a batch history');
  });

  it('closing a batch again replaces its entry', () => {
    const b = batch([contact()]);
    const h1 = close(b, []);
    const h2 = close(b, h1, '2026-11-21T10:00:00Z');
    expect(h2).toHaveLength(1);
    expect(h2[0]!.closedAt).toBe('2026-11-21T10:00:00Z');
  });
});

describe('patterns thresholds in the Rules', () => {
  it('defaults, and overrides key by key', () => {
    expect(teamRules().rules.patterns).toEqual({
      minDecisions: 10,
      rejectionShare: 0.6,
      minExceptions: 5,
      concentrationFactor: 2,
      recurrenceBatches: 2,
      minRecurring: 3,
      deadRuleBatches: 3,
    });
    expect(teamRules({ patterns: { minDecisions: 4 } }).rules.patterns.minDecisions).toBe(4);
    expect(teamRules().rules.routingClosedStages).toBe('low');
  });

  it.each([
    [{ patterns: { rejectionShare: 1.5 } }, 'rules key "patterns.rejectionShare": expected a share above 0 and at most 1 (e.g. 0.6)'],
    [{ patterns: { minDecisions: 2.5 } }, 'rules key "patterns.minDecisions": expected a whole number of decisions'],
    [{ patterns: { minDecisions: 0 } }, 'rules key "patterns.minDecisions": expected 1 or more decisions'],
    [{ patterns: { recurrenceBatches: 1 } }, 'rules key "patterns.recurrenceBatches": expected 2 or more batches'],
    [{ patterns: { concentrationFactor: 1 } }, 'rules key "patterns.concentrationFactor": expected a factor above 1'],
    [{ patterns: { minDecision: 3 } }, 'rules key "patterns": unknown key "minDecision"'],
    [{ routingClosedStages: 'maybe' }, 'rules key "routingClosedStages": expected low (flag closed records with Low severity) or skip (leave closed stages out)'],
  ])('names the failing key: %j', (file, message) => {
    expect(() => validateRulesFile(file)).toThrow(message);
  });

  it('round-trips through the Rules tab and names the cell of a bad value', () => {
    const { rules } = teamRules({ patterns: { minDecisions: 4, rejectionShare: 0.75 }, routingClosedStages: 'skip' });
    const g = rulesToGrid(rules);
    expect(resolveRules(rulesFromGrid(g).file, HUBSPOT_HEADERS).rules).toEqual(rules);
    const row = g.findIndex((r) => r[0] === 'patterns.rejectionShare');
    g[row]![1] = 'most';
    expect(() => rulesFromGrid(g)).toThrow(`Invalid rules: Rules!B${row + 1} (patterns.rejectionShare): expected a share between 0 and 1 (e.g. 0.6).`);
    g[row]![1] = '0.7';
    const closedRow = g.findIndex((r) => r[0] === 'routingClosedStages');
    g[closedRow]![1] = 'Sometimes';
    expect(() => rulesFromGrid(g)).toThrow(`Invalid rules: Rules!B${closedRow + 1} (routingClosedStages): expected low`);
    g[closedRow]![1] = 'SKIP';
    expect(resolveRules(rulesFromGrid(g).file, HUBSPOT_HEADERS).rules.routingClosedStages).toBe('skip');
    g.push(['patterns.minDecisons', '3', ...Array(g[0]!.length - 2).fill('')]);
    expect(() => rulesFromGrid(g)).toThrow(`Invalid rules: Rules!A${g.length}: unknown setting "patterns.minDecisons". Use one of patterns.minDecisions, patterns.rejectionShare`);
  });
});

describe('report.html', () => {
  const hostile = '<script>window.pwned=1</script><img src=x onerror=alert(1)>';
  const b = batch([
    contact({ 'Record ID': '1', 'Contact owner': 'Dana Brooks', 'Original Source Drill-Down 1': hostile }),
    contact({ 'Record ID': '2', 'Contact owner': hostile }),
  ]);
  const html = reportHtml({ ...b.figures, preset: 'hubspot-contacts' }, b.report, b.rows);

  it('escapes every value from data', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
  });

  it('is self-contained: no scripts, no external assets', () => {
    expect(html).not.toMatch(/<(script|link|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/<[^>]*\b(src|href|on\w+)=/i);
    expect(html.match(/https?:\/\/[^"]+/g)).toEqual(['http://www.w3.org/2000/svg']); // the SVG namespace, not a fetch
  });

  it('names the checks skipped, escaped', () => {
    const page = reportHtml({ ...b.figures, checksSkipped: [{ check: 'stale_owner', reason: 'no <Last Activity> column' }] } as typeof b.figures, b.report);
    expect(page).toContain('Checks skipped (the routing exception rate is partial): stale_owner (no &lt;Last Activity&gt; column).');
    expect(html).not.toContain('id="skipped"');
  });

  it('holds the summary, breakdowns, findings and the trend chart', () => {
    expect(html).toContain('<span class="rate" id="rate">0.0%</span>');
    for (const id of ['summary', 'patterns', 'trend', 'byCheck', 'byRule', 'byOwner', 'byTeam', 'bySource', 'byStage', 'findings']) expect(html, id).toContain(`id="${id}"`);
    expect(html.match(/<circle class="point"/g)).toHaveLength(1);
  });
});

describe('concentration findings', () => {
  it('leave out inactive_owner on owners and teams: those exceptions are about the owner by definition', () => {
    const contacts = [...Array.from({ length: 6 }, () => contact({ 'Contact owner': 'Ian Clarke' })), ...Array.from({ length: 14 }, () => contact())];
    const { report } = batch(contacts);
    expect(report.breakdowns.byOwner.find((l) => l.key === 'Ian Clarke')!.checks).toEqual({ inactive_owner: 6 });
    expect(report.patterns.filter((p) => p.kind === 'training')).toEqual([]);
  });
});

describe('any check id', () => {
  it('is broken down and named generically, e.g. a record rule check', () => {
    const b = batch([contact({ 'Record ID': '1' }), contact({ 'Record ID': '2' })]);
    const row = {
      ...b.rows[0],
      recordId: '1',
      issueId: 'RG-X',
      check: 'record_rule_violation',
      field: 'Email',
      currentValue: '',
      proposedValue: '',
      evidence: 'e',
      severity: 'Medium',
      reason: 'r',
      rule: 'recordRules P-1',
      qa: '',
      recordUrl: '',
      decision: 'Reject',
      reviewerNote: '',
    } as unknown as ReviewRow;
    const rows = Array.from({ length: 10 }, (_, i) => ({ ...row, issueId: `RG-${i}` }));
    const figures = summarise(rows, { batchId: 'B', pulledAt: 'p', asOf: '2026-11-20', recordsReviewed: 2 });
    const report = buildReport({ rows, records: b.snapshot, rules: b.rules, figures, history: [] });
    expect(report.breakdowns.byCheck.find((l) => l.key === 'record_rule_violation')).toMatchObject({ proposals: 10, rejected: 10, records: 1 });
    expect(report.breakdowns.byRule[0]).toMatchObject({ key: 'recordRules P-1', proposals: 10 });
    expect(report.patterns[0]!.text).toBe('recordRules P-1 (record_rule_violation): 10 of 10 decided proposals rejected; revisit the rule (Rules: recordRules P-1).');
  });
});
