import { isBlank } from '../text/cells';
import { CHECK_IDS, type CheckId, type Finding, type Severity } from '../checks/types';
import { UserError } from '../text/errors';
import { shortHash } from '../text/hash';

export const DECISIONS = ['Pending', 'Approve', 'Reject', 'Escalate'] as const;
export type Decision = (typeof DECISIONS)[number];

/** One row of the Review tab: a proposal after QA, with a person's decision. */
export interface ReviewRow extends Finding {
  issueId: string;
  /** Empty when approvable; otherwise why the change cannot be written back. */
  qa: string;
  recordUrl: string;
  decision: Decision;
  reviewerNote: string;
}

/** Review tab and review.csv columns. The first eight names are a contract (PRODUCT.md). */
export const REVIEW_COLUMNS = [
  'Issue ID', 'Record ID', 'Check', 'Field', 'Current value', 'Proposed value', 'Evidence', 'Decision',
  'Reviewer note', 'Severity', 'Reason', 'QA', 'Record link',
] as const;
export type ReviewColumn = (typeof REVIEW_COLUMNS)[number];

export const APPROVABLE = 'Approvable';

/** Stable across re-runs and batches: the same record, check and field always give the same id. */
export function issueIdFor(recordId: string, check: CheckId, field: string): string {
  return `RG-${shortHash(`${recordId}\u0000${check}\u0000${field.toLowerCase()}`)}`;
}

export function isApprovable(row: Pick<ReviewRow, 'qa'>): boolean {
  return row.qa === '' || row.qa === APPROVABLE;
}

export function parseDecision(value: string): Decision | undefined {
  const v = value.trim().toLowerCase();
  if (v === '') return 'Pending';
  const hit = DECISIONS.find((d) => d.toLowerCase() === v || `${d.toLowerCase()}d` === v || (d === 'Approve' && v === 'approved') || (d === 'Reject' && v === 'rejected') || (d === 'Escalate' && v === 'escalated'));
  return hit;
}

/**
 * Carries decisions from the previous Review into the new one by Issue ID. A decision stands while the
 * proposal it was made on is unchanged; if the current or proposed value changed, the row goes back to
 * Pending and says so, because the person decided on different evidence.
 */
export function carryDecisions(fresh: ReviewRow[], previous: readonly ReviewRow[]): ReviewRow[] {
  if (previous.length === 0) return fresh;
  const before = new Map(previous.map((r) => [r.issueId, r]));
  for (const row of fresh) {
    const old = before.get(row.issueId);
    if (!old) continue;
    if (old.currentValue === row.currentValue && old.proposedValue === row.proposedValue) {
      row.decision = old.decision;
      row.reviewerNote = old.reviewerNote;
    } else {
      row.decision = 'Pending';
      row.reviewerNote = old.decision === 'Pending' ? old.reviewerNote : `${old.reviewerNote ? `${old.reviewerNote} ` : ''}[Was ${old.decision}; the values changed, so decide again.]`;
    }
  }
  return fresh;
}

const CHECK_ORDER = new Map(CHECK_IDS.map((c, i) => [c, i]));
const SEVERITY_ORDER: Record<Severity, number> = { High: 0, Medium: 1, Low: 2 };

/** Group by record (in batch order) so a record's issues sit together; then check order, then field. */
export function sortReviewRows(rows: ReviewRow[], recordOrder: ReadonlyMap<string, number>): ReviewRow[] {
  return rows.sort((a, b) =>
    (recordOrder.get(a.recordId) ?? 0) - (recordOrder.get(b.recordId) ?? 0)
    || CHECK_ORDER.get(a.check)! - CHECK_ORDER.get(b.check)!
    || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
    || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

export function reviewRowToCells(row: ReviewRow): Record<ReviewColumn, string> {
  return {
    'Issue ID': row.issueId,
    'Record ID': row.recordId,
    Check: row.check,
    Field: row.field,
    'Current value': row.currentValue,
    'Proposed value': row.proposedValue,
    Evidence: row.evidence,
    Decision: row.decision,
    'Reviewer note': row.reviewerNote,
    Severity: row.severity,
    Reason: row.reason,
    QA: row.qa || APPROVABLE,
    'Record link': row.recordUrl,
  };
}

export function reviewRowsToGrid(rows: readonly ReviewRow[]): string[][] {
  return [[...REVIEW_COLUMNS], ...rows.map((r) => {
    const cells = reviewRowToCells(r);
    return REVIEW_COLUMNS.map((c) => cells[c]);
  })];
}

/**
 * Reads a Review grid back (from the tab or review.csv) by header name, so a person may reorder
 * columns. Unknown decisions are refused with the row number, not guessed.
 */
export function reviewRowsFromGrid(grid: readonly (readonly string[])[], where: string): ReviewRow[] {
  if (grid.length === 0) return [];
  const header = grid[0]!.map((h) => h.trim());
  const at = (name: ReviewColumn): number => header.indexOf(name);
  const idCol = at('Issue ID');
  if (idCol < 0) return [];
  const get = (row: readonly string[], name: ReviewColumn): string => {
    const i = at(name);
    return i >= 0 ? row[i] ?? '' : '';
  };
  const rows: ReviewRow[] = [];
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r]!;
    if (isBlank(row[idCol])) continue;
    const decision = parseDecision(get(row, 'Decision'));
    if (!decision) throw new UserError(`${where} row ${r + 1}: the Decision must be one of ${DECISIONS.join(', ')}.`);
    const check = get(row, 'Check') as CheckId;
    const qa = get(row, 'QA');
    rows.push({
      issueId: row[idCol]!.trim(),
      recordId: get(row, 'Record ID'),
      check,
      field: get(row, 'Field'),
      currentValue: get(row, 'Current value'),
      proposedValue: get(row, 'Proposed value'),
      evidence: get(row, 'Evidence'),
      decision,
      reviewerNote: get(row, 'Reviewer note'),
      severity: (get(row, 'Severity') || 'Medium') as Severity,
      reason: get(row, 'Reason'),
      qa: qa === APPROVABLE ? '' : qa,
      recordUrl: get(row, 'Record link'),
    });
  }
  return rows;
}
