import type { ResolvedRules } from '../src/core/intake/config';
import { pullSnapshot } from '../src/core/intake/pull';
import type { ReviewRow } from '../src/core/review/rows';
import { readSourceGrid } from '../src/core/intake/source';
import { reviewSnapshot } from '../src/core/review/workflow';
import { type Contact, grid, HUBSPOT_HEADERS, teamRules } from './fixtures';

/** Pull + review of `contacts` under the team's rules, as the add-on and CLI both do. */
export function reviewOf(contacts: Contact[], resolved: ResolvedRules = teamRules(), previous: ReviewRow[] = [], headers: readonly string[] = HUBSPOT_HEADERS): ReviewRow[] {
  const table = readSourceGrid(grid(contacts, headers), { sourceName: 'test' });
  const snapshot = pullSnapshot(table, resolved.rules, new Date('2026-11-20T09:00:00Z'), 'test');
  return reviewSnapshot(snapshot, resolved, resolved.rules.asOf ?? '2026-11-20', previous);
}

export const byCheck = (rows: ReviewRow[], check: string): ReviewRow[] => rows.filter((r) => r.check === check);
