import { isBlank } from '../text/cells';
import { type Decision, isApprovable, parseDecision, type ReviewRow } from '../review/rows';

/** Decision Log columns: one appended row per change of decision, never rewritten. */
export const LOG_COLUMNS = [
  'Logged at', 'Batch ID', 'Issue ID', 'Record ID', 'Check', 'Field', 'Current value', 'Proposed value',
  'Decision', 'Previous decision', 'Reviewer', 'Reviewer note', 'QA',
] as const;

/** The latest logged decision per Issue ID, read from the log's rows. */
export function lastLoggedDecisions(grid: readonly (readonly string[])[]): Map<string, Decision> {
  const last = new Map<string, Decision>();
  if (grid.length < 2) return last;
  const header = grid[0]!.map((h) => h.trim());
  const idCol = header.indexOf('Issue ID');
  const decisionCol = header.indexOf('Decision');
  if (idCol < 0 || decisionCol < 0) return last;
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r]!;
    const decision = parseDecision(row[decisionCol] ?? '');
    if (!isBlank(row[idCol]) && decision) last.set(row[idCol]!.trim(), decision);
  }
  return last;
}

export interface LogContext {
  batchId: string;
  loggedAt: string;
  reviewer: string;
}

/**
 * The log rows to append so the log reflects every decision on the Review tab: one row for each
 * issue whose decision differs from its last logged one (a first Pending is not a decision).
 */
export function pendingLogEntries(rows: readonly ReviewRow[], last: ReadonlyMap<string, Decision>, ctx: LogContext): string[][] {
  const out: string[][] = [];
  for (const row of rows) {
    const previous = last.get(row.issueId);
    if (previous === row.decision || (previous === undefined && row.decision === 'Pending')) continue;
    out.push([
      ctx.loggedAt, ctx.batchId, row.issueId, row.recordId, row.check, row.field, row.currentValue, row.proposedValue,
      row.decision, previous ?? 'Pending', ctx.reviewer, row.reviewerNote, isApprovable(row) ? 'Approvable' : row.qa,
    ]);
  }
  return out;
}
