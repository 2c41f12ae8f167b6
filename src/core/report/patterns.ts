/**
 * The exception pattern reviewer: plain sentences, each with its numbers, its kind and the place in
 * the Rules it concerns. Rule: decided proposals of a check or Rules entry mostly rejected; a routing
 * rule or check that found nothing for several batches. Process: the same issue open batch after
 * batch, records flagged again after an approved correction, sources and campaigns that concentrate
 * exceptions. Training: owners and teams that concentrate exceptions. Thresholds: Rules `patterns`.
 */
import type { PatternThresholds } from '../intake/rules';
import type { ReviewRow } from '../review/rows';
import { BLANK, type BreakdownLine, type Breakdowns, NOT_IN_ROSTER } from './breakdowns';
import { type ClosedBatch, correctedBefore } from './history';

export type PatternKind = 'rule' | 'training' | 'process';

export interface PatternFinding {
  kind: PatternKind;
  text: string;
  /** The place in the Rules the finding concerns, e.g. "routing R-EMEA", "owners Tom Becker", "sources.mapping linkedin-ads". */
  rulesKey: string;
  /** The numbers behind the sentence. */
  figures: Record<string, number>;
}

/** The Rules section behind each check, for findings about a whole check. Unknown checks name themselves. */
// (a Map: a check name read from an edited log, "constructor" say, is not Object.prototype's)
const CHECK_RULES = new Map<string, string>([
  ['missing_required_field', 'requiredFields'],
  ['inactive_owner', 'owners'],
  ['stale_owner', 'staleAfterDays'],
  ['duplicate_record', 'duplicates'],
  ['lifecycle_mismatch', 'lifecycleStages'],
  ['source_mismatch', 'sources'],
  ['routing_exception', 'routing'],
  ['record_rule_violation', 'recordRules'],
]);
export const rulesKeyOfCheck = (check: string): string => CHECK_RULES.get(check) ?? check;

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export interface PatternInput {
  rows: readonly ReviewRow[];
  breakdowns: Breakdowns;
  recordsReviewed: number;
  /** Records per routing rule in this batch. */
  routeMatches: Record<string, number>;
  /** Proposals per check in this batch (every check id, zeros included). */
  perCheck: Record<string, number>;
  /** Closed batches before this one, oldest first. */
  previous: readonly ClosedBatch[];
  thresholds: PatternThresholds;
  /** Owner lines (byOwner keys) that are queues, not people: records waiting to be claimed. */
  queues?: ReadonlySet<string>;
}

export function findPatterns(input: PatternInput): PatternFinding[] {
  return [...rejectionPatterns(input), ...recurrencePatterns(input), ...concentrationPatterns(input), ...deadRulePatterns(input)];
}

/** A check, or one Rules entry within a check, whose decided proposals are mostly rejected. */
function rejectionPatterns({ rows, thresholds: t }: PatternInput): PatternFinding[] {
  type Tally = { check: string; rule: string; decided: number; rejected: number };
  const byPair = new Map<string, Tally>();
  const byCheck = new Map<string, Tally>();
  for (const r of rows) {
    if (r.decision === 'Pending') continue;
    const rule = r.rule || '';
    for (const [map, key] of [
      [byPair, `${r.check}\u0000${rule}`],
      [byCheck, r.check],
    ] as const) {
      let x = map.get(key);
      if (!x) map.set(key, (x = { check: r.check, rule: map === byPair ? rule : '', decided: 0, rejected: 0 }));
      x.decided++;
      if (r.decision === 'Reject') x.rejected++;
    }
  }
  const crosses = (x: Tally): boolean => x.decided >= t.minDecisions && x.rejected / x.decided >= t.rejectionShare;
  const out: PatternFinding[] = [];
  const flaggedChecks = new Set<string>();
  for (const x of [...byPair.values()].sort((a, b) => b.rejected - a.rejected || a.rule.localeCompare(b.rule))) {
    if (!x.rule || !crosses(x)) continue;
    flaggedChecks.add(x.check);
    out.push({
      kind: 'rule',
      text: `${x.rule} (${x.check}): ${x.rejected} of ${x.decided} decided proposals rejected; revisit the rule (Rules: ${x.rule}).`,
      rulesKey: x.rule,
      figures: { rejected: x.rejected, decided: x.decided, rejectionShare: x.rejected / x.decided },
    });
  }
  for (const x of [...byCheck.values()].sort((a, b) => a.check.localeCompare(b.check))) {
    if (flaggedChecks.has(x.check) || !crosses(x)) continue;
    const key = rulesKeyOfCheck(x.check);
    out.push({
      kind: 'rule',
      text: `check ${x.check}: ${x.rejected} of ${x.decided} decided proposals rejected; revisit its rules (Rules: ${key}).`,
      rulesKey: key,
      figures: { rejected: x.rejected, decided: x.decided, rejectionShare: x.rejected / x.decided },
    });
  }
  return out;
}

/** The same Issue ID open batch after batch; records flagged again after an approved correction. */
function recurrencePatterns({ rows, previous, thresholds: t }: PatternInput): PatternFinding[] {
  const out: PatternFinding[] = [];
  const label = (r: ReviewRow): string => (r.rule ? `${r.check}\u0000${r.rule}` : r.check);
  const describe = (key: string): { check: string; rule: string } => {
    const [check, rule = ''] = key.split('\u0000');
    return { check: check!, rule };
  };

  // open in consecutive batches: this one (not rejected) and the closed batches just before it
  const openSets = previous.map((b) => new Set(b.openIssues));
  const streaks = new Map<string, { issues: number; longest: number }>();
  for (const r of rows) {
    if (r.decision === 'Reject') continue;
    let n = 1;
    for (let i = openSets.length - 1; i >= 0 && openSets[i]!.has(r.issueId); i--) n++;
    if (n < t.recurrenceBatches) continue;
    const g = streaks.get(label(r)) ?? { issues: 0, longest: 0 };
    g.issues++;
    g.longest = Math.max(g.longest, n);
    streaks.set(label(r), g);
  }
  for (const [key, g] of [...streaks].sort((a, b) => b[1].issues - a[1].issues || a[0].localeCompare(b[0]))) {
    if (g.issues < t.minRecurring) continue;
    const { check, rule } = describe(key);
    out.push({
      kind: 'process',
      text: `${plural(g.issues, `${check} issue`)}${rule ? ` (${rule})` : ''} stayed open for ${t.recurrenceBatches} or more batches in a row (up to ${g.longest}): the process that produces them is not fixed upstream; decide them, or fix the source (Rules: ${rule || rulesKeyOfCheck(check)}).`,
      rulesKey: rule || rulesKeyOfCheck(check),
      figures: { issues: g.issues, batches: t.recurrenceBatches, longestStreak: g.longest },
    });
  }

  // flagged again after a correction was approved in an earlier batch ("needed correction after the first pass")
  const corrected = correctedBefore(previous);
  if (corrected.size > 0) {
    const again = new Map<string, Set<string>>();
    for (const r of rows) {
      if (r.decision === 'Reject' || !corrected.has(r.recordId)) continue;
      const g = again.get(label(r)) ?? new Set<string>();
      g.add(r.recordId);
      again.set(label(r), g);
    }
    for (const [key, ids] of [...again].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))) {
      if (ids.size < t.minRecurring) continue;
      const { check, rule } = describe(key);
      out.push({
        kind: 'process',
        text: `${plural(ids.size, 'record')} corrected in an earlier batch ${ids.size === 1 ? 'was' : 'were'} flagged again by ${check}${rule ? ` (${rule})` : ''}: an upstream form or integration keeps writing the wrong value (Rules: ${rule || rulesKeyOfCheck(check)}).`,
        rulesKey: rule || rulesKeyOfCheck(check),
        figures: { records: ids.size },
      });
    }
  }
  return out;
}

/** An owner, team, source or campaign whose share of a check's exceptions is well above its share of records. */
function concentrationPatterns({ breakdowns, recordsReviewed, thresholds: t, queues }: PatternInput): PatternFinding[] {
  if (recordsReviewed === 0) return [];
  const totals = new Map(breakdowns.byCheck.map((l) => [l.key, l.proposals]));
  const out: PatternFinding[] = [];
  const scan = (lines: readonly BreakdownLine[], describe: (l: BreakdownLine) => { who: string; kind: PatternKind; rulesKey: string; advice: string }, skip?: string): void => {
    for (const line of lines) {
      if (line.key === BLANK || line.key === NOT_IN_ROSTER || line.records === 0) continue;
      for (const [check, n] of Object.entries(line.checks)) {
        if (check === skip) continue;
        const total = totals.get(check) ?? 0;
        if (n < t.minExceptions || total === 0) continue;
        const share = n / total;
        if (share < t.concentrationFactor * line.recordsShare) continue;
        const d = describe(line);
        out.push({
          kind: d.kind,
          text: `${d.who} holds ${pct(line.recordsShare)} of records and ${pct(share)} of ${check} exceptions (${n} of ${total}): ${d.advice} (Rules: ${d.rulesKey}).`,
          rulesKey: d.rulesKey,
          figures: { records: line.records, recordsShare: line.recordsShare, exceptions: n, checkExceptions: total, exceptionShare: share },
        });
      }
    }
  };
  // inactive_owner is about the owner itself: its concentration on an owner or team says nothing new
  // a queue's records wait to be claimed: what it holds is what fills it, no one to coach
  scan(
    breakdowns.byOwner,
    (l) =>
      queues?.has(l.key)
        ? {
            who: l.key,
            kind: 'process',
            rulesKey: 'routing',
            advice: 'it is a queue; fix the form, integration or assignment rule that fills it, or have its records claimed sooner',
          }
        : { who: l.key, kind: 'training', rulesKey: `owners ${l.key}`, advice: 'coach the owner or rebalance their records' },
    'inactive_owner',
  );
  scan(breakdowns.byTeam, (l) => ({ who: `Team ${l.key}`, kind: 'training', rulesKey: 'owners', advice: 'look at how the team works these records' }), 'inactive_owner');
  scan(breakdowns.bySource, (l) =>
    l.field === 'campaignSource'
      ? { who: `Campaign source "${l.key}"`, kind: 'process', rulesKey: `sources.mapping ${l.key}`, advice: 'fix the form or integration that writes these records' }
      : { who: `Lead source "${l.key}"`, kind: 'process', rulesKey: 'sources', advice: 'fix the form or integration that writes these records' },
  );
  return out;
}

/** A routing rule that routed no record, or a check with no findings, for several batches in a row. */
function deadRulePatterns({ recordsReviewed, routeMatches, perCheck, previous, thresholds: t }: PatternInput): PatternFinding[] {
  if (recordsReviewed === 0) return [];
  const out: PatternFinding[] = [];
  // count this batch and the closed batches just before it where the rule existed and stayed at zero
  const streak = (now: number, pick: (b: ClosedBatch) => number | undefined): number => {
    if (now !== 0) return 0;
    let n = 1;
    for (let i = previous.length - 1; i >= 0; i--) {
      const v = pick(previous[i]!);
      if (v !== 0 || previous[i]!.recordsReviewed === 0) break;
      n++;
    }
    return n;
  };
  for (const [id, n] of Object.entries(routeMatches)) {
    const s = streak(n, (b) => b.routeMatches[id]);
    if (s < t.deadRuleBatches) continue;
    out.push({
      kind: 'rule',
      text: `routing rule ${id} matched no record in the last ${plural(s, 'batch', 'batches')}: remove it, or fix its conditions or its place in the order (Rules: routing ${id}).`,
      rulesKey: `routing ${id}`,
      figures: { batches: s },
    });
  }
  for (const [check, n] of Object.entries(perCheck)) {
    const s = streak(n, (b) => b.perCheck[check]);
    if (s < t.deadRuleBatches) continue;
    out.push({
      kind: 'rule',
      text: `check ${check} found nothing in the last ${plural(s, 'batch', 'batches')}: if that is not expected, make sure its rules fit the export (Rules: ${rulesKeyOfCheck(check)}).`,
      rulesKey: rulesKeyOfCheck(check),
      figures: { batches: s },
    });
  }
  return out;
}
