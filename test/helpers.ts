import type { ResolvedRules } from '../src/core/intake/config';
import { pullSnapshot } from '../src/core/intake/pull';
import { reconcile } from '../src/core/decisions/reconcile';
import { type ReviewRow, reviewRowsFromGrid, reviewRowsToGrid } from '../src/core/review/rows';
import { readSourceGrid } from '../src/core/intake/source';
import { reviewSnapshot } from '../src/core/review/workflow';
import { type Contact, grid, HUBSPOT_HEADERS, teamRules } from './fixtures';

/**
 * Pull + review of `contacts` under the team's rules, as the add-on and CLI both do. With `previous`
 * (a Review a person decided on), its decisions are joined on as the gate does at each step.
 */
export function reviewOf(contacts: Contact[], resolved: ResolvedRules = teamRules(), previous?: ReviewRow[], headers: readonly string[] = HUBSPOT_HEADERS): ReviewRow[] {
  const table = readSourceGrid(grid(contacts, headers), { sourceName: 'test' });
  const snapshot = pullSnapshot(table, resolved.rules, new Date('2026-11-20T09:00:00Z'), 'test');
  const fresh = reviewSnapshot(snapshot, resolved, resolved.rules.asOf ?? '2026-11-20');
  return previous ? carry(fresh, previous) : fresh;
}

/** Joins the decisions of a decided Review (as a person leaves it on the tab) onto fresh proposals. */
export function carry(fresh: ReviewRow[], previous: ReviewRow[]): ReviewRow[] {
  const sheet = reviewRowsFromGrid(reviewRowsToGrid(previous), 'Review');
  return reconcile(fresh, sheet, [], { batchId: 'B-test', loggedAt: '2026-11-20T09:00:00Z', reviewer: 'tester' }).rows;
}

export const byCheck = (rows: ReviewRow[], check: string): ReviewRow[] => rows.filter((r) => r.check === check);
