/**
 * Step 6 as one pure function: the batch's figures, breakdowns and pattern findings against its
 * history, and the routing exception rate's trend. The add-on (Summary and History tabs) and the CLI
 * (summary.json, report.html) both render what this returns.
 */
import { isSalesforceQueueId } from '../checks/owners';
import type { Rules } from '../intake/rules';
import type { ReviewRow } from '../review/rows';
import { type BatchRecords, type Breakdowns, computeBreakdowns, routeMatches } from './breakdowns';
import {
  type ClosedBatch,
  describeTrend,
  flaggedAgain,
  correctedBefore,
  type HistoryEntry,
  historyEntry,
  isClosedStageRouting,
  sortHistory,
  type Trend30,
  trend30,
  type TrendPoint,
} from './history';
import { findPatterns, type PatternFinding } from './patterns';
import type { SummaryFigures } from './summary';

export interface DecisionCounts {
  proposals: number;
  approved: number;
  rejected: number;
  escalated: number;
  pending: number;
}

export interface Report {
  /** "closed" once the batch is in the history. */
  batchStatus: 'open' | 'closed';
  closedAt?: string;
  /** A plain sentence for an empty batch or one with no exceptions; empty otherwise. */
  message: string;
  breakdowns: Breakdowns;
  patterns: PatternFinding[];
  /** Closed batches, oldest first. */
  history: HistoryEntry[];
  /** Every batch on the trend: the closed ones and, while it is open, this one. */
  trend: TrendPoint[];
  trend30?: Trend30;
  trendText: string;
  /** routing_exception proposals on closed-stage records, counted apart. */
  closedStageRouting: DecisionCounts;
  /** Records flagged again after a correction was approved for them in an earlier batch. */
  recordsFlaggedAgain: number;
  /** Records each routing rule routed in this batch. */
  routeMatches: Record<string, number>;
  /** Why the history was left out (a damaged History tab), when it was. */
  historyWarning?: string;
  /** History cells a person edited (historyEditedCells), when there are any. */
  historyEdits?: string[];
}

export interface ReportInput {
  rows: readonly ReviewRow[];
  records: BatchRecords;
  rules: Rules;
  figures: SummaryFigures;
  /** Every closed batch (this one too, once it is closed). */
  history: readonly ClosedBatch[];
  historyWarning?: string;
  historyEdits?: readonly string[];
}

export function buildReport({ rows, records, rules, figures, history, historyWarning, historyEdits }: ReportInput): Report {
  const sorted = sortHistory(history);
  const at = sorted.findIndex((b) => b.batchId === figures.batchId);
  const closed = at >= 0 ? sorted[at] : undefined;
  const previous = closed ? sorted.slice(0, at) : sorted;
  const matches = routeMatches(records, rules);
  const perCheckIds = Object.keys(figures.perCheck);
  const breakdowns = computeBreakdowns(rows, records, rules, perCheckIds, matches);
  const perCheck = Object.fromEntries(breakdowns.byCheck.map((l) => [l.key, l.proposals]));
  // owner lines that are queues: the roster's, and Salesforce queue ids it does not name (a line's key is the roster name or the value)
  const queues = new Set([...rules.owners.filter((o) => o.queue).map((o) => o.name), ...breakdowns.byOwner.map((l) => l.key).filter(isSalesforceQueueId)]);
  const patterns = findPatterns({ rows, breakdowns, recordsReviewed: figures.recordsReviewed, routeMatches: matches, perCheck, previous, thresholds: rules.patterns, queues });

  const closedStage: DecisionCounts = { proposals: 0, approved: 0, rejected: 0, escalated: 0, pending: 0 };
  for (const r of rows) {
    if (!isClosedStageRouting(r)) continue;
    closedStage.proposals++;
    if (r.decision === 'Approve') closedStage.approved++;
    else if (r.decision === 'Reject') closedStage.rejected++;
    else if (r.decision === 'Escalate') closedStage.escalated++;
    else closedStage.pending++;
  }

  const trend: TrendPoint[] = sorted.map((b) => ({ batchId: b.batchId, asOf: b.asOf, routingExceptionRate: b.routingExceptionRate, closed: true }));
  if (!closed) trend.push({ batchId: figures.batchId, asOf: figures.asOf, routingExceptionRate: figures.routingExceptionRate, closed: false });
  // the trend is read up to this batch: a closed batch's later successors do not change its Summary
  const upTo = trend.slice(0, closed ? at + 1 : trend.length);
  const t30 = trend30(upTo);

  let message = '';
  if (figures.recordsReviewed === 0) message = 'This batch has no records: there is nothing to review.';
  else if (figures.proposals === 0) message = `No exceptions in this batch: all ${figures.recordsReviewed} records passed every check.`;

  return {
    batchStatus: closed ? 'closed' : 'open',
    ...(closed ? { closedAt: closed.closedAt } : {}),
    message,
    breakdowns,
    patterns,
    history: sorted.map(historyEntry),
    trend,
    ...(t30 ? { trend30: t30 } : {}),
    trendText: describeTrend(t30, figures),
    closedStageRouting: closedStage,
    recordsFlaggedAgain: flaggedAgain(rows, correctedBefore(previous)).size,
    routeMatches: matches,
    ...(historyWarning ? { historyWarning } : {}),
    ...(historyEdits?.length ? { historyEdits: [...historyEdits] } : {}),
  };
}

/** What summary.json adds to the Summary figures (stable names, README: Contracts). */
export function reportJson(report: Report): Record<string, unknown> {
  return {
    batchStatus: report.batchStatus,
    ...(report.closedAt ? { closedAt: report.closedAt } : {}),
    message: report.message,
    recordsFlaggedAgain: report.recordsFlaggedAgain,
    closedStageRouting: report.closedStageRouting,
    breakdowns: report.breakdowns,
    patterns: report.patterns,
    history: report.history,
    trend30: report.trend30 ?? null,
    trendText: report.trendText,
  };
}
