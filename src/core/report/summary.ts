import { MERGE_PREFIX } from '../checks/duplicateRecord';
import { CHECK_IDS, type CheckId } from '../checks/types';
import { type ChainCheck, describeChain } from '../decisions/log';
import type { InputSafetyReport } from '../intake/pull';
import type { SkippedCheck } from '../review/workflow';
import { isApprovable, type ReviewRow } from '../review/rows';

export interface CheckFigures {
  proposals: number;
  approved: number;
  rejected: number;
  escalated: number;
  pending: number;
  /** rejected / decided for this check; a high share marks a rule to revisit. */
  rejectionShare: number;
}

/** The Summary figures (summary.json and the Summary tab). Definitions: PRODUCT.md. */
export interface SummaryFigures {
  batchId: string;
  pulledAt: string;
  asOf: string;
  recordsReviewed: number;
  recordsFlagged: number;
  proposals: number;
  approved: number;
  rejected: number;
  escalated: number;
  decided: number;
  pending: number;
  /** Records with at least one approved proposal. */
  recordsCorrected: number;
  /** recordsCorrected / recordsReviewed, 0..1. */
  routingExceptionRate: number;
  /** Approved field updates that QA lets through to the export. */
  exportable: number;
  /** Approved merges of duplicate records (exported apart, for the CRM's merge tool). */
  approvedMerges: number;
  perCheck: Record<CheckId, CheckFigures>;
  /** Checks that could not run on this batch, and why. */
  checksSkipped: SkippedCheck[];
  /** True when a check was skipped: the rate leaves out what that check would have flagged. */
  routingExceptionRatePartial: boolean;
  /** The Decision Log's hash chain verified (absent when the caller did not read the log). */
  logIntact?: boolean;
  /** Where the log stops matching, when it does. */
  logProblem?: string;
  /** record_rule_violation figures per rule, keyed as Finding.rule: "recordRules P-PARTNER", "standards phone". */
  perRecordRule: Record<string, CheckFigures>;
  input?: InputSafetyReport;
}

export interface BatchFacts {
  batchId: string;
  pulledAt: string;
  asOf: string;
  recordsReviewed: number;
  input?: InputSafetyReport;
  skipped?: readonly SkippedCheck[];
  log?: ChainCheck;
}

const DECISION_KEY = { Approve: 'approved', Reject: 'rejected', Escalate: 'escalated', Pending: 'pending' } as const;

export function summarise(rows: readonly ReviewRow[], batch: BatchFacts): SummaryFigures {
  const perCheck = Object.fromEntries(CHECK_IDS.map((c) => [c, { proposals: 0, approved: 0, rejected: 0, escalated: 0, pending: 0, rejectionShare: 0 }])) as Record<
    CheckId,
    CheckFigures
  >;
  const perRecordRule: Record<string, CheckFigures> = {};
  const flagged = new Set<string>();
  const corrected = new Set<string>();
  let approved = 0,
    rejected = 0,
    escalated = 0,
    pending = 0,
    exportable = 0,
    approvedMerges = 0;
  for (const row of rows) {
    const figures = perCheck[row.check];
    if (!figures) continue;
    flagged.add(row.recordId);
    figures.proposals++;
    const rule = row.check === 'record_rule_violation' ? row.rule : undefined;
    const perRule = rule === undefined ? undefined : (perRecordRule[rule] ??= { proposals: 0, approved: 0, rejected: 0, escalated: 0, pending: 0, rejectionShare: 0 });
    if (perRule) {
      perRule.proposals++;
      perRule[DECISION_KEY[row.decision]]++;
    }
    switch (row.decision) {
      case 'Approve':
        approved++;
        figures.approved++;
        corrected.add(row.recordId);
        if (isApprovable(row) && row.check !== 'duplicate_record') exportable++;
        if (isApprovable(row) && row.check === 'duplicate_record' && row.proposedValue.startsWith(MERGE_PREFIX)) approvedMerges++;
        break;
      case 'Reject':
        rejected++;
        figures.rejected++;
        break;
      case 'Escalate':
        escalated++;
        figures.escalated++;
        break;
      default:
        pending++;
        figures.pending++;
    }
  }
  for (const f of [...Object.values(perCheck), ...Object.values(perRecordRule)]) {
    const decided = f.approved + f.rejected + f.escalated;
    f.rejectionShare = decided ? f.rejected / decided : 0;
  }
  return {
    batchId: batch.batchId,
    pulledAt: batch.pulledAt,
    asOf: batch.asOf,
    recordsReviewed: batch.recordsReviewed,
    recordsFlagged: flagged.size,
    proposals: rows.length,
    approved,
    rejected,
    escalated,
    decided: approved + rejected + escalated,
    pending,
    recordsCorrected: corrected.size,
    routingExceptionRate: batch.recordsReviewed ? corrected.size / batch.recordsReviewed : 0,
    exportable,
    approvedMerges,
    perCheck,
    checksSkipped: [...(batch.skipped ?? [])],
    routingExceptionRatePartial: (batch.skipped?.length ?? 0) > 0,
    ...(batch.log ? { logIntact: batch.log.intact, ...(batch.log.intact ? {} : { logProblem: describeChain(batch.log) }) } : {}),
    perRecordRule,
    ...(batch.input ? { input: batch.input } : {}),
  };
}

export function formatRate(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
